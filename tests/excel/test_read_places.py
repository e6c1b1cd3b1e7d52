"""A reading's place: read under its synonyms, official spellings kept, an unknown place
a warning at its cell (kept as typed), and no place meaning the whole-UK series."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stocktake.excel.reader import read_deferred, read_workbook
from stocktake.model import Severity
from stocktake.model.places import canonical
from tests.workbooks import MISSIONS, build

METRICS = [["Metric ID", "Mission ID", "Metric"], ["MT1", "M1", "Homes"]]
D1, D2 = dt.date(2025, 3, 31), dt.date(2026, 3, 31)


def _book(tmp_path: Path, header: str) -> Path:
    return build(
        tmp_path / "places.xlsx",
        {
            "Missions": MISSIONS,
            "Metrics": METRICS,
            "Readings": [
                ["Metric ID", "Date", header, "Value"],
                ["MT1", D1, "", 10],
                ["MT1", D1, "wales", 2],
                ["MT1", D1, "the North East (England)", 1],
                ["MT1", D2, "Atlantis", 3],
                ["MT1", D2, "UK", 11],
            ],
        },
    )


@pytest.mark.parametrize("header", ["Place", "Nation", "Region", "Area", "Nation or region"])
def test_place_column_is_read_under_each_synonym(tmp_path: Path, header: str) -> None:
    wb = read_workbook(_book(tmp_path, header))
    assert [(r.value, r.place) for r in wb.readings] == [
        (10, ""),
        (2, "Wales"),
        (1, "North East"),
        (3, "Atlantis"),  # kept as typed
        (11, ""),  # "UK" is the whole-UK series
    ]
    warned = {p.place: p for p in wb.problems if "Place" in p.message}
    assert list(warned) == ["Readings!C5"]
    assert warned["Readings!C5"].severity is Severity.WARNING
    assert "'Atlantis'" in warned["Readings!C5"].message
    assert "not a UK nation or ITL1 region" in warned["Readings!C5"].message


def test_latest_whole_uk_actual_ignores_readings_for_places(tmp_path: Path) -> None:
    wb = read_workbook(_book(tmp_path, "Place"))
    latest = wb.latest_actuals()["MT1"]
    assert (latest.date, latest.value, latest.place) == (D2, 11, "")


def test_deferred_readings_keep_their_places_and_problems(tmp_path: Path) -> None:
    path = _book(tmp_path, "Region")
    first = read_workbook(path, defer=("readings",))
    later = read_deferred(path, first)
    assert [r.place for r in later.readings] == ["", "Wales", "North East", "Atlantis", ""]
    assert [p.place for p in later.problems if "Place" in p.message] == ["Readings!C5"]


def test_a_readings_sheet_with_no_place_column_is_all_whole_uk(tmp_path: Path) -> None:
    path = build(
        tmp_path / "plain.xlsx",
        {
            "Missions": MISSIONS,
            "Metrics": METRICS,
            "Readings": [["Metric ID", "Date", "Value"], ["MT1", D1, 10]],
        },
    )
    assert [r.place for r in read_workbook(path).readings] == [""]


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("Scotland", "Scotland"),
        ("NORTHERN IRELAND", "Northern Ireland"),
        ("Yorkshire & the Humber", "Yorkshire and The Humber"),
        ("East", "East of England"),
        ("E&W", "England and Wales"),
        ("GB", "Great Britain"),
        ("United Kingdom", ""),
        ("Mercia", None),
    ],
)
def test_places_are_matched_to_their_official_spelling(typed: str, official: str | None) -> None:
    assert canonical(typed) == official
