"""Decisions feed the plan: what is stopped or paused stays out of the optimal portfolio.

A board that decided to stop an initiative does not want the optimiser to choose it
again. The rule, used by the window, ``optimise`` and every save alike:

* an initiative whose decision in force is **Stop** or **Pause** is forced out, the
  reason naming the decision ("Stopped by decision D-0004");
* one whose stage is **Stopped** is forced out ("its stage is Stopped");
* a person can override either by forcing the initiative in (with their reason), and a
  force-out they gave themselves keeps their own words.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from stocktake.engine.problem import PortfolioProblem
from stocktake.model import Decision, DecisionKind, Stage, Workbook

if TYPE_CHECKING:
    from stocktake.engine.arrays import FloatArray, ScoreArrays

_PAST = {DecisionKind.STOP: "Stopped", DecisionKind.PAUSE: "Paused"}


def in_force(decisions: Iterable[Decision]) -> dict[str, Decision]:
    """The decision in force for each initiative: the last one not superseded."""
    return Workbook(decisions=list(decisions)).latest_decisions()


def decision_exclusions(workbook: Workbook, decisions: Iterable[Decision]) -> dict[str, str]:
    """Initiatives kept out by a decision or by their stage, with the reason in words."""
    out: dict[str, str] = {}
    for iid, d in in_force(decisions).items():
        if d.decision in _PAST and iid in workbook.initiatives:
            out[iid] = f"{_PAST[d.decision]} by decision {d.decision_id}"
    for iid, initiative in workbook.initiatives.items():
        if initiative.stage is Stage.STOPPED and iid not in out:
            out[iid] = "its stage is Stopped"
    return out


def effective_problem(problem: PortfolioProblem, exclusions: Mapping[str, str]) -> PortfolioProblem:
    """``problem`` with the decision exclusions added (a person's force-in overrides one;
    a person's own force-out reason is kept)."""
    extra = {
        k: v
        for k, v in exclusions.items()
        if k not in problem.force_in and k not in problem.force_out
    }
    if not extra:
        return problem
    return dataclasses.replace(problem, force_out={**problem.force_out, **extra})


def keep_out_prices(
    arrays: ScoreArrays, values: FloatArray, problem: PortfolioProblem, optimum: float
) -> dict[str, float | None]:
    """For each initiative kept out, the value the portfolio would gain if it were let in
    (one solve without that force-out each); ``None`` when that solve finds no portfolio.
    Shown beside the reason, so a board sees what a Stop costs or saves."""
    from stocktake.engine.milp import build_model, solve_model
    from stocktake.engine.portfolio import DEFAULT_GAP, DEFAULT_TIME_LIMIT

    out: dict[str, float | None] = {}
    for iid in problem.force_out:
        freed = dataclasses.replace(
            problem, force_out={k: v for k, v in problem.force_out.items() if k != iid}
        )
        # the value only: no sentences about what binds, which would cost a solve each
        sol = solve_model(
            build_model(arrays, freed),
            values,
            time_limit=DEFAULT_TIME_LIMIT,
            mip_rel_gap=DEFAULT_GAP,
        )
        out[iid] = None if sol.value is None else max(0.0, sol.value - optimum)
    return out
