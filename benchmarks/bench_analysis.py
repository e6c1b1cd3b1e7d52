"""``stocktake save-analysis`` at government scale: whole process, then its stages.

    python benchmarks/bench_analysis.py [--sizes 1000 5000 10000] [--readings 200000]
        [--frontier-size 2000] [--skip-process] [--skip-frontier-bar] [--before OTHER/src]
        [--save-stages 5000]

Workbooks come from ``scripts/make_large_workbook.py`` (cached in benchmarks/out/): the
given number of initiatives, 30 criteria, five yearly envelopes at 60% of the ask, about
1% of items with dependencies, the "Stopped" ones forced out, and ``--readings`` metric
readings (which fill the Charts sheet's metric blocks). Measured in one run:

* **whole process**: ``python -m stocktake save-analysis COPY`` from a cold interpreter,
  CPU time, wall time and peak resident memory of that child (``os.wait4``'s rusage;
  CPU is the figure to compare on a shared machine, where wall time measures the
  neighbours' load too); the peer is
  a bare python-calamine read of every sheet of the same file, also a whole process;
  with ``--before``, the same save by another source tree (the commit before a change),
  in the same run, so a before/after pair meets the same machine load;
* **in-process stages** on the same workbook: the efficient frontier (its default 15
  envelope levels), the portfolio solve with its binding proof, and the Charts drawing
  (:func:`stocktake.excel.writer.charts.build_drawing` over the analysis's blocks); the
  peers are one cold portfolio solve (the frontier is "so many solves' worth") and an
  XlsxWriter write of the same blocks' data with no chart (the charts' own cost);
* **the save's stages** (``--save-stages`` sizes): the same save in a child running
  ``save_stages.py``, CPU seconds per stage (read, solve, proof, frontier, ..., write),
  for both trees;
* **frontier at ``--frontier-size``** initiatives (the issue's bar: 16 points in 3 s) and
  the binding proof there within the window's budget: how many rows are proven and how
  many are left "not checked".

Prints absolute figures and ratios; not part of the test suite (nothing here asserts).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from bench_read import _workbook  # noqa: E402

T = TypeVar("T")

CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
for name in wb.sheet_names:
    wb.get_sheet_by_name(name).to_python()
"""

WINDOW_BINDING_SECONDS = 5.0
"""The binding proof's budget in the window (``ui.matrix.analysis.BINDING_SECONDS``)."""


