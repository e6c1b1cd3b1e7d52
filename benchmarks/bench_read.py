"""Open a large stock-take workbook: Stocktake's reader against its peers, in one run.

    python benchmarks/bench_read.py [--initiatives 10000] [--readings 200000] [--repeat 5]

Generates (once, cached in benchmarks/out/) a synthetic workbook with
``scripts/make_large_workbook.py``, then times, interleaved so that machine noise hits
each alike:

* ``stocktake``: ``read_workbook`` -- everything ``stocktake check`` does (safety
  checks, recognition, parsing, cross-checks, building the model);
* ``calamine``: a bare python-calamine parse of every sheet (the floor: the reader
  cannot be faster than the library it uses);
* ``openpyxl``: ``openpyxl.load_workbook`` (read-only and default modes), the
  usual way Python code opens an .xlsx.

Prints medians of wall time and of process CPU time, and the ratios the foundation
issue asks for (reader / calamine <= 1.5, openpyxl / reader >= 10).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def _workbook(initiatives: int, readings: int) -> Path:
    path = OUT / f"large_{initiatives}_{readings}.xlsx"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_large_workbook.py"),
                str(path),
                "--initiatives",
                str(initiatives),
                "--readings",
                str(readings),
            ],
            check=True,
        )
    return path


def _time(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--readings", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--openpyxl-repeat", type=int, default=1)
    args = parser.parse_args()

    import openpyxl
    import python_calamine

    from stocktake.excel.reader import read_workbook

    path = _workbook(args.initiatives, args.readings)

    def calamine() -> None:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python(skip_empty_area=False)

    def stocktake() -> None:
        wb = read_workbook(path)
        assert len(wb.initiatives) == args.initiatives, wb.counts()
        assert not wb.errors, wb.errors[:3]

    def openpyxl_ro() -> None:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in book.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        book.close()

    def openpyxl_full() -> None:
        openpyxl.load_workbook(path)

    results: dict[str, list[tuple[float, float]]] = {"stocktake": [], "calamine": []}
    stocktake()  # warm the file cache and imports
    for _ in range(args.repeat):
        results["calamine"].append(_time(calamine))
        results["stocktake"].append(_time(stocktake))
    if args.openpyxl_repeat:
        results["openpyxl read-only"] = [_time(openpyxl_ro) for _ in range(args.openpyxl_repeat)]
        results["openpyxl load_workbook"] = [
            _time(openpyxl_full) for _ in range(args.openpyxl_repeat)
        ]

    med = {
        k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for k, v in results.items()
    }
    size = path.stat().st_size / 1e6
    print(
        f"workbook: {args.initiatives:,} initiatives, {args.readings:,} readings, "
        f"{size:.1f} MB; medians of {args.repeat} (openpyxl: {args.openpyxl_repeat})"
    )
    print(f"{'':26}{'wall s':>9}{'cpu s':>9}")
    for name, (wall, cpu) in med.items():
        print(f"{name:26}{wall:9.3f}{cpu:9.3f}")
    s_wall, s_cpu = med["stocktake"]
    c_wall, c_cpu = med["calamine"]
    print(
        f"stocktake / bare calamine:          {s_wall / c_wall:5.2f}x wall, "
        f"{s_cpu / c_cpu:5.2f}x cpu   (goal <= 1.5x)"
    )
    for peer in ("openpyxl load_workbook", "openpyxl read-only"):
        if peer not in med:
            continue
        p_wall, p_cpu = med[peer]
        print(
            f"{peer} / stocktake: {p_wall / s_wall:5.1f}x wall, {p_cpu / s_cpu:5.1f}x cpu"
            "   (goal >= 10x for load_workbook)"
        )


if __name__ == "__main__":
    main()
