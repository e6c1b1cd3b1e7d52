"""The new views' longest event-loop blocks, before and after a change, in one run.

    python benchmarks/bench_gui_trees.py BEFORE_SRC [--views health,meeting] [--repeat 3]

Runs ``bench_gui.py --views-only`` (the walk through the new views, ``gui_views.py``)
in a fresh process per tree and repetition, alternating the trees (before, after,
before, after, ...) so that the load of a shared machine falls on both alike. The
"after" tree is this checkout's ``src``; ``BEFORE_SRC`` is the ``src`` folder of
another (say ``git archive`` of an earlier commit). Prints, per step, the median and
range over the runs of its worst block (the worst repetition, for a step done several
times) for each tree, and the opening of the workbook (the peer, measured in every
process) the same way.
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
STEP = re.compile(r"^  (?P<name>.+): (?P<ms>\d+) ms, [\d.]+ s$")
"""A repetition of a step as ``gui_views.Meter.run`` reports it on stderr (the summary
on stdout can vanish: a portfolio solve still running sends fd 1 to the null device)."""


def one(src: Path, views: str) -> dict[str, int]:
    """One process of ``bench_gui.py --views-only`` with ``src`` first on the path."""
    env = dict(os.environ, PYTHONPATH=str(src))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    script = str(ROOT / "benchmarks" / "bench_gui.py")
    done = subprocess.run(
        [sys.executable, script, "--views-only", "--views", views],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    out: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if m := STEP.match(line):  # the worst repetition of each step
            out[m["name"]] = max(out.get(m["name"], 0), int(m["ms"]))
    return out


def figure(values: list[int]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.0f} ({min(values)}-{max(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the src folder of the tree to compare with")
    parser.add_argument("--views", default="health,meeting")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": ROOT / "src"}
    seen: dict[str, dict[str, list[int]]] = {name: {} for name in trees}
    for k in range(args.repeat):
        for name, src in trees.items():
            for step, ms in one(src, args.views).items():
                seen[name].setdefault(step, []).append(ms)
            print(f"  run {k + 1} of {args.repeat}, {name}: done", file=sys.stderr, flush=True)
    steps = list(dict.fromkeys([*seen["before"], *seen["after"]]))
    print(f"Longest event-loop block in ms, median (range) of {args.repeat} runs per tree")
    print("| step | before | after |")
    print("|---|---|---|")
    for step in steps:
        b, a = seen["before"].get(step, []), seen["after"].get(step, [])
        print(f"| {step} | {figure(b)} | {figure(a)} |")


if __name__ == "__main__":
    main()
