"""Independent oracles: the formulas written out plainly, and exhaustive portfolio search.

They read the model objects directly (not the engine's arrays), so a fault in the
engine's array building cannot hide in the oracle too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from stocktake.engine.problem import PortfolioProblem
from stocktake.model import Criterion, Horizon, Initiative
from stocktake.model.vocab import Direction
from tests.engine.factories import YEARS, criterion, initiative

GROUP = {Horizon.MILESTONE: "N", Horizon.AMBITION: "L", Horizon.DELIVERABILITY: "D"}


def _curve(c: Criterion, num: Callable[[float], Any]) -> list[tuple[Any, Any]]:
    """The criterion's (score, value) points: its typed value function (the tests only
    generate valid ones) or the straight line, falling when lower is better."""
    if c.value_function:
        pairs = [p.split(":") for p in c.value_function.split(";")]
        return [(num(float(a)), num(float(b))) for a, b in pairs]
    lo, hi = num(c.scale_lo), num(c.scale_hi)
    if c.direction is Direction.LOWER:
        return [(lo, num(100.0)), (hi, num(0.0))]
    return [(lo, num(0.0)), (hi, num(100.0))]


def _value_on(curve: list[tuple[Any, Any]], s: Any) -> Any:
    """Piecewise-linear value, flat outside the points: searched from the top segment
    down (the engine searches upward), so a slip at a knot would show."""
    if s >= curve[-1][0]:
        return curve[-1][1]
    if s <= curve[0][0]:
        return curve[0][1]
    for k in range(len(curve) - 1, 0, -1):
        (x0, y0), (x1, y1) = curve[k - 1], curve[k]
        if x0 <= s:
            return y1 - (y1 - y0) * (x1 - s) / (x1 - x0)
    raise AssertionError("unreachable")


def points(c: Criterion, s: Any, num: Callable[[float], Any] = float) -> Any:
    """What criterion c gives score s, by the documented rules written out plainly:
    blank or off-scale counts as the do-nothing level (Milestone, Ambition) or the middle
    of the scale (Deliverability); benefit criteria give value above do-nothing, >= 0."""
    curve = _curve(c, num)
    lo, hi = num(c.scale_lo), num(c.scale_hi)
    falling = curve[-1][1] < curve[0][1]
    worst = hi if falling else lo
    off_scale = c.do_nothing is None or not (lo <= num(c.do_nothing) <= hi)
    d = worst if off_scale else num(c.do_nothing)
    benefit = GROUP.get(c.horizon) in ("N", "L")
    if s is None or not (lo <= num(s) <= hi):
        s = d if benefit else (lo + hi) / 2
    v = _value_on(curve, num(s))
    if not benefit:
        return v
    return max(v - _value_on(curve, d), num(0.0))


def plain_values(init: Initiative, criteria: Sequence[Criterion]) -> dict[str, float]:
    """N, L, D by the Green Book formula, one criterion at a time."""
    sums = {"N": 0.0, "L": 0.0, "D": 0.0}
    weights = {"N": 0.0, "L": 0.0, "D": 0.0}
    for c in criteria:
        if c.horizon not in GROUP:
            continue
        v = points(c, init.scores.get(c.id))
        sums[GROUP[c.horizon]] += c.weight * v
        weights[GROUP[c.horizon]] += c.weight
    default = {"N": 0.0, "L": 0.0, "D": 100.0}
    return {g: sums[g] / weights[g] if weights[g] > 0 else default[g] for g in sums}


def plain_value(
    init: Initiative, criteria: Sequence[Criterion], balance: float, risk_adjusted: bool
) -> float:
    g = plain_values(init, criteria)
    v = balance * g["N"] + (1 - balance) * g["L"]
    return v * g["D"] / 100.0 if risk_adjusted else v


def exact_value(
    init: Initiative, criteria: Sequence[Criterion], balance: float, risk_adjusted: bool
) -> Fraction:
    """The value in rational arithmetic, numbers taken as the decimals typed (the rank rule)."""

    def dec(x: float) -> Fraction:
        return Fraction(repr(float(x)))

    sums = {"N": Fraction(0), "L": Fraction(0), "D": Fraction(0)}
    weights = {"N": Fraction(0), "L": Fraction(0), "D": Fraction(0)}
    for c in criteria:
        if c.horizon not in GROUP or not c.weight > 0 or not c.scale_hi > c.scale_lo:
            continue
        sums[GROUP[c.horizon]] += dec(c.weight) * points(c, init.scores.get(c.id), dec)
        weights[GROUP[c.horizon]] += dec(c.weight)
    default = {"N": Fraction(0), "L": Fraction(0), "D": Fraction(100)}
    g = {k: sums[k] / weights[k] if weights[k] > 0 else default[k] for k in sums}
    lam = dec(balance)
    v = lam * g["N"] + (1 - lam) * g["L"]
    return v * g["D"] / 100 if risk_adjusted else v


def feasible(
    chosen: set[str],
    inits: Sequence[Initiative],
    problem: PortfolioProblem,
    criteria: Sequence[Criterion],
) -> bool:
    """Every constraint of the problem, checked one by one for one candidate set."""
    by_id = {i.id: i for i in inits}
    if any(i not in chosen for i in problem.force_in):
        return False
    if any(i in chosen for i in problem.force_out):
        return False
    for year, env in problem.budgets.items():
        if sum(by_id[i].costs.get(year, 0.0) for i in chosen) > env + 1e-9:
            return False
    fte = sum(by_id[i].fte or 0.0 for i in chosen)
    if problem.fte_cap is not None and fte > problem.fte_cap + 1e-9:
        return False
    for i in chosen:
        if any(d not in chosen for d in by_id[i].depends_on if d in by_id):
            return False
        if any(x in chosen for x in by_id[i].excludes if x in by_id):
            return False
    for m in {by_id[i].mission_id for i in chosen}:
        cap = problem.cap_for(m)
        if cap is not None and sum(by_id[i].mission_id == m for i in chosen) > cap:
            return False
    if problem.min_long_term_share is not None:
        total = sum(by_id[i].total_cost for i in chosen)
        led = 0.0
        for i in chosen:
            g = plain_values(by_id[i], criteria)
            if g["L"] > g["N"]:
                led += by_id[i].total_cost
        if led < problem.min_long_term_share * total - 1e-9:
            return False
    return True


def exhaustive_best(
    inits: Sequence[Initiative],
    values: dict[str, float],
    problem: PortfolioProblem,
    criteria: Sequence[Criterion],
) -> tuple[float | None, np.ndarray]:
    """Best value over all 2^n subsets (None if none is feasible) and the mask of best subsets.

    Vectorised over subsets (one row per subset) so 18 items take a fraction of a second;
    the constraints are read from the model objects, not from the engine's arrays.
    """
    ids = [i.id for i in inits]
    pos = {iid: k for k, iid in enumerate(ids)}
    x = subsets_matrix(len(ids))
    ok = np.ones(len(x), dtype=bool)
    for iid in problem.force_in:
        ok &= x[:, pos[iid]]
    for iid in problem.force_out:
        ok &= ~x[:, pos[iid]]
    for year, env in problem.budgets.items():
        cost = np.array([i.costs.get(year, 0.0) for i in inits])
        ok &= x @ cost <= env + 1e-9
    if problem.fte_cap is not None:
        ok &= x @ np.array([i.fte or 0.0 for i in inits]) <= problem.fte_cap + 1e-9
    for k, init in enumerate(inits):
        for d in init.depends_on:
            if d in pos and d != init.id:
                ok &= ~x[:, k] | x[:, pos[d]]
        for e in init.excludes:
            if e in pos and e != init.id:
                ok &= ~(x[:, k] & x[:, pos[e]])
    for m in {i.mission_id for i in inits}:
        cap = problem.cap_for(m)
        if cap is not None:
            ok &= x[:, [k for k, i in enumerate(inits) if i.mission_id == m]].sum(axis=1) <= cap
    if problem.min_long_term_share is not None:
        total = np.array([i.total_cost for i in inits])
        groups = [plain_values(i, criteria) for i in inits]
        led = np.array([g["L"] > g["N"] for g in groups])
        ok &= x @ (total * led) >= problem.min_long_term_share * (x @ total) - 1e-9
    if not ok.any():
        return None, np.zeros(len(x), dtype=bool)
    v = x @ np.array([values[i] for i in ids])
    best = float(v[ok].max())
    return best, ok & (v >= best - 1e-9)


CRITERIA = [
    criterion("N1", Horizon.MILESTONE, 60),
    criterion("N2", Horizon.MILESTONE, 40),
    criterion("L1", Horizon.AMBITION, 30),
    criterion("L2", Horizon.AMBITION, 70, lo=1, hi=10),
    criterion("D1", Horizon.DELIVERABILITY, 100),
]


@st.composite
def portfolio_instances(
    draw: st.DrawFn, max_items: int = 12
) -> tuple[list[Initiative], PortfolioProblem]:
    """Random initiatives with links and forced items, and tight yearly envelopes."""
    n = draw(st.integers(1, max_items))
    ids = [f"I-{k:03d}" for k in range(n)]
    inits = []
    for k, iid in enumerate(ids):
        scores: dict[str, float | None] = {
            "N1": draw(st.integers(0, 5)),
            "N2": draw(st.integers(0, 5)),
            "L1": draw(st.integers(0, 5)),
            "L2": draw(st.integers(1, 10)),
            "D1": draw(st.integers(0, 5)),
        }
        costs = [draw(st.integers(0, 9)) for _ in YEARS[:2]]
        others = ids[:k] + ids[k + 1 :]
        deps = (
            draw(st.lists(st.sampled_from(others), max_size=1))
            if others and draw(st.integers(0, 3)) == 0
            else []
        )
        excl = (
            draw(st.lists(st.sampled_from(others), max_size=1))
            if others and draw(st.integers(0, 4)) == 0
            else []
        )
        inits.append(
            initiative(
                iid,
                scores,
                costs,
                mission=f"M{draw(st.integers(1, 2))}",
                depends=deps,
                excludes=excl,
                fte=float(draw(st.integers(0, 3))),
            )
        )
    totals = [sum(i.costs[y] for i in inits) for y in YEARS[:2]]
    budgets = {
        y: float(draw(st.integers(0, max(1, int(t * 0.6)))))
        for y, t in zip(YEARS[:2], totals, strict=True)
    }
    force_in = {i: "must" for i in draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))}
    force_out = {
        i: "must not"
        for i in draw(
            st.lists(
                st.sampled_from([i for i in ids if i not in force_in] or ids),
                max_size=1,
                unique=True,
            )
        )
        if i not in force_in
    }
    problem = PortfolioProblem(
        budgets=budgets,
        fte_cap=draw(st.one_of(st.none(), st.integers(0, 3 * n).map(float))),
        force_in=force_in,
        force_out=force_out,
        max_per_mission=draw(st.one_of(st.none(), st.integers(1, max(1, n // 2)))),
        min_long_term_share=draw(st.one_of(st.none(), st.sampled_from([0.2, 0.5]))),
    )
    return inits, problem


def subsets_matrix(n: int) -> np.ndarray:
    """All 2^n subsets as a bool matrix (used to keep exhaustive checks vectorised)."""
    return ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
