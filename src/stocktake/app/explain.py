"""One initiative's figures and what would change them, for ``stocktake explain``.

Why in the application layer: the working of a value (engine ``explain``), its
switching values (engine ``sensitivity``), the optimal portfolio with the reason for
each item out (:mod:`stocktake.app.choices`) and the price of reversing its membership
are separate engine answers; a board reads them as one story about one initiative.
Composing them here keeps the command line a formatter and lets the window reuse it.

"Top set" is the top ``k`` by value (10 by default, as on the matrix). The portfolio
is the optimal one for the workbook's saved plan (envelopes, caps, forced items and
decisions in force), as ``stocktake optimise`` solves it.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stocktake import engine
from stocktake.app.choices import Choice, choices
from stocktake.engine.milp import build_model, solve_model
from stocktake.engine.parametric import portfolio_path
from stocktake.engine.portfolio import DEFAULT_GAP, DEFAULT_TIME_LIMIT
from stocktake.engine.sensitivity import CriterionSwitch, balance_switch_of, weight_switches_of

if TYPE_CHECKING:
    from stocktake.app.document import Document

DEFAULT_TOP_K = 10
"""The top set the matrix marks and the switching values refer to."""
PATH_SECONDS = 10.0
"""Time allowed for the balances where the optimal portfolio changes (many solves on a
long list); past it they are reported as not worked out."""


@dataclass(frozen=True, slots=True)
class Price:
    """What reversing the initiative's place in the portfolio would cost or gain.

    ``kind``: ``force in`` (it is out; forcing it in changes the optimum by
    −``points``), ``force out`` (it is in; leaving it out costs ``points``), ``lift
    force-in`` / ``lift force-out`` (it is forced; lifting that would gain ``points``).
    ``points`` is None when the changed plan has no feasible portfolio.
    """

    kind: str
    points: float | None

    @property
    def words(self) -> str:
        if self.points is None:
            return {
                "force in": "forcing it in leaves no portfolio that meets the constraints",
                "force out": "leaving it out leaves no portfolio that meets the constraints",
            }.get(self.kind, "the plan without that forcing has no feasible portfolio")
        p = f"{self.points:,.2f} points of value"
        return {
            "force in": f"forcing it in would cost the portfolio {p}",
            "force out": f"leaving it out would cost the portfolio {p}",
            "lift force-in": f"the force-in costs the portfolio {p}",
            "lift force-out": f"keeping it out costs the portfolio {p}",
        }[self.kind]


@dataclass(frozen=True, slots=True)
class InitiativeExplanation:
    """Everything ``stocktake explain --initiative`` prints."""

    initiative_id: str
    name: str
    mission: str
    top_k: int
    working: engine.Explanation
    risk_adjusted_value: float
    """V × D / 100, shown even when ranking on V (the risk adjustment a board may ask for)."""
    top_set: engine.BalanceSwitch
    weights: tuple[tuple[CriterionSwitch, str], ...]
    """Each criterion's switching weights, with the criterion's name."""
    portfolio_status: str
    choice: Choice | None
    """Chosen or not and why (None when no portfolio was found)."""
    portfolio_switch: engine.PortfolioSwitch | None
    """Balances where it enters or leaves the optimal portfolio (None: not worked out)."""
    price: Price | None

    def as_json(self) -> dict[str, Any]:
        return _plain(self._json())

    def _json(self) -> dict[str, Any]:
        w = self.working
        return {
            "id": self.initiative_id,
            "name": self.name,
            "mission": self.mission,
            "top_k": self.top_k,
            "working": {
                **{k: v for k, v in dataclasses.asdict(w).items() if k != "terms"},
                "terms": [dataclasses.asdict(t) for t in w.terms],
                "risk_adjusted_value": self.risk_adjusted_value,
            },
            "top_set": {
                "in": self.top_set.in_top_k,
                "balance_below": self.top_set.below,
                "balance_above": self.top_set.above,
            },
            "weights": [{**dataclasses.asdict(s), "criterion": name} for s, name in self.weights],
            "portfolio": {
                "status": self.portfolio_status,
                "chosen": None if self.choice is None else self.choice.chosen,
                "reason": None if self.choice is None else self.choice.reason,
                "reason_kind": None if self.choice is None else self.choice.kind,
                "balance_below": None
                if self.portfolio_switch is None
                else self.portfolio_switch.below,
                "balance_above": None
                if self.portfolio_switch is None
                else self.portfolio_switch.above,
                "price": None
                if self.price is None
                else {"kind": self.price.kind, "points": self.price.points},
            },
        }


def _plain(data: Any) -> Any:
    """JSON-ready: numbers that are not finite become None (JSON has no NaN), enums their
    value, tuples lists; so a field added to the engine's working never breaks --json."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(v) for v in data]
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, enum.Enum):
        return _plain(data.value)
    if data is None or isinstance(data, str | int | bool):
        return data
    return str(data)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One line of ``stocktake explain`` without ``--initiative``."""

    initiative_id: str
    name: str
    rank: int
    value: float
    top_set: engine.BalanceSwitch
    choice: Choice | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.initiative_id,
            "name": self.name,
            "rank": self.rank,
            "value": round(self.value, 6),
            "in_top_set": self.top_set.in_top_k,
            "top_set_balance_below": self.top_set.below,
            "top_set_balance_above": self.top_set.above,
            "chosen": None if self.choice is None else self.choice.chosen,
            "reason": None if self.choice is None else self.choice.reason,
        }


def kept_out_by_person(doc: Document, problem: engine.PortfolioProblem) -> dict[str, str]:
    """The force-outs a person gave (the rest of ``problem.force_out`` are decisions')."""
    by_decision = doc.exclusions()
    return {
        k: v for k, v in problem.force_out.items() if k not in by_decision or v != by_decision[k]
    }


def portfolio_choices(
    doc: Document,
    arrays: engine.ScoreArrays,
    table: engine.ScoreTable,
    problem: engine.PortfolioProblem,
    result: engine.PortfolioResult,
) -> dict[str, Choice]:
    """Why each initiative is in or out of ``result``, by ID (empty: no portfolio)."""
    if result.value is None:
        return {}
    person = kept_out_by_person(doc, problem)
    decided = {k: v for k, v in problem.force_out.items() if k not in person}
    rows = choices(arrays, table, result.chosen_mask, person, decided, problem)
    return {c.initiative_id: c for c in rows}


def _solve_value(
    arrays: engine.ScoreArrays, values: Any, problem: engine.PortfolioProblem
) -> float | None:
    sol = solve_model(
        build_model(arrays, problem),
        values,
        time_limit=DEFAULT_TIME_LIMIT,
        mip_rel_gap=DEFAULT_GAP,
    )
    return sol.value


def membership_price(
    arrays: engine.ScoreArrays,
    values: Any,
    problem: engine.PortfolioProblem,
    initiative_id: str,
    chosen: bool,
    optimum: float,
) -> Price:
    """One extra solve: the optimum with the initiative's place reversed (or its forcing
    lifted), against ``optimum``. Differences within the solver's gap are noise, so a
    price is never below 0."""
    if initiative_id in problem.force_in:
        kind, alt = "lift force-in", problem.without_force_in(initiative_id)
    elif initiative_id in problem.force_out:
        kind = "lift force-out"
        alt = dataclasses.replace(
            problem, force_out={k: v for k, v in problem.force_out.items() if k != initiative_id}
        )
    elif chosen:
        kind = "force out"
        alt = dataclasses.replace(
            problem, force_out={**problem.force_out, initiative_id: "explain"}
        )
    else:
        kind = "force in"
        alt = dataclasses.replace(problem, force_in={**problem.force_in, initiative_id: "explain"})
    other = _solve_value(arrays, values, alt)
    if other is None:
        return Price(kind, None)
    gain = other - optimum if kind.startswith("lift") else optimum - other
    return Price(kind, max(0.0, gain))


def explain_initiative(
    doc: Document,
    arrays: engine.ScoreArrays,
    initiative_id: str,
    *,
    balance: float,
    risk_adjusted: bool = False,
    top_k: int = DEFAULT_TOP_K,
    problem: engine.PortfolioProblem | None = None,
    path_seconds: float = PATH_SECONDS,
) -> InitiativeExplanation:
    """The working, switching values, portfolio place and price of one initiative.

    The balances where its portfolio membership changes come from the parametric path
    (two solves or so per change of portfolio, each proven exactly); past
    ``path_seconds`` that search stops and they are reported as not worked out.
    Raises KeyError (naming the ID) when the workbook has no such initiative.
    """
    i = arrays.index(initiative_id)
    k = max(1, min(top_k, arrays.n))
    problem = doc.effective_problem() if problem is None else problem
    working = engine.explain(arrays, initiative_id, balance, risk_adjusted)
    table = engine.score(arrays, balance, risk_adjusted)
    top = balance_switch_of(arrays, initiative_id, balance, k, risk_adjusted)
    names = dict(zip(arrays.criteria, arrays.criterion_names, strict=True))
    weights = tuple(
        (s, names[s.criterion_id])
        for s in weight_switches_of(arrays, initiative_id, balance, k, risk_adjusted)
    )
    result = engine.optimise(arrays, table.value, problem, binding=False)
    choice = portfolio_choices(doc, arrays, table, problem, result).get(initiative_id)
    switch = price = None
    if result.value is not None and choice is not None:
        price = membership_price(
            arrays, table.value, problem, initiative_id, choice.chosen, result.value
        )
        deadline = time.monotonic() + path_seconds
        path = portfolio_path(
            arrays,
            problem,
            risk_adjusted=risk_adjusted,
            time_limit=max(0.1, path_seconds / 4),
            progress=lambda _d, _t: time.monotonic() < deadline,
        )
        if path.segments and path.complete:
            switch = path.switching_values(balance, (initiative_id,))[0]
    init = doc.workbook.initiatives[initiative_id]
    return InitiativeExplanation(
        initiative_id=initiative_id,
        name=init.name,
        mission=arrays.missions[i],
        top_k=k,
        working=working,
        risk_adjusted_value=working.overall * working.deliverability / 100.0,
        top_set=top,
        weights=weights,
        portfolio_status=result.status,
        choice=choice,
        portfolio_switch=switch,
        price=price,
    )


def summary(
    doc: Document,
    arrays: engine.ScoreArrays,
    *,
    balance: float,
    risk_adjusted: bool = False,
    top_k: int = DEFAULT_TOP_K,
    problem: engine.PortfolioProblem | None = None,
) -> tuple[str, list[SummaryRow]]:
    """(portfolio status, one row per initiative in rank order): one solve in all."""
    k = max(1, min(top_k, arrays.n))
    problem = doc.effective_problem() if problem is None else problem
    table = engine.score(arrays, balance, risk_adjusted)
    tops = engine.balance_switching_values(arrays, balance, k, risk_adjusted)
    result = engine.optimise(arrays, table.value, problem, binding=False)
    why = portfolio_choices(doc, arrays, table, problem, result)
    inits = doc.workbook.initiatives
    rows = [
        SummaryRow(
            arrays.ids[i],
            inits[arrays.ids[i]].name if arrays.ids[i] in inits else "",
            int(table.rank[i]),
            float(table.value[i]),
            tops[i],
            why.get(arrays.ids[i]),
        )
        for i in (int(r) for r in table.order)
    ]
    return result.status, rows
