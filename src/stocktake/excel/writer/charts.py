"""Native Excel charts for the Charts sheet, made by XlsxWriter and lifted into the package.

Chart XML is large and fussy; XlsxWriter writes it correctly, with cached values so a
chart shows before Excel recalculates. We build a scratch in-memory workbook whose
sheet has the same name and the same data as the Charts sheet Stocktake writes, add
the charts there, and take its drawing part, the drawing's rels and the chart parts,
renamed to part names that are free in the user's package.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import xlsxwriter

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


@dataclass(slots=True)
class ChartSpec:
    """A chart over one data block: ``kind`` is ``scatter`` or ``line`` (a scatter with
    straight lines, so dates on the x axis are spaced truly). XlsxWriter has no bubble
    chart, so the matrix is a scatter with one coloured series per quadrant."""

    kind: str
    title: str
    x_title: str = ""
    y_title: str = ""
    series: Sequence[SeriesSpec] = ()


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


def layout(blocks: Sequence[ChartBlock]) -> list[int]:
    """0-based sheet row of each block's title row (blocks stacked, one blank row apart)."""
    starts, row = [], 0
    for b in blocks:
        starts.append(row)
        row += 2 + max(1, len(b.rows)) + 1
    return starts


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
    anchor_row = 0
    for block, top in zip(blocks, starts, strict=True):
        ws.write_string(top, 0, block.title)
        for c, h in enumerate(block.headers):
            ws.write_string(top + 1, c, str(h))
        for i, row in enumerate(block.rows):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write_number(top + 2 + i, c, serial(v))
                elif isinstance(v, bool):
                    ws.write_boolean(top + 2 + i, c, v)
                elif isinstance(v, int | float):
                    ws.write_number(top + 2 + i, c, v)
                elif v is not None:
                    ws.write_string(top + 2 + i, c, str(v))
        if not _drawn(block):
            continue
        spec = block.chart
        assert spec is not None
        subtype = {
            "scatter": {"type": "scatter"},
            "line": {"type": "scatter", "subtype": "straight_with_markers"},
        }[spec.kind]
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
            series["marker"] = {
                "type": "circle",
                "size": 7,
                "fill": {"color": colour},
                "border": {"color": colour},
            }
            if spec.kind == "line":
                series["line"] = {"color": colour}
            chart.add_series(series)
        chart.set_title({"name": spec.title})
        x_axis: dict[str, object] = {"name": spec.x_title}
        if spec.series and isinstance(block.rows[0][spec.series[0].x_col], dt.date):
            x_axis["num_format"] = "mmm yyyy"
        chart.set_x_axis(x_axis)
        chart.set_y_axis({"name": spec.y_title})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 640, "height": 400})
        ws.insert_chart(anchor_row, anchor_col, chart)
        anchor_row += 22
    wb.close()
    return _lift(buf.getvalue(), free_name)


def _drawn(block: ChartBlock) -> bool:
    """Whether ``block`` gets a chart: it asks for one and has rows to plot."""
    return block.chart is not None and bool(block.rows)


def _lift(package: bytes, free_name: Callable[[str], str]) -> LiftedDrawing:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        drawing = z.read("xl/drawings/drawing1.xml")
        rels = z.read("xl/drawings/_rels/drawing1.xml.rels")
        charts: dict[str, bytes] = {}
        mapping: dict[str, str] = {}
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            new = free_name("xl/charts/chart{}.xml")
            mapping[name.rsplit("/", 1)[1]] = new.rsplit("/", 1)[1]
            charts[new] = z.read(name)
    rels = re.sub(
        rb"\.\./charts/(chart\d+\.xml)",
        lambda m: b"../charts/" + mapping[m.group(1).decode()].encode(),
        rels,
    )
    return LiftedDrawing(drawing, rels, charts)
