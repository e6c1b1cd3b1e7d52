"""Native Excel charts for the Charts sheet, made by XlsxWriter and lifted into the package.

Chart XML is large and fussy; XlsxWriter writes it correctly, with cached values so a
chart shows before Excel recalculates. We build a scratch in-memory workbook whose
sheet has the same name and the same data as the Charts sheet Stocktake writes, add
the charts there, and take its drawing part, the drawing's rels and the chart parts,
renamed to part names that are free in the user's package.

Each chart sits beside its own block's data, from the block's title row down, and every
block is given at least the chart's height in rows, so with a page break before each
block (the Charts sheet has them) a chart never straddles two printed pages.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import xlsxwriter

from stocktake.excel.writer.bubble import to_bubble
from stocktake.excel.writer.cells import serial
from stocktake.model.colours import GAF

PALETTE = GAF[:4]  # the Government Analysis Function's core set


@dataclass(slots=True)
class SeriesSpec:
    """One series: columns of the data block (0-based) and a row range within it."""

    name: str
    x_col: int
    y_col: int
    first: int = 0  # first data row index within the block's rows
    last: int | None = None  # inclusive; None = last row
    size_col: int | None = None  # bubble charts: the column whose values are the areas
    dash: str | None = None  # line charts: an Excel dash type ("dash", "round_dot")
    pattern: str | None = None  # bar charts: an Excel fill pattern, so colour is not alone


@dataclass(slots=True)
class ChartSpec:
    """A chart over one data block: ``kind`` is ``scatter``, ``line`` (a scatter with
    straight lines, so dates on the x axis are spaced truly), ``bar`` (horizontal bars,
    one per row, the first at the bottom; ``x_title`` names the horizontal value axis)
    ``stacked_bar`` (horizontal bars, each series a segment; give each a ``pattern``)
    or ``bubble`` (XlsxWriter has no bubble chart: it is drawn as a scatter and
    rewritten, see :mod:`.bubble`).

    ``cross_x``/``cross_y`` make the axes cross at those values (the matrix's cut lines,
    which then divide the plot into its quadrants); ``description`` is the alt text.
    """

    kind: str
    title: str
    x_title: str = ""
    y_title: str = ""
    series: Sequence[SeriesSpec] = ()
    description: str = ""
    cross_x: float | None = None
    cross_y: float | None = None
    labels: bool = False
    """Write each bar's or point's value beside it (read by words, not only by length)."""


@dataclass(slots=True)
class ChartBlock:
    """A titled data table on the Charts sheet and the chart drawn from it."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    chart: ChartSpec | None = None


@dataclass(slots=True)
class LiftedDrawing:
    drawing_xml: bytes
    drawing_rels: bytes
    charts: dict[str, bytes] = field(default_factory=dict)  # new part name -> XML


CHART_WIDTH, CHART_HEIGHT = 640, 360  # pixels
CHART_ROWS = CHART_HEIGHT // 20 + 1  # sheet rows (20 px each) a chart covers


def layout(blocks: Sequence[ChartBlock]) -> list[int]:
    """0-based sheet row of each block's title row: blocks stacked one blank row apart,
    each at least as tall as the chart drawn beside it (so charts never overlap)."""
    starts, row = [], 0
    for b in blocks:
        starts.append(row)
        row += _span(b)
    return starts


def _span(block: ChartBlock) -> int:
    """Rows a block takes: title, header, data (at least the chart's height), a gap."""
    span = 2 + max(1, len(block.rows))
    if block.chart is not None and block.rows:
        span = max(span, CHART_ROWS)
    return span + 1


# A4 landscape inside 0.5" side and 0.75" top/bottom margins, at 96 px per inch.
_PAGE_W_PX, _PAGE_H_PX = (297 / 25.4 - 1.0) * 96, (210 / 25.4 - 1.5) * 96


def rows_per_page(column_widths: Sequence[float]) -> int:
    """Rows one printed page of the Charts sheet holds, with a tenth kept in hand.

    The sheet prints one page wide (fit to width), so the scale follows from the
    columns' width plus the chart's; the tenth covers the difference between this
    estimate and a printer's own margins and row heights.
    """
    sheet_px = sum(w * 7 + 5 for w in column_widths) + 64 + CHART_WIDTH
    scale = min(1.0, _PAGE_W_PX / sheet_px)
    return int(_PAGE_H_PX / scale / 20 * 0.9)


def page_breaks(blocks: Sequence[ChartBlock], column_widths: Sequence[float]) -> list[int]:
    """Indexes of the blocks that must start a new printed page so no chart is split:
    a block starts a page when it (or, if longer than a page, a page of it) would not
    fit in what is left of the current one."""
    per_page = rows_per_page(column_widths)
    breaks, used = [], 0
    for k, b in enumerate(blocks):
        span = _span(b)
        # A charted block that fits on a page is kept whole: a printer's rows are not
        # quite the estimate's, and a table running on past its chart into the next
        # page left the next chart's position to that estimate (a trajectory's chart
        # was split that way).
        need = min(span, per_page) if b.chart is not None and b.rows else min(span, 4)
        if used and used + need > per_page:
            breaks.append(k)
            used = 0
        used = (used + span) % per_page
    return breaks


def data_width(blocks: Sequence[ChartBlock]) -> int:
    return max((len(b.headers) for b in blocks), default=1)


