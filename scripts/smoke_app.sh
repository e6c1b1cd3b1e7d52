#!/usr/bin/env bash
# Smoke-test a built desktop app (default: the frozen dist/stocktake-gui/stocktake-gui):
# offscreen, on a copy of the sample workbook, with settings and app data kept in a
# temporary folder, it runs `APP COPY --smoke` (src/stocktake/ui/smoke.py: open, visit
# every tab, record a decision, save, read back) and fails unless the app exits 0 with
# no warning, error or traceback in anything it printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="${1:-$ROOT/dist/stocktake-gui/stocktake-gui}"
if [ ! -x "$APP" ]; then
  echo "smoke: no app at $APP (build it with: bash scripts/build_app.sh)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$ROOT/sample_workbooks/plan_for_change.xlsx" "$work/meeting.xlsx"
status=0
env QT_QPA_PLATFORM=offscreen STOCKTAKE_DATA_DIR="$work/data" XDG_CONFIG_HOME="$work/config" \
  timeout 600 "$APP" "$work/meeting.xlsx" --smoke >"$work/out.txt" 2>&1 || status=$?
cat "$work/out.txt"
if [ "$status" != 0 ]; then
  echo "smoke: FAILED: $APP exited with status $status" >&2
  exit 1
fi
# The offscreen platform cannot size windows to hints: expected headless, not a fault.
if grep -v "does not support propagateSizeHints" "$work/out.txt" \
    | grep -qiE "traceback|warning|error|critical"; then
  echo "smoke: FAILED: $APP printed a warning, an error or a traceback (above)" >&2
  exit 1
fi
grep -q "^smoke test: passed" "$work/out.txt" || { echo "smoke: FAILED: no pass line" >&2; exit 1; }
echo "smoke: $APP passed"
