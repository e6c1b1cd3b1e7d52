"""The board pack of the sample and of a 2,000-initiative workbook: time and memory.

    python benchmarks/bench_pack.py [--initiatives 2000] [--readings 20000]
        [--only large] [--kinds pack]

Each measurement runs in a fresh interpreter, so its peak resident size is its own:
the pack (content, workbook, PDF), the public pack, and as a peer measured in the same
run the plain ``save-analysis`` of the same workbook (Scores, Portfolio, Charts into a
copy), so the pack's cost reads as a ratio. Times are wall seconds inside the process
after the workbook is read (imports and the read are not counted). Not part of the
test suite.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_read import _workbook  # noqa: E402


def one(kind: str, source: Path) -> dict[str, float]:
    """Run one measurement in this process (the child's side)."""
    from stocktake.app.document import Document
    from stocktake.app.pack import export_pack
    from stocktake.app.usecases import save_analysis

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / source.name
        shutil.copy(source, copy)
        doc = Document.open(copy)
        t = time.perf_counter()
        if kind == "save-analysis":
            save_analysis(copy)
            pages = 0
        else:
            files = export_pack(doc, Path(tmp) / "out", public=kind == "public pack")
            out = subprocess.run(
                ["pdfinfo", str(files.pdf)], capture_output=True, text=True, check=True
            )
            pages = int(next(ln.split()[-1] for ln in out.stdout.splitlines() if "Pages" in ln))
        wall = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": wall, "peak_mib": rss, "pages": pages}


def measure(kind: str, source: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", kind, str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--initiatives", type=int, default=2000)
    ap.add_argument("--readings", type=int, default=20_000)
    ap.add_argument("--only", choices=("sample", "large"), help="measure one workbook, not both")
    ap.add_argument(
        "--kinds",
        nargs="+",
        choices=("pack", "public pack"),
        default=["pack", "public pack"],
        help="which packs to measure beside the save-analysis peer",
    )
    ap.add_argument("--one", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], Path(args.one[1]))))
        return
    cases = []
    if args.only != "large":
        cases.append(("sample", ROOT / "sample_workbooks" / "plan_for_change.xlsx"))
    if args.only != "sample":
        label = f"{args.initiatives} initiatives, {args.readings} readings"
        cases.append((label, _workbook(args.initiatives, args.readings)))
    for label, source in cases:
        peer = measure("save-analysis", source)
        print(f"{label}:")
        print(f"  save-analysis  {peer['seconds']:7.2f} s  peak RSS {peer['peak_mib']:6.0f} MiB")
        for kind in args.kinds:
            r = measure(kind, source)
            print(
                f"  {kind:<13}  {r['seconds']:7.2f} s  peak RSS {r['peak_mib']:6.0f} MiB  "
                f"{r['pages']:.0f} PDF pages  ({r['seconds'] / peer['seconds']:.1f}x save-analysis)"
            )


if __name__ == "__main__":
    main()
