"""The newer input tables: Funding pots, Evaluations, and the initiatives' pot, place and
stage-since columns, the CSF date; synonyms accepted and bad cells named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stocktake.app.funding import funding_of
from stocktake.excel.programme_builders import parse_pot_split
from stocktake.excel.reader import read_workbook
from tests.workbooks import CRITERIA, MISSIONS, build

INITS = [
    [
        "Initiative ID",
        "Mission ID",
        "Initiative",
        "Cost 2025-26 (£m)",
        "Budget line",
        "Nations",
        "In stage since",
    ],
    ["I-1", "M1", "Homes", 10, "DLUHC-CAP", "England", dt.date(2025, 4, 1)],
    ["I-2", "M1", "Skills", 5, "DLUHC-CAP 60%; DFE-RES 40%", "England; Wales", None],
    ["I-3", "M2", "Clinics", 7, "NOPE", "Scotland", None],
    ["I-4", "M2", "Beds", 4, "DFE-RES 70%; DLUHC-CAP 50%", "", None],
]
FUNDING = [
    ["Funding settlement 2025", None],
    [],
    ["Pot", "Name", "Dept", "CDEL or RDEL", "FY", "Allocation (£m)", "Ring-fenced", "Carry-over"],
    ["DLUHC-CAP", "Housing capital", "MHCLG", "Capital", "2025-26", 12, "Ring-fenced", "10%"],
    ["DFE-RES", "Skills resource", "DfE", "Resource", "2025/26", "£8m", "Pooled", 0.25],
    ["DFE-RES", "Skills resource", "DfE", "Resource", "2025-26", 9, "Pooled", 0],
    ["DFE-RES", "Skills resource", "DfE", "Resource", "next year", 9, "Pooled", 0],
    ["DHSC-RES", "Health resource", "DHSC", "Resource", "2025-26", 9, "maybe", 150],
]


def test_funding_pots_and_shares_are_read_with_problems_at_their_cells(tmp_path: Path) -> None:
    path = build(
        tmp_path / "f.xlsx",
        {"Missions": MISSIONS, "Criteria": CRITERIA, "Projects": INITS, "Funding pots": FUNDING},
    )
    wb = read_workbook(path)
    pots = {(p.pot_id, p.year): p for p in wb.funding_pots}
    assert set(pots) == {("DLUHC-CAP", "2025-26"), ("DFE-RES", "2025-26"), ("DHSC-RES", "2025-26")}
    cap = pots["DLUHC-CAP", "2025-26"]
    assert (cap.envelope, cap.pooled, cap.flexibility, cap.label) == (
        12.0,
        False,
        0.1,
        "Housing capital",
    )
    res = pots["DFE-RES", "2025-26"]
    assert (res.envelope, res.pooled, res.flexibility) == (8.0, True, 0.25)
    health = pots["DHSC-RES", "2025-26"]
    assert (health.pooled, health.flexibility) == (False, 0.0)
    said = {(p.sheet, p.cell): p.message for p in wb.problems}
    assert "already has a 2025-26 envelope (row 5)" in said["Funding pots", "E6"]
    assert "expected a financial year such as 2025-26" in said["Funding pots", "E7"]
    assert "expected Pooled or Ring-fenced" in said["Funding pots", "G8"]
    assert "expected a share of the year's envelope from 0% to 100%" in said["Funding pots", "H8"]
    inits = wb.initiatives
    assert inits["I-1"].funding == {"DLUHC-CAP": 1.0}
    assert inits["I-2"].funding == pytest.approx({"DLUHC-CAP": 0.6, "DFE-RES": 0.4})
    assert inits["I-3"].funding == {}
    assert "NOPE is not on the Funding sheet" in said["Projects", "E4"]
    assert inits["I-4"].funding == {}
    assert "add up to 120%, more than 100%" in said["Projects", "E5"]
    assert inits["I-2"].places == ("England", "Wales")
    assert inits["I-1"].stage_since == dt.date(2025, 4, 1)
    funding = funding_of(wb)
    assert funding is not None and funding.pooled == frozenset({"DFE-RES"})


def test_evaluations_and_csf_dates_are_read(tmp_path: Path) -> None:
    inits = [["Initiative ID", "Mission ID", "Initiative"], ["I-1", "M1", "Homes"]]
    evaluations = [
        [
            "Initiative",
            "Hypothesis",
            "Outcome measure",
            "What success looks like",
            "Decide by",
            "Findings",
            "Next step",
        ],
        ["I-1", "Do grants speed up starts?", "Starts per quarter", "+10%", "31/03/2026", "", ""],
        ["I-9", "Unknown", "", "", "", "", ""],
    ]
    csf = [
        ["Mission ID", "Factor", "Score", "Evidence", "Assessment date"],
        ["M1", "Teams and accountabilities", 3, "SRO in post", dt.date(2025, 6, 30)],
    ]
    path = build(
        tmp_path / "e.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": inits,
            "Test and learn": evaluations,
            "CSF": csf,
        },
    )
    wb = read_workbook(path)
    assert len(wb.evaluations) == 1
    e = wb.evaluations[0]
    assert (e.initiative_id, e.measure, e.threshold, e.decision_date) == (
        "I-1",
        "Starts per quarter",
        "+10%",
        dt.date(2026, 3, 31),
    )
    said = {(p.sheet, p.cell): p.message for p in wb.problems}
    assert "'I-9', which is not on the initiatives sheet" in said["Test and learn", "A3"]
    assert wb.csf_scores[0].date == dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("cell", "shares"),
    [
        ("P1", {"P1": 1.0}),
        ("P1 60%; P2 40%", {"P1": 0.6, "P2": 0.4}),
        ("P1: 25%", {"P1": 0.25}),
        ("P1 50%\nP1 25%", {"P1": 0.75}),
    ],
)
def test_pot_split_cells(cell: str, shares: dict[str, float]) -> None:
    assert parse_pot_split(cell) == pytest.approx(shares)


def test_a_split_without_shares_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match="'P2' has no share"):
        parse_pot_split("P1 50%; P2")
