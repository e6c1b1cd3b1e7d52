"""Turn an XlsxWriter scatter chart into a bubble chart whose bubble area is a column.

Why by hand: XlsxWriter draws no bubble charts and openpyxl's charts cannot be lifted
into a package the way :mod:`.charts` does. A bubble chart differs from a scatter only
in its series (no marker or smoothing; a ``bubbleSize`` after ``yVal``) and three
chart-level settings, so the scatter XlsxWriter wrote (axes, titles, caches, legend) is
kept and only those pieces are rewritten, in schema order (ECMA-376 CT_BubbleSer,
CT_BubbleChart).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from stocktake.excel.writer import xmltext as xt

if TYPE_CHECKING:
    from stocktake.excel.writer.charts import ChartBlock

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
BUBBLE_SCALE = 35  # percent of Excel's default bubble size: ninety bubbles stay readable


def _c(local: str, **attrs: str) -> etree._Element:
    el = etree.Element(f"{{{C}}}{local}", nsmap={"c": C, "a": A})
    for k, v in attrs.items():
        el.set(k, v)
    return el


def _num_ref(formula: str, values: list[float]) -> etree._Element:
    ref = _c("numRef")
    f = etree.SubElement(ref, f"{{{C}}}f")
    f.text = formula
    cache = etree.SubElement(ref, f"{{{C}}}numCache")
    etree.SubElement(cache, f"{{{C}}}formatCode").text = "General"
    etree.SubElement(cache, f"{{{C}}}ptCount").set("val", str(len(values)))
    for i, v in enumerate(values):
        pt = etree.SubElement(cache, f"{{{C}}}pt", idx=str(i))
        etree.SubElement(pt, f"{{{C}}}v").text = repr(float(v))
    return ref


def _column(formula: str, col: int) -> str:
    """``'Charts'!$C$3:$C$20`` with its column letters replaced by column ``col``'s."""
    from stocktake.model.workbook import column_letter

    return re.sub(r"\$[A-Z]+\$", f"${column_letter(col)}$", formula)


def to_bubble(xml: bytes, block: ChartBlock) -> bytes:
    """The scatter chart ``xml`` drawn from ``block`` as a bubble chart sized by each
    series' ``size_col`` (its references are the scatter's, moved to that column)."""
    root = xt.parse(xml)
    scatter = root.find(f".//{{{C}}}scatterChart")
    if scatter is None:
        return xml
    scatter.tag = f"{{{C}}}bubbleChart"
    for el in scatter.findall(f"{{{C}}}scatterStyle"):
        scatter.remove(el)
    assert block.chart is not None
    for ser, spec in zip(scatter.findall(f"{{{C}}}ser"), block.chart.series, strict=True):
        colour = ser.find(f"{{{C}}}marker/{{{C}}}spPr/{{{A}}}solidFill/{{{A}}}srgbClr")
        rgb = colour.get("val", "12436D") if colour is not None else "12436D"
        for local in ("marker", "smooth", "spPr"):
            for el in ser.findall(f"{{{C}}}{local}"):
                ser.remove(el)
        sp = etree.fromstring(
            f'<c:spPr xmlns:c="{C}" xmlns:a="{A}"><a:solidFill><a:srgbClr val="{rgb}">'
            f'<a:alpha val="70000"/></a:srgbClr></a:solidFill><a:ln w="6350"><a:solidFill>'
            f'<a:srgbClr val="FFFFFF"/></a:solidFill></a:ln></c:spPr>'
        )
        tx = ser.find(f"{{{C}}}tx")
        anchor = tx if tx is not None else ser.find(f"{{{C}}}order")
        assert anchor is not None
        anchor.addnext(sp)
        y_val = ser.find(f"{{{C}}}yVal")
        assert y_val is not None
        formula = y_val.findtext(f"{{{C}}}numRef/{{{C}}}f") or ""
        size_col = spec.size_col if spec.size_col is not None else spec.y_col
        last = len(block.rows) - 1 if spec.last is None else spec.last
        sizes = [_size(block.rows[i][size_col]) for i in range(spec.first, last + 1)]
        size = _c("bubbleSize")
        size.append(_num_ref(_column(formula, size_col), sizes))
        y_val.addnext(size)
        size.addnext(_c("bubble3D", val="0"))
    first_ax = scatter.find(f"{{{C}}}axId")
    assert first_ax is not None
    for el in (
        _c("bubbleScale", val=str(BUBBLE_SCALE)),
        _c("showNegBubbles", val="0"),
        _c("sizeRepresents", val="area"),
    ):
        first_ax.addprevious(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _size(value: object) -> float:
    """A bubble's size: a positive number (Excel hides zero or negative bubbles)."""
    try:
        return max(float(value), 0.1)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.1
