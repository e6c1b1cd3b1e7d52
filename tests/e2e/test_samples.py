"""The bundled samples: the clean one reads without a problem, the messy twin reads
the same entities and reports every planted fault at its cell."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from stocktake.cli import main
from stocktake.excel.reader import read_workbook
from stocktake.model import Workbook
from tests.conftest import SAMPLES

EXPECTED = json.loads(
    (Path(__file__).parents[1] / "data" / "messy_expected_problems.json").read_text(
        encoding="utf-8"
    )
)


@pytest.fixture(scope="module")
def clean() -> Workbook:
    return read_workbook(SAMPLES / "plan_for_change.xlsx")


@pytest.fixture(scope="module")
def messy() -> Workbook:
    return read_workbook(SAMPLES / "messy_layout.xlsx")


def _fields(record: Any) -> dict[str, Any]:
    """A record's content without its row number (the layouts differ on purpose)."""
    values = dataclasses.asdict(record)
    values.pop("row")
    values.pop("extra", None)  # unknown columns differ on purpose ("RAG comment")
    return values


def test_clean_sample_checks_with_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLES / "plan_for_change.xlsx")]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_clean_sample_has_the_content_a_mission_team_needs(clean: Workbook) -> None:
    counts = clean.counts()
    assert counts["missions"] == 5
    assert counts["metrics"] >= 10
    assert 60 <= counts["initiatives"] <= 120
    assert clean.financial_years == ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30"]
    horizons = {c.horizon.value for c in clean.criteria.values()}
    assert {"Milestone", "Ambition", "Deliverability"} <= horizons
    assert any(i.is_sensitive for i in clean.initiatives.values())
    assert any(i.depends_on for i in clean.initiatives.values())
    assert any(i.excludes for i in clean.initiatives.values())
    assert all(r.source for r in clean.readings)
    assert {k for k in clean.settings if k.startswith("budget:")} == {
        f"budget:{fy}" for fy in clean.financial_years
    }


def test_messy_twin_reads_the_same_entities(clean: Workbook, messy: Workbook) -> None:
    assert clean.counts() == EXPECTED["twin_counts"]
    planted_rows = {
        (p["sheet"], int("".join(ch for ch in p["cell"] if ch.isdigit())))
        for p in EXPECTED["problems"]
    }
    for kind in ("missions", "milestones", "metrics", "criteria", "initiatives"):
        ours: dict[str, Any] = getattr(clean, kind)
        theirs: dict[str, Any] = getattr(messy, kind)
        for ident, record in ours.items():
            assert ident in theirs, f"{kind} {ident} missing from the messy twin"
            assert _fields(theirs[ident]) == _fields(record), f"{kind} {ident} differs"
        sheet = messy.layouts[kind].sheet
        for ident in set(theirs) - set(ours):
            assert (sheet, theirs[ident].row) in planted_rows, f"unexpected {kind} {ident}"
    data = messy.layouts["readings"].sheet
    readings = [r for r in messy.readings if (data, r.row) not in planted_rows]
    assert sorted(map(_fields, readings), key=repr) == sorted(
        map(_fields, clean.readings), key=repr
    )
    assert {r.place for r in clean.readings} == {"", "England", "Scotland", "Wales", "London"}
    assert [_fields(d) for d in messy.decisions] == [_fields(d) for d in clean.decisions]
    assert sorted(map(_fields, messy.csf_scores), key=repr) == sorted(
        map(_fields, clean.csf_scores), key=repr
    )
    funding_sheet = messy.layouts["funding"].sheet
    pots = [p for p in messy.funding_pots if (funding_sheet, p.row) not in planted_rows]
    assert sorted(map(_fields, pots), key=repr) == sorted(
        map(_fields, clean.funding_pots), key=repr
    )
    assert [_fields(e) for e in messy.evaluations] == [_fields(e) for e in clean.evaluations]
    assert clean.funding_pots and clean.evaluations


def test_messy_twin_reports_every_planted_fault_by_cell(messy: Workbook) -> None:
    found = {(p.sheet, p.cell): str(p.severity) for p in messy.problems}
    for planted in EXPECTED["problems"]:
        place = (planted["sheet"], planted["cell"])
        assert place in found, f"not reported: {planted['what']} at {place}"
        assert found[place] == planted["severity"], planted["what"]
    # ...and nothing else: every problem reported was planted.
    assert set(found) == {(p["sheet"], p["cell"]) for p in EXPECTED["problems"]}


def test_messy_twin_keeps_unknown_sheets_and_columns(messy: Workbook) -> None:
    for sheet in EXPECTED["unknown_sheets"]:
        assert sheet in messy.unrecognised_sheets
    by_sheet = {layout.sheet: set(layout.unknown_columns) for layout in messy.layouts.values()}
    for sheet, columns in EXPECTED["unknown_columns"].items():
        assert set(columns) <= by_sheet[sheet]
