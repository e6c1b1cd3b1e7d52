#!/usr/bin/env bash
# Set up everything Stocktake needs on a fresh Debian/Ubuntu machine, idempotently:
#   1. the system libraries PySide6's wheels expect (and, with --test, Xvfb and
#      LibreOffice for the end-to-end checks), via apt when missing;
#   2. a virtual environment in .venv with Stocktake installed (editable, with the
#      developer extras), re-installed only when pyproject.toml changes.
# With --freeze (scripts/build_app.sh): the system libraries, plus binutils that
# PyInstaller needs, and no .venv (the build has its own .venv-build).
# Sourced by scripts/app.sh and scripts/test.sh; safe to run again at any time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

want_test=0
want_freeze=0
for arg in "$@"; do
  [ "$arg" = "--test" ] && want_test=1
  [ "$arg" = "--freeze" ] && want_freeze=1
done

# Qt's offscreen and xcb platforms (see docs/development.md for why each is needed).
pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0)  # WeasyPrint (the PDF pack)
if [ "$want_test" = 1 ]; then
  pkgs+=(xvfb xauth libreoffice-calc poppler-utils)
fi
if [ "$want_freeze" = 1 ]; then
  pkgs+=(binutils)
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "stocktake setup: installing system packages: ${missing[*]}"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "stocktake setup: please install as root: apt-get install ${missing[*]}" >&2
        exit 1
      fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if [ "$want_freeze" = 1 ]; then exit 0; fi

PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "stocktake setup: Python 3.11 or newer is needed (found: $("$PY" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "stocktake setup: creating .venv"
  "$PY" -m venv .venv
fi
stamp=".venv/.stocktake-installed"
digest="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "stocktake setup: installing Stocktake and its dependencies into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
  echo "$digest" > "$stamp"
fi
