"""Score ranges on the initiatives sheet: ``C01 low`` / ``C01 high`` beside ``C01``.

Why: a score agreed in a meeting is often "a 3, could be 2 to 4". The robustness
analysis (SMAA, :mod:`stocktake.engine.smaa`) draws each such score within its range;
the central score stays what the value is worked out on. Headers are matched like the
score columns themselves: the criterion's ID or name with a word for the end, in
either order and with or without "score" (``C01 low``, ``Low C01``, ``C01 score min``,
``Reach into every part of the UK high``). Words in brackets are units and dropped, so
``C01 (max)`` is the score column, not its high end.

Each problem is said by cell and says what is done: a range is left out (and the score
used as typed) when an end is off the criterion's scale, the ends are reversed, or the
central score lies outside the range.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from stocktake.excel.field_specs import norm
from stocktake.excel.rows import Columns
from stocktake.model import Criterion, Problem, Severity, Workbook

ENDS: dict[str, tuple[str, ...]] = {
    "low": ("low", "lowest", "min", "minimum", "lower", "from"),
    "high": ("high", "highest", "max", "maximum", "upper", "to"),
}
"""Words that mark a column as one end of a score's range (its synonyms)."""


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
    for iid, ranges in found.items():
        wb.initiatives[iid] = dataclasses.replace(wb.initiatives[iid], score_ranges=ranges)


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
