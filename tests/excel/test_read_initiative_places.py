"""An initiative's places are checked against the known UK nations and regions like a
reading's: an unknown one is a warning at its cell and kept as typed (so it is saved
back unchanged), synonyms and "UK" are accepted without a word, and ``check`` says it."""

from __future__ import annotations

from pathlib import Path

import pytest

from stocktake.cli import main
from stocktake.excel.reader import read_workbook
from stocktake.model import Severity
from tests.workbooks import CRITERIA, MISSIONS, build

INITS = [
    ["Initiative ID", "Mission ID", "Initiative", "Cost 2025-26 (£m)", "Nations and regions"],
    ["I-1", "M1", "Homes", 10, "the North East (England); Cymru"],
    ["I-2", "M1", "Skills", 5, "Wales; Atlantis"],
    ["I-3", "M2", "Clinics", 7, "United Kingdom"],
    ["I-4", "M2", "Beds", 4, ""],
    ["I-5", "M2", "Wards", 4, "Mercia; Wessex"],
]


def _book(tmp_path: Path) -> Path:
    return build(
        tmp_path / "init_places.xlsx",
        {"Missions": MISSIONS, "Criteria": CRITERIA, "Initiatives": INITS},
    )


def test_unknown_initiative_places_are_warnings_at_their_cells_kept_as_typed(
    tmp_path: Path,
) -> None:
    wb = read_workbook(_book(tmp_path))
    places = {iid: i.places for iid, i in wb.initiatives.items()}
    assert places == {
        "I-1": ("the North East (England)", "Cymru"),  # as typed: saved back unchanged
        "I-2": ("Wales", "Atlantis"),
        "I-3": ("United Kingdom",),
        "I-4": (),
        "I-5": ("Mercia", "Wessex"),
    }
    warned = {p.place: p for p in wb.problems if "Place" in p.message}
    assert list(warned) == ["Initiatives!E3", "Initiatives!E6"]
    assert all(p.severity is Severity.WARNING for p in warned.values())
    assert warned["Initiatives!E3"].message.startswith(
        "Place: found 'Atlantis', which is not a UK nation or ITL1 region"
    )
    assert "I-2 is kept as working there as typed" in warned["Initiatives!E3"].message
    assert "found 'Mercia', 'Wessex'" in warned["Initiatives!E6"].message


def test_check_shows_an_unknown_initiative_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(_book(tmp_path))])
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "Atlantis" in x)
    assert "Initiatives!E3" in line
