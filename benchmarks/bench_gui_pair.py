"""Before and after in one run: ``bench_gui.py --views-only`` on two source trees, taking turns.

    python benchmarks/bench_gui_pair.py BEFORE_SRC [--views portfolio,delivery] [--repeat 3]

``BEFORE_SRC`` is the ``src`` folder of the tree to compare with (for example a
``git archive`` of main unpacked somewhere); the other tree is this checkout's. Each
walk runs in a fresh process (a walk leaves background solves running, which would
weigh on the next walk in the same process), before and after alternately, so both
see the same load on a shared machine. Printed: each step's longest event-loop block
in every walk, its median over the walks, and the ratio after/before of the medians.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^  (?P<name>.+): (?P<ms>\d+) ms, [\d.]+ s$")
"""What ``gui_views.Meter`` writes to stderr after each step. Not the summary on stdout:
a solve in the background points file descriptor 1 away while HiGHS talks, so lines
printed meanwhile can be lost."""


def walk(src: Path, views: str) -> dict[str, int]:
    """One ``--views-only`` walk with ``src`` first on the path: step name -> block ms."""
    env = dict(os.environ, PYTHONPATH=str(src), QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, str(ROOT / "benchmarks" / "bench_gui.py"), "--views-only"]
    done = subprocess.run(
        [*cmd, "--views", views], env=env, capture_output=True, text=True, check=True
    )
    out: dict[str, int] = {}
    for line in done.stderr.splitlines():
        found = LINE.match(line)
        if found:  # a step done several times (each mission, each filter): its worst
            out[found["name"]] = max(out.get(found["name"], 0), int(found["ms"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the src folder of the tree to compare with")
    parser.add_argument("--views", default="portfolio,delivery")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, list[dict[str, int]]] = {"before": [], "after": []}
    for k in range(args.repeat):
        for label, src in (("before", args.before.resolve()), ("after", ROOT / "src")):
            runs[label].append(walk(src, args.views))
            print(f"walk {k + 1} of {args.repeat}, {label}: done", file=sys.stderr, flush=True)
    names = list(dict.fromkeys(n for r in runs["after"] + runs["before"] for n in r))
    print("| step | before, each walk (median) | after, each walk (median) | after/before |")
    print("|---|---|---|---|")
    for name in names:
        cells = []
        medians = []
        for label in ("before", "after"):
            blocks = [r[name] for r in runs[label] if name in r]
            med = statistics.median(blocks) if blocks else float("nan")
            medians.append(med)
            cells.append(", ".join(f"{b:,}" for b in blocks) + f" ({med:,.0f})")
        ratio = medians[1] / medians[0] if medians[0] else float("nan")
        print(f"| {name} | {cells[0]} | {cells[1]} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
