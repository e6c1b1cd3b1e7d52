"""The reader on small workbooks built for each behaviour a user relies on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stocktake.excel.reader import ReadCancelled, read_deferred, read_workbook
from stocktake.model import DCA, Classification, Stage
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives


def problems_at(wb: Any) -> dict[str, tuple[str, str]]:
    return {p.place: (str(p.severity), p.message) for p in wb.problems}


def test_clean_workbook_reads_every_field(tmp_path: Path) -> None:
    path = build(
        tmp_path / "clean.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(
                [
                    "I-1",
                    "M1",
                    "Planning fast-track",
                    "Amber/Green",
                    "Scale",
                    1.5,
                    2,
                    4,
                    2,
                    "OFFICIAL-SENSITIVE",
                    "",
                ],
                ["I-2", "M2", "Elective hubs", "Red", "Test", 3, 4.25, 1, 5, "", "I-1"],
            ),
        },
    )
    wb = read_workbook(path)
    assert wb.problems == []
    i1, i2 = wb.initiatives["I-1"], wb.initiatives["I-2"]
    assert i1.dca is DCA.AMBER_GREEN and i1.stage is Stage.SCALE
    assert i1.costs == {"2025-26": 1.5, "2026-27": 2.0} and i1.total_cost == 3.5
    assert i1.scores == {"C1": 4.0, "C2": 2.0}
    assert i1.classification is Classification.OFFICIAL_SENSITIVE
    assert i2.classification is Classification.OFFICIAL and i2.depends_on == ("I-1",)
    assert wb.financial_years == ["2025-26", "2026-27"]
    layout = wb.layouts["initiatives"]
    assert str(layout.cell(i2.row, "score:C2")) == "Initiatives!I3"


def test_messy_layout_reads_the_same_values(tmp_path: Path) -> None:
    """Title rows, merged banner, synonyms, text numbers, a table and a hidden sheet."""
    path = build(
        tmp_path / "messy.xlsx",
        {
            "Mission list": [["Our missions"], [], *MISSIONS],
            "Scoring criteria": [
                ["Criteria (OFFICIAL)"],
                ["ID", "Criterion", "Group", "Swing weight", "Score range"],
                ["C1", "Homes", "near-term", "60", "0 to 5"],
                ["C2", "Growth", "Long term", " 40 ", "0-5"],
            ],
            "Interventions": [
                ["Stock-take 2025"],
                ["", "", "", "", "Costs"],
                [
                    "Ref",
                    "Mission",
                    "Programme",
                    "RAG",
                    "Status",
                    "2025/26 cost",
                    "cost_2026_27",
                    "C1 score",
                    "C2",
                    "Marking",
                    "Dependencies",
                    "RAG comment",
                ],
                [
                    "I-1",
                    "M1",
                    "Planning fast-track",
                    "amber-green",
                    "scaling",
                    "£1.5m",
                    "2",
                    " 4 ",
                    2,
                    "OS",
                    None,
                    "fine",
                ],
                [],
                [
                    "I-2",
                    "M2",
                    "Elective hubs",
                    "R",
                    "pilot",
                    "£3m",
                    None,
                    "1",
                    "5",
                    "",
                    "I-1",
                    None,
                ],
                ["Source: illustrative figures"],
            ],
            "Data": [["Metric ID", "Date", "Value"]],
        },
        merges={"Interventions": [(1, 5, 1, 6, "Costs (£m)")]},
        formulas={"Interventions": [(5, 6, "=2+2.25", 4.25)]},
        hidden=("Data",),
    )
    wb = read_workbook(path)
    assert [p for p in wb.problems if p.is_error] == []
    i1, i2 = wb.initiatives["I-1"], wb.initiatives["I-2"]
    assert i1.dca is DCA.AMBER_GREEN and i1.stage is Stage.SCALE
    assert i1.costs == {"2025-26": 1.5, "2026-27": 2.0}
    assert i2.costs == {"2025-26": 3.0, "2026-27": 4.25}
    assert i1.scores == {"C1": 4.0, "C2": 2.0} and i2.scores == {"C1": 1.0, "C2": 5.0}
    assert i1.classification is Classification.OFFICIAL_SENSITIVE
    assert i1.extra == {} and wb.layouts["initiatives"].unknown_columns == {"RAG comment": 11}
    assert wb.layouts["initiatives"].header_row == 3
    assert wb.criteria["C1"].weight == 60 and wb.criteria["C2"].weight == 40


def test_each_bad_cell_is_reported_at_its_place_and_the_rest_loads(tmp_path: Path) -> None:
    path = build(
        tmp_path / "bad.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(
                ["I-1", "M1", "Good", "Green", "Test", 1, 1, 3, 3, "", ""],
                ["I-2", "M9", "Unknown mission", "Green", "Test", 1, 1, 3, 3, "", ""],
                ["I-1", "M1", "Duplicate", "Green", "Test", 1, 1, 3, 3, "", ""],
                ["I-3", "M1", "Bad bits", "Purple", "Test", "twelve", 1, 7, 2, "", "I-99"],
                ["I-4", "M1", None, "Green", "Test", 1, 1, 3, 3, "", ""],
                ["I-5", "M2", "Fine too", "Amber", "Idea", 1, 1, 0, 5, "", "I-3; I-1"],
            ),
            "Readings": [["Metric ID", "Date", "Value"], ["MT1", "31/02/2027", 5]],
        },
    )
    wb = read_workbook(path)
    found = problems_at(wb)
    assert found["Initiatives!B3"][0] == "error" and "M9" in found["Initiatives!B3"][1]
    assert (
        found["Initiatives!A4"][0] == "error"
        and "first at Initiatives!A2" in found["Initiatives!A4"][1]
    )
    assert found["Initiatives!D5"] == ("warning", found["Initiatives!D5"][1])
    assert "Purple" in found["Initiatives!D5"][1]
    assert found["Initiatives!F5"][0] == "warning" and "twelve" in found["Initiatives!F5"][1]
    assert (
        found["Initiatives!H5"][0] == "warning"
        and "outside the scale" in found["Initiatives!H5"][1]
    )
    assert found["Initiatives!K5"][0] == "warning" and "I-99" in found["Initiatives!K5"][1]
    assert found["Initiatives!C6"][0] == "error" and "missing" in found["Initiatives!C6"][1]
    assert found["Readings!B2"][0] == "error" and "not a real date" in found["Readings!B2"][1]
    assert sorted(wb.initiatives) == ["I-1", "I-3", "I-5"]
    i3 = wb.initiatives["I-3"]
    assert i3.dca is None and i3.costs == {"2026-27": 1.0} and i3.scores["C1"] is None
    assert i3.depends_on == ()
    assert wb.initiatives["I-5"].depends_on == ("I-3", "I-1")


def test_formula_errors_and_uncalculated_formulas_are_named(tmp_path: Path) -> None:
    path = build(
        tmp_path / "f.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(
                ["I-1", "M1", "A", "Green", "Test", None, 1, 3, 3, "", ""],
                ["I-2", "M1", "B", "Green", "Test", None, 1, 3, 3, "", ""],
            ),
        },
        formulas={"Initiatives": [(1, 5, "=1/0", "#DIV/0!"), (2, 5, "=SUM(X1)", "")]},
    )
    found = problems_at(read_workbook(path))
    assert "#DIV/0!" in found["Initiatives!F2"][1]
    assert found["Initiatives!F2"][0] == "warning"
    assert "no saved result" in found["Initiatives!F3"][1]


def test_excel_table_named_by_synonym_is_read(tmp_path: Path) -> None:
    path = build(
        tmp_path / "t.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Sheet3": [
                ["Pipeline for 2025"],
                [],
                *initiatives(["I-1", "M1", "A", "Green", "Test", 1, 1, 3, 3, "", ""]),
                [],
                ["I-9", "stray", "text below the table"],
            ],
        },
        tables={"Sheet3": "tblInterventions"},
    )
    wb = read_workbook(path)
    assert list(wb.initiatives) == ["I-1"]
    assert wb.layouts["initiatives"].table == "tblInterventions"
    assert [p for p in wb.problems if p.is_error] == []


def test_missing_required_column_names_the_header_row(tmp_path: Path) -> None:
    path = build(
        tmp_path / "m.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": [["Title"], ["Initiative ID", "Initiative", "DCA"], ["I-1", "X", "Red"]],
        },
    )
    found = problems_at(read_workbook(path))
    assert found["Initiatives!A2"][0] == "error"
    assert "Mission ID" in found["Initiatives!A2"][1]


def test_unknown_sheets_are_kept_and_listed(tmp_path: Path) -> None:
    path = build(
        tmp_path / "u.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Scratch": [["anything"]],
            "Cover": [["Title"]],
        },
    )
    wb = read_workbook(path)
    assert wb.unrecognised_sheets == ["Scratch"]
    assert wb.sheet_names == ["Missions", "Criteria", "Scratch", "Cover"]


def test_progress_can_cancel(tmp_path: Path) -> None:
    path = build(tmp_path / "c.xlsx", {"Missions": MISSIONS, "Criteria": CRITERIA})
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 1

    with pytest.raises(ReadCancelled):
        read_workbook(path, progress)
    assert calls == [(0, 2), (1, 2)]


def test_data_that_starts_right_of_column_a_keeps_its_addresses(tmp_path: Path) -> None:
    shifted = [
        [None, None, *row]
        for row in initiatives(["I-1", "M1", "A", "Purple", "Test", 1, 1, 3, 3, "", ""])
    ]
    path = build(
        tmp_path / "shift.xlsx",
        {"Missions": MISSIONS, "Criteria": CRITERIA, "Initiatives": [[], [], *shifted]},
    )
    wb = read_workbook(path)
    assert list(wb.initiatives) == ["I-1"]
    assert [p.place for p in wb.problems] == ["Initiatives!F4"]  # the DCA cell, not D4


def test_deferred_readings_arrive_later_with_their_problems(tmp_path: Path) -> None:
    path = build(
        tmp_path / "d.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Metrics": [["Metric ID", "Mission ID", "Metric"], ["MT1", "M1", "Homes"]],
            "Readings": [
                ["Metric ID", "Date", "Value"],
                ["MT1", "2025-Q1", 5],
                ["MT9", "2025", 1],
                ["MT1", "31/03/2026", 7],
            ],
        },
    )
    whole = read_workbook(path)
    first = read_workbook(path, defer=("readings",))
    assert first.readings == [] and "readings" not in first.layouts
    assert [p for p in first.problems if p.sheet == "Readings"] == []
    later = read_deferred(path, first)
    first.attach_readings(later)
    assert first.readings == whole.readings and len(first.readings) == 2
    assert first.problems == whole.problems
    assert first.latest_actuals()["MT1"].value == 7


def test_settings_keys_are_case_blind_but_names_keep_their_case(tmp_path: Path) -> None:
    path = build(
        tmp_path / "s.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Stocktake settings": [
                ["Setting", "Value"],
                ["Balance", 0.7],
                ["Budget:2025-26", 120],
                ["scenario:Milestones first", "{}"],
                ["Classification", "official-sensitive"],
            ],
        },
    )
    wb = read_workbook(path)
    assert wb.settings == {
        "balance": "0.7",
        "budget:2025-26": "120",
        "scenario:Milestones first": "{}",
        "classification": "official-sensitive",
    }
    assert wb.classification is Classification.OFFICIAL_SENSITIVE