def child(args: list[str], src: Path = ROOT / "src") -> tuple[float, float, float]:
    """Run a whole process: (wall seconds, CPU seconds, peak RSS in MB)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode:
        print(f"    (exit {proc.returncode}: {err.strip()[-300:]})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class Timed(Generic[T]):
    """CPU seconds of this process (all threads) and wall seconds while ``fn`` runs.

    CPU is the figure to compare: the benchmark machine is shared, and under load a wall
    clock measures the neighbours. Worker threads' CPU is included, so parallel work is
    not flattered; the wall time is printed beside it.
    """

    def __init__(self, fn: Callable[[], T]) -> None:
        start, wall = time.process_time(), time.perf_counter()
        self.out = fn()
        self.wall = time.perf_counter() - wall
        self.cpu = time.process_time() - start

    def __str__(self) -> str:
        return f"{self.cpu:8.2f} s CPU (wall {self.wall:6.2f} s)"


def whole_process(base: Path, before: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / base.name
        shutil.copyfile(base, copy)
        if before is not None:  # the other tree first, on its own fresh copy
            bw, old, old_rss = child(
                [sys.executable, "-m", "stocktake", "save-analysis", str(copy)], before
            )
            shutil.copyfile(base, copy)
        w, ours, rss = child([sys.executable, "-m", "stocktake", "save-analysis", str(copy)])
        pw, peer, peer_rss = child([sys.executable, "-c", CALAMINE, str(base)])
    if before is not None:
        print(
            f"  save-analysis, --before tree       {old:8.2f} s CPU  peak RSS {old_rss:6.0f} MB"
            f"  (wall {bw:.2f} s)"
        )
        print(
            f"  ratio before / this tree           {old / ours:8.1f}x CPU, {old_rss / rss:.1f}x RSS"
        )
    print(
        f"  save-analysis, whole process       {ours:8.2f} s CPU  peak RSS {rss:6.0f} MB"
        f"  (wall {w:.2f} s)"
    )
    print(
        f"  peer: calamine read of every sheet {peer:8.2f} s CPU  peak RSS {peer_rss:6.0f} MB"
        f"  (wall {pw:.2f} s)"
    )
    print(
        f"  ratio save-analysis / peer         {ours / peer:8.1f}x CPU, {rss / peer_rss:.1f}x RSS"
    )


def save_stages(base: Path, before: Path | None = None) -> None:
    """The whole save's stages in CPU seconds (``save_stages.py`` in a child process per
    tree, each on a fresh copy), this tree beside the ``--before`` tree."""
    import json

    def one(src: Path) -> dict[str, object]:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / base.name
            shutil.copyfile(base, copy)
            script = str(ROOT / "benchmarks" / "save_stages.py")
            env = dict(os.environ, PYTHONPATH=str(src))
            out = subprocess.run(
                [sys.executable, script, str(copy)],
                check=False,
                env=env,
                capture_output=True,
                text=True,
            )
        if out.returncode:
            print(f"    (exit {out.returncode}: {out.stderr.strip()[-300:]})")
            return {"total": 0.0, "stages": []}
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))

    ours = one(ROOT / "src")
    old = one(before) if before is not None else None
    past = {row[0]: row[1] for row in old["stages"]} if old is not None else {}  # type: ignore[union-attr]
    print(f"  stages of one save, CPU s          {'before' if old else '':>8}  this tree")
    for name, cpu, _calls in ours["stages"]:  # type: ignore[union-attr]
        was = f"{past[name]:8.2f}" if name in past else " " * 8
        print(f"    {name:32s}{was}  {cpu:8.2f}")
    was = f"{old['total']:8.2f}" if old is not None else " " * 8
    print(f"    {'whole process (in process)':32s}{was}  {ours['total']:8.2f}")


def stages(base: Path) -> None:
    import xlsxwriter

    from stocktake.app.document import Document
    from stocktake.engine import arrays_from_workbook, optimise, score
    from stocktake.engine.frontier import DEFAULT_SCALES, efficient_frontier
    from stocktake.engine.matrix import CutLines, quadrants
    from stocktake.excel.writer.charts import build_drawing
    from stocktake.reports.analysis import _frontier_block, _matrix_block, _metric_blocks

    doc = Document.open(base)
    arrays = arrays_from_workbook(doc.workbook)
    problem = doc.effective_problem()
    values = score(arrays, 0.5).value
    scales = sorted({*DEFAULT_SCALES, 1.0})
    one = Timed(lambda: optimise(arrays, values, problem, binding=False))
    front = Timed(lambda: efficient_frontier(arrays, values, problem, scales))
    bind = Timed(lambda: optimise(arrays, values, problem))
    print(f"  peer: one portfolio solve          {one}")
    print(
        f"  frontier ({len(front.out)} points)             {front}  "
        f"= {front.cpu / one.cpu:.1f} solves' worth"
    )
    print(
        f"  solve + binding proof, no cap     {bind}  {len(bind.out.binding)} binding, "
        f"{len(bind.out.binding_unchecked)} not checked"
    )
    quads = [q.value for q in quadrants(arrays, CutLines())]
    blocks = [
        _matrix_block(arrays, quads, CutLines()),
        _frontier_block(front.out),
        *_metric_blocks(doc.workbook),
    ]  # what analysis_plan draws, without solving again
    names = iter(range(1, 10**6))
    draw = Timed(lambda: build_drawing("Charts", blocks, lambda p: p.format(next(names))))

    def data_only() -> None:
        wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
        ws = wb.add_worksheet("Charts")
        row = 0
        for b in blocks:
            ws.write_row(row, 0, [b.title])
            ws.write_row(row + 1, 0, list(b.headers))
            for r in b.rows:
                ws.write_row(row + 2, 0, [v for v in r if not hasattr(v, "isoformat")])
                row += 1
            row += 3
        wb.close()

    peer = Timed(data_only)
    charts = len(draw.out.charts) if draw.out else 0
    cells = sum(len(b.rows) * len(b.headers) for b in blocks)
    print(f"  charts ({charts} charts, {cells:,} cells) {draw}")
    print(f"  peer: XlsxWriter data, no charts   {peer}  ratio {draw.cpu / peer.cpu:.1f}x")


def frontier_bar(n: int, readings: int) -> None:
    from stocktake.app.document import Document
    from stocktake.engine import arrays_from_workbook, optimise, score
    from stocktake.engine.frontier import DEFAULT_SCALES, efficient_frontier

    doc = Document.open(_workbook(n, readings))
    arrays = arrays_from_workbook(doc.workbook)
    problem = doc.effective_problem()
    values = score(arrays, 0.5).value
    scales = sorted({*DEFAULT_SCALES, 1.0, 1.6})  # 16 points
    one = Timed(lambda: optimise(arrays, values, problem, binding=False))
    front = Timed(lambda: efficient_frontier(arrays, values, problem, scales))
    bind = Timed(lambda: optimise(arrays, values, problem, binding_seconds=WINDOW_BINDING_SECONDS))
    print(f"{n:,} initiatives (the frontier bar)")
    print(f"  peer: one portfolio solve          {one}")
    print(
        f"  frontier ({len(front.out)} points)             {front}  "
        f"= {front.cpu / one.cpu:.1f} solves' worth (goal <= 3 s)"
    )
    print(
        f"  binding proof, {WINDOW_BINDING_SECONDS:g} s budget         {bind}  "
        f"{len(bind.out.binding)} binding, {len(bind.out.binding_unchecked)} not checked"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000, 10_000])
    ap.add_argument("--readings", type=int, default=200_000)
    ap.add_argument("--frontier-size", type=int, default=2_000)
    ap.add_argument(
        "--stage-sizes",
        type=int,
        nargs="*",
        default=None,
        help="sizes whose in-process stages are timed (default: --sizes)",
    )
    ap.add_argument("--skip-process", action="store_true")
    ap.add_argument(
        "--before",
        type=Path,
        default=None,
        help="another tree's src/ (e.g. the base commit's, from git archive): its "
        "save-analysis is run beside this tree's, in the same run",
    )
    ap.add_argument("--skip-frontier-bar", action="store_true")
    ap.add_argument(
        "--save-stages",
        type=int,
        nargs="*",
        default=[5_000],
        help="sizes whose save is also run stage by stage (save_stages.py), both trees",
    )
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores; {args.readings:,} readings per workbook")
    if not args.skip_frontier_bar:
        frontier_bar(args.frontier_size, args.readings)
    for n in args.sizes:
        base = _workbook(n, args.readings)
        print(f"{n:,} initiatives ({base.stat().st_size / 1e6:.1f} MB)")
        if not args.skip_process:
            whole_process(base, args.before)
        if n in args.save_stages:
            save_stages(base, args.before)
        if args.stage_sizes is None or n in args.stage_sizes:
            stages(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
