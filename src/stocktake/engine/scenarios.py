"""Named scenarios (weights, balance, cut lines, envelopes, forced items) compared side by side.

Why: boards argue in scenarios ("milestone first", "long-term heavy", "flat cash").
A scenario is small data that is saved in the workbook's settings as JSON under the key
``scenario:<name>``, so a reviewer's copy carries it; comparing them shows what enters,
what leaves and the value of each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from stocktake.engine.arrays import ScoreArrays
from stocktake.engine.matrix import CutLines, Quadrant, quadrants
from stocktake.engine.portfolio import DEFAULT_GAP, DEFAULT_TIME_LIMIT, PortfolioResult, optimise
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scoring import DEFAULT_BALANCE, ScoreTable, check_balance, score

SETTING_PREFIX = "scenario:"


@dataclass(frozen=True, slots=True)
class Scenario:
    """One named what-if. ``weights`` overrides the workbook's swing weights by criterion ID."""

    name: str
    balance: float = DEFAULT_BALANCE
    weights: Mapping[str, float] = field(default_factory=dict)
    cuts: CutLines = field(default_factory=CutLines)
    problem: PortfolioProblem = field(default_factory=PortfolioProblem)
    risk_adjusted: bool = False

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a scenario needs a name")
        check_balance(self.balance)

    @property
    def setting_key(self) -> str:
        return SETTING_PREFIX + self.name

    def to_json(self) -> str:
        """Compact, stable JSON (sorted keys) for a settings cell."""
        p = self.problem
        return json.dumps(
            {
                "balance": self.balance,
                "weights": dict(self.weights),
                "cuts": [self.cuts.near_term, self.cuts.long_term],
                "budgets": dict(p.budgets),
                "fte_cap": p.fte_cap,
                "force_in": dict(p.force_in),
                "force_out": dict(p.force_out),
                "max_per_mission": p.max_per_mission,
                "mission_caps": dict(p.mission_caps),
                "min_long_term_share": p.min_long_term_share,
                "risk_adjusted": self.risk_adjusted,
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, name: str, text: str) -> Scenario:
        """Read a scenario back; missing keys take their defaults, unknown keys are ignored."""
        d = json.loads(text)
        if not isinstance(d, dict):
            raise ValueError(f"scenario {name!r} is not a JSON object")
        cuts = d.get("cuts") or [50.0, 50.0]
        return cls(
            name=name,
            balance=float(d.get("balance", DEFAULT_BALANCE)),
            weights={str(k): float(v) for k, v in (d.get("weights") or {}).items()},
            cuts=CutLines(float(cuts[0]), float(cuts[1])),
            problem=PortfolioProblem(
                budgets={str(k): float(v) for k, v in (d.get("budgets") or {}).items()},
                fte_cap=None if d.get("fte_cap") is None else float(d["fte_cap"]),
                force_in={str(k): str(v) for k, v in (d.get("force_in") or {}).items()},
                force_out={str(k): str(v) for k, v in (d.get("force_out") or {}).items()},
                max_per_mission=(
                    None if d.get("max_per_mission") is None else int(d["max_per_mission"])
                ),
                mission_caps={str(k): int(v) for k, v in (d.get("mission_caps") or {}).items()},
                min_long_term_share=(
                    None
                    if d.get("min_long_term_share") is None
                    else float(d["min_long_term_share"])
                ),
            ),
            risk_adjusted=bool(d.get("risk_adjusted", False)),
        )


@dataclass(frozen=True, slots=True, eq=False)
class ScenarioOutcome:
    scenario: Scenario
    table: ScoreTable
    quadrants: tuple[Quadrant, ...]
    portfolio: PortfolioResult


@dataclass(frozen=True, slots=True)
class ScenarioDiff:
    """How a scenario differs from the base one."""

    name: str
    entering: tuple[str, ...]
    leaving: tuple[str, ...]
    value: float | None
    base_value: float | None


def evaluate(
    arrays: ScoreArrays,
    scenario: Scenario,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    mip_rel_gap: float = DEFAULT_GAP,
) -> ScenarioOutcome:
    """Score and optimise one scenario."""
    a = arrays.with_weights(scenario.weights) if scenario.weights else arrays
    table = score(a, scenario.balance, scenario.risk_adjusted)
    result = optimise(
        a, table.value, scenario.problem, time_limit=time_limit, mip_rel_gap=mip_rel_gap
    )
    return ScenarioOutcome(scenario, table, tuple(quadrants(a, scenario.cuts)), result)


def compare(
    arrays: ScoreArrays,
    scenarios: Iterable[Scenario],
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    mip_rel_gap: float = DEFAULT_GAP,
) -> tuple[list[ScenarioOutcome], list[ScenarioDiff]]:
    """Evaluate each scenario; diff each against the first (the base).

    Values are each scenario's own (its weights and balance), so a difference in value
    mixes a different choice with a different yardstick; entering/leaving is the like-for-like part.
    """
    outcomes = [
        evaluate(arrays, s, time_limit=time_limit, mip_rel_gap=mip_rel_gap) for s in scenarios
    ]
    if not outcomes:
        return [], []
    base = outcomes[0].portfolio
    base_set = set(base.chosen)
    diffs = []
    for o in outcomes:
        now = set(o.portfolio.chosen)
        diffs.append(
            ScenarioDiff(
                name=o.scenario.name,
                entering=tuple(i for i in arrays.ids if i in now - base_set),
                leaving=tuple(i for i in arrays.ids if i in base_set - now),
                value=o.portfolio.value,
                base_value=base.value,
            )
        )
    return outcomes, diffs
