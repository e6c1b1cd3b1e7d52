"""Line of sight: the share of a metric's gap its initiatives are expected to close."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.delivery.line_of_sight import line_of_sight
from stocktake.delivery.trajectory import trajectories
from stocktake.model import Contribution, Initiative, Metric, Reading, Workbook
from stocktake.model.vocab import Direction


def _wb() -> Workbook:
    wb = Workbook()
    wb.metrics["MT1"] = Metric(
        "MT1",
        "M1",
        "Homes",
        "homes",
        Direction.HIGHER,
        100.0,
        dt.date(2024, 1, 1),
        1100.0,
        dt.date(2029, 1, 1),
    )
    wb.metrics["MT2"] = Metric(
        "MT2",
        "M1",
        "Knife crime",
        "offences",
        Direction.LOWER,
        500.0,
        dt.date(2024, 1, 1),
        250.0,
        dt.date(2034, 1, 1),
    )
    wb.metrics["MT3"] = Metric("MT3", "M1", "Confidence", "%")
    for iid in ("I-1", "I-2", "I-3", "I-4"):
        wb.initiatives[iid] = Initiative(iid, "M1", iid)
    wb.readings = [Reading("MT1", dt.date(2025, 1, 1), 300.0)]  # gap now 800
    wb.contributions = [
        Contribution("I-1", "MT1", 300.0),
        Contribution("I-2", "MT1", 100.0),
        Contribution("I-3", "MT1", None),
        Contribution("I-2", "MT2", -50.0),  # a fall, which is good for MT2
        Contribution("I-3", "MT2", 25.0),  # a rise: counts against
    ]
    return wb


def test_share_of_the_gap_closed_is_direction_aware() -> None:
    wb = _wb()
    sight = line_of_sight(wb, trajectories(wb.metrics, wb.readings))
    mt1 = sight.metrics["MT1"]
    assert mt1.gap == 800.0 and mt1.expected == 400.0
    assert mt1.share == pytest.approx(0.5)
    assert "3 initiative(s) (1 with no size stated) are expected to close 50%" in mt1.reason
    mt2 = sight.metrics["MT2"]  # no actual: the gap runs from the baseline, 250 to go
    assert mt2.gap == 250.0 and mt2.expected == 25.0
    assert mt2.share == pytest.approx(0.1)


def test_orphans_on_both_sides_are_flagged() -> None:
    wb = _wb()
    sight = line_of_sight(wb, trajectories(wb.metrics, wb.readings))
    assert sight.unmoved_metrics == ["MT3"]
    assert sight.idle_initiatives == ["I-4"]
    assert "I-4 is not expected to move any metric" in sight.initiatives["I-4"].reason
    assert sight.initiatives["I-2"].reason == (
        "I-2 is expected to move MT1 (+100 homes), MT2 (-50 offences)."
    )
