"""One robustness run as the window asks for it: SMAA over the chosen weight space
(and score ranges), then, optionally, the portfolio acceptability over the same space.

Pure (no Qt), so the window runs it on a worker thread and a test can run it directly.
The top-set share comes from the SMAA tallies; in ``box`` mode it is exactly the
earlier ``rank_acceptability`` (same seed, same draws).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from stocktake import engine
from stocktake.engine.smaa import Smaa, SmaaResult, WeightSpace, draw_weights, score_ranges, smaa
from stocktake.model import Workbook

MODE_WORDS = {
    "box": "each weight varies by ± a percentage of itself",
    "simplex": "any weights at all, every mix equally likely",
    "ordering": "any weights that keep the criteria in the stated order",
}
"""The weight spaces in plain words (the window's choice and its notes)."""


@dataclass(frozen=True, slots=True)
class RobustnessRequest:
    draws: int = 2000
    mode: str = "box"
    weight_range: float = 0.2
    balance: float = 0.5
    balance_range: float = 0.1
    order: tuple[str, ...] = ()
    bounds: Mapping[str, tuple[float, float]] = dataclasses.field(default_factory=dict)
    use_score_ranges: bool = False
    portfolio_draws: int = 0
    top_k: int = 10
    ranks: int = 10
    seed: int = engine.Uncertainty().seed


@dataclass(frozen=True, slots=True)
class RobustnessAnswer:
    top: engine.Acceptability
    portfolio: engine.Acceptability | None
    smaa: SmaaResult
    scores_moved: int
    """How many scores had a range that moved (0 when ranges were off or absent)."""


def default_order(arrays: engine.ScoreArrays) -> tuple[str, ...]:
    """The criteria by current weight, heaviest first (ties by ID): the ordering a board
    has implicitly stated by its weights, offered as the starting point."""
    ranked = sorted(
        (c for c in range(len(arrays.criteria)) if arrays.groups[c] >= 0 and arrays.weights[c] > 0),
        key=lambda c: (-float(arrays.weights[c]), arrays.criteria[c]),
    )
    return tuple(arrays.criteria[c] for c in ranked)


def parse_bounds(text: str) -> dict[str, tuple[float, float]]:
    """``"C04 25-50%; C01 10-40%"`` (or shares ``C04 0.25-0.5``) → {criterion: (min, max)}.

    A person types these in the Robustness tab; a part that cannot be read raises
    ValueError naming it, so the tab can say which one.
    """
    out: dict[str, tuple[float, float]] = {}
    for raw in re.split(r"[;,\n]+", text):
        part = raw.strip()
        if not part:
            continue
        m = re.fullmatch(r"([^\s:=]+)\s*[:=]?\s*([\d.]+)\s*%?\s*(?:-|–|to)\s*([\d.]+)\s*(%?)", part)
        if m is None:
            raise ValueError(f"cannot read the share bound {part!r}: write it like C04 25-50%")
        cid, lo, hi, pct = m.group(1), float(m.group(2)), float(m.group(3)), m.group(4)
        if pct or lo > 1 or hi > 1:
            lo, hi = lo / 100.0, hi / 100.0
        if not 0.0 <= lo <= hi <= 1.0:
            raise ValueError(f"the share bound {part!r} must run from low to high within 0-100%")
        out[cid] = (lo, hi)
    return out


def ranged_scores(workbook: Workbook | None) -> int:
    """How many scores in the workbook carry a range."""
    if workbook is None:
        return 0
    return sum(len(i.score_ranges) for i in workbook.initiatives.values())


def run(
    arrays: engine.ScoreArrays,
    workbook: Workbook | None,
    problem: engine.PortfolioProblem,
    request: RobustnessRequest,
    progress: Callable[[int, int], bool] | None = None,
) -> RobustnessAnswer:
    """SMAA, then the portfolio draws; ``progress(done, total)`` over both."""
    r = request
    settings = Smaa(
        space=WeightSpace(r.mode, r.weight_range, dict(r.bounds), tuple(r.order)),
        balance_lo=max(0.0, r.balance - r.balance_range),
        balance_hi=min(1.0, r.balance + r.balance_range),
        draws=r.draws,
        seed=r.seed,
        top_k=r.top_k,
        ranks=r.ranks,
    )
    ranges = score_ranges(workbook, arrays) if r.use_score_ranges and workbook else None
    moved = 0 if ranges is None else int((ranges.low != ranges.high).sum())
    total = r.draws + r.portfolio_draws

    def step(offset: int) -> Callable[[int, int], bool]:
        return lambda d, _t: True if progress is None else progress(offset + d, total)

    result = smaa(arrays, settings, ranges, progress=step(0))
    u = engine.Uncertainty(
        weight_range=r.weight_range,
        balance_lo=settings.balance_lo,
        balance_hi=settings.balance_hi,
        draws=r.draws,
        seed=r.seed,
    )
    top = engine.Acceptability(arrays.ids, result.top_share, result.draws, r.draws, u, result.k)
    port = None
    if r.portfolio_draws and not result.cancelled:
        up = dataclasses.replace(u, draws=r.portfolio_draws)
        samples = None if r.mode == "box" else draw_weights(arrays, settings, r.portfolio_draws)
        port = engine.portfolio_acceptability(
            arrays, problem, up, progress=step(r.draws), samples=samples
        )
    return RobustnessAnswer(top, port, result, moved)
