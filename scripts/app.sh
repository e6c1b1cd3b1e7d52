#!/usr/bin/env bash
# Open Stocktake on the bundled sample workbook (sets everything up first).
# Any arguments replace the workbook: bash scripts/app.sh my_stocktake.xlsx
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
if [ "$#" -eq 0 ]; then set -- sample_workbooks/plan_for_change.xlsx; fi
exec .venv/bin/stocktake-gui "$@"
