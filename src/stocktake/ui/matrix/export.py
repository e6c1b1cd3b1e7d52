"""Export a chart as a PNG of exactly the size asked for (board packs, slides).

Why not ``QWidget.grab``: that gives the widget's on-screen size. The chart's plot item
is laid out afresh at the requested size, painted into an image, then put back, so
text stays sharp and the file is exactly width × height pixels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter


def render_plot(plot: pg.PlotWidget, width: int, height: int) -> QImage:
    """The plot drawn into a ``width`` × ``height`` image on white."""
    if width < 1 or height < 1:
        raise ValueError(f"an image needs a positive size, not {width} × {height}")
    item = plot.getPlotItem()
    old = item.geometry()
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    target = QRectF(0, 0, width, height)
    try:
        item.setGeometry(target)
        item.layout.activate()
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        plot.scene().render(painter, target, target, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
    finally:
        item.setGeometry(old)
        item.layout.activate()
    return image


def export_png(plot: pg.PlotWidget, path: str | Path, width: int, height: int) -> Path:
    """Write the plot as a PNG; raises OSError with the path when it cannot be written."""
    path = Path(path)
    # the stubs say bytes, the binding wants str (PySide6 6.11)
    if not render_plot(plot, width, height).save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OSError(f"could not write the image {path}")
    return path


def export_charts(page: Any, frontier_plot: pg.PlotWidget, folder: Path, stem: str) -> list[Path]:
    """The matrix, rank-vs-balance and frontier charts of a workbook as PNG files in
    ``folder``, named after the workbook; raises OSError when one cannot be written."""
    plots = [
        (page.matrix.plot, "matrix", 1600, 1200),
        (page.ranks.plot, "rank-vs-balance", 1600, 900),
        (frontier_plot, "frontier", 1600, 1000),
    ]
    return [
        export_png(plot, folder / f"{stem} {name}.png", width, height)
        for plot, name, width, height in plots
    ]
