"""The controls above the matrix: filters, colouring, cut lines and chart size.

Why apart from the view: these are ordinary form widgets laid out in two short rows
(so the matrix and the decision panel fit side by side on a laptop), while the view is
about drawing thousands of bubbles quickly. The view keeps its own names for each
control (``view.mission_filter`` and so on) and is told of every change through one
callback.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from stocktake import engine
from stocktake.ui.matrix.analysis import Analysis

ALL = "All"
COMBO_CHARS = 9
"""Characters a filter box shows when the window is narrow (its list shows them all)."""
COLOUR_BY = ("Mission", "Decision")


class MatrixControls(QGridLayout):
    """Filter boxes, colour-by, the two cut-line boxes and the large-chart switch."""

    def __init__(self, owner: QWidget, analysis: Analysis, changed: Callable[[], None]) -> None:
        super().__init__()
        self._owner = owner
        self.analysis = analysis
        self._changed = changed
        self._build()

    def _combo(self, name: str, tip: str) -> QComboBox:
        box = QComboBox(self._owner)
        box.setAccessibleName(name)
        box.setToolTip(tip)
        # Long mission names must not set the page's width: the box shows what fits
        # and the open list shows every name in full.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(COMBO_CHARS)
        box.currentIndexChanged.connect(self._changed)
        return box

    def _build(self) -> None:
        """Two short rows (filters; colouring, cut lines and text size) rather than one
        long one, so the matrix and the decision panel fit side by side on a laptop."""
        self.colour_by = self._combo(
            "Colour bubbles by", "Fill each bubble by its mission or by the decision in force"
        )
        self.colour_by.addItems(COLOUR_BY)
        self.mission_filter = self._combo("Filter by mission", "Show one mission only")
        self.stage_filter = self._combo("Filter by stage", "Show one stage only")
        self.class_filter = self._combo(
            "Filter by classification", "Show OFFICIAL or OFFICIAL-SENSITIVE items only"
        )
        self.large_text = QCheckBox("Lar&ge chart", self._owner)
        self.large_text.setAccessibleName("Larger chart text and bubbles for a projector")
        self.large_text.setToolTip(
            "Chart text and bubbles 1.6 times larger (View > Large text enlarges everything)"
        )
        self.cut_near = self._cut_box(
            "Near-term cut line",
            "Near-term value at or above which an initiative counts "
            "as strong for the milestones (0-100)",
        )
        self.cut_long = self._cut_box(
            "Long-term cut line",
            "Long-term value at or above which an initiative counts "
            "as strong for the ambition (0-100)",
        )
        cuts = QHBoxLayout()
        cuts.addWidget(self.cut_near)
        cuts.addWidget(self.cut_long)
        cuts.addWidget(self.large_text)
        cuts.addStretch(1)
        for n, (label, field) in enumerate(
            (
                ("Mission", self.mission_filter),
                ("Stage", self.stage_filter),
                ("Classification", self.class_filter),
                ("Colour by", self.colour_by),
                ("Cut lines", cuts),
            )
        ):
            row, col = divmod(n, 3)
            lab = QLabel(label + ":", self._owner)
            self.addWidget(lab, row, 2 * col)
            if isinstance(field, QWidget):
                lab.setBuddy(field)
                self.addWidget(field, row, 2 * col + 1)
            elif isinstance(field, QHBoxLayout):
                lab.setBuddy(self.cut_near)
                self.addLayout(field, row, 2 * col + 1, 1, 3)
        for col in (1, 3, 5):
            self.setColumnStretch(col, 1)

    def _cut_box(self, name: str, tip: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self._owner)
        box.setRange(0.0, 100.0)
        box.setDecimals(0)
        box.setSingleStep(5.0)
        box.setValue(50.0)
        box.setAccessibleName(name)
        box.setToolTip(tip)
        box.setKeyboardTracking(False)  # move the lines when typing is done, not per digit
        box.valueChanged.connect(
            lambda _v: self.analysis.set_cuts(self.cut_near.value(), self.cut_long.value())
        )
        return box

    def show_cuts(self, cuts: engine.CutLines) -> None:
        """Show the cut lines in force (after an undo, say) without pushing them again."""
        for box, value in ((self.cut_near, cuts.near_term), (self.cut_long, cuts.long_term)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)

    def fill_combo(self, box: QComboBox, values: list[tuple[str, str]]) -> None:
        """Replace a filter's entries (keeping "All" first) without a redraw per item."""
        box.blockSignals(True)
        box.clear()
        box.addItem(ALL, None)
        for text, data in values:
            box.addItem(text, data)
        box.blockSignals(False)
