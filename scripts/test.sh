#!/usr/bin/env bash
# Run every check headless: lint, layer contracts, types, and the whole pytest suite
# (unit, Qt offscreen, end-to-end with LibreOffice, Xvfb screenshots).
# Then, on a full run (no pytest arguments), builds the frozen desktop app and smoke-tests
# it (scripts/build_app.sh, about two minutes once its venv exists).
# Sets everything up first. Extra arguments go to pytest: bash scripts/test.sh -k reader
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh" --test
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
echo "== ruff";          .venv/bin/ruff check src tests scripts benchmarks
echo "== ruff format";   .venv/bin/ruff format --check src tests scripts benchmarks
echo "== import-linter"; .venv/bin/lint-imports
echo "== mypy";          .venv/bin/mypy
echo "== pytest";        .venv/bin/python -m pytest "$@"
if [ "$#" -eq 0 ]; then
  echo "== frozen app";  bash scripts/build_app.sh
else
  echo "== frozen app: not built (pytest arguments given); run: bash scripts/build_app.sh"
fi
