"""Alt text for every chart, written from the data the chart draws.

Why here: the same words go into the Excel charts (the drawing's ``descr``), the PDF's
figures (``alt``, which WeasyPrint tags as ``/Alt``) and the PNG exports, so a reader
with a screen reader gets the same facts whichever copy they have.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from stocktake.engine.matrix import QUADRANT_ORDER, CutLines


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def matrix_alt(quads: Sequence[str], costs: Sequence[float], cuts: CutLines) -> str:
    """``Matrix: 90 initiatives; 23 in Double down (£412.0m), ...``."""
    counts = Counter(quads)
    spend: dict[str, float] = {}
    for q, c in zip(quads, costs, strict=True):
        spend[q] = spend.get(q, 0.0) + float(c)
    parts = [
        f"{counts.get(q.value, 0)} in {q.value} (£{spend.get(q.value, 0.0):,.1f}m)"
        for q in QUADRANT_ORDER
    ]
    return (
        f"Ruthless-choice matrix: {_n(len(quads), 'initiative')}; {'; '.join(parts)}. "
        f"Near-term value across, long-term value up, bubble area the total cost; "
        f"quadrant lines at near-term {cuts.near_term:g} and long-term {cuts.long_term:g}."
    )


def frontier_alt(
    envelopes: Sequence[float], values: Sequence[float | None], current: float | None
) -> str:
    """The frontier's range and the value at the current envelope."""
    pts = [(e, v) for e, v in zip(envelopes, values, strict=True) if v is not None]
    if not pts:
        return "Efficient frontier: no envelope is set, so no frontier is drawn."
    (e0, v0), (e1, v1) = pts[0], pts[-1]
    now = f" At the current envelope the best value is {current:,.1f}." if current else ""
    return (
        f"Efficient frontier: {_n(len(pts), 'envelope level')}; best portfolio value rises "
        f"from {v0:,.1f} at £{e0:,.1f}m to {v1:,.1f} at £{e1:,.1f}m.{now}"
    )


def metric_alt(
    name: str, unit: str, actual: Sequence[tuple[str, float]], target: float | None
) -> str:
    """A metric's trajectory: its first and latest actual readings against the target."""
    unit_s = f" {unit}" if unit else ""
    if not actual:
        return f"{name}: no actual readings yet."
    (d0, v0), (d1, v1) = actual[0], actual[-1]
    aim = f"; target {target:,.2f}{unit_s}" if target is not None else ""
    return (
        f"{name}: {_n(len(actual), 'actual reading')}, from {v0:,.2f}{unit_s} on {d0} to "
        f"{v1:,.2f}{unit_s} on {d1}{aim}."
    )
