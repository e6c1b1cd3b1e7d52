"""Which constraints stop the portfolio taking more value: each one proven by a solve.

Why its own module: a board reads "the 2025-26 envelope binds" as "more money there
would buy more value", so a row is reported only when a solve proves it. Proving it
row by row is the costly part of an optimisation, so this module makes each proof
cheap and lets the window run it as a second stage, after the portfolio itself is on
screen.

The proof for one row ``a·x <= b``: the optimum without the row exceeds the current
certified bound only if some better portfolio breaks the row, that is only if the
problem without the row *plus the reversed row* ``a·x >= b`` (``>= b + 1`` when the row
is whole numbers over 0-1 choices: a dependency, an exclusion, a mission cap) has a
portfolio worth more than the bound. Each candidate goes through the cheapest step that
settles it (:mod:`stocktake.engine.relaxations`, one shared HiGHS model):

1. a bound from the base LP's row prices, with no solve (:mod:`~stocktake.engine.dual_screen`),
   or the restricted problem's LP re-solved warm: if it cannot beat the bound, the row
   is not binding (exact);
2. a portfolio built from that LP which beats the bound: binding, and when it is within
   the requested gap of the LP bound, its gain is certified;
3. otherwise a MILP with a cut-off at the bound, the most promising rows first.

A time budget stops the work; rows not decided by then are listed as not checked,
never called binding.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np

from stocktake.engine.arrays import BoolArray, FloatArray, ScoreArrays
from stocktake.engine.milp import (
    BUDGET,
    DEPENDS,
    EXCLUDES,
    FTE,
    LONG_TERM_SHARE,
    MISSION_CAP,
    POT,
    LinearModel,
    Row,
    Solution,
)
from stocktake.engine.relaxations import Changes, Cleared, Gain, Open, Outcome, Relaxations
from stocktake.engine.sentences import Binding, money

MAX_BINDING_CHECKS = 60
"""At most this many constraints go on to a MILP (each may cost a full solve); the
rest are listed in :attr:`BindingProof.unchecked`, never claimed. The bound and LP steps
before it are cheap and are run for every candidate."""


@dataclass(frozen=True, slots=True)
class BindingProof:
    """The proven binding constraints, and the keys of candidates left undecided."""

    binding: tuple[Binding, ...]
    unchecked: tuple[str, ...]
    cleared: tuple[tuple[str, str], ...] = ()
    """Candidates proven not to bind alone, each with what proved it (a price bound, an
    LP bound or a MILP: :mod:`stocktake.engine.relaxations`)."""


def without_rows(model: LinearModel, drop: set[int]) -> LinearModel:
    """The same model with some rows removed: each constraint relaxed completely."""
    keep = np.array([r not in drop for r in range(len(model.rows))], dtype=bool)
    return LinearModel(
        a=model.a[np.flatnonzero(keep)],
        b=model.b[keep],
        rows=tuple(r for r, k in zip(model.rows, keep, strict=True) if k),
        lower=model.lower,
        upper=model.upper,
    )


def candidates(model: LinearModel, sol: Solution) -> list[int]:
    """Rows whose removal could let the portfolio move: an unchosen item (not forced out)
    with a positive coefficient could come in, or a chosen item (not forced in) with a
    negative one could leave (a prerequisite whose dependant holds it in the plan)."""
    chosen = sol.chosen
    can_enter = ~chosen & (model.upper > 0)
    can_leave = chosen & (model.lower < 1)
    a = model.a.tocsr()
    cols, data = a.indices, a.data
    moves = (can_enter[cols] & (data > 0)) | (can_leave[cols] & (data < 0))
    row_of = np.repeat(np.arange(a.shape[0]), np.diff(a.indptr))
    return np.flatnonzero(np.bincount(row_of[moves], minlength=a.shape[0])).tolist()


FIRST_SLICE = 1.0
"""Within a time budget, the first round of MILPs gives each open row an equal share of
what is left, but at least this many seconds; rows still open get what then remains."""


def binding_constraints(
    arrays: ScoreArrays,
    values: FloatArray,
    model: LinearModel,
    sol: Solution,
    *,
    time_limit: float,
    mip_rel_gap: float,
    seconds: float | None = None,
) -> BindingProof:
    """Constraints that, removed alone, let the portfolio be worth more than the current
    solve's certified bound (so better beyond doubt), each said in plain words.

    Envelopes and caps that bind only together (raising any one alone gains nothing)
    are found by removing them all, then putting each back while the gain remains, and
    are reported "together with" the others. ``seconds`` caps the whole proof: what is
    not decided by then is returned in ``unchecked``. Within a budget, a MILP stops at
    the first portfolio that proves a row binding, and the gain is refined with the time
    left (a gain not refined is said as "at least").
    """
    if not model.rows or sol.value is None:
        return BindingProof((), ())
    if seconds is not None and seconds <= 0:  # no time at all: nothing decided
        cand = candidates(model, sol)
        years = _pot_years(model, cand)
        keys = [model.rows[r].key for r in cand if model.rows[r].kind != POT]
        return BindingProof((), (*keys, *(model.rows[k].key for k in years)))
    deadline = None if seconds is None else time.perf_counter() + seconds
    base = sol.value
    proof = sol.bound if sol.bound is not None else base
    relax = Relaxations(model, values, proof + 1e-9 * max(1.0, abs(proof)), mip_rel_gap=mip_rel_gap)

    def left() -> float:
        if deadline is None:
            return time_limit
        return min(time_limit, deadline - time.perf_counter())

    def decide(changes: Changes) -> Gain | Cleared | None:
        if left() <= 0:  # the budget is a real cap: no solve starts once it is spent
            return None
        found = relax.settle(changes, left())
        if not isinstance(found, Open):
            return found
        if found.start is not None and deadline is not None:
            return Gain(float(values[found.start].sum()), found.start, False)
        return relax.search(changes, found.start, seconds=left(), early=deadline is not None)

    cand = candidates(model, sol)
    pot_years = _pot_years(model, cand)
    cand = [r for r in cand if model.rows[r].kind != POT]
    # The exact cheap steps first, for every candidate: the price bound (no solve), then
    # the LP for the rows it leaves (so a budget that runs out leaves the fewest open).
    outcome: dict[int, Outcome | None] = {r: relax.priced_out(r) for r in cand}
    for r in cand:
        if outcome[r] is None:
            outcome[r] = relax.settle(relax.reverse(r), left()) if left() > 0 else None
    _search_open(relax, outcome, left, budgeted=deadline is not None)

    # Relaxing more can only gain more: when all pots together (then one pot's every
    # year) gain nothing, none of their years can, and one solve rules them all out.
    pot_groups: dict[str, set[int]] = {}
    for k, row in enumerate(model.rows):
        if row.kind == POT:
            pot_groups.setdefault(row.group, set()).add(k)
    everything = set().union(*pot_groups.values()) if pot_groups else set()
    if pot_years and isinstance(decide(relax.drop(everything)), Cleared):
        pot_years = {}
    for limit, members in pot_groups.items():
        mine = [k for k in pot_years if model.rows[k].group == limit]
        if len(mine) > 1 and isinstance(decide(relax.drop(members)), Cleared):
            for k in mine:
                del pot_years[k]
    dropped: dict[int, set[int]] = {}
    for single, drop in pot_years.items():
        outcome[single] = decide(relax.drop(drop))
        dropped[single] = drop

    # Within a budget: refine the gains proven by a first portfolio, while time is left.
    for r, found in outcome.items():
        if deadline is not None and isinstance(found, Gain) and not found.certified and left() > 0:
            changes = relax.drop(dropped[r]) if r in dropped else relax.reverse(r)
            better = relax.search(changes, found.chosen, seconds=left(), early=False)
            if isinstance(better, Gain) and better.value >= found.value:
                outcome[r] = better

    slack = np.asarray(model.b - model.a @ sol.chosen.astype(float))
    spend = np.asarray(model.a @ sol.chosen.astype(float))
    out: list[Binding] = []
    unchecked: list[str] = []
    cleared: list[tuple[str, str]] = []
    alone_not: list[int] = []
    for r in [*cand, *pot_years]:
        found = outcome[r]
        if found is None or isinstance(found, Open):
            unchecked.append(model.rows[r].key)
        elif isinstance(found, Cleared):
            cleared.append((model.rows[r].key, found.how))
            alone_not.append(r)
        else:
            gain = found.value - base
            said = _say(arrays, values, model, r, slack, spend, gain, found.certified, sol.chosen)
            out.append(Binding(model.rows[r].key, said))

    def group_gain(drop: set[int]) -> float | None:
        found = decide(relax.drop(drop))
        return found.value - base if isinstance(found, Gain) else None

    group = [r for r in alone_not if model.rows[r].kind in (BUDGET, FTE, MISSION_CAP)]
    if len(group) > 1 and group_gain(set(group)) is not None:
        for r in list(group):  # deletion filter: keep only rows the gain needs
            rest = set(group) - {r}
            if rest and group_gain(rest) is not None:
                group.remove(r)
        together = group_gain(set(group))
        if len(group) > 1 and together is not None:
            keys = [model.rows[r].key for r in group]
            for r in group:
                others = ", ".join(k for k in keys if k != model.rows[r].key)
                out.append(
                    Binding(
                        model.rows[r].key,
                        f"{_name(model.rows[r])} binds together with {others}: relaxing "
                        f"it alone gains nothing, but removing all of them lets the "
                        f"portfolio be worth {together:.2f} more.",
                    )
                )
    return BindingProof(tuple(out), tuple(unchecked), tuple(cleared))


def _search_open(
    relax: Relaxations,
    outcome: dict[int, Outcome | None],
    left: Callable[[], float],
    *,
    budgeted: bool,
) -> None:
    """The MILP step for rows the LP left open, the most promising first (the largest LP
    bound: most likely to bind, and soonest shown to). A row whose LP portfolio already
    beats the level is binding; without a budget its gain is solved to the gap now, within
    one its refinement waits for the time left at the end. At most
    :data:`MAX_BINDING_CHECKS` rows are searched; of the rest, those with such a portfolio
    are binding with the gain it shows ("at least"), the others stay undecided."""
    pending = [r for r, o in outcome.items() if isinstance(o, Open)]
    pending.sort(key=lambda r: -cast(Open, outcome[r]).lp_bound)
    starts = {r: cast(Open, outcome[r]).start for r in pending}
    if budgeted:  # a portfolio that beats the level proves the row binds: no MILP now
        for r in pending:
            if (start := starts[r]) is not None:
                outcome[r] = Gain(float(relax.values[start].sum()), start, False)
        pending = [r for r in pending if starts[r] is None]
    for r in pending[MAX_BINDING_CHECKS:]:  # beyond the cap: proven binding, or undecided
        start = starts[r]
        outcome[r] = None if start is None else Gain(float(relax.values[start].sum()), start, False)
    pending = pending[:MAX_BINDING_CHECKS]
    if not budgeted:
        for r in pending:
            outcome[r] = relax.search(relax.reverse(r), starts[r], seconds=left(), early=False)
        return
    # Round one: an equal share of the time each (a hard row cannot eat the budget);
    # round two: the rows still open, in the same order, with whatever is left.
    for final in (False, True):
        still = [r for r in pending if isinstance(outcome[r], Open)]
        for k, r in enumerate(still):
            if left() <= 0:
                outcome[r] = None
                continue
            share = left() if final else min(left(), max(FIRST_SLICE, left() / (len(still) - k)))
            found = relax.search(relax.reverse(r), None, seconds=share, early=True)
            if found is not None:
                outcome[r] = found
            elif final:
                outcome[r] = None


def _pot_years(model: LinearModel, cand: list[int]) -> dict[int, set[int]]:
    """Pot-years that could bind, each as its one-year row and every row of its pot that
    spans the year: with the year's envelope unlimited, every sum over it is too, so
    dropping them all relaxes that pot-year alone (one row alone is usually implied by
    the others and would never show a gain)."""
    rows = model.rows
    single = {
        (r.group, r.span[0]): k for k, r in enumerate(rows) if r.kind == POT and len(r.span) == 1
    }
    out: dict[int, set[int]] = {}
    for r in cand:
        row = rows[r]
        if row.kind != POT:
            continue
        for year in row.span:
            k = single.get((row.group, year))
            if k is not None and k not in out:
                out[k] = {
                    j
                    for j, o in enumerate(rows)
                    if o.kind == POT and o.group == row.group and year in o.span
                }
    return dict(sorted(out.items()))


def _name(row: Row) -> str:
    """A constraint as a board paper names it."""
    if row.kind == BUDGET:
        return f"The {row.key.removeprefix(f'{BUDGET} ')} envelope of {money(row.limit)}"
    if row.kind == FTE:
        return f"The cap of {row.limit:g} FTE"
    if row.kind == MISSION_CAP:
        return f"The cap of {row.limit:g} on mission {row.key.removeprefix(f'{MISSION_CAP} ')}"
    if row.label:
        return row.label[0].upper() + row.label[1:]
    return f"The constraint {row.key}"


def _say(
    arrays: ScoreArrays,
    values: FloatArray,
    model: LinearModel,
    r: int,
    slack: FloatArray,
    spend: FloatArray,
    gain: float,
    certified: bool,
    chosen: BoolArray,
) -> str:
    """The binding sentence: what the row keeps out (initiatives not chosen), and the
    gain proven without it (``certified`` False: a portfolio that much better exists, a
    better one may too)."""
    row = model.rows[r]
    col = model.a[[r]].toarray().ravel()
    tol = 1e-9 * max(1.0, abs(float(model.b[r])))
    blocked = [
        int(k)
        for k in np.flatnonzero(col > slack[r] + tol)
        if values[k] > 0 and model.upper[k] > 0 and col[k] > 0 and not chosen[k]
    ]
    least = "" if certified else "at least "
    proven = f" Without it the portfolio could be worth {least}{gain:.2f} more."
    if not blocked and row.kind == DEPENDS and chosen[row.items[0]]:
        i, j = row.items  # both chosen: the link holds the prerequisite in the plan
        ids = arrays.ids
        return f"{ids[i]} is chosen and depends on {ids[j]}, so {ids[j]} must stay in.{proven}"
    if not blocked:
        return f"{_name(row)} binds.{proven}"
    blocked.sort(key=lambda k: -values[k])
    return _binding_message(arrays, row, blocked, float(spend[r])) + proven


def _binding_message(arrays: ScoreArrays, row: Row, items: list[int], used: float) -> str:
    ids = arrays.ids
    best = ids[items[0]]
    more = f"{len(items)} more initiative{'s' if len(items) > 1 else ''} with value"
    if row.kind == BUDGET:
        year = row.key.removeprefix(f"{BUDGET} ")
        return (
            f"The {year} envelope of {money(row.limit)} binds: {money(row.limit - used)} is "
            f"left, too little for {more} (the best of them {best})."
        )
    if row.kind == FTE:
        return (
            f"The cap of {row.limit:g} FTE binds: {row.limit - used:g} FTE is left, "
            f"too little for {more} (the best of them {best})."
        )
    if row.kind == POT:
        return (
            f"{_name(row)} binds: {money(row.limit - used)} is left there, too little for "
            f"{more} (the best of them {best})."
        )
    if row.kind == DEPENDS:
        i, j = row.items
        return f"{ids[i]} depends on {ids[j]}, which is not chosen, so {ids[i]} cannot be added."
    if row.kind == EXCLUDES:
        i, j = row.items
        return f"{ids[i]} and {ids[j]} exclude each other, so {best} cannot be added."
    if row.kind == MISSION_CAP:
        mission = row.key.removeprefix(f"{MISSION_CAP} ")
        return (
            f"Mission {mission} is at its cap of {row.limit:g} priorities, which keeps out "
            f"{more} (the best of them {best})."
        )
    if row.kind == LONG_TERM_SHARE:
        return (
            f"The minimum {row.limit:.0%} share of spend on long-term-led initiatives keeps "
            f"out {more} (the best of them {best})."
        )
    return f"{row.key} keeps out {more} (the best of them {best})."
