"""``stocktake decide`` into a large stock-take workbook, as a whole process, against openpyxl.

    python benchmarks/bench_decide.py [--initiatives 10000] [--readings 900000] [--repeat 5]

The workbook (cached in benchmarks/out/, made by ``scripts/make_large_workbook.py``) has
the initiatives, the decision log and the readings that make it large. Times, on a fresh
copy each run (the copy's own time is measured and taken off):

* ``decide, whole process``: ``python -m stocktake decide ...`` from a cold interpreter,
  what a person at a terminal waits for;
* ``decide, in process``: :func:`stocktake.app.usecases.decide` (reads only the
  initiatives, the log and the settings, then appends one row);
* ``openpyxl, whole process``: ``load_workbook`` + ``append`` one row + ``save``, from a
  cold interpreter (one run: it takes minutes).

Prints medians and the ratio the application-layer issue asks for (>= 100x openpyxl,
whole process). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_read import _workbook  # noqa: E402
from bench_save import timed  # noqa: E402

OPENPYXL = """
import sys, warnings
import openpyxl
warnings.simplefilter("ignore")
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Decisions"] if "Decisions" in wb.sheetnames else wb.create_sheet("Decisions")
ws.append(["D-9999", "I-00001", "Continue", "bench"])
wb.save(sys.argv[1])
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--initiatives", type=int, default=10_000)
    ap.add_argument("--readings", type=int, default=900_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    base = _workbook(args.initiatives, args.readings)
    from stocktake.app.document import Document
    from stocktake.app.usecases import decide

    target = next(iter(Document.open(base, only=("missions", "initiatives")).workbook.initiatives))
    print(
        f"workbook: {base.stat().st_size / 1e6:.1f} MB, {args.initiatives:,} initiatives, "
        f"{args.readings:,} readings; deciding on {target}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work.xlsx"

        def copy() -> None:
            shutil.copyfile(base, work)

        def cli() -> None:
            copy()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "stocktake",
                    "decide",
                    str(work),
                    "--initiative",
                    target,
                    "--decision",
                    "Continue",
                    "--by",
                    "bench",
                ],
                check=True,
                capture_output=True,
            )

        def in_process() -> None:
            copy()
            decide(work, target, "Continue", decided_by="bench")

        def openpyxl_process() -> None:
            copy()
            subprocess.run([sys.executable, "-c", OPENPYXL, str(work)], check=True)

        t_copy = timed(copy, args.repeat)
        t_cli = timed(cli, args.repeat) - t_copy
        t_in = timed(in_process, args.repeat) - t_copy
        t_op = timed(openpyxl_process, 1) - t_copy
    print(f"decide, whole process: {t_cli:.2f} s (median of {args.repeat})")
    print(f"decide, in process:    {t_in:.2f} s (median of {args.repeat})")
    print(f"openpyxl load + append + save, whole process: {t_op:.1f} s (one run)")
    print(
        f"faster than openpyxl, whole process: {t_op / t_cli:.0f}x (goal >= 100x); "
        f"in process: {t_op / t_in:.0f}x"
    )


if __name__ == "__main__":
    main()
