"""`stocktake score` and `stocktake optimise`: clean JSON on stdout, exit codes, settings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from stocktake.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, main
from stocktake.model import Workbook
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "plan_for_change.xlsx"


@pytest.fixture
def fake_reader(monkeypatch: pytest.MonkeyPatch, small_workbook: Workbook) -> Workbook:
    """Serve the small model workbook for any path, as the reader would have built it."""
    from stocktake.app import document

    monkeypatch.setattr(
        document, "read", lambda path, progress=None, defer=(): (small_workbook, None)
    )
    return small_workbook


def _one_json(capfd: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    out = capfd.readouterr().out
    assert out.endswith("\n") and out.count("\n") == 1, "stdout must be exactly one JSON line"
    obj = json.loads(out)
    assert isinstance(obj, dict)
    return obj


def test_score_json_has_the_documented_shape(
    fake_reader: Workbook, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", "any.xlsx", "--json"]) == EXIT_OK
    obj = _one_json(capfd)
    assert obj["balance"] == 0.6  # from the workbook's settings
    rows = obj["initiatives"]
    assert [r["rank"] for r in rows] == list(range(1, len(fake_reader.initiatives) + 1))
    assert set(rows[0]) == {
        "id",
        "name",
        "mission",
        "near_term",
        "long_term",
        "deliverability",
        "value",
        "rank",
        "quadrant",
        "total_cost",
        "total_cost_pv",
        "value_for_money_pv",
        "optimism_bias",
        "optimism_bias_why",
    }
    values = [r["value"] for r in rows]
    assert values == sorted(values, reverse=True)
    top = rows[0]
    assert top["value"] == pytest.approx(0.6 * top["near_term"] + 0.4 * top["long_term"], abs=1e-5)


def test_score_balance_flag_wins_and_warnings_stay_off_stdout(
    fake_reader: Workbook, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", "any.xlsx", "--json", "--balance", "1", "--risk-adjusted"]) == EXIT_OK
    out, err = capfd.readouterr()
    obj = json.loads(out)
    assert obj["balance"] == 1.0
    first = obj["initiatives"][0]
    assert first["value"] == pytest.approx(
        first["near_term"] * first["deliverability"] / 100, abs=1e-5
    )
    assert "I-004 has no score for N2" in err


def test_optimise_json_is_one_object_and_solver_stays_silent(
    fake_reader: Workbook, capfd: pytest.CaptureFixture[str]
) -> None:
    code = main(["optimise", "any.xlsx", "--json", "--budget", "2026-27=20"])
    obj = _one_json(capfd)
    assert code == EXIT_OK
    assert set(obj) == {
        "status",
        "value",
        "gap",
        "chosen",
        "spend",
        "binding",
        "conflicts",
        "forced_in",
        "forced_out",
        "bound",
        "initiatives",
        "force_in_prices",
        "total_cost",
        "total_cost_pv",
        "spend_pv",
        "discount_rate",
        "price_base_year",
        "benefits",
    }
    assert obj["status"] == "optimal" and obj["gap"] <= 1e-4
    # Nominal and present value both, each the sum of the chosen initiatives' own.
    chosen = [i for i in obj["initiatives"] if i["chosen"]]
    assert obj["total_cost"] == pytest.approx(sum(obj["spend"].values()), abs=1e-5)
    assert obj["total_cost"] == pytest.approx(sum(i["total_cost"] for i in chosen), abs=1e-5)
    assert obj["total_cost_pv"] == pytest.approx(sum(obj["spend_pv"].values()), abs=1e-5)
    assert obj["total_cost_pv"] == pytest.approx(sum(i["total_cost_pv"] for i in chosen), abs=1e-5)
    assert obj["total_cost_pv"] < obj["total_cost"]  # later years discounted, no uplift
    assert obj["benefits"] is None  # the workbook gives no monetised benefits
    # Budget 2025-26 = 20 comes from the workbook settings, 2026-27 from the command line.
    assert obj["spend"]["2025-26"] <= 20 and obj["spend"]["2026-27"] <= 20
    assert obj["conflicts"] == []


def test_optimise_infeasible_exits_1_with_conflicts(
    fake_reader: Workbook, capfd: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "optimise",
            "any.xlsx",
            "--json",
            "--budget",
            "2025-26=5",
            "--force-in",
            "I-001",
            "--force-in",
            "I-002",
        ]
    )
    obj = _one_json(capfd)
    assert code == EXIT_PROBLEMS
    assert obj["status"] == "infeasible" and obj["chosen"] == [] and obj["value"] is None
    assert any("2025-26 envelope of £5.0m" in c for c in obj["conflicts"])


def test_optimise_unknown_id_is_a_plain_error(
    fake_reader: Workbook, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main(["optimise", "any.xlsx", "--json", "--force-in", "I-999"]) == EXIT_PROBLEMS
    obj = _one_json(capfd)
    assert "I-999" in obj["error"]


def test_optimise_human_output_lists_spend_against_envelope(
    fake_reader: Workbook, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main(["optimise", "any.xlsx"]) == EXIT_OK
    out = capfd.readouterr().out
    assert "2025-26" in out and "20.0" in out and "Chosen" in out


def test_unreadable_file_exits_2(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "not.xlsx"
    bad.write_text("not a workbook")
    assert main(["score", str(bad), "--json"]) == EXIT_UNREADABLE
    assert "refused" in _one_json(capfd)


def test_sample_workbook_scores_and_optimises(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SAMPLE), "--json"]) == EXIT_OK
    scored = _one_json(capfd)
    assert len(scored["initiatives"]) >= 60
    code = main(["optimise", str(SAMPLE), "--json"])
    obj = _one_json(capfd)
    assert code == EXIT_OK and obj["status"] in {"optimal", "feasible"}
    assert obj["chosen"]


def test_solver_writes_to_c_stdout_are_discarded(capfd: pytest.CaptureFixture[str]) -> None:
    """HiGHS printf's a debug line despite disp=False; the user must see it nowhere."""
    import os

    from stocktake.engine.milp import solver_silenced

    with solver_silenced(), solver_silenced():  # re-entrant, as parallel workers would be
        os.write(1, b"HighsMipSolverData::transformNewIntegerFeasibleSolution\n")
    os.write(1, b"after\n")
    out, err = capfd.readouterr()
    assert out == "after\n"
    assert err == ""


