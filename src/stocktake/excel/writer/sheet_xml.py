"""Worksheet parts: render Stocktake's own sheets, and change cells in a user's sheet.

Owned sheets are written whole from plain data (headers and rows). A user's sheet is
never rewritten: :func:`set_cells` splices new ``<c>`` elements into the existing
text, row by row, so every other byte of the part (formulas, formats, conditional
formats, extension lists) stays as it was. A formula cell is never overwritten.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from stocktake.excel.writer import xmltext as xt
from stocktake.excel.writer.cells import CellContext, cell_xml, stored_value
from stocktake.model import markings
from stocktake.model.workbook import column_letter, parse_a1

MAX_ROWS = 1_048_576


@dataclass(slots=True)
class ListValidation:
    """A drop-down list on one column of a sheet, below the header."""

    column: int
    choices: Sequence[str]
    title: str = ""


@dataclass(slots=True)
class SheetContent:
    """An owned or template sheet as plain data: what the UI or the CLI hands the writer.

    ``table`` names an Excel table laid over the header and rows (``None``: no table).
    ``drawing_rid`` and ``table_rids`` are filled in by the save, not by callers.
    """

    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]] = ()
    widths: Sequence[float] = ()
    table: str | None = None
    validations: Sequence[ListValidation] = ()
    classification: str = "OFFICIAL"
    header_row: int = 1
    title: str = ""
    decimals: Sequence[int] = ()  # columns shown with two decimals
    bold_rows: Sequence[int] = ()  # indexes into ``rows`` styled like headers (block titles)
    state: str = "visible"
    """``veryHidden`` for a sheet only Stocktake reads (Excel's menus cannot unhide it);
    applied when the sheet is added, kept as it is when the sheet is replaced."""
    row_breaks: Sequence[int] = ()  # indexes into ``rows`` that start a new printed page
    repeat_columns: int = 0  # leading columns (ID, name) printed on every page
    landscape: bool | None = None  # None: landscape when the columns are wide


@dataclass(slots=True)
class CellWrite:
    """One value for one cell; ``style`` None keeps the cell's own style (or the default)."""

    value: object
    style: int | None = None
    protect_formula: bool = True


@dataclass(slots=True)
class SetCellsResult:
    data: bytes
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # formula cells, with the reason


def render_sheet(
    content: SheetContent,
    ctx: CellContext,
    *,
    drawing_rid: str | None = None,
    table_rids: Sequence[str] = (),
    tab_selected: bool = False,
    values: dict[int, dict[int, object]] | None = None,
) -> bytes:
    """A complete worksheet part for an owned sheet, elements in schema order.

    ``values``, when given, is filled with what each written cell holds as a reader
    will read it ({row: {col: value}}, as :func:`read_rows` gives), for the sheet's
    digest.
    """
    assert ctx.styles is not None

    def keep(r: int, c: int, v: object) -> None:
        if values is not None:
            values.setdefault(r, {})[c] = stored_value(v, ctx)

    ncols = (
        max(1, len(content.headers), *(len(r) for r in content.rows))
        if content.rows
        else max(1, len(content.headers))
    )
    rows_xml: list[str] = []
    top = content.header_row
    if content.title and top > 1:
        rows_xml.append(f'<row r="1">{cell_xml("A1", content.title, ctx, ctx.styles.header)}</row>')
        keep(1, 0, content.title)
    if content.headers:
        header_cells = "".join(
            cell_xml(
                f"{column_letter(c)}{top}",
                h,
                ctx,
                ctx.styles.header,
                place=f"{content.name}!{column_letter(c)}{top}",
            )
            for c, h in enumerate(content.headers)
        )
        rows_xml.append(f'<row r="{top}">{header_cells}</row>')
        for c, h in enumerate(content.headers):
            keep(top, c, h)
    widths = list(content.widths) or [
        max(10.0, min(60.0, len(str(h)) * 1.2 + 2)) for h in content.headers
    ]
    bold = set(content.bold_rows)
    # Per-cell work kept small (a 5,000-initiative save renders ~80,000 cells): column
    # letters worked out once, and a cell's place (for a note about its text) built
    # only for a value that can be text.
    letters = [column_letter(c) for c in range(ncols)]
    for i, row in enumerate(content.rows):
        r = top + 1 + i
        cells, lines, in_bold = [], 1, i in bold
        stored = values.setdefault(r, {}) if values is not None and len(row) else None
        for c, v in enumerate(row):
            style = _style(content, ctx, in_bold, c, v, widths)
            if style == ctx.styles.wrap:
                lines = max(lines, print_lines(str(v), widths[c]))
            ref = f"{letters[c]}{r}"
            place = "" if v is None or isinstance(v, int | float) else f"{content.name}!{ref}"
            cells.append(cell_xml(ref, v, ctx, style, place=place))
            if stored is not None:
                stored[c] = stored_value(v, ctx)
        height = f' ht="{15 * lines}" customHeight="1"' if lines > 1 else ""
        rows_xml.append(f'<row r="{r}"{height}>{"".join(cells)}</row>')
    last_row = top + max(1, len(content.rows))
    dim = f"A1:{column_letter(ncols - 1)}{last_row}"
    if not content.headers:
        dim = f"A1:{column_letter(ncols - 1)}{top + max(1, len(content.rows))}"
    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{w:g}" customWidth="1"/>'
        for i, w in enumerate(widths)
    )
    selected = ' tabSelected="1"' if tab_selected else ""
    pane = (
        (
            f'<pane ySplit="{top}" topLeftCell="A{top + 1}" activePane="bottomLeft" '
            f'state="frozen"/><selection pane="bottomLeft" activeCell="A{top + 1}" '
            f'sqref="A{top + 1}"/>'
        )
        if content.headers and top
        else ""
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{xt.MAIN_NS}" xmlns:r="{xt.REL_NS}">',
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
        f'<dimension ref="{dim}"/>',
        f'<sheetViews><sheetView{selected} workbookViewId="0">{pane}</sheetView></sheetViews>',
        '<sheetFormatPr defaultRowHeight="15"/>',
        f"<cols>{cols}</cols>" if cols else "",
        f"<sheetData>{''.join(rows_xml)}</sheetData>",
    ]
    if content.validations:
        dvs = "".join(_validation(v, top) for v in content.validations)
        parts.append(f'<dataValidations count="{len(content.validations)}">{dvs}</dataValidations>')
    parts.append(
        '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    )
    parts.append(page_setup(content, widths))
    parts.append(header_footer(content.classification))
    if content.row_breaks:
        brks = "".join(
            f'<brk id="{top + i}" max="16383" man="1"/>' for i in content.row_breaks if i > 0
        )
        n = brks.count("<brk")
        parts.append(f'<rowBreaks count="{n}" manualBreakCount="{n}">{brks}</rowBreaks>')
    if drawing_rid:
        parts.append(f'<drawing r:id="{drawing_rid}"/>')
    if table_rids:
        inner = "".join(f'<tablePart r:id="{rid}"/>' for rid in table_rids)
        parts.append(f'<tableParts count="{len(table_rids)}">{inner}</tableParts>')
    parts.append("</worksheet>")
    return "".join(parts).encode("utf-8")


def _style(
    content: SheetContent,
    ctx: CellContext,
    bold: bool,
    col: int,
    value: object,
    widths: Sequence[float],
) -> int | None:
    """Block titles bold; fractions in a number format (never a raw float on paper);
    long text in wide columns wrapped (its row is made tall enough in the caller)."""
    assert ctx.styles is not None
    if value is None:
        return None
    if bold:
        return ctx.styles.header
    if isinstance(value, float) and (col in content.decimals or not value.is_integer()):
        return ctx.styles.decimal
    if isinstance(value, str) and col < len(widths) and widths[col] >= WRAP_WIDTH:
        return ctx.styles.wrap
    return None


WRAP_WIDTH = 40  # columns at least this wide wrap their text
LANDSCAPE_WIDTH = 90  # sheets whose columns add up to more than this print landscape


def print_lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (a little
    generous: proportional fonts vary, and a clipped rationale is worse than a gap)."""
    usable = max(1.0, width * 1.1 - 2)
    return sum(max(1, -(-len(line) // int(usable))) for line in text.split("\n")) or 1


def page_setup(content: SheetContent, widths: Sequence[float]) -> str:
    """A4, one page wide (as many long as needed), landscape when the columns are wide."""
    landscape = content.landscape
    if landscape is None:
        landscape = sum(widths) > LANDSCAPE_WIDTH
    orientation = "landscape" if landscape else "portrait"
    return f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'


def marking_codes(classification: str) -> tuple[str, str]:
    """Header and footer text for a marked page: the marking at the top, the marking with
    its handling caveat and the page number at the bottom (Excel's ``&C``/``&L``/``&R``
    codes; ``&&`` is a literal &)."""
    level = classification.replace("&", "&&")
    caveat = markings.caveat(classification).replace("&", "&&")
    return f'&C&"-,Bold"{level}', f'&L&"-,Bold"{level}&"-,Regular" {caveat}&RPage &P of &N'


def header_footer(classification: str) -> str:
    """``<headerFooter>`` with :func:`marking_codes` on every page."""
    head, foot = (xt.esc(t) for t in marking_codes(classification))
    return (
        f"<headerFooter><oddHeader>{head}</oddHeader><oddFooter>{foot}</oddFooter></headerFooter>"
    )


def _validation(v: ListValidation, header_row: int) -> str:
    col = column_letter(v.column)
    items = ",".join(c.replace('"', "") for c in v.choices)
    if len(items) > 255:
        raise ValueError("a list validation's choices must fit in 255 characters")
    prompt = f' promptTitle="{xt.attr(v.title)}"' if v.title else ""
    return (
        f'<dataValidation type="list" allowBlank="1" showInputMessage="1" '
        f'showErrorMessage="1"{prompt} sqref="{col}{header_row + 1}:{col}{MAX_ROWS}">'
        f"<formula1>{xt.esc(chr(34) + items + chr(34))}</formula1></dataValidation>"
    )


# --- reading a little of a user's sheet ---------------------------------------------

_ROW_RE_CACHE: dict[str | None, re.Pattern[bytes]] = {}


def _row_re(p: str | None) -> re.Pattern[bytes]:
    if p not in _ROW_RE_CACHE:
        tag = re.escape(xt.qname(p, "row").encode())
        _ROW_RE_CACHE[p] = re.compile(
            rb"<" + tag + rb"(?=[\s/>])[^>]*?(?:/>|>.*?</" + tag + rb">)", re.DOTALL
        )
    return _ROW_RE_CACHE[p]


def _cell_re(p: str | None) -> re.Pattern[bytes]:
    tag = re.escape(xt.qname(p, "c").encode())
    return re.compile(rb"<" + tag + rb"(?=[\s/>])[^>]*?(?:/>|>.*?</" + tag + rb">)", re.DOTALL)


def sheet_prefix(data: bytes) -> str | None:
    """The prefix this worksheet uses for SpreadsheetML (often '', sometimes 'x')."""
    m = re.search(rb"<([\w.-]+:)?worksheet[\s>]", data)
    if m is None:
        raise ValueError("not a worksheet part")
    pfx = m.group(1).decode()[:-1] if m.group(1) else ""
    return pfx


def read_rows(
    data: bytes,
    shared: Callable[[Collection[int]], Mapping[int, str]] | None,
    max_row: int | None = None,
) -> dict[int, dict[int, object]]:
    """Values of the cells in a (small) sheet: {row: {col: value}}; formulas by cached value.

    ``shared`` gives the text of shared-string indices (all the sheet's at once, so a
    large table is looked through at most once).
    """
    ns = f"{{{xt.MAIN_NS}}}"
    out: dict[int, dict[int, object]] = {}
    refs: list[tuple[dict[int, object], int, int]] = []
    for row in xt.iter_elements(data, f"{ns}row"):
        r = int(row.get("r", "0"))
        if max_row is not None and r > max_row:
            break
        cells: dict[int, object] = {}
        for c in row.iter(f"{ns}c"):
            ref = c.get("r")
            if not ref:
                continue
            _, col = parse_a1(ref)
            t = c.get("t", "n")
            v = c.find(f"{ns}v")
            if t == "inlineStr":
                cells[col] = "".join(x.text or "" for x in c.iter(f"{ns}t"))
            elif v is None or v.text is None:
                cells[col] = None
            elif t == "s":
                cells[col] = None
                if v.text.strip().isdigit():
                    refs.append((cells, col, int(v.text)))
            elif t in ("str", "e"):
                cells[col] = v.text
            elif t == "b":
                cells[col] = v.text == "1"
            else:
                try:
                    cells[col] = float(v.text)
                except ValueError:
                    cells[col] = v.text
        out[r] = cells
    if refs and shared is not None:
        texts = shared({idx for _, _, idx in refs})
        for cells, col, idx in refs:
            cells[col] = texts.get(idx)
    return out


def cell_styles(data: bytes, row: int) -> dict[int, int]:
    """The ``s`` attribute of each cell in one row (to style appended rows alike)."""
    p = sheet_prefix(data)
    for m in _row_re(p).finditer(data):
        if xt.get_attr(m.group(0)[: m.group(0).find(b">") + 1], "r") == str(row):
            out = {}
            for c in _cell_re(p).finditer(m.group(0)):
                head = c.group(0)[: c.group(0).find(b">") + 1]
                ref, s = xt.get_attr(head, "r"), xt.get_attr(head, "s")
                if ref and s:
                    out[parse_a1(ref)[1]] = int(s)
            return out
    return {}


# --- changing cells in place ---------------------------------------------------------


def set_cells(
    data: bytes, writes: Mapping[tuple[int, int], CellWrite], ctx: CellContext, sheet_name: str = ""
) -> SetCellsResult:
    """Put values into cells of an existing sheet part, touching only those cells.

    ``writes`` maps (1-based row, 0-based column) to a :class:`CellWrite`. An existing
    cell keeps its ``s`` unless the write gives one; a cell holding a formula is left
    alone and reported in ``skipped``. Rows and cells are created in order as needed,
    and ``<dimension>`` grows to cover them.
    """
    p = sheet_prefix(data)
    ctx.prefix = p
    result = SetCellsResult(data)
    sd_start = xt.find_start(data, p, "sheetData")
    if sd_start is None:
        raise ValueError("worksheet has no sheetData")
    if sd_start.group(0).endswith(b"/>"):
        tag = xt.qname(p, "sheetData").encode()
        data = data[: sd_start.start()] + b"<" + tag + b"></" + tag + b">" + data[sd_start.end() :]
        sd_start = xt.find_start(data, p, "sheetData")
        assert sd_start is not None
    close_tag = b"</" + xt.qname(p, "sheetData").encode() + b">"
    sd_end = data.index(close_tag, sd_start.end())
    body = data[sd_start.end() : sd_end]
    rows = [(m.start(), m.end(), m.group(0)) for m in _row_re(p).finditer(body)]
    row_nums: list[int] = []
    for _, _, text in rows:
        head = text[: text.find(b">") + 1]
        number = xt.get_attr(head, "r")
        if number is None:
            raise ValueError(f"{sheet_name}: a row has no number; cannot place cells safely")
        row_nums.append(int(number))
    by_row: dict[int, dict[int, CellWrite]] = {}
    for (r, c), w in writes.items():
        by_row.setdefault(r, {})[c] = w
    pieces: list[bytes] = []
    cursor = 0
    for r in sorted(by_row):
        i = bisect.bisect_left(row_nums, r)
        if i < len(row_nums) and row_nums[i] == r:
            start, end, text = rows[i]
            pieces.append(body[cursor:start])
            pieces.append(_edit_row(text, r, by_row[r], ctx, p, result, sheet_name))
            cursor = end
        else:
            at = rows[i][0] if i < len(rows) else len(body)
            pieces.append(body[cursor:at])
            pieces.append(_edit_row(None, r, by_row[r], ctx, p, result, sheet_name))
            cursor = at
    pieces.append(body[cursor:])
    data = data[: sd_start.end()] + b"".join(pieces) + data[sd_end:]
    result.data = _grow_dimension(data, p, writes)
    return result


def _edit_row(
    text: bytes | None,
    r: int,
    cells: dict[int, CellWrite],
    ctx: CellContext,
    p: str | None,
    result: SetCellsResult,
    sheet_name: str,
) -> bytes:
    row_tag = xt.qname(p, "row")
    if text is None:
        head, inner, tail = f'<{row_tag} r="{r}">'.encode(), b"", f"</{row_tag}>".encode()
    else:
        h_end = text.find(b">") + 1
        head = text[:h_end]
        if head.endswith(b"/>"):
            head, inner, tail = head[:-2].rstrip() + b">", b"", f"</{row_tag}>".encode()
        else:
            cut = len(text) - len(row_tag) - 3
            inner, tail = text[h_end:cut], text[cut:]
    existing = [(m.start(), m.end(), m.group(0)) for m in _cell_re(p).finditer(inner)]
    cols: list[int] = []
    for _, _, ctext in existing:
        ref = xt.get_attr(ctext[: ctext.find(b">") + 1], "r")
        if ref is None:
            raise ValueError(f"{sheet_name}: row {r} has a cell without an address")
        cols.append(parse_a1(ref)[1])
    pieces: list[bytes] = []
    cursor = 0
    f_tag = re.compile(rb"<" + re.escape(xt.qname(p, "f").encode()) + rb"[\s/>]")
    for c in sorted(cells):
        w = cells[c]
        ref = f"{column_letter(c)}{r}"
        place = f"{sheet_name}!{ref}" if sheet_name else ref
        i = bisect.bisect_left(cols, c)
        if i < len(cols) and cols[i] == c:
            start, end, ctext = existing[i]
            if w.protect_formula and f_tag.search(ctext):
                result.skipped.append(f"{place}: holds a formula; not overwritten")
                continue
            style = w.style
            if style is None:
                s = xt.get_attr(ctext[: ctext.find(b">") + 1], "s")
                style = int(s) if s is not None else None
            new = cell_xml(ref, w.value, ctx, style, place=place)
            if not new:  # clearing a value: keep an empty styled cell or drop it
                new = f'<{xt.qname(p, "c")} r="{ref}"/>' if style is None else ""
            pieces.append(inner[cursor:start])
            pieces.append(new.encode())
            cursor = end
        else:
            at = existing[i][0] if i < len(existing) else len(inner)
            pieces.append(inner[cursor:at])
            pieces.append(cell_xml(ref, w.value, ctx, w.style, place=place).encode())
            cursor = at
        result.written.append(place)
    pieces.append(inner[cursor:])
    new_inner = b"".join(pieces)
    spans = xt.get_attr(head, "spans")
    if spans and ":" in spans:
        lo, hi = (int(x) for x in spans.split(":", 1))
        lo, hi = min(lo, min(cells) + 1), max(hi, max(cells) + 1)
        m = re.match(rb"<[^>]*>", head)
        assert m is not None
        head = xt.set_attr(head, m, "spans", f"{lo}:{hi}")
    return head + new_inner + tail


def _grow_dimension(
    data: bytes, p: str | None, writes: Mapping[tuple[int, int], CellWrite]
) -> bytes:
    m = xt.find_start(data, p, "dimension")
    if m is None or not writes:
        return data
    ref = xt.get_attr(m.group(0), "ref") or "A1"
    parts = ref.split(":")
    try:
        r1, c1 = parse_a1(parts[0])
        r2, c2 = parse_a1(parts[-1])
    except ValueError:
        return data
    rows = [r for r, _ in writes]
    cols = [c for _, c in writes]
    nr1, nc1 = min(r1, *rows), min(c1, *cols)
    nr2, nc2 = max(r2, *rows), max(c2, *cols)
    if (nr1, nc1, nr2, nc2) == (r1, c1, r2, c2):
        return data
    new = f"{column_letter(nc1)}{nr1}:{column_letter(nc2)}{nr2}"
    return xt.set_attr(data, m, "ref", new)
