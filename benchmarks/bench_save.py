"""Save decisions and analysis into a ~20 MB workbook: vs a raw zip re-pack and vs openpyxl.

Run: ``python benchmarks/bench_save.py [--rows N] [--repeat K] [--shared-strings]``.
``--shared-strings`` makes the workbook the way Excel saves one (text in a large
shared-string table, which the save then appends to) instead of inline strings. Prints absolute
medians and the two ratios from one run (goals: <= 3x a re-pack, >= 100x faster than
openpyxl load+save), and the peak memory Python allocates during one save (tracemalloc,
after the timed runs). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import xlsxwriter

from stocktake.excel.writer import (
    ChartBlock,
    ChartSpec,
    FileStamp,
    SavePlan,
    SeriesSpec,
    SheetContent,
    save,
    settings_sheet,
)
from stocktake.model import Decision, DecisionKind


def generate(path: Path, rows: int, shared_strings: bool = False) -> None:
    wb = xlsxwriter.Workbook(path, {"constant_memory": not shared_strings})
    ws = wb.add_worksheet("Readings")
    ws.write_row(0, 0, ["Metric ID", "Date", "Value", "Kind", "Source", "Note"])
    for r in range(1, rows + 1):
        ws.write_row(
            r, 0, [f"MT{r % 50}", 45000 + r % 3000, r * 1.5, "Actual", "ONS", f"reading number {r}"]
        )
    wb.close()


def repack(src: Path, dst: Path) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))


def stocktake_save(path: Path) -> None:
    decisions = [
        Decision(
            f"D-{i}", f"I-{i}", DecisionKind.SCALE, "bench", decided_at=dt.datetime(2025, 1, 1)
        )
        for i in range(20)
    ]
    rows = [[f"I-{i}", float(i), float(100 - i), i + 1] for i in range(200)]
    scores = SheetContent(
        "Scores", ("Initiative ID", "Near-term", "Long-term", "Rank"), rows, table="Scores"
    )
    blocks = [
        ChartBlock(
            "Matrix",
            ("ID", "Near", "Long"),
            [r[:3] for r in rows],
            ChartSpec("scatter", "Matrix", "Near", "Long", [SeriesSpec("All", 1, 2)]),
        )
    ]
    save(
        path,
        SavePlan(
            owned=[scores, settings_sheet({"balance": 0.5})],
            chart_blocks=blocks,
            decisions=decisions,
        ),
        backup=False,
    )


def timed(fn: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=640_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--shared-strings",
        action="store_true",
        help="text in a shared-string table (as Excel saves it), not inline",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "big.xlsx"
        generate(base, args.rows, args.shared_strings)
        print(f"workbook: {base.stat().st_size / 1e6:.1f} MB")
        work = Path(tmp) / "work.xlsx"

        def ours() -> None:
            shutil.copyfile(base, work)
            stocktake_save(work)

        def copy_only() -> None:
            shutil.copyfile(base, work)

        t_copy = timed(copy_only, args.repeat)
        t_ours = timed(ours, args.repeat) - t_copy
        t_repack = timed(lambda: repack(base, Path(tmp) / "repack.xlsx"), args.repeat)
        # The changed-on-disk check reads and hashes the whole file (always: sync clients
        # keep size and time); a save does it twice (before replacing, and the new stamp).
        shutil.copyfile(base, work)
        stamp = FileStamp.of(work)
        t_check = timed(lambda: stamp.matches(work), args.repeat)

        def op() -> None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                openpyxl.load_workbook(base).save(Path(tmp) / "op.xlsx")

        t_op = timed(op, 1)
        shutil.copyfile(base, work)
        tracemalloc.start()
        stocktake_save(work)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size = base.stat().st_size
    print(f"stocktake save (decisions + analysis + chart): {t_ours * 1000:.0f} ms (median)")
    print(f"raw zip re-pack (inflate + deflate every entry): {t_repack * 1000:.0f} ms (median)")
    print(f"openpyxl load + save: {t_op * 1000:.0f} ms (one run)")
    print(
        f"changed-on-disk check (read + SHA-256 of the file): {t_check * 1000:.0f} ms "
        f"(median), {t_check / t_ours:.0%} of the save, twice per save"
    )
    print(f"ratio to re-pack: {t_ours / t_repack:.2f}x (goal <= 3x)")
    print(f"faster than openpyxl: {t_op / t_ours:.0f}x (goal >= 100x)")
    print(
        f"peak memory allocated by one save: {peak / 1e6:.1f} MB "
        f"(the file itself, read whole: {size / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
