"""Excel tables (ListObjects): new ones over Stocktake's sheets, and growing a user's one.

A table's name must be unique in the workbook and its column names must equal the
header cells' text; ids must be unique across all table parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stocktake.excel.writer import xmltext as xt
from stocktake.model.workbook import column_letter, parse_a1

_NAME_OK = re.compile(r"[^A-Za-z0-9_.]")


def table_name(wanted: str, taken: set[str]) -> str:
    base = _NAME_OK.sub("_", wanted) or "Table"
    if not re.match(r"[A-Za-z_]", base):
        base = "_" + base
    name, n = base, 2
    while name.casefold() in {t.casefold() for t in taken}:
        name, n = f"{base}{n}", n + 1
    return name


def render_table(
    table_id: int, name: str, headers: Sequence[str], header_row: int, last_row: int
) -> bytes:
    ref = f"A{header_row}:{column_letter(len(headers) - 1)}{max(last_row, header_row + 1)}"
    cols = "".join(
        f'<tableColumn id="{i + 1}" name="{xt.attr(h)}"/>' for i, h in enumerate(headers)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<table xmlns="{xt.MAIN_NS}" id="{table_id}" name="{name}" displayName="{name}" '
        f'ref="{ref}" totalsRowShown="0"><autoFilter ref="{ref}"/>'
        f'<tableColumns count="{len(headers)}">{cols}</tableColumns>'
        '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" '
        'showRowStripes="1" showColumnStripes="0"/></table>'
    ).encode()


def table_facts(data: bytes) -> tuple[int, str, str]:
    """(id, name, ref) of a table part."""
    root = xt.parse(data)
    return (
        int(root.get("id", "0")),
        root.get("displayName") or root.get("name", ""),
        root.get("ref", ""),
    )


def bounds(ref: str) -> tuple[int, int, int, int]:
    """``A1:K9`` -> (first row, first col, last row, last col)."""
    a, _, b = ref.partition(":")
    r1, c1 = parse_a1(a)
    r2, c2 = parse_a1(b or a)
    return r1, c1, r2, c2


def extend_rows(data: bytes, new_last_row: int) -> bytes:
    """Grow a table (and its autoFilter) down to ``new_last_row``."""
    root = xt.parse(data)
    p = xt.prefix_of(root, xt.MAIN_NS)
    r1, c1, r2, c2 = bounds(root.get("ref", "A1"))
    if new_last_row <= r2:
        return data
    return set_ref(data, p, f"{column_letter(c1)}{r1}:{column_letter(c2)}{new_last_row}")


def set_ref(data: bytes, prefix: str | None, ref: str) -> bytes:
    """Give a table part (and its autoFilter, if any) a new range, editing only those
    attributes so the rest of the part stays as the file had it."""
    m = xt.find_start(data, prefix, "table")
    assert m is not None
    data = xt.set_attr(data, m, "ref", ref)
    af = xt.find_start(data, prefix, "autoFilter")
    if af is not None:
        data = xt.set_attr(data, af, "ref", ref)
    return data
