"""Finding the header row of a sheet and what each column means.

Real stock-take sheets put titles, notes, merged banners and blank rows above the
header, and spell headers many ways. The header row is the row, among the first
:data:`SCAN_ROWS`, that matches the most of a kind's known headers (ties go to the
upper row); cost columns are recognised by a financial year in the header (with the
word benefit, monetised benefits), score columns by a criterion's ID or name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from stocktake.excel.field_specs import SheetSpec, norm
from stocktake.excel.values import financial_year, text

SCAN_ROWS = 30
_NOT_MONEY = ("fte", "staff", "headcount", "score", "target")
_NOT_COST = (*_NOT_MONEY, "benefit", "saving")
_BENEFIT = "benefit"
"""A yearly column whose header says benefit (``Benefits 2026-27 (£m)``) holds the
initiative's monetised benefits that year, where the workbook gives them."""


@dataclass(slots=True)
class HeaderMatch:
    """The chosen header row (0-based index into the rows) and its column mapping."""

    row_index: int
    columns: dict[str, int] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)

    def missing(self, spec: SheetSpec) -> list[str]:
        return [f.label for f in spec.required if f.key not in self.columns]


def _lookup(spec: SheetSpec) -> dict[str, str]:
    table: dict[str, str] = {}
    for f in spec.fields:
        for syn in f.synonyms:
            table.setdefault(norm(syn), f.key)
    return table


def classify_header(
    cell: object,
    lookup: Mapping[str, str],
    extra: Mapping[str, str],
    *,
    costs: bool,
) -> str | None:
    """The field key a header cell stands for, or ``None`` if unknown."""
    label = text(cell)
    if not label:
        return None
    key = norm(label)
    if key in lookup:
        return lookup[key]
    if key in extra:
        return extra[key]
    if costs and not any(word in key for word in _NOT_MONEY):
        fy = financial_year(label)
        if fy is not None and _BENEFIT in key:
            return f"benefit:{fy}"
        if fy is not None and not any(word in key for word in _NOT_COST):
            return f"cost:{fy}"
    # "Score C01", "C01 score", "C01 (0-5)": a criterion ID with a decoration.
    for suffix in ("score", "scores"):
        for variant in (key.removeprefix(suffix), key.removesuffix(suffix)):
            if variant != key and variant in extra:
                return extra[variant]
    return None


def match_row(
    row: Sequence[object],
    spec: SheetSpec,
    extra: Mapping[str, str] | None = None,
    *,
    costs: bool = False,
) -> HeaderMatch:
    """Classify every cell of one candidate header row."""
    lookup = _lookup(spec)
    extra = extra or {}
    match = HeaderMatch(row_index=-1)
    for col, cell in enumerate(row):
        key = classify_header(cell, lookup, extra, costs=costs)
        label = text(cell)
        if key is None:
            if label:
                match.unknown[label] = col
        elif key in match.columns:
            match.duplicates[label] = col
        else:
            match.columns[key] = col
    return match


def find_header(
    rows: Sequence[Sequence[object]],
    spec: SheetSpec,
    extra: Mapping[str, str] | None = None,
    *,
    costs: bool = False,
    only_row: int | None = None,
) -> HeaderMatch | None:
    """The best header row among the first rows (or exactly ``only_row`` for a table).

    Returns ``None`` when no row matches at least two known headers: such a sheet has
    no recognisable header at all.
    """
    candidates = [only_row] if only_row is not None else range(min(SCAN_ROWS, len(rows)))
    best: HeaderMatch | None = None
    best_score = (-1, -1)
    fixed = {norm(s) for f in spec.fields for s in f.synonyms}
    for index in candidates:
        if index is None or index >= len(rows):
            continue
        row = rows[index]
        # Cheap pre-filter: how many cells name a fixed field of this kind.
        hits = sum(1 for cell in row if isinstance(cell, str) and norm(cell) in fixed)
        if hits < 2 and only_row is None:
            continue
        match = match_row(row, spec, extra, costs=costs)
        required_found = sum(1 for f in spec.required if f.key in match.columns)
        score = (required_found, len(match.columns))
        if score > best_score:
            best, best_score = match, score
            best.row_index = index
    return best
