#!/usr/bin/env bash
# Add Stocktake to the desktop's application menu for the current user (no root needed):
# the .desktop entry goes to ~/.local/share/applications and the icon to
# ~/.local/share/icons/hicolor/scalable/apps ($XDG_DATA_HOME if set instead of
# ~/.local/share). The entry starts APP, by default the built app
# dist/stocktake-gui/stocktake-gui (bash scripts/build_app.sh), else `stocktake-gui`
# on PATH. Run again after moving the app; --uninstall removes both files.
#   bash scripts/install_desktop.sh [--uninstall] [APP]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RES="$ROOT/src/stocktake/resources"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
ENTRY="$DATA/applications/stocktake.desktop"
ICON="$DATA/icons/hicolor/scalable/apps/stocktake.svg"

refresh() {  # let the menu notice; both tools are optional
  command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database -q "$DATA/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 \
    && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$ENTRY" "$ICON"
  refresh
  echo "install: removed $ENTRY and $ICON"
  exit 0
fi

APP="${1:-}"
if [ -z "$APP" ]; then
  if [ -x "$ROOT/dist/stocktake-gui/stocktake-gui" ]; then
    APP="$ROOT/dist/stocktake-gui/stocktake-gui"
  else
    APP="$(command -v stocktake-gui || true)"
  fi
fi
if [ -z "$APP" ] || [ ! -x "$APP" ]; then
  echo "install: no Stocktake app found; build it first (bash scripts/build_app.sh)" \
    "or name it: bash scripts/install_desktop.sh /path/to/stocktake-gui" >&2
  exit 1
fi
APP="$(cd "$(dirname "$APP")" && pwd)/$(basename "$APP")"
case "$APP" in
  *[\"\`\$\\]*) echo "install: the app's path has a quote, \$ or \\ in it: $APP" >&2; exit 1 ;;
esac

mkdir -p "$(dirname "$ENTRY")" "$(dirname "$ICON")"
install -m 644 "$RES/stocktake.svg" "$ICON"
# The Exec key is quoted so a path with spaces works (Desktop Entry spec, "Exec key").
sed "s|^Exec=.*|Exec=\"$APP\" %f|" "$ROOT/resources/stocktake.desktop" > "$ENTRY.tmp"
chmod 644 "$ENTRY.tmp"
mv "$ENTRY.tmp" "$ENTRY"
if command -v desktop-file-validate >/dev/null 2>&1; then desktop-file-validate "$ENTRY"; fi
refresh
echo "install: Stocktake is in the application menu ($ENTRY starts $APP)"
