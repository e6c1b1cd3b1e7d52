"""Score ranges: ``C01 low`` / ``C01 high`` beside ``C01``, or a ``Score ranges`` table.

Why: a score agreed in a meeting is often "a 3, could be 2 to 4". The robustness
analysis (SMAA, :mod:`stocktake.engine.smaa`) draws each such score within its range;
the central score stays what the value is worked out on. Headers are matched like the
score columns themselves: the criterion's ID or name with a word for the end, in
either order and with or without "score" (``C01 low``, ``Low C01``, ``C01 score min``,
``Reach into every part of the UK high``). Words in brackets are units and dropped, so
``C01 (max)`` is the score column, not its high end.

A workbook may instead (or as well) hold a sheet or Excel table named ``Score ranges``
with one row per range: Initiative ID, Criterion ID, Low, High (:data:`SCORE_RANGES`).
A range given both ways is taken from the initiatives sheet, and the table's row is a
warning at its cell.

Each problem is said by cell and says what is done: a range is left out (and the score
used as typed) when an end is off the criterion's scale, the ends are reversed, or the
central score lies outside the range; a table row naming an unknown initiative or
criterion is left out too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from stocktake.excel.field_specs import F, Parse, SheetSpec, norm
from stocktake.excel.rows import Columns
from stocktake.model import Criterion, Problem, Severity, Workbook

ENDS: dict[str, tuple[str, ...]] = {
    "low": ("low", "lowest", "min", "minimum", "lower", "from"),
    "high": ("high", "highest", "max", "maximum", "upper", "to"),
}
"""Words that mark a column as one end of a score's range (its synonyms)."""

SCORE_RANGES = SheetSpec(
    "score_ranges",
    "Score ranges",
    ("scoreranges", "scorerange", "rangesofscores", "scoreuncertainty", "uncertainscores"),
    (
        F(
            "initiative_id",
            "Initiative ID",
            Parse.ID,
            "initiative",
            "intervention id",
            "id",
            required=True,
        ),
        F("criterion_id", "Criterion ID", Parse.ID, "criterion", "criteria", required=True),
        F("low", "Low", Parse.NUMBER, *ENDS["low"][1:], "low score"),
        F("high", "High", Parse.NUMBER, *ENDS["high"][1:], "high score"),
    ),
)
"""The optional sheet (read after the initiatives; not a template Stocktake adds)."""


def is_ranges_sheet(name: str) -> bool:
    return norm(name) in SCORE_RANGES.synonyms


def range_headers(criteria: Iterable[Criterion]) -> dict[str, str]:
    """Normalised header → ``low:<ID>`` or ``high:<ID>``, for every criterion."""
    out: dict[str, str] = {}
    for c in criteria:
        for base in (norm(c.id), norm(c.name)):
            if not base:
                continue
            for end, words in ENDS.items():
                for w in words:
                    for header in (base + w, w + base, base + "score" + w, w + base + "score"):
                        out.setdefault(header, f"{end}:{c.id}")
    return out


def attach(wb: Workbook, table: Columns) -> None:
    """Set each initiative's ``score_ranges`` from the range columns the sheet has."""
    layout = wb.layouts.get("initiatives")
    if layout is None:
        return
    cids = sorted({k.split(":", 1)[1] for k in layout.columns if k.startswith(("low:", "high:"))})
    if not cids:
        return
    ids = table.column("id")
    found: dict[str, dict[str, tuple[float | None, float | None]]] = {}
    for cid in cids:
        crit = wb.criteria.get(cid)
        if crit is None:
            continue
        lows, highs = table.column(f"low:{cid}"), table.column(f"high:{cid}")
        for i, row in enumerate(table.rows):
            lo, hi = lows[i], highs[i]
            init = wb.initiatives.get(ids[i])
            if (lo is None and hi is None) or init is None or init.row != row:
                continue
            end, why = _why_not(crit, init.scores.get(cid), lo, hi)
            if why:
                cell = layout.cell(row, f"{end}:{cid}")
                wb.problems.append(
                    Problem(
                        layout.sheet,
                        cell.a1 if cell else "",
                        Severity.WARNING,
                        f"{init.id} {cid} range: {why}; the range is left out and the "
                        "score used as typed.",
                    )
                )
                continue
            found.setdefault(init.id, {})[cid] = (lo, hi)
    _store(wb, found)


def _store(wb: Workbook, found: dict[str, dict[str, tuple[float | None, float | None]]]) -> None:
    for iid, ranges in found.items():
        init = wb.initiatives[iid]
        merged = {**ranges, **init.score_ranges}  # what is already there (the columns) wins
        wb.initiatives[iid] = dataclasses.replace(init, score_ranges=merged)


def attach_table(wb: Workbook, table: Columns) -> None:
    """Ranges from the ``Score ranges`` sheet, row by row, checked like the columns."""
    layout = wb.layouts.get(SCORE_RANGES.kind)
    if layout is None:
        return
    iids, cids = table.column("initiative_id"), table.column("criterion_id")
    lows, highs = table.column("low"), table.column("high")
    found: dict[str, dict[str, tuple[float | None, float | None]]] = {}

    def warn(row: int, key: str, text: str) -> None:
        cell = layout.cell(row, key)
        wb.problems.append(Problem(layout.sheet, cell.a1 if cell else "", Severity.WARNING, text))

    for i, row in enumerate(table.rows):
        iid, cid, lo, hi = iids[i], cids[i], lows[i], highs[i]
        init, crit = wb.initiatives.get(iid), wb.criteria.get(cid)
        if init is None or crit is None:
            key, what = (
                ("initiative_id", f"initiative {iid}")
                if init is None
                else ("criterion_id", f"criterion {cid}")
            )
            warn(row, key, f"there is no {what}; this range is left out.")
            continue
        if lo is None and hi is None:
            continue
        if cid in init.score_ranges or cid in found.get(iid, {}):
            warn(
                row,
                "criterion_id",
                f"{iid} {cid} already has a range (on the initiatives sheet or above); "
                "this row is left out.",
            )
            continue
        end, why = _why_not(crit, init.scores.get(cid), lo, hi)
        if why:
            warn(
                row,
                end,
                f"{iid} {cid} range: {why}; the range is left out and the score used as typed.",
            )
            continue
        found.setdefault(iid, {})[cid] = (lo, hi)
    _store(wb, found)


def _why_not(
    crit: Criterion, score: float | None, lo: float | None, hi: float | None
) -> tuple[str, str]:
    """(the end at fault, why the range cannot be used, in words); ('', '') when it can."""
    for label, end in (("low", lo), ("high", hi)):
        if end is not None and not crit.scale_lo <= end <= crit.scale_hi:
            scale = f"{crit.scale_lo:g}-{crit.scale_hi:g}"
            return label, f"the {label} end {end:g} is outside the scale {scale}"
    if lo is not None and hi is not None and lo > hi:
        return "low", f"the low end {lo:g} is above the high end {hi:g}"
    if score is not None:
        if lo is not None and score < lo:
            return "low", f"the score {score:g} is below the low end {lo:g}"
        if hi is not None and score > hi:
            return "high", f"the score {score:g} is above the high end {hi:g}"
    return "", ""
