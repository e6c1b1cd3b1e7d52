"""SMAA benchmark: rank acceptability over weight spaces, against the box Monte Carlo.

Run:  .venv/bin/python benchmarks/bench_smaa.py [--n 5000] [--draws 2000]

Builds a synthetic workbook in memory (the sample's criteria, n initiatives with seeded
random scores), then times, in the same run:

* the peer: ``rank_acceptability`` (box, top-10 share only), the earlier Monte Carlo;
* ``smaa`` in box, simplex and ordering modes (rank acceptability for ranks 1-10, the
  top-10 share and central weights);
* ``smaa`` with every score given a ±1 range (points drawn per draw and score).

Prints seconds and the ratio to the peer. No assertion: speed is read, not tested.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from stocktake.engine import Uncertainty, arrays_from_workbook, rank_acceptability
from stocktake.engine.smaa import Smaa, WeightSpace, score_ranges, smaa
from stocktake.excel.reader import read_workbook
from stocktake.model import Initiative, Workbook

SAMPLE = Path(__file__).resolve().parents[1] / "sample_workbooks" / "plan_for_change.xlsx"


def synthetic(n: int, seed: int = 7) -> Workbook:
    base = read_workbook(SAMPLE)
    rng = random.Random(seed)
    missions = list(base.missions)
    inits = {}
    for k in range(n):
        iid = f"I-{k + 1:05d}"
        scores = {c: float(rng.randint(1, 4)) for c in base.criteria}
        inits[iid] = Initiative(
            id=iid,
            mission_id=rng.choice(missions),
            name=f"Synthetic initiative {k + 1}",
            costs={y: round(rng.uniform(0.1, 12.0), 1) for y in base.financial_years},
            scores=dict(scores),
            score_ranges={c: (s - 1, s + 1) for c, s in scores.items() if s is not None},
        )
    return dataclasses.replace(base, initiatives=inits)


def timed(label: str, fn, peer: float | None = None) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    took = time.perf_counter() - start
    ratio = "" if peer is None else f"  ({took / peer:.2f} x the box Monte Carlo)"
    print(f"{label:<44} {took:7.2f} s{ratio}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--draws", type=int, default=2000)
    args = parser.parse_args()
    wb = synthetic(args.n)
    arrays = arrays_from_workbook(wb)
    d = args.draws
    u = Uncertainty.around(0.5, 0.1, weight_range=0.2, draws=d)
    print(f"{arrays.n:,} initiatives, {len(arrays.criteria)} criteria, {d:,} draws")
    peer = timed(
        "peer: rank_acceptability (box, top 10)", lambda: rank_acceptability(arrays, 10, u)
    )
    base = Smaa(balance_lo=0.4, balance_hi=0.6, draws=d)
    for mode in ("box", "simplex", "ordering"):
        space = WeightSpace(mode, order=tuple(arrays.criteria[:3]))
        s = dataclasses.replace(base, space=space)
        timed(f"smaa {mode} (ranks 1-10, central weights)", lambda s=s: smaa(arrays, s), peer)
    ranges = score_ranges(wb, arrays)
    timed(
        "smaa simplex with every score in a range",
        lambda: smaa(arrays, dataclasses.replace(base, space=WeightSpace("simplex")), ranges),
        peer,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
