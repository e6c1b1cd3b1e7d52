"""The ruthless-choice matrix: near-term against long-term value, one bubble per initiative.

Why built this way: the matrix is what a mission team projects, so it must stay
smooth while the dial moves with thousands of bubbles. The bubbles themselves (position,
size, fill, outline) only change when the workbook, a filter or the colouring changes;
dial movements touch only the small overlays (rank numbers of the top items, the
portfolio fading, the fragile marks), which are cheap to redraw.

Encodings, each with words as well as colour: position = the two values; bubble area
= total cost; fill = mission or decision (decisions also have their own marker shape);
outline colour and thickness = DCA; faded = not in the optimal portfolio; "?" = a
fragile choice; a dark ring = selected; numbers = rank at the current balance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainterPath,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from stocktake.engine.matrix import QUADRANT_ORDER
from stocktake.model import DCA, Classification, Stage
from stocktake.model.colours import DCA_OUTLINE as DCA_COLOURS
from stocktake.model.colours import INK, NEUTRAL
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.lasso import LassoViewBox
from stocktake.ui.matrix.matrix_controls import MatrixControls
from stocktake.ui.matrix.matrix_words import bubble_tip, legend_html
from stocktake.ui.matrix.style import (
    DECISION_COLOURS,
    DECISION_SYMBOLS,
    dca_width,
    em,
    mission_colour,
    scaled_font,
)
from stocktake.ui.session import Session

LARGE = 1.6
"""Scale of text and bubbles in large-text (projector) mode."""
LEGEND_LINES = 5
"""Lines of the key shown before it scrolls."""
_FADED_ALPHA = 70
_SOLID_ALPHA = 215


def _text_symbol(text: str) -> QPainterPath:
    """A glyph as a pyqtgraph marker: a path centred on 0 and one unit tall."""
    path = QPainterPath()
    font = QFont()
    font.setBold(True)
    path.addText(0, 0, font, text)
    box = path.boundingRect()
    scale = 1.0 / max(box.width(), box.height())
    tr = QTransform()
    tr.scale(scale, scale)
    tr.translate(-box.center().x(), -box.center().y())
    return tr.map(path)


class MatrixView(QWidget):
    """The matrix panel; changes the session only through ``session.select``."""

    context_requested = Signal(list, QPointF)
    """IDs under (or selected at) a right click, and the screen position (after the menu)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analysis = Analysis.of(session)
        self.setAccessibleName("Ruthless-choice matrix")
        self.setAccessibleDescription(
            "Each initiative as a bubble: across, near-term milestone value; up, long-term "
            "ambition value; bubble area, total cost. Drag a rectangle to select."
        )
        self._large = False
        self._ready = False
        self._fills: list[QColor] = []
        self._pens: dict[tuple[DCA | None, float], QPen] = {}
        self._brush_cache: dict[tuple[int, int], QBrush] = {}
        self._mission_index: dict[str, int] = {}
        self._shown = np.zeros(0, dtype=np.int64)  # spot -> initiative row
        self._selected_rows = np.zeros(0, dtype=np.int64)
        self._controls = MatrixControls(self, self.analysis, self.rebuild)
        self.colour_by, self.large_text = self._controls.colour_by, self._controls.large_text
        self.mission_filter = self._controls.mission_filter
        self.stage_filter = self._controls.stage_filter
        self.class_filter = self._controls.class_filter
        self.cut_near, self.cut_long = self._controls.cut_near, self._controls.cut_long
        self.large_text.toggled.connect(self.set_large_text)
        self._build_plot()
        layout = QVBoxLayout(self)
        layout.addLayout(self._controls)
        layout.addWidget(self.plot, 1)
        # The key scrolls past four lines, so with large text on a small screen it
        # does not squeeze the chart itself to a strip.
        self.legend_area = QScrollArea(self)
        self.legend_area.setWidget(self.legend)
        self.legend_area.setWidgetResizable(True)
        self.legend_area.setFrameShape(QFrame.Shape.NoFrame)
        self.legend_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_legend()
        layout.addWidget(self.legend_area)
        self.analysis.scores_updated.connect(self._on_scores)
        self.analysis.cuts_changed.connect(self._cuts_moved)
        self.analysis.portfolio_updated.connect(self._update_fade)
        self.analysis.robustness_updated.connect(self._update_fragile)
        session.workbook_loaded.connect(self._on_loaded)
        session.decisions_changed.connect(self.rebuild)
        session.selection_changed.connect(self._on_selection)
        self._ready = True
        self._on_loaded()

    # -- construction --------------------------------------------------------------
    def _cuts_moved(self) -> None:
        self._show_cuts()
        self.rebuild()  # the view range follows the lines

    def _show_cuts(self) -> None:
        cuts = self.analysis.cuts
        self._controls.show_cuts(cuts)
        self.cut_x.setPos(cuts.near_term)
        self.cut_y.setPos(cuts.long_term)

    def _build_plot(self) -> None:
        self.viewbox = LassoViewBox()
        self.plot = pg.PlotWidget(viewBox=self.viewbox, background="w")
        self.plot.setAccessibleName("Matrix chart")
        self.plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        self.viewbox.setRange(xRange=(-4, 104), yRange=(-4, 104), padding=0)
        self.scatter = pg.ScatterPlotItem(pxMode=True, hoverable=True, tip=self._tip)
        self.scatter.sigClicked.connect(self._on_clicked)
        self.rings = pg.ScatterPlotItem(pxMode=True, symbol="o", brush=None)
        self.fragile = pg.ScatterPlotItem(
            pxMode=True, symbol=_text_symbol("?"), brush=pg.mkBrush(INK), pen=pg.mkPen("w", width=1)
        )
        for overlay, z in ((self.rings, 3), (self.fragile, 4)):
            overlay.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            overlay.setAcceptHoverEvents(False)
            overlay.setZValue(z)
        self.scatter.setZValue(2)
        # The bubbles do not move with the dial: keep them as a device pixmap so a dial
        # movement repaints only the rank numbers over them, not 2,000 bubbles.
        self.scatter.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        pen = pg.mkPen(INK, width=1, style=Qt.PenStyle.DashLine)
        self.cut_x = pg.InfiniteLine(angle=90, pen=pen)
        self.cut_y = pg.InfiniteLine(angle=0, pen=pen)
        self.quadrant_labels: list[pg.TextItem] = []
        corners = {
            QUADRANT_ORDER[0]: ((100, 100), (1, 0)),
            QUADRANT_ORDER[1]: ((100, 0), (1, 1)),
            QUADRANT_ORDER[2]: ((0, 100), (0, 0)),
            QUADRANT_ORDER[3]: ((0, 0), (0, 1)),
        }
        for quad, (pos, anchor) in corners.items():
            label = pg.TextItem(
                quad.value, color=INK, anchor=anchor, fill=pg.mkBrush(255, 255, 255, 210)
            )
            label.setZValue(1)
            label.setPos(*pos)
            label.setToolTip(quad.description)
            self.quadrant_labels.append(label)
        self.rank_labels: list[pg.TextItem] = []
        for it in (
            self.cut_x,
            self.cut_y,
            *self.quadrant_labels,
            self.scatter,
            self.rings,
            self.fragile,
        ):
            item.addItem(it)
        self.viewbox.lassoed.connect(self._on_lasso)
        self.viewbox.background_clicked.connect(lambda: self.session.select([]))
        self.viewbox.context_requested.connect(self._on_context)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAccessibleName("Matrix legend")
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        factor = LARGE if self._large else 1.0
        font = scaled_font(self, factor)
        item = self.plot.getPlotItem()
        size = f"{font.pointSizeF():.0f}pt"
        item.setLabel(
            "bottom",
            "Near-term value (0–100)",
            **{"font-size": size, "color": INK},
        )
        item.setLabel(
            "left",
            "Long-term value (0–100)",
            **{"font-size": size, "color": INK},
        )
        for side in ("bottom", "left"):
            axis = item.getAxis(side)
            axis.setTickFont(font)
            axis.setTextPen(INK)
            axis.setPen(INK)
        bold = QFont(font)
        bold.setBold(True)
        for label in self.quadrant_labels:
            label.setFont(bold)
        for label in self.rank_labels:
            label.setFont(bold)
        self.legend.setFont(font)
        if hasattr(self, "legend_area"):
            self._fit_legend()

    def _fit_legend(self) -> None:
        lines = QFontMetricsF(self.legend.font()).lineSpacing()
        self.legend_area.setMaximumHeight(int(lines * LEGEND_LINES + em(self, 0.5)))

    def changeEvent(self, event: QEvent) -> None:
        """Follow the window's font (View > Large text): chart text and bubbles too."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._ready:
            self._apply_fonts()
            self.rebuild()

    # -- state ---------------------------------------------------------------------
    def set_large_text(self, on: bool) -> None:
        """Projector mode: bigger text and bubbles, same encodings."""
        self._large = bool(on)
        if self.large_text.isChecked() != self._large:
            self.large_text.setChecked(self._large)
        self._apply_fonts()
        self.rebuild()

    def _on_loaded(self) -> None:
        wb = self.session.workbook
        missions = list(wb.missions.values()) if wb else []
        self._mission_index = {m.id: k for k, m in enumerate(missions)}
        self._controls.fill_combo(self.mission_filter, [(m.name, m.id) for m in missions])
        self._controls.fill_combo(self.stage_filter, [(s.value, s.value) for s in Stage])
        self._controls.fill_combo(self.class_filter, [(c.value, c.value) for c in Classification])
        self._show_cuts()
        self.rebuild()

    def _visible_rows(self) -> np.ndarray:
        wb, arrays = self.session.workbook, self.analysis.arrays
        if wb is None or arrays is None:
            return np.zeros(0, dtype=np.int64)
        mission = self.mission_filter.currentData()
        stage = self.stage_filter.currentData()
        cls = self.class_filter.currentData()
        rows = []
        for k, iid in enumerate(arrays.ids):
            init = wb.initiatives[iid]
            if mission is not None and init.mission_id != mission:
                continue
            if stage is not None and (init.stage is None or init.stage.value != stage):
                continue
            if cls is not None and init.classification.value != cls:
                continue
            rows.append(k)
        return np.asarray(rows, dtype=np.int64)

    def _bubble_sizes(self, rows: np.ndarray) -> np.ndarray:
        """Diameter in pixels with area proportional to total cost (a floor keeps the
        cheapest visible; the legend says so)."""
        arrays = self.analysis.arrays
        assert arrays is not None
        factor = LARGE if self._large else 1.0
        cost = np.clip(arrays.total_cost, 0.0, None)
        top = float(cost.max(initial=0.0)) or 1.0
        big, floor = em(self, 3.2) * factor, em(self, 0.55) * factor
        # Whole pixels: each distinct size is a glyph pyqtgraph must render once, so
        # rounding keeps a redraw of thousands of bubbles to a few dozen glyphs.
        return np.round(np.maximum(floor, big * np.sqrt(cost[rows] / top)))

    def rebuild(self) -> None:
        """Redraw every bubble: after a load, a filter, the colouring or a decision."""
        if not self._ready:
            return
        arrays, wb = self.analysis.arrays, self.session.workbook
        rows = self._visible_rows()
        self._shown = rows
        if arrays is None or wb is None or not len(rows):
            self.scatter.setData(x=[], y=[])
            self._on_selection(self.session.selection)
            self._update_fragile()
            self._update_legend()
            return
        by_decision = self.colour_by.currentText() == "Decision"
        latest = self.analysis.latest_decisions() if by_decision else {}
        unit = em(self, 0.12) * (LARGE if self._large else 1.0)
        fills: list[QColor] = []
        pens: list[QPen] = []
        symbols: list[str] = []
        for k in rows:
            init = wb.initiatives[arrays.ids[k]]
            if by_decision:
                d = latest.get(init.id)
                fills.append(QColor(DECISION_COLOURS[d.decision] if d else NEUTRAL))
                symbols.append(DECISION_SYMBOLS[d.decision] if d else "o")
            else:
                fills.append(mission_colour(self._mission_index.get(init.mission_id, 0)))
                symbols.append("o")
            pens.append(self._pen(init.dca, unit))
        self._fills = fills
        self._fit_range(rows)
        self.scatter.setData(
            x=arrays.near_term[rows],
            y=arrays.long_term[rows],
            size=self._bubble_sizes(rows),
            pen=pens,
            brush=self._brushes(),
            symbol=symbols,
            data=rows,
        )
        self._on_selection(self.session.selection)
        self._update_ranks()
        self._update_fragile()
        self._update_legend()

    def _pen(self, dca: DCA | None, unit: float) -> QPen:
        """One pen object per DCA and size: pyqtgraph caches a glyph per pen *object*."""
        key = (dca, unit)
        if key not in self._pens:
            colour = DCA_COLOURS[dca] if dca else "#6F777B"
            self._pens[key] = pg.mkPen(colour, width=dca_width(dca, unit))
        return self._pens[key]

    def _brush(self, colour: QColor, alpha: int) -> QBrush:
        key = (colour.rgb(), alpha)
        if key not in self._brush_cache:
            c = QColor(colour)
            c.setAlpha(alpha)
            self._brush_cache[key] = QBrush(c)
        return self._brush_cache[key]

    def _fit_range(self, rows: np.ndarray) -> None:
        """Show the bubbles and the cut lines, not always the whole 0-100 square: real
        portfolios often sit in one corner, and a projector needs every pixel."""
        arrays = self.analysis.arrays
        assert arrays is not None
        cuts = self.analysis.cuts
        x_hi = min(104.0, max(cuts.near_term, float(arrays.near_term[rows].max())) + 8.0)
        y_hi = min(104.0, max(cuts.long_term, float(arrays.long_term[rows].max())) + 8.0)
        self.viewbox.setRange(xRange=(-4, x_hi), yRange=(-4, y_hi), padding=0)
        corners = ((x_hi - 2, y_hi - 2), (x_hi - 2, -2), (-2, y_hi - 2), (-2, -2))
        for label, pos in zip(self.quadrant_labels, corners, strict=True):
            label.setPos(*pos)

    def _brushes(self) -> list[QBrush]:
        chosen = self.analysis.chosen_mask
        have = len(chosen) > 0 and bool(chosen.any())
        return [
            self._brush(colour, _SOLID_ALPHA if (not have or chosen[k]) else _FADED_ALPHA)
            for colour, k in zip(self._fills, self._shown, strict=True)
        ]

    # -- cheap updates -----------------------------------------------------------------
    def _on_scores(self) -> None:
        if self.analysis.arrays is not None and (
            len(self._shown) == 0 or int(self._shown.max(initial=-1)) >= self.analysis.arrays.n
        ):
            self.rebuild()
            return
        self._update_ranks()

    def _update_ranks(self) -> None:
        """Number the top items at the current balance (they move as the dial moves)."""
        table, arrays = self.analysis.table, self.analysis.arrays
        item = self.plot.getPlotItem()
        if table is None or arrays is None:
            top: list[int] = []
        else:
            visible = set(self._shown.tolist())
            top = [int(i) for i in table.order[: self.analysis.top_k] if int(i) in visible]
        while len(self.rank_labels) < len(top):
            label = pg.TextItem("", color=INK, anchor=(0.5, 1.2))
            label.setZValue(5)
            label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            item.addItem(label)
            self.rank_labels.append(label)
            self._apply_fonts()
        for label, i in zip(self.rank_labels, top, strict=False):
            assert table is not None and arrays is not None
            label.setText(str(int(table.rank[i])))
            label.setPos(float(arrays.near_term[i]), float(arrays.long_term[i]))
            label.show()
        for label in self.rank_labels[len(top) :]:
            label.hide()

    def _update_fade(self) -> None:
        if len(self._shown) and self.analysis.arrays is not None:
            self.scatter.setBrush(self._brushes())
        self._update_legend()

    def _update_fragile(self) -> None:
        arrays = self.analysis.arrays
        mask = self.analysis.fragile_mask()
        rows = self._shown[mask[self._shown]] if len(mask) and len(self._shown) else []
        if arrays is None or not len(rows):
            self.fragile.setData(x=[], y=[])
        else:
            self.fragile.setData(
                x=arrays.near_term[rows],
                y=arrays.long_term[rows],
                size=em(self, 0.9) * (LARGE if self._large else 1.0),
            )
        self._update_legend()

    def _on_selection(self, ids: list[str]) -> None:
        arrays = self.analysis.arrays
        if arrays is None:
            self.rings.setData(x=[], y=[])
            return
        rows = np.asarray(
            [r for r in (self.analysis.index(i) for i in ids) if r is not None], dtype=np.int64
        )
        self._selected_rows = rows
        sizes: Any = self._bubble_sizes(rows) + em(self, 0.6) if len(rows) else []
        self.rings.setData(
            x=arrays.near_term[rows],
            y=arrays.long_term[rows],
            size=sizes,
            pen=pg.mkPen(INK, width=max(2.0, em(self, 0.18))),
            brush=None,
        )

    # -- reading the bubbles -------------------------------------------------------------
    def _tip(self, x: float, y: float, data: Any) -> str:
        """Hover text (pyqtgraph's ``tip`` callback) for the bubble of engine row ``data``."""
        return bubble_tip(self.analysis, self.session.workbook, int(data))

    def _update_legend(self) -> None:
        by_decision = self.colour_by.currentText() == "Decision"
        self.legend.setText(
            legend_html(self.analysis, self.session.workbook, by_decision, self._mission_index)
        )

    # -- selecting -------------------------------------------------------------------
    def ids_in(self, rect: QRectF) -> list[str]:
        """IDs of the shown bubbles whose centre lies in a data-space rectangle."""
        arrays = self.analysis.arrays
        if arrays is None or not len(self._shown):
            return []
        x, y = arrays.near_term[self._shown], arrays.long_term[self._shown]
        inside = (x >= rect.left()) & (x <= rect.right()) & (y >= rect.top()) & (y <= rect.bottom())
        return [arrays.ids[int(k)] for k in self._shown[inside]]

    def _on_lasso(self, rect: QRectF, add: bool) -> None:
        ids = self.ids_in(rect)
        self.session.select([*self.session.selection, *ids] if add else ids)

    def _on_clicked(self, item: Any, points: Any, ev: Any) -> None:
        arrays = self.analysis.arrays
        if arrays is None or not len(points):
            return
        iid = arrays.ids[int(points[0].data())]
        if ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
            current = self.session.selection
            self.session.select(
                [i for i in current if i != iid] if iid in current else [*current, iid]
            )
        else:
            self.session.select([iid])

    def _on_context(self, data_pos: QPointF, screen_pos: QPointF) -> None:
        from stocktake.ui.matrix.actions import initiative_menu

        hits = self.scatter.pointsAt(data_pos)
        arrays = self.analysis.arrays
        ids = self.session.selection
        if len(hits) and arrays is not None:
            hit = arrays.ids[int(hits[0].data())]
            if hit not in ids:
                ids = [hit]
                self.session.select(ids)
        self.context_requested.emit(ids, screen_pos)
        menu = initiative_menu(self, self.session, ids)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(screen_pos.toPoint())
