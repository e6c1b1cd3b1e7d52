"""Export a chart as a PNG of exactly the size asked for (board packs, slides).

Why not ``QWidget.grab``: that gives the widget's on-screen size. The chart's plot item
is laid out afresh at the requested size, painted into an image, then put back, so
text stays sharp and the file is exactly width × height pixels.

An image leaves the building on its own, so with a :class:`Frame` it carries its title,
its legend and its protective marking (top and bottom, with the handling caveat) burnt
into the pixels, and its alt text in the PNG's ``Description`` text chunk.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from stocktake.model import markings


@dataclass(frozen=True, slots=True)
class Frame:
    """What is burnt around a chart image: title, marking and legend (name, colour)."""

    title: str
    marking: str
    alt: str = ""
    legend: Sequence[tuple[str, str]] = field(default_factory=tuple)


def render_plot(plot: pg.PlotWidget, width: int, height: int, frame: Frame | None = None) -> QImage:
    """The plot drawn into a ``width`` × ``height`` image on white (inside the frame's
    title, marking and legend bands when a ``frame`` is given)."""
    if width < 1 or height < 1:
        raise ValueError(f"an image needs a positive size, not {width} × {height}")
    item = plot.getPlotItem()
    old = item.geometry()
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    band = max(28, height // 14) if frame is not None else 0
    if band * 3.2 >= height:
        raise ValueError(f"a {width} × {height} image is too small to carry its marking")
    top, bottom = (band * 1.6, band * 1.6) if frame is not None else (0.0, 0.0)
    source = QRectF(0, 0, width, height - top - bottom)  # the plot, laid out at this size
    target = source.translated(0, top)
    try:
        item.setGeometry(source)
        item.layout.activate()
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        plot.scene().render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        if frame is not None:
            _burn(painter, frame, width, height, band)
        painter.end()
    finally:
        item.setGeometry(old)
        item.layout.activate()
    if frame is not None and frame.alt:
        image.setText("Description", frame.alt)
        image.setText("Title", frame.title)
    return image


def _burn(painter: QPainter, frame: Frame, width: int, height: int, band: int) -> None:
    """Marking at the top and bottom, the title under the top marking, the legend above
    the bottom one; text shrinks to fit the width rather than run off the image."""
    ink = QColor("#0B0C0C")
    centre = Qt.AlignmentFlag.AlignCenter
    painter.setPen(ink)
    _fit(painter, frame.marking, width, band // 2, bold=True)
    painter.drawText(QRectF(0, 0, width, band * 0.8), centre, frame.marking)
    _fit(painter, frame.title, width, band // 2, bold=True)
    painter.drawText(QRectF(0, band * 0.7, width, band * 0.9), centre, frame.title)
    if frame.legend:
        gap = band * 0.9
        text = "".join(name for name, _ in frame.legend)
        room = width - band - gap * len(frame.legend)
        _fit(painter, text, int(room), int(band / 2.6))
        metrics = painter.fontMetrics()
        swatch = metrics.height() * 0.6
        x, y = band * 0.5, height - band * 1.55
        for name, colour in frame.legend:
            painter.setBrush(QColor(colour))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(QRectF(x, y + (band * 0.8 - swatch) / 2, swatch, swatch))
            painter.setPen(ink)
            text_w = metrics.horizontalAdvance(name)
            box = QRectF(x + swatch * 1.4, y, text_w + 4, band * 0.8)
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, name)
            x += swatch * 1.4 + text_w + gap
    line = markings.marking_line(frame.marking)
    _fit(painter, line, width, int(band / 2.6), bold=True)
    painter.drawText(QRectF(0, height - band * 0.8, width, band * 0.8), centre, line)


def _fit(painter: QPainter, text: str, width: int, pixels: int, bold: bool = False) -> None:
    """Set a font of at most ``pixels`` high in which ``text`` fits ``width`` (95%)."""
    font = QFont()
    font.setBold(bold)
    size = max(8, pixels)
    while True:
        font.setPixelSize(size)
        painter.setFont(font)
        if size <= 8 or painter.fontMetrics().horizontalAdvance(text) <= width * 0.95:
            return
        size -= 1


def export_png(
    plot: pg.PlotWidget, path: str | Path, width: int, height: int, frame: Frame | None = None
) -> Path:
    """Write the plot as a PNG; raises OSError with the path when it cannot be written."""
    path = Path(path)
    # the stubs say bytes, the binding wants str (PySide6 6.11)
    image = render_plot(plot, width, height, frame)
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OSError(f"could not write the image {path}")
    return path


def export_charts(
    page: Any,
    frontier_plot: pg.PlotWidget,
    folder: Path,
    stem: str,
    frames: Mapping[str, Frame] | None = None,
) -> list[Path]:
    """The matrix, rank-vs-balance and frontier charts of a workbook as PNG files in
    ``folder``, named after the workbook, each with its frame (``frames`` by the names
    below); raises OSError when one cannot be written."""
    plots = [
        (page.matrix.plot, "matrix", 1600, 1200),
        (page.ranks.plot, "rank-vs-balance", 1600, 900),
        (frontier_plot, "frontier", 1600, 1000),
    ]
    frames = frames or {}
    return [
        export_png(plot, folder / f"{stem} {name}.png", width, height, frames.get(name))
        for plot, name, width, height in plots
    ]


TITLES = {
    "matrix": "Ruthless-choice matrix",
    "rank-vs-balance": "Rank against balance",
    "frontier": "Efficient frontier",
}


def frames_for(doc: Any, matrix_legend: str) -> dict[str, Frame]:
    """Each exported chart's frame: its title, the marking and alt text from the app
    layer, and for the matrix the colour key the window's legend shows."""
    from stocktake.app.pack import chart_captions

    level, alts = chart_captions(doc)
    legend = legend_entries(matrix_legend)
    return {
        name: Frame(title, level, alts.get(name, title), legend if name == "matrix" else ())
        for name, title in TITLES.items()
    }


def legend_entries(rich_text: str) -> list[tuple[str, str]]:
    """(name, colour) pairs from the first line of the matrix's legend label (its fill
    key: missions or decisions), so the image's key matches the window's."""
    first = rich_text.split("<br>", 1)[0]
    pairs = re.findall(r'<span style="color:([^"]+)">[^<]*</span>\s*((?:(?!&nbsp;)[^<])+)', first)
    return [(html.unescape(name.strip()), colour) for colour, name in pairs]
