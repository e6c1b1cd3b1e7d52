"""`stocktake explain` and the fuller `optimise`: what a person reads about one initiative,
checked against the engine answers it is made of (re-solved here, not copied)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from stocktake import engine
from stocktake.app.document import Document
from stocktake.cli import EXIT_OK, EXIT_PROBLEMS, main
from stocktake.engine.milp import build_model, solve_model
from tests.conftest import SAMPLES

PLAN = SAMPLES / "plan_for_change.xlsx"


@pytest.fixture(scope="module")
def doc() -> Document:
    return Document.open(PLAN)


def _json(capfd: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    out = capfd.readouterr().out
    assert out.count("\n") == 1
    return json.loads(out)  # type: ignore[no-any-return]


def _optimum(arrays: engine.ScoreArrays, values, problem) -> float:  # type: ignore[no-untyped-def]
    sol = solve_model(build_model(arrays, problem), values, time_limit=10, mip_rel_gap=1e-9)
    assert sol.value is not None
    return sol.value


def test_explain_one_initiative_shows_the_working_and_adds_up(
    doc: Document, capfd: pytest.CaptureFixture[str]
) -> None:
    iid = "I-018"
    assert main(["explain", str(PLAN), "--initiative", iid, "--json"]) == EXIT_OK
    obj = _json(capfd)["initiative"]
    assert obj["name"] == doc.workbook.initiatives[iid].name
    w = obj["working"]
    for group, key in (("Milestone", "near_term"), ("Ambition", "long_term")):
        points = sum(t["contribution"] for t in w["terms"] if t["group"] == group)
        assert points == pytest.approx(w[key])
    lam = w["balance"]
    assert w["overall"] == pytest.approx(lam * w["near_term"] + (1 - lam) * w["long_term"])
    assert w["risk_adjusted_value"] == pytest.approx(w["overall"] * w["deliverability"] / 100)


def test_explain_switching_balance_really_switches(
    doc: Document, capfd: pytest.CaptureFixture[str]
) -> None:
    """Just beyond the reported balance the initiative's top-10 membership is reversed,
    just before it, it is not (scored afresh)."""
    arrays = engine.arrays_from_workbook(doc.workbook)
    main(["explain", str(PLAN), "--json"])
    rows = _json(capfd)["initiatives"]
    checked = 0
    for r in rows:
        for side, step in (("top_set_balance_below", -1e-6), ("top_set_balance_above", 1e-6)):
            x = r[side]
            if x is None or not 0 < x + step < 1:
                continue
            i = arrays.index(r["id"])
            inside = engine.score(arrays, x - step).rank[i] <= 10
            beyond = engine.score(arrays, x + step).rank[i] <= 10
            assert inside == r["in_top_set"] and beyond != r["in_top_set"], (r["id"], side)
            checked += 1
    assert checked >= 10


def test_explain_price_matches_a_fresh_solve(
    doc: Document, capfd: pytest.CaptureFixture[str]
) -> None:
    arrays = engine.arrays_from_workbook(doc.workbook)
    problem = doc.effective_problem()
    values = engine.score(arrays, doc.balance).value
    base = _optimum(arrays, values, problem)
    for iid in ("I-018", "I-019"):
        main(["explain", str(PLAN), "--initiative", iid, "--json"])
        port = _json(capfd)["initiative"]["portfolio"]
        if port["chosen"]:
            alt = dataclasses.replace(problem, force_out={**problem.force_out, iid: "t"})
            assert port["price"]["kind"] == "force out"
        else:
            alt = dataclasses.replace(problem, force_in={**problem.force_in, iid: "t"})
            assert port["price"]["kind"] == "force in"
            assert port["reason"]
        assert port["price"]["points"] == pytest.approx(
            base - _optimum(arrays, values, alt), abs=0.5
        )


def test_explain_human_output_names_and_reasons(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(PLAN), "--initiative", "I-018"]) == EXIT_OK
    out = capfd.readouterr().out
    assert out.startswith("I-018 Productivity diagnostic for city regions")
    assert "Not chosen. Why: budget" in out and "forcing it in would cost" in out
    assert "Weight of C" in out or "No single swing weight" in out


def test_explain_unknown_initiative_is_a_plain_error(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(PLAN), "--initiative", "I-999"]) == EXIT_PROBLEMS
    err = capfd.readouterr().err
    assert "no initiative with ID I-999" in err and "Traceback" not in err


def test_optimise_lists_every_initiative_with_a_reason_and_prices(
    doc: Document, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main(["optimise", str(PLAN), "--force-in", "I-018", "--json"]) == EXIT_OK
    obj = _json(capfd)
    rows = obj["initiatives"]
    assert sorted(r["id"] for r in rows) == sorted(doc.workbook.initiatives)
    assert {r["id"] for r in rows if r["chosen"]} == set(obj["chosen"])
    out = [r for r in rows if not r["chosen"]]
    assert out and all(r["reason"] and r["name"] for r in out)
    assert obj["bound"] >= obj["value"]
    kinds = {r["reason_kind"] for r in out}
    assert {"decision", "exclusion", "dependency", "budget"} <= kinds
    for r in out:  # each dependency reason names an item that is indeed not chosen
        if r["reason_kind"] == "dependency":
            needed = r["reason"].split("needs ")[1].split(",")[0]
            assert needed not in obj["chosen"]
    [price] = obj["force_in_prices"]
    assert price["id"] == "I-018" and price["price"] > 0
    arrays = engine.arrays_from_workbook(doc.workbook)
    values = engine.score(arrays, doc.balance).value
    problem = doc.effective_problem()
    free = _optimum(arrays, values, problem)
    assert price["price"] == pytest.approx(free - obj["value"], abs=0.5)
