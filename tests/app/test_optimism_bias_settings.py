"""Optimism bias per project type, as a workbook states it: the Project type column (by
any of its names) and ``optimism_bias:<type>`` rows on the settings sheet, each bad
value a problem at its cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from stocktake.app.document import Document
from stocktake.engine import arrays_from_workbook
from tests.workbooks import CRITERIA, MISSIONS, build

HEADER = ["Initiative ID", "Mission ID", "Initiative", "Cost 2025-26 (£m)", "C1", "C2"]


def _book(tmp_path: Path, type_header: str, settings: list[list[object]]) -> Path:
    return build(
        tmp_path / "ob.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": [
                [*HEADER, type_header, "Optimism bias"],
                ["I-1", "M1", "Depot", 10, 3, 3, "Std buildings", None],
                ["I-2", "M1", "Bridge", 10, 3, 3, "standard civils", None],
                ["I-3", "M1", "Case system", 10, 3, 3, "IT / equipment development", 0.1],
                ["I-4", "M2", "Quantum pilot", 10, 3, 3, "Quantum", None],
                ["I-5", "M2", "Digital front door", 10, 3, 3, "Digital", None],
                ["I-6", "M2", "Guidance refresh", 10, 3, 3, "Policy", None],
            ],
            "Settings": [["Setting", "Value"], *settings],
        },
    )


@pytest.mark.parametrize(
    "header", ["Project type", "Type of project", "Green Book project type", "OB category"]
)
def test_the_type_column_is_read_by_any_of_its_names(tmp_path: Path, header: str) -> None:
    doc = Document.open(_book(tmp_path, header, []))
    kinds = [i.project_type for i in doc.workbook.initiatives.values()]
    assert kinds[:2] == ["Std buildings", "standard civils"]


def test_settings_rows_set_uplifts_and_each_bad_value_is_a_problem_by_cell(
    tmp_path: Path,
) -> None:
    path = _book(
        tmp_path,
        "Project type",
        [
            ["optimism_bias:Standard buildings", "30%"],  # row 2
            ["Optimism bias:Digital", 15],  # row 3: 15 means 15 %
            ["optimism_bias:standard civil engineering", "lots"],  # row 4: unreadable
            ["optimism_bias:", "10%"],  # row 5: no type
            ["optimism_bias:Outsourcing", "-5%"],  # row 6: below 0
        ],
    )
    doc = Document.open(path)
    arrays = arrays_from_workbook(doc.workbook, doc.settings.discounting)
    # I-1 30 % (settings), I-2 44 % (Green Book: its row is unreadable), I-3 its own 10 %,
    # I-4 none (a type nobody set), I-5 15 % (settings), I-6 none (policy work).
    assert arrays.pv_cost.tolist() == pytest.approx([13.0, 14.4, 11.0, 10.0, 11.5, 10.0])
    places = {p.place: p.message for p in doc.workbook.problems}
    assert places["Settings!B4"] == (
        "the setting 'optimism_bias:standard civil engineering' is 'lots', not an uplift "
        "from 0 to 300% such as 24%; the uplift for standard civil engineering stays at 44%."
    )
    assert "not about a project type" in places["Settings!B5"]
    assert places["Settings!B6"].endswith("the uplift for Outsourcing stays at 41%.")
    assert places["Initiatives!G5"] == (
        "I-4: the project type 'Quantum' has no optimism-bias uplift (the Green Book gives "
        "none for it and the settings have no row 'optimism_bias:Quantum'); its costs are "
        "not uplifted."
    )
    assert "Initiatives!G7" in places  # policy work with no row: said too
    assert not {"Settings!B2", "Settings!B3", "Initiatives!G2", "Initiatives!G4"} & set(places)
    # The rows are the user's: written back exactly as typed.
    rows = doc.settings.rows()
    assert rows["optimism_bias:Standard buildings"] == "30%"
    assert rows["optimism bias:Digital"] == 15  # the key is case-blind before its colon
