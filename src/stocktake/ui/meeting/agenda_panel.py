"""The laptop's agenda panel in meeting mode: the walk, the list with its marks, the
timers and the reveal.

Why passive: the panel shows a :class:`~stocktake.app.meeting.Meeting` and reports what
the person clicked; :mod:`stocktake.ui.meeting.mode` owns the meeting and the keys, so the
presenter view and this panel can never disagree.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stocktake.app.agenda import Mark, Walk
from stocktake.app.meeting import Meeting
from stocktake.app.meeting_clock import duration_words, is_over, timer_words
from stocktake.model import Workbook
from stocktake.ui.matrix.style import em
from stocktake.ui.meeting.agenda_rows import AgendaDelegate, AgendaRows

OVER_STYLE = "QLabel { background: #B10E1E; color: white; font-weight: bold; padding: 2px; }"
"""Over time: white on a deep red (contrast 7:1), with the words saying so as well."""


def timer_style(over: bool) -> str:
    return OVER_STYLE if over else ""


class AgendaPanel(QWidget):
    """Walk chooser, agenda list, progress, timers and reveal, for the laptop."""

    walk_chosen = Signal(object)  # Walk
    item_chosen = Signal(int)  # place on the agenda
    timer_toggled = Signal()
    reveal_asked = Signal()
    presenter_asked = Signal()
    leave_asked = Signal()
    plan_changed = Signal(float, float)  # seconds per item, seconds for the meeting

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Meeting agenda")
        self.walk = QComboBox(self)
        self.walk.setAccessibleName("Agenda walk")
        self.walk.setToolTip(
            "The order the meeting walks the initiatives in. A hand-picked list is the "
            "initiatives selected on the matrix (Ctrl+click or drag a rectangle) when chosen."
        )
        self.walk.activated.connect(lambda _i: self.walk_chosen.emit(self.walk.currentData()))
        self.progress = QLabel(self)
        self.progress.setAccessibleName("Agenda progress")
        self.progress.setWordWrap(True)
        self.rows = AgendaRows(self)
        self.items = QListView(self)
        self.items.setModel(self.rows.model)
        self.items.setItemDelegate(AgendaDelegate(self.rows, self.items))
        self.items.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.items.setAccessibleName("Agenda items")
        self.items.setMinimumHeight(int(em(self, 3)))
        # long names are cut with "…" (the whole name is the row's tooltip): a sideways
        # scroll bar would take a row from a short screen
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setTextElideMode(Qt.TextElideMode.ElideRight)
        # every row is one line in one font: without this, making a row current laid out
        # all 10k rows of a large agenda to find where it is (half a second a key press)
        self.items.setUniformItemSizes(True)
        self.items.activated.connect(lambda index: self.item_chosen.emit(index.row()))
        self.items.clicked.connect(lambda index: self.item_chosen.emit(index.row()))
        self.item_timer = QLabel(self)
        self.item_timer.setAccessibleName("Time on this item")
        self.item_timer.setWordWrap(True)
        self.meeting_timer = QLabel(self)
        self.meeting_timer.setAccessibleName("Time for the meeting")
        self.meeting_timer.setWordWrap(True)
        self.item_minutes = self._minutes(1, 60, "Planned minutes per item")
        self.meeting_minutes = self._minutes(5, 600, "Planned minutes for the meeting")
        self.timer_button = QPushButton("Start the timer (T)", self)
        self.timer_button.clicked.connect(self.timer_toggled)
        self.reveal = QLabel(self)
        self.reveal.setAccessibleName("Reviewers' private scores")
        self.reveal.setWordWrap(True)
        self.reveal.setTextFormat(Qt.TextFormat.PlainText)
        # long criterion names make the spread several lines: it scrolls past five, so
        # the agenda list above keeps its rows
        self.reveal_area = QScrollArea(self)
        self.reveal_area.setWidget(self.reveal)
        self.reveal_area.setWidgetResizable(True)
        self.reveal_area.setFrameShape(QFrame.Shape.NoFrame)
        self.reveal_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reveal_area.setMinimumHeight(int(em(self, 1.5)))
        self.reveal_button = QPushButton("Reveal the scores (R)", self)
        self.reveal_button.clicked.connect(self.reveal_asked)
        self.presenter_button = QPushButton("Presenter view", self)
        self.presenter_button.setCheckable(True)
        self.presenter_button.setToolTip("The current item, full screen on the second screen")
        self.presenter_button.clicked.connect(self.presenter_asked)
        self.leave_button = QPushButton("Leave meeting (Esc)", self)
        self.leave_button.clicked.connect(self.leave_asked)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("&Walk:", self.walk)
        label = form.labelForField(self.walk)
        if isinstance(label, QLabel):
            label.setBuddy(self.walk)
        plan = QHBoxLayout()
        for widget in (
            self.item_minutes,
            QLabel("min an item,", self),
            self.meeting_minutes,
            QLabel("min in all", self),
        ):
            plan.addWidget(widget)
        plan.addStretch(1)
        form.addRow("P&lan:", plan)
        label = form.labelForField(plan)
        if isinstance(label, QLabel):
            label.setBuddy(self.item_minutes)
        form.addRow("This item:", self.item_timer)
        form.addRow("Meeting:", self.meeting_timer)
        buttons = QHBoxLayout()
        buttons.addWidget(self.timer_button)
        buttons.addWidget(self.presenter_button)
        buttons.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.reveal_area)
        layout.addWidget(self.reveal_button)
        layout.addLayout(buttons)

    def _minutes(self, low: int, high: int, name: str) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(low, high)
        box.setAccessibleName(name)
        box.valueChanged.connect(
            lambda _v: self.plan_changed.emit(
                self.item_minutes.value() * 60.0, self.meeting_minutes.value() * 60.0
            )
        )
        return box

    def set_plan(self, item_seconds: float, meeting_seconds: float) -> None:
        for box, seconds in (
            (self.item_minutes, item_seconds),
            (self.meeting_minutes, meeting_seconds),
        ):
            box.blockSignals(True)
            box.setValue(round(seconds / 60))
            box.blockSignals(False)

    def set_walks(self, walks: list[Walk], current: Walk) -> None:
        self.walk.blockSignals(True)
        self.walk.clear()
        for w in walks:
            self.walk.addItem(w.value, w)
        self.walk.setCurrentIndex(max(0, walks.index(current) if current in walks else 0))
        self.walk.blockSignals(False)

    def show_meeting(self, meeting: Meeting, wb: Workbook | None) -> None:
        """The list, its marks and the current item (the timers have their own refresh)."""
        agenda = meeting.agenda
        self.items.blockSignals(True)
        self.rows.show(agenda, wb.initiatives if wb else {})
        if agenda.items:
            here = self.rows.model.index(agenda.position)
            # exactly this row, whatever keys are held (Ctrl+Enter records a decision:
            # a plain setCurrentIndex with Ctrl down toggled the new row's highlight off)
            self.items.selectionModel().setCurrentIndex(
                here, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.items.scrollTo(here)
        self.items.blockSignals(False)
        counts = agenda.counts()
        self.progress.setText(
            f"{agenda.walk.value}: item {agenda.progress()}; "
            f"{counts[Mark.DONE]} done, {counts[Mark.SKIPPED]} skipped."
            if agenda.items
            else f"{agenda.walk.value}: no initiatives on this walk."
        )
        crits = {cid: c.name for cid, c in wb.criteria.items()} if wb else {}
        self.show_reveal(meeting, crits)

    def show_reveal(self, meeting: Meeting, names: dict[str, str] | None = None) -> None:
        scores = meeting.scores()
        self.reveal_button.setVisible(scores is not None and not meeting.is_revealed())
        if scores is None:
            self.reveal.setText("No private scores were collected for this item.")
        elif not meeting.is_revealed():
            self.reveal.setText(scores.hidden_words() + ".")
        else:
            self.reveal.setText(
                f"Private scores from {', '.join(scores.reviewers)}:\n"
                + "\n".join(scores.lines(names or {}))
            )
        self._fit_reveal()

    def _fit_reveal(self) -> None:
        """As tall as its text (up to seven lines, then it scrolls): a one-line note must
        not take rows from the agenda list on a 720-pixel screen."""
        width = max(self.reveal_area.viewport().width(), int(em(self, 20)))
        need = self.reveal.heightForWidth(width) + 2
        self.reveal_area.setMaximumHeight(min(need, int(em(self, 7))))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_reveal()

    def show_timers(self, meeting: Meeting) -> tuple[bool, bool]:
        """Refresh the timers; returns (item over, meeting over) for the caller's signal."""
        clock = meeting.clock
        spent, planned = clock.spent(), clock.planned()
        item_over = is_over(spent, planned)
        self.item_timer.setText(timer_words(spent, planned))
        self.item_timer.setStyleSheet(timer_style(item_over))
        total = clock.meeting_seconds()
        plan = clock.meeting_plan(len(meeting.agenda.items))
        self.meeting_timer.setText(timer_words(total, plan))
        meeting_over = is_over(total, plan)
        self.meeting_timer.setStyleSheet(timer_style(meeting_over))
        self.timer_button.setText("Stop the timer (T)" if clock.running else "Start the timer (T)")
        state = "running" if clock.running else "stopped"
        self.item_timer.setAccessibleDescription(f"Timer {state}; {duration_words(spent)} spent")
        return item_over, meeting_over
