"""The Contributions sheet (line of sight) and the Metrics sheet's Milestones column:
read under their synonyms, with each bad cell named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stocktake.excel.reader import read_workbook
from stocktake.model import Severity
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives

METRICS = [
    ["Metric ID", "Mission ID", "Metric", "Unit", "Direction", "Informs milestones"],
    ["MT1", "M1", "Net additional dwellings", "dwellings", "Higher", "MS1; MS2"],
    ["MT2", "M2", "Waiting list", "million", "Lower", ""],
]
INITIATIVES = initiatives(
    ["I-1", "M1", "Planning reform", "Green", "Scale", 1, 2, 3, 4, "", ""],
    ["I-2", "M2", "Elective hubs", "Amber", "Test", 1, 2, 3, 4, "", ""],
)


def test_contributions_read_under_synonyms_with_problems_by_cell(tmp_path: Path) -> None:
    path = build(
        tmp_path / "sight.xlsx",
        {
            "Missions": MISSIONS,
            "Metrics": METRICS,
            "Criteria": CRITERIA,
            "Initiatives": INITIATIVES,
            "Line of sight": [
                ["Expected lines of sight (illustrative)"],
                [],
                ["Intervention ID", "Measure ID", "Expected impact", "Expected by", "Certainty"],
                ["I-1", "MT1", "50,000", dt.date(2027, 3, 31), "Medium"],
                ["I-2", "MT2", -0.3, "2026-27", "Low"],
                ["I-2", "MT1", "", "", ""],
                ["I-9", "MT1", 10, "", ""],
                ["I-1", "MT7", 10, "", ""],
                ["I-1", "MT2", "lots", "", ""],
            ],
        },
    )
    wb = read_workbook(path)
    got = [
        (c.initiative_id, c.metric_id, c.expected_change, c.by, c.confidence)
        for c in wb.contributions
    ]
    assert got == [
        ("I-1", "MT1", 50000.0, dt.date(2027, 3, 31), "Medium"),
        ("I-2", "MT2", -0.3, dt.date(2027, 3, 31), "Low"),
        ("I-2", "MT1", None, None, ""),
        ("I-1", "MT2", None, None, ""),  # the size is dropped, the link kept
    ]
    by_place = {p.place: p for p in wb.problems}
    assert by_place["'Line of sight'!A7"].severity is Severity.ERROR
    assert "Initiative ID 'I-9' does not exist" in by_place["'Line of sight'!A7"].message
    assert "Metric ID 'MT7' does not exist" in by_place["'Line of sight'!B8"].message
    assert by_place["'Line of sight'!C9"].severity is Severity.WARNING
    assert wb.metrics["MT1"].milestone_ids == ("MS1", "MS2")
    assert wb.metrics["MT2"].milestone_ids == ()
