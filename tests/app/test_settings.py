"""The settings sheet's one contract: parsed with a problem by cell, written back in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from stocktake.app.document import Document
from stocktake.app.settings import parse_settings
from stocktake.engine import CutLines, PortfolioProblem, Scenario
from stocktake.excel.reader import read_workbook
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives

ROWS = [
    ["I-1", "M1", "A", "Green", "Test", 1, 1, 3, 3, "", ""],
    ["I-2", "M2", "B", "Red", "Idea", 2, 1, 2, 5, "", ""],
]


def _book(tmp_path: Path, settings: list[list[object]]) -> Path:
    return build(
        tmp_path / "s.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(*ROWS),
            "Settings": settings,
        },
    )


def test_every_bad_value_is_a_problem_by_cell_and_takes_its_default(tmp_path: Path) -> None:
    path = _book(
        tmp_path,
        [
            ["Stocktake settings for the board"],  # a title row above the header
            [],
            ["Setting", "Value"],
            ["Balance", "high"],
            ["cut:near-term", 140],
            ["budget:2025-26", "lots"],
            ["budget:2026-27", "£12.5m"],
            ["force_in:i-2", "Pledge"],
            ["force_out:Q-9", "gone"],
            ["fte_cap", -5],
            ["min_long_term_share", "30%"],
            ["scenario:Broken", "{not json"],
            ["owner", "Mission secretariat"],
        ],
    )
    settings, problems = parse_settings(read_workbook(path))
    places = {p.place: p.message for p in problems}
    assert set(places) == {
        "Settings!B4",
        "Settings!B5",
        "Settings!B6",
        "Settings!B9",
        "Settings!B10",
        "Settings!B12",
    }
    assert "'balance' is 'high', not a balance from 0 to 1; 0.5 is used" in places["Settings!B4"]
    assert settings.balance == 0.5 and settings.cuts == CutLines(50, 50)
    assert settings.budgets == {"2026-27": 12.5}
    assert settings.force_in == {"I-2": "Pledge"}  # IDs matched without regard to case
    assert settings.caps.fte_cap is None and settings.caps.min_long_term_share == 0.3
    assert settings.extra["owner"] == "Mission secretariat"
    assert settings.extra["scenario:Broken"] == "{not json"


def test_saving_updates_the_users_own_settings_sheet_in_place(tmp_path: Path) -> None:
    path = _book(
        tmp_path,
        [
            ["Stocktake settings for the board"],
            [],
            ["Setting", "Value"],
            ["balance", 0.5],
            ["budget:2025-26", 10],
            ["force_out:I-1", "Board said no"],
            ["owner", "Mission secretariat"],
        ],
    )
    doc = Document.open(path)
    for change in (
        doc.set_balance(0.3),
        doc.set_problem(
            PortfolioProblem(budgets={"2025-26": 10.0, "2026-27": 4.0}), "Envelopes"
        ),  # releases I-1
    ):
        assert change is not None
        doc.apply(change)
    doc.apply(doc.save_scenario(Scenario("Flat cash", balance=0.4)))
    doc.save()
    book = CalamineWorkbook.from_path(str(path))
    assert "Stocktake settings" not in book.sheet_names  # no second settings sheet
    rows = book.get_sheet_by_name("Settings").to_python(skip_empty_area=False)
    assert rows[0][0] == "Stocktake settings for the board"  # the title row is kept
    values = {r[0]: r[1] for r in rows[3:] if r and r[0]}
    assert values["balance"] == 0.3  # not 0.30000000000000004
    assert values["owner"] == "Mission secretariat"
    assert "force_out:I-1" not in values  # released: its row is blanked
    assert values["budget:2026-27"] == 4.0
    again = Document.open(path)
    assert again.balance == 0.3 and again.problem.budgets == {"2025-26": 10.0, "2026-27": 4.0}
    assert list(again.scenarios) == ["Flat cash"] and not again.problem.force_out
    assert not [p for p in again.workbook.problems if p.sheet == "Settings"]


def test_a_second_save_rewrites_no_settings_cell_that_did_not_change(tmp_path: Path) -> None:
    path = _book(tmp_path, [["Setting", "Value"], ["balance", 0.5], ["budget:2025-26", 182]])
    doc = Document.open(path)
    change = doc.set_balance(0.3)
    assert change is not None
    doc.apply(change)
    first = doc.save_job()
    assert first.settings_update is not None and first.settings_update.cells
    doc.mark_saved(first, first.run())
    again = doc.save_job()
    assert again.settings_update is not None and again.settings_update.cells == ()


def test_discounting_settings_are_read_checked_and_kept_as_typed(tmp_path: Path) -> None:
    from stocktake.engine.present_value import GREEN_BOOK_RATE, Discounting

    good = read_workbook(
        _book(
            tmp_path,
            [["Setting", "Value"], ["discount_rate", "5%"], ["price_base_year", "2024/25"]],
        )
    )
    settings, problems = parse_settings(good)
    assert problems == []
    assert settings.discounting == Discounting(0.05, "2024-25")
    assert settings.rows()["discount_rate"] == "5%"  # written back exactly as typed
    # Cost 1 in 2025-26 and 1 in 2026-27 (the ROWS), discounted to 2024-25 at 5 %.
    doc = Document.of(good, tmp_path / "s.xlsx")
    from stocktake.engine import arrays_from_workbook

    pv = arrays_from_workbook(good, doc.settings.discounting).pv_cost[0]
    assert pv == pytest.approx(1 / 1.05 + 1 / 1.05**2)

    bad = read_workbook(
        _book(
            tmp_path, [["Setting", "Value"], ["discount_rate", "35"], ["price_base_year", "soon"]]
        )
    )
    settings, problems = parse_settings(bad)
    assert settings.discounting == Discounting(GREEN_BOOK_RATE, None)
    said = {p.place: p.message for p in problems}
    assert "the Green Book's 3.5% is used" in said["Settings!B2"]
    assert "the first cost year is used" in said["Settings!B3"]