def test_a_solve_prints_nothing_on_stdout_or_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    """This knapsack made scipy 1.17's HiGHS printf its debug line when solved directly."""
    from scipy import sparse

    from stocktake.engine.milp import solve_binary

    rng = np.random.default_rng(0)
    n = 120
    value = rng.random(n) * 100
    a = rng.random((5, n)) * 10
    sol = solve_binary(
        value,
        sparse.csr_array(a),
        a.sum(axis=1) * 0.3,
        np.zeros(n),
        np.ones(n),
        time_limit=10.0,
        mip_rel_gap=1e-4,
    )
    assert sol.value is not None
    assert capfd.readouterr() == ("", "")


def test_score_json_gives_each_uplift_and_why_as_optimise_does(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The sample has initiatives with their own optimism-bias cell and with a Green Book
    project type: ``score --json`` says each one's uplift and reason, the same as
    ``optimise --json`` (the costs and value for money beside them include it)."""
    assert main(["score", str(SAMPLE), "--json"]) == EXIT_OK
    scored = {r["id"]: r for r in _one_json(capfd)["initiatives"]}
    assert main(["optimise", str(SAMPLE), "--json"]) == EXIT_OK
    optimised = {r["id"]: r for r in _one_json(capfd)["initiatives"]}
    assert scored.keys() == optimised.keys()
    for iid, row in scored.items():
        assert row["optimism_bias"] == optimised[iid]["optimism_bias"]
        assert row["optimism_bias_why"] == optimised[iid]["optimism_bias_why"]
    uplifted = [r for r in scored.values() if r["optimism_bias"] > 0]
    assert any("own Optimism bias cell" in r["optimism_bias_why"] for r in uplifted)
    assert any("Outsourcing" in r["optimism_bias_why"] for r in uplifted)
    assert all(
        r["optimism_bias_why"].startswith("none")
        for r in scored.values()
        if r["optimism_bias"] == 0
    )
