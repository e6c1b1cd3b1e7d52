#!/usr/bin/env bash
# Build the desktop app as one folder with PyInstaller, then smoke-test what was built:
#   dist/stocktake-gui/stocktake-gui [FILE] [--quit-when-open] [--screenshot PNG] ...
# takes the same arguments as the `stocktake-gui` entry point. Linux; docs/packaging.md
# says what differs on Windows and macOS. Safe to run again: the build venv
# (.venv-build, Stocktake installed from a wheel, not editable, plus PyInstaller) is
# reused and only Stocktake itself is reinstalled; the developer .venv is not touched.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh" --freeze
cd "$ROOT"

VENV=.venv-build
PY="${PYTHON:-python3}"
started=$(date +%s)
if [ ! -x "$VENV/bin/python" ]; then
  echo "build: creating $VENV"
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.stocktake-deps"
digest="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "build: installing Stocktake's run-time dependencies and PyInstaller into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check ".[freeze]"
  echo "$digest" > "$stamp"
fi
# Always reinstall Stocktake itself (the source may have changed since the last build).
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall .

# The installed package needs nothing beyond its declared run-time dependencies: the
# test-only readers must be absent here, and the CLI must still check the sample.
"$VENV/bin/python" - <<'PY'
import importlib.util, sys
extra = [m for m in ("openpyxl", "pytest") if importlib.util.find_spec(m)]
sys.exit(f"build: {', '.join(extra)} should not be in the build venv" if extra else 0)
PY
"$VENV/bin/stocktake" check sample_workbooks/plan_for_change.xlsx

echo "build: freezing with PyInstaller $("$VENV/bin/pyinstaller" --version)"
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/stocktake.spec
echo "build: dist/stocktake-gui is $(du -sh dist/stocktake-gui | cut -f1)," \
  "built in $(( $(date +%s) - started )) s"

bash scripts/smoke_app.sh dist/stocktake-gui/stocktake-gui
