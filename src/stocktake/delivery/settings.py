"""The delivery rule's settings, read from the workbook's ``Stocktake settings`` sheet.

Beside the rule rather than in the application layer because the saved analysis and the
board pack (the reports layer) judge metrics by the same settings as the window and the
CLI; a bad value is a problem naming its cell and the default is used::

    trajectory:recent      N, the latest actuals the trend is fitted through (>= 2; 4)
    trajectory:at_risk     largest gap, as a share of the planned change, still on track (0.05)
    trajectory:off_track   largest gap still at risk (0.15)
    basket:correlation     |r| at or above which two metrics move together (0.9)
    basket:window_years    years of readings compared, back from the latest actual (5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stocktake.delivery.basket import BasketSettings
from stocktake.delivery.trajectory import JudgeSettings
from stocktake.model import Problem, Severity, Workbook

RECENT = "trajectory:recent"
AT_RISK = "trajectory:at_risk"
OFF_TRACK = "trajectory:off_track"
CORRELATION = "basket:correlation"
WINDOW = "basket:window_years"


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    judge: JudgeSettings
    basket: BasketSettings


def _cell(wb: Workbook, key: str) -> tuple[str, str]:
    layout = wb.layouts.get("settings")
    row = wb.setting_rows.get(key)
    if layout is None or row is None:
        return "", ""
    cell = layout.cell(row, "value")
    return layout.sheet, cell.a1 if cell else ""


def delivery_settings(wb: Workbook) -> tuple[DeliverySettings, list[Problem]]:
    """The rule's settings from the workbook, with a problem by cell for each bad one."""
    problems: list[Problem] = []

    def number(key: str, default: float, lo: float, hi: float, what: str) -> float:
        text = wb.settings.get(key)
        if text is None or not text.strip():
            return default
        try:
            value = float(text.strip().rstrip("%")) / (100 if text.strip().endswith("%") else 1)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not lo <= value <= hi:
            sheet, a1 = _cell(wb, key)
            problems.append(
                Problem(
                    sheet,
                    a1,
                    Severity.WARNING,
                    f"{key}: found {text!r}, expected {what}; {default:g} is used.",
                )
            )
            return default
        return value

    recent = int(number(RECENT, 4, 2, 1000, "a whole number of readings, 2 or more"))
    at_risk = number(AT_RISK, 0.05, 0, 10, "a share such as 0.05 or 5%")
    off_track = number(OFF_TRACK, 0.15, 0, 10, "a share such as 0.15 or 15%")
    if off_track < at_risk:
        sheet, a1 = _cell(wb, OFF_TRACK)
        problems.append(
            Problem(
                sheet,
                a1,
                Severity.WARNING,
                f"{OFF_TRACK} ({off_track:g}) is below {AT_RISK} ({at_risk:g}); "
                f"{at_risk:g} is used for both.",
            )
        )
        off_track = at_risk
    corr = number(CORRELATION, 0.9, 0, 1, "a correlation between 0 and 1")
    window = number(WINDOW, 5.0, 0.25, 100, "a number of years")
    return (
        DeliverySettings(JudgeSettings(recent, at_risk, off_track), BasketSettings(corr, window)),
        problems,
    )
