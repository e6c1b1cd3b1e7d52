"""Where a review copy keeps its base, and a master its collected reviews: one sheet.

A review copy travels by e-mail and is edited in Excel as often as in Stocktake, so the
base it was made from must live *inside* the file and survive Excel's saves. A custom
XML part would be the tidiest home, but openpyxl (and so many scripts) drops custom XML
parts on save; a ``veryHidden`` worksheet survives Excel, LibreOffice and openpyxl alike
and cannot be unhidden from Excel's menus. The JSON is cut into cells of at most
30,000 characters (Excel's limit is 32,767) down column A, under a title that says
what it is.

Reading uses python-calamine (already the reader's engine), after the same package
safety checks the reader makes, and returns raw rows: the application layer decides
what they mean.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from stocktake.excel.safety import WorkbookRefused, inspect_package
from stocktake.excel.writer.sheet_xml import SheetContent

STATE_SHEET = "Stocktake review state"
STATE_TITLE = "Stocktake review state: written and read by Stocktake only; please do not edit"
CHUNK = 30_000


def state_sheet(
    data: Mapping[str, Any],
    classification: str = "OFFICIAL",
    *,
    name: str = STATE_SHEET,
    title: str = STATE_TITLE,
) -> SheetContent:
    """The very hidden sheet holding ``data`` as JSON (sorted keys, so the same data is
    the same bytes and an unchanged state reads back as unchanged). ``name`` and
    ``title``: another of Stocktake's hidden sheets (the snapshot "what changed" uses)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    chunks = [[text[i : i + CHUNK]] for i in range(0, len(text), CHUNK)] or [[""]]
    return SheetContent(
        name,
        (title,),
        chunks,
        widths=[40.0],
        classification=classification,
        state="veryHidden",
    )


def state_from_rows(
    rows: Iterable[Iterable[object]], title: str = STATE_TITLE
) -> dict[str, Any] | None:
    """The JSON a state sheet holds, or ``None`` when the rows are not one (edited, cut)."""
    rows = list(rows)
    if not rows or not rows[0] or str(next(iter(rows[0]), "")) != title:
        return None
    text = "".join(str(next(iter(r), "") or "") for r in rows[1:])
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def read_sheets(path: str | Path, names: Iterable[str]) -> dict[str, list[list[object]]]:
    """The raw cell values of each sheet in ``names`` the workbook has (matched without
    regard to case; hidden sheets included), by the name asked for.

    Raises :class:`WorkbookRefused` for a file that is not a workbook Stocktake reads.
    """
    path = Path(path)
    inspect_package(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except CalamineError as exc:
        raise WorkbookRefused(f"{path.name}: the workbook cannot be read ({exc}).") from None
    out: dict[str, list[list[object]]] = {}
    with book:
        present = {n.casefold(): n for n in book.sheet_names}
        for name in names:
            found = present.get(name.casefold())
            if found is not None:
                rows = book.get_sheet_by_name(found).to_python(skip_empty_area=False)
                out[name] = [list(r) for r in rows]
    return out