def build_drawing(
    sheet_name: str, blocks: Sequence[ChartBlock], free_name: Callable[[str], str]
) -> LiftedDrawing | None:
    """Charts for ``blocks`` as drawing + chart parts named by ``free_name(pattern)``.

    None when no block has a chart *to draw*: a chart over no rows is not drawn, and
    with none drawn XlsxWriter writes no drawing part at all (an empty workbook).
    """
    if not any(_drawn(b) for b in blocks):
        return None
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    ws = wb.add_worksheet(sheet_name)
    starts = layout(blocks)
    anchor_col = data_width(blocks) + 1
    bubbles: list[ChartBlock | None] = []  # per chart, in the order added
    for block, top in zip(blocks, starts, strict=True):
        if not _drawn(block):
            continue
        # Only the cells a chart refers to: XlsxWriter reads them for the charts' cached
        # values, and the scratch sheet itself is thrown away. Writing every cell of the
        # metric blocks (200,000 readings) was most of the drawing's time and memory.
        used = _referenced_columns(block)
        for i, row in enumerate(block.rows):
            for c, v in enumerate(row):
                if c not in used:
                    continue
                if isinstance(v, dt.date):
                    ws.write_number(top + 2 + i, c, serial(v))
                elif isinstance(v, bool):
                    ws.write_boolean(top + 2 + i, c, v)
                elif isinstance(v, int | float):
                    ws.write_number(top + 2 + i, c, v)
                elif v is not None:
                    ws.write_string(top + 2 + i, c, str(v))
        spec = block.chart
        assert spec is not None
        subtype = {
            "scatter": {"type": "scatter"},
            "bubble": {"type": "scatter"},
            "line": {"type": "scatter", "subtype": "straight_with_markers"},
            "bar": {"type": "bar"},
            "stacked_bar": {"type": "bar", "subtype": "stacked"},
        }[spec.kind]
        bubbles.append(block if spec.kind == "bubble" else None)
        chart = wb.add_chart(subtype)
        for k, s in enumerate(spec.series):
            last = len(block.rows) - 1 if s.last is None else s.last
            r0, r1 = top + 2 + s.first, top + 2 + last
            colour = PALETTE[k % len(PALETTE)]
            series: dict[str, object] = {
                "name": s.name,
                "categories": [sheet_name, r0, s.x_col, r1, s.x_col],
                "values": [sheet_name, r0, s.y_col, r1, s.y_col],
            }
            if spec.kind in ("bar", "stacked_bar"):  # bars, not markers
                if s.pattern:  # a pattern as well as a colour
                    series["pattern"] = {
                        "pattern": s.pattern,
                        "fg_color": colour,
                        "bg_color": "white",
                    }
                    series["border"] = {"color": colour}
                else:
                    series["fill"] = {"color": colour}
                if spec.labels:
                    # on a white ground: a count stays legible over any fill pattern
                    series["data_labels"] = {"value": True, "fill": {"color": "white"}}
            else:
                series["marker"] = {
                    "type": "circle",
                    "size": 7,
                    "fill": {"color": colour},
                    "border": {"color": colour},
                }
            if spec.kind == "line":
                series["line"] = {"color": colour}
                if s.dash:
                    series["line"] = {"color": colour, "dash_type": s.dash}
                    series["marker"] = {"type": "none"}
            chart.add_series(series)
        chart.set_title({"name": spec.title})
        x_axis: dict[str, object] = {"name": spec.x_title}
        y_axis: dict[str, object] = {"name": spec.y_title}
        if spec.series and isinstance(block.rows[0][spec.series[0].x_col], dt.date):
            x_axis["num_format"] = "mmm yyyy"
        # Axes crossing at the cut lines draw the quadrant lines; their labels stay at the
        # edges ("low"). XlsxWriter's x-axis ``crossing`` is where the y axis crosses it.
        quadrant_line = {"color": "#0B0C0C", "width": 1.5, "dash_type": "dash"}
        faint = {"visible": True, "line": {"color": "#E5E5E5"}}
        if spec.cross_x is not None:
            x_axis.update(
                crossing=spec.cross_x, label_position="low", min=0, max=100, line=quadrant_line
            )
        if spec.cross_y is not None:
            y_axis.update(
                crossing=spec.cross_y,
                label_position="low",
                min=0,
                max=100,
                line=quadrant_line,
                major_gridlines=faint,
            )
        chart.set_x_axis(x_axis)
        chart.set_y_axis(y_axis)
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        ws.insert_chart(top, anchor_col, chart, {"description": spec.description or spec.title})
    wb.close()
    lifted = _lift(buf.getvalue(), free_name)
    for (name, xml), bubble in zip(lifted.charts.items(), bubbles, strict=True):
        if bubble is not None:
            lifted.charts[name] = to_bubble(xml, bubble)
    return lifted


def _referenced_columns(block: ChartBlock) -> set[int]:
    """The block's columns that its chart's series read (x, y and bubble sizes)."""
    assert block.chart is not None
    cols = set()
    for s in block.chart.series:
        cols |= {s.x_col, s.y_col} | ({s.size_col} if s.size_col is not None else set())
    return cols


def _drawn(block: ChartBlock) -> bool:
    """Whether ``block`` gets a chart: it asks for one and has rows to plot."""
    return block.chart is not None and bool(block.rows)


def _lift(package: bytes, free_name: Callable[[str], str]) -> LiftedDrawing:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        drawing = z.read("xl/drawings/drawing1.xml")
        rels = z.read("xl/drawings/_rels/drawing1.xml.rels")
        charts: dict[str, bytes] = {}
        mapping: dict[str, str] = {}
        found = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        for name in sorted(found, key=lambda n: int(re.sub(r"\D", "", n))):
            new = free_name("xl/charts/chart{}.xml")
            mapping[name.rsplit("/", 1)[1]] = new.rsplit("/", 1)[1]
            charts[new] = z.read(name)
    rels = re.sub(
        rb"\.\./charts/(chart\d+\.xml)",
        lambda m: b"../charts/" + mapping[m.group(1).decode()].encode(),
        rels,
    )
    return LiftedDrawing(drawing, rels, charts)
