"""Did someone edit a sheet Stocktake owns? Digests of what Stocktake last wrote there.

Scores, Portfolio, Charts and Stocktake settings are rewritten at every save. A person
may still type on them (a "Notes" column beside the scores is the usual case), and
replacing the sheet would drop that without a word. So each save records, for each
sheet it writes, a digest of the sheet's *values* in a custom document property
(``Stocktake digest: Scores``). The next save compares: when the sheet's values no
longer have that digest, a person changed them.

The digest is over values, not over the XML: Excel rewrites the whole part when it
saves (other attributes, shared strings instead of inline text, numbers to 17
digits), and opening and saving in Excel must not count as an edit. Numbers are
compared as the floats they denote, text as text.

An edited sheet is kept only if the new one would lose something from it: the
sheet's rows (as sets of column -> value, whatever row they sit on) must all appear
in the new sheet. Settings a person changed in Excel, which Stocktake read and now
writes back, lose nothing, so that sheet is simply replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping

PROPERTY_PREFIX = "Stocktake digest: "

Rows = Mapping[int, Mapping[int, object]]
Line = tuple[tuple[int, str], ...]


def _norm(value: object) -> str | None:
    """A value as compared: floats by their exact repr, text as is; empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | int):
        return repr(float(value))
    return str(value)


def lines(rows: Rows) -> Counter[Line]:
    """Each non-empty row as its (column, value) pairs, counted (row numbers ignored)."""
    out: Counter[Line] = Counter()
    for cells in rows.values():
        line = tuple(sorted((c, v) for c, raw in cells.items() if (v := _norm(raw)) is not None))
        if line:
            out[line] += 1
    return out


def digest(rows: Rows) -> str:
    """A short digest of the sheet's values by position (64 bits: edits, not attacks)."""
    cells = sorted(
        (r, c, v)
        for r, row in rows.items()
        for c, raw in row.items()
        if (v := _norm(raw)) is not None
    )
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()[:16]


def would_lose(old: Rows, new: Rows) -> bool:
    """Whether writing ``new`` over ``old`` drops a row of values ``old`` holds."""
    have, keep = lines(old), lines(new)
    return any(keep[line] < n for line, n in have.items())


def filled_elsewhere(old: Rows, new: Rows) -> bool:
    """Whether ``old`` has a value in a cell ``new`` leaves empty (for sheets with no
    digest yet, written by an earlier Stocktake: a typed column shows up this way)."""

    def filled(rows: Rows) -> set[tuple[int, int]]:
        return {(r, c) for r, row in rows.items() for c, v in row.items() if _norm(v) is not None}

    return bool(filled(old) - filled(new))
