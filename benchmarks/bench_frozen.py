"""The frozen desktop app against the source tree, measured in one run.

    python benchmarks/bench_frozen.py [--app dist/stocktake-gui/stocktake-gui] [--repeat 5]

* bundle size: the one-folder app built by ``scripts/build_app.sh`` (what a person copies);
* cold start to a window showing the sample workbook, ``--quit-when-open``, median of
  ``--repeat`` launches each: the frozen executable against ``python -m stocktake.ui.app``
  from this checkout's ``src/`` (the peer), with the ratio frozen / source.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--app", type=Path, default=ROOT / "dist" / "stocktake-gui" / "stocktake-gui"
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not os.access(args.app, os.X_OK):
        sys.exit(f"bench_frozen: no app at {args.app}; build it with: bash scripts/build_app.sh")
    from bench_gui import _cold

    size = subprocess.run(
        ["du", "-sh", str(args.app.parent)], capture_output=True, text=True, check=True
    ).stdout.split()[0]
    files = sum(1 for p in args.app.parent.rglob("*") if p.is_file())
    sample = ROOT / "sample_workbooks" / "plan_for_change.xlsx"
    with tempfile.TemporaryDirectory() as home:  # no user settings, journal or recent files
        os.environ.update(
            QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            STOCKTAKE_DATA_DIR=str(Path(home) / "data"),
            XDG_CONFIG_HOME=str(Path(home) / "config"),
            PYTHONPATH=str(ROOT / "src"),
        )
        frozen_shown, frozen_total = _cold(
            [str(args.app), str(sample), "--quit-when-open"], args.repeat
        )
        source_cmd = [sys.executable, "-m", "stocktake.ui.app", str(sample), "--quit-when-open"]
        source_shown, source_total = _cold(source_cmd, args.repeat)
    print(f"bundle {args.app.parent.name}/: {size} on disk, {files:,} files")
    print(
        f"cold start to a window showing the sample, median of {args.repeat}: frozen "
        f"{frozen_shown:.3f} s, source tree {source_shown:.3f} s "
        f"(ratio {frozen_shown / source_shown:.2f}x); start to exit: frozen "
        f"{frozen_total:.3f} s, source tree {source_total:.3f} s "
        f"(ratio {frozen_total / source_total:.2f}x)"
    )


if __name__ == "__main__":
    main()
