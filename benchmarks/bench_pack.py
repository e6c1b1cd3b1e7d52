"""The board pack of the sample and of a 2,000-initiative workbook: time and memory.

    python benchmarks/bench_pack.py [--initiatives 2000] [--readings 20000]

For each workbook: the pack (content, workbook, PDF) and the public pack, timed in
process, with the peak Python memory (tracemalloc) and the process's peak resident
size. As a peer measured in the same run, the plain ``save-analysis`` of the same
workbook (Scores, Portfolio, Charts into a copy), so the pack's cost reads as a ratio.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_read import _workbook  # noqa: E402
from stocktake.app.document import Document  # noqa: E402
from stocktake.app.pack import export_pack  # noqa: E402
from stocktake.app.usecases import save_analysis  # noqa: E402


def _measure(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall seconds and peak traced memory (MiB) of one call."""
    tracemalloc.start()
    t = time.perf_counter()
    fn()
    wall = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return wall, peak


def bench(label: str, source: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / source.name
        shutil.copy(source, copy)
        doc = Document.open(copy)
        full = _measure(lambda: export_pack(doc, Path(tmp) / "out"))
        public = _measure(lambda: export_pack(doc, Path(tmp) / "out", public=True))
        peer = _measure(lambda: save_analysis(copy))
    print(f"{label}: {len(doc.workbook.initiatives)} initiatives")
    print(f"  pack          {full[0]:7.2f} s  peak {full[1]:7.1f} MiB traced")
    print(f"  public pack   {public[0]:7.2f} s  peak {public[1]:7.1f} MiB traced")
    print(f"  save-analysis {peer[0]:7.2f} s  peak {peer[1]:7.1f} MiB traced (peer)")
    print(f"  pack / save-analysis = {full[0] / peer[0]:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--initiatives", type=int, default=2000)
    ap.add_argument("--readings", type=int, default=20_000)
    args = ap.parse_args()
    bench("sample", ROOT / "sample_workbooks" / "plan_for_change.xlsx")
    bench("large", _workbook(args.initiatives, args.readings))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size of the whole run: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
