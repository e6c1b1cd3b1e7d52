"""The colours Stocktake draws with, once for every view and every saved chart.

The Government Analysis Function palette (accessible, and familiar to this audience)
and the GOV.UK delivery-confidence tints. Every colour goes with a word (DCA
"Amber/Red", severity "Error", the decision's name and marker shape), never alone:
WCAG 2.2 AA applies to public-sector software. Plain hex strings, so the window (Qt)
and the Excel writer (XlsxWriter) share them without either depending on the other.
"""

from __future__ import annotations

from stocktake.model.vocab import DCA

DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
GAF = (DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, "#3D3D3D", "#A285D1")
"""Government Analysis Function categorical palette (the first four are the core set)."""
GAF_TWO = (DARK_BLUE, ORANGE)
"""The palette's two-colour pair."""
NEUTRAL = "#BFBFBF"
INK = "#0B0C0C"
FOCUS_YELLOW = "#FFDD00"
"""GOV.UK focus colour: what has the keyboard, visible from across a room."""

DCA_FILL: dict[DCA, str] = {
    DCA.GREEN: "#CDEBD6",
    DCA.AMBER_GREEN: "#E3EDC2",
    DCA.AMBER: "#FBE3B5",
    DCA.AMBER_RED: "#F8CDB2",
    DCA.RED: "#F4B9B9",
}
"""Cell fills: light tints, so black text stays readable on them."""

DCA_OUTLINE: dict[DCA, str] = {
    DCA.GREEN: "#00703C",
    DCA.AMBER_GREEN: "#85994B",
    DCA.AMBER: "#B58840",
    DCA.AMBER_RED: "#D4351C",
    DCA.RED: "#942514",
}
"""Outlines (GOV.UK green to red, darkened for contrast on white)."""

ERROR_FILL = DCA_FILL[DCA.RED]
WARNING_FILL = DCA_FILL[DCA.AMBER]


STATUS_INK: dict[str, str] = {
    "on track": "#00703C",
    "at risk": "#8F5B00",
    "off track": "#D4351C",
    "not enough data": "#505A5F",
}
"""A trajectory status's colour for lines and words (each passes 4.5:1 on white), keyed
by the status word, which is always shown beside it."""

STATUS_FILL: dict[str, str] = {
    "on track": "#CDEBD6",
    "at risk": "#FBE3B5",
    "off track": "#F4B9B9",
    "not enough data": "#E5E6E7",
}
"""The same statuses as light cell fills under black text."""
