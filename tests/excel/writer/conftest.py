"""Fixtures for writer tests: a generated stock-take workbook and corpus copies."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives

WRITABLE = [
    p
    for p in sorted(CORPUS.glob("*.xls*"))
    if p.name
    not in ("SampleSS.strict.xlsx", "workbookProtection_workbook_structure_protected.xlsx")
]


@pytest.fixture
def stock(tmp_path: Path) -> Path:
    """A small stock-take workbook with a user-made Decisions table."""
    return build(
        tmp_path / "stock.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(
                ["I-1", "M1", "Homes", "Amber", "Test", 10, 12, 4, 2, "OFFICIAL", ""],
                ["I-2", "M2", "NHS", "Green", "Scale", 20, 5, 1, 5, "OFFICIAL", ""],
                ["I-3", "M1", "Skills", "Red", "Idea", 5, 5, 3, 3, "OFFICIAL", ""],
            ),
            "Metrics": [
                ["Metric ID", "Mission ID", "Metric", "Unit"],
                ["MT1", "M1", "Homes built", "homes"],
            ],
            "Readings": [
                ["Metric ID", "Date", "Value", "Kind"],
                ["MT1", dt.date(2024, 4, 1), 100, "Actual"],
                ["MT1", dt.date(2025, 4, 1), 150, "Actual"],
                ["MT1", dt.date(2026, 4, 1), 300, "Trajectory"],
            ],
            "Decisions": [
                ["Decision ID", "Initiative ID", "Decision", "Rationale"],
                ["D-001", "I-1", "Test", "try it"],
            ],
        },
        tables={"Decisions": "tblDecisions"},
        formulas={"Missions": [(5, 0, "=1+1", 2)]},
    )


@pytest.fixture
def copy_of(tmp_path: Path):
    def copy(src: Path) -> Path:
        dst = tmp_path / src.name
        shutil.copyfile(src, dst)
        dst.chmod(0o644)
        return dst

    return copy
