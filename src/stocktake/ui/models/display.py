"""What a table cell is given to draw: its text, cut where no column could show more.

Why: a cell is drawn on one line, elided to its column, but Qt lays out the *whole*
string first to find where to cut it. The contribution map's cells on a 10k-initiative
workbook hold 15,000 characters (an organisation's every role in a mission); drawing a
screenful of them held the event loop for about half a second on each place filter
(``benchmarks/bench_gui.py``). A cell at most a screen wide shows a few hundred
characters, so the drawn text is cut well past that; the tooltip, the accessible text
and sorting still have it all.
"""

from __future__ import annotations

DISPLAY_CHARS = 500
"""More characters than a column as wide as a 1366-pixel projector, or most of a 4K
screen, shows on one line."""


def shown(text: str) -> str:
    """``text`` as a cell draws it: unchanged up to :data:`DISPLAY_CHARS`, else cut
    with an ellipsis (the eye never reaches the cut: the column elides far before it)."""
    return text if len(text) <= DISPLAY_CHARS else text[: DISPLAY_CHARS - 1] + "…"
