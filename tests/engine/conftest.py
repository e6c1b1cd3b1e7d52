"""Fixtures for engine tests: model objects built directly (no Excel file needed)."""

from __future__ import annotations

import pytest

from stocktake.model import Workbook
from tests.engine.factories import initiative, standard_criteria, workbook


@pytest.fixture
def small_workbook() -> Workbook:
    crits = standard_criteria()
    inits = [
        initiative("I-001", {"N1": 5, "N2": 4, "L1": 1, "L2": 2, "D1": 4}, (10, 5, 5)),
        initiative("I-002", {"N1": 1, "N2": 2, "L1": 5, "L2": 9, "D1": 2}, (8, 8, 8)),
        initiative(
            "I-003",
            {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5},
            (4, 4, 0),
            mission="M2",
            depends=("I-001",),
        ),
        initiative(
            "I-004",
            {"N1": 4, "N2": None, "L1": 4, "L2": 7, "D1": 3},
            (6, 2, 1),
            mission="M2",
            excludes=("I-002",),
        ),
        initiative("I-005", {"N1": 0, "N2": 1, "L1": 0, "L2": 1, "D1": 1}, (2, 2, 2)),
    ]
    return workbook(inits, crits, {"balance": "0.6", "budget:2025-26": "20"})
