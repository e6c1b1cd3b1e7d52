"""Conflict sentences name an irreducible conflicting set, checked by brute force.

Each reported set of constraints, alone, admits no portfolio; without any one member it
admits one; and the sentence names exactly the members (their IDs, years, caps).
"""

from __future__ import annotations

import dataclasses
import re

from hypothesis import HealthCheck, given, settings

from stocktake.engine import build_arrays, optimise, values_at
from stocktake.engine.problem import PortfolioProblem as Problem
from stocktake.model import Initiative
from tests.engine.factories import YEARS
from tests.engine.oracle import CRITERIA, exhaustive_best, portfolio_instances


def _only(
    inits: list[Initiative], problem: Problem, keys: set[str]
) -> tuple[list[Initiative], Problem]:
    """The instance keeping only the constraints named by ``keys``."""
    missions = {k.removeprefix("mission cap ") for k in keys if k.startswith("mission cap ")}
    caps = {m: problem.cap_for(m) for m in missions}
    kept = Problem(
        budgets={y: b for y, b in problem.budgets.items() if f"budget {y}" in keys},
        fte_cap=problem.fte_cap if "fte" in keys else None,
        force_in={i: r for i, r in problem.force_in.items() if f"force-in {i}" in keys},
        force_out={i: r for i, r in problem.force_out.items() if f"force-out {i}" in keys},
        mission_caps={m: c for m, c in caps.items() if c is not None},
        min_long_term_share=problem.min_long_term_share if "long-term share" in keys else None,
    )
    pairs = {
        frozenset(k.removeprefix("excludes ").split(" / "))
        for k in keys
        if k.startswith("excludes ")
    }
    out = [
        dataclasses.replace(
            x,
            depends_on=tuple(d for d in x.depends_on if f"depends {x.id} on {d}" in keys),
            excludes=tuple(e for e in x.excludes if frozenset((x.id, e)) in pairs),
        )
        for x in inits
    ]
    return out, kept


def _holds(inits: list[Initiative], problem: Problem) -> bool:
    best, _ = exhaustive_best(inits, {i.id: 0.0 for i in inits}, problem, CRITERIA)
    return best is not None


def _named(key: str) -> set[str]:
    """What a sentence must mention to name this constraint."""
    if key.startswith("budget "):
        return {key.removeprefix("budget ")}
    if key == "fte":
        return {"FTE"}
    if key.startswith("mission cap "):
        return {f"mission {key.removeprefix('mission cap ')}"}
    if key == "long-term share":
        return {"long-term-led"}
    return set(re.findall(r"I-\d{3}", key))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=9))
def test_each_conflict_is_irreducible_and_named_exactly(
    instance: tuple[list[Initiative], Problem],
) -> None:
    inits, problem = instance
    arrays = build_arrays(inits, CRITERIA, YEARS)
    result = optimise(arrays, values_at(arrays, 0.5), problem)
    if _holds(inits, problem):
        assert result.conflicts == ()
        return
    assert result.status == "infeasible" and result.conflicts
    for conflict in result.conflicts:
        keys = set(conflict.constraints)
        assert len(keys) == len(conflict.constraints)
        assert not _holds(*_only(inits, problem, keys)), conflict.message
        for k in keys:
            assert _holds(*_only(inits, problem, keys - {k})), (k, conflict.message)
        mentioned = set(re.findall(r"I-\d{3}", conflict.message))
        assert mentioned == set().union(*(_named(k) for k in keys if "I-" in k)), conflict
        for k in keys:
            assert all(word in conflict.message for word in _named(k)), (k, conflict)
        for year in YEARS:
            if f"budget {year}" not in keys:
                assert year not in conflict.message


def test_forced_items_over_an_envelope_are_one_conflict_with_the_amount() -> None:
    from tests.engine.factories import initiative, standard_criteria

    s = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5}
    inits = [
        initiative("I-003", s, (30.1,)),
        initiative("I-017", s, (22.2,), depends=("I-020",)),
        initiative("I-020", s, (0,)),
    ]
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    problem = Problem(budgets={"2025-26": 40.0}, force_in={"I-003": "manifesto", "I-017": ""})
    (c,) = optimise(arrays, values_at(arrays, 0.5), problem).conflicts
    # I-020 costs nothing here, so neither it nor the dependency on it is part of the conflict.
    assert set(c.constraints) == {"budget 2025-26", "force-in I-003", "force-in I-017"}
    assert c.message == (
        "These cannot all hold: the 2025-26 envelope of £40.0m must not be exceeded; "
        "I-003 is forced in (manifesto); and I-017 is forced in. "
        "Meeting the rest needs at least £52.3m in 2025-26."
    )
