"""Merge 20 review copies into the 10,000-initiative workbook: time and memory.

Run: ``python benchmarks/bench_merge.py [--initiatives N] [--copies K] [--edits E]``.
Writes the large workbook with ``scripts/make_large_workbook.py`` (200k readings), makes
K review copies, edits each through the application layer (E values, a proposal, a
comment and private scores on 50 initiatives; half the copies share some values, so
there are conflicts), then times ``stocktake.app.merge.merge`` (read every copy, plan,
apply, save) in this process. Printed beside it, as the peer measured in the same run:
one plain ``Document.open`` of the master, so the ratio says how many "opens" a merge
costs. Peak memory: the process's peak resident set (``ru_maxrss``) before and after the
merge, and Python's own peak allocation during it (``tracemalloc``, a second run).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from stocktake.app import merge, review, three_way
from stocktake.app.document import Document

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--readings", type=int, default=200_000)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        master = folder / "large.xlsx"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_large_workbook.py"),
                str(master),
                "--initiatives",
                str(args.initiatives),
                "--readings",
                str(args.readings),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        t = time.perf_counter()
        doc = Document.open(master)
        open_s = time.perf_counter() - t
        ids, crits = list(doc.workbook.initiatives), list(doc.workbook.criteria)
        t = time.perf_counter()
        copies = [review.make_copy(doc, f"Reviewer {k + 1}")[0] for k in range(args.copies)]
        copy_s = (time.perf_counter() - t) / args.copies
        shared = rng.sample(ids, args.edits // 2)
        for k, path in enumerate(copies):
            d = Document.open(path, only=three_way.COPY_NEEDS)
            review.load(d)
            mine = shared if k % 2 == 0 else rng.sample(ids, args.edits // 2)
            for iid in [*mine, *rng.sample(ids, args.edits - len(mine))]:
                change = d.edit("initiatives", iid, f"score:{crits[0]}", rng.randint(0, 5))
                if change is not None:
                    d.apply(change)
            for iid in rng.sample(ids, 50):
                note = review.set_note(
                    d,
                    iid,
                    proposal=rng.choice(["Stop", "Scale", ""]),
                    comment=f"comment from reviewer {k + 1}",
                    scores={c: rng.randint(0, 5) for c in crits[:5]},
                )
                if note is not None:
                    d.apply(note)
            d.save(analysis=False)
        before = rss_mb()
        backup = folder / "master-before.xlsx"
        shutil.copyfile(master, backup)
        t = time.perf_counter()
        plan, report = merge.merge(master, copies)
        merge_s = time.perf_counter() - t
        after = rss_mb()
        shutil.copyfile(backup, master)
        tracemalloc.start()
        merge.merge(master, copies, dry_run=True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"{args.copies} copies of a {args.initiatives:,}-initiative workbook "
        f"({args.readings:,} readings)"
    )
    print(
        f"applied {len(plan.applied)}, conflicts {len(plan.conflicts)}, "
        f"collected {plan.collected()}; written: {report is not None}"
    )
    print(f"open the master once (peer):  {open_s:7.2f} s")
    print(f"make one review copy:        {copy_s:7.2f} s")
    print(f"merge {args.copies} copies (read, plan, apply, save): {merge_s:7.2f} s")
    print(f"  = {merge_s / open_s:.1f}x one open of the master")
    print(f"peak RSS before the merge {before:.0f} MB, after {after:.0f} MB")
    print(f"Python's peak allocation during a dry-run merge: {peak / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
