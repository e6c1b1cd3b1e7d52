"""Record a decision on the selected initiative, fast enough for a live stock-take meeting.

Why keyboard-first: the chair walks the list on a projector and the secretariat types.
N / P (or Alt+Down / Alt+Up) move to the next / previous initiative in rank order, 1-6
pick the decision, R jumps to the rationale and Ctrl+Enter records it. Recording pushes
one command on the session's undo stack; a decision on an initiative that already has
one supersedes it, and the log keeps both.

The switching values come from the engine (``balance_switching_values``): the panel only
puts them into words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from stocktake import engine
from stocktake.app import errors
from stocktake.model import Decision, DecisionKind
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.style import decision_icon, em
from stocktake.ui.session import Session

KINDS = tuple(DecisionKind)


def switching_words(switch: engine.BalanceSwitch | None, k: int) -> str:
    """'Stays in the top 10 until the balance passes 0.71 (towards the milestones) …'."""
    return "" if switch is None else switch.words(k)


class DecisionPanel(QWidget):
    """Decision form for the first selected initiative."""

    recorded = Signal(object)  # the Decision just recorded
    feedback = Signal(str)
    """What a meeting key just did (or why it did nothing), for a status line."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analysis = Analysis.of(session)
        self.setAccessibleName("Decision panel")
        self.current: str | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Initiative being decided")
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setAccessibleName("Value, rank, portfolio and switching values")
        self.in_force = QLabel(self)
        self.in_force.setWordWrap(True)

        self.kinds = QButtonGroup(self)
        row = QGridLayout()  # two rows of three: narrow enough to sit beside the matrix
        for n, kind in enumerate(KINDS, start=1):
            button = QRadioButton(f"&{n} {kind.value}", self)
            button.setAccessibleName(kind.value)
            button.setToolTip(
                f"Press {n} to choose {kind.value}"
                + (" (a rationale is required)" if kind.needs_rationale else "")
            )
            # The decision's colour and marker as an icon (a style sheet would stop the
            # button following the window's Large text font).
            button.setIcon(decision_icon(kind))
            self.kinds.addButton(button, n - 1)
            row.addWidget(button, *divmod(n - 1, 3))

        self.rationale = QPlainTextEdit(self)
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setPlaceholderText("Why? Required for Stop and Pause.")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMaximumHeight(int(em(self, 5)))
        self.dissent = QPlainTextEdit(self)
        self.dissent.setAccessibleName("Dissent")
        self.dissent.setAccessibleDescription(
            "Who disagreed, in their words: one 'Name: their words' a line"
        )
        self.dissent.setPlaceholderText("Who disagreed? 'Name: their words', one a line")
        self.dissent.setTabChangesFocus(True)
        self.dissent.setMaximumHeight(int(em(self, 4)))
        self.owner = QLineEdit(self)
        self.owner.setAccessibleName("Owner")
        self.review_on = QCheckBox("Review by", self)
        self.review = QDateEdit(self)
        self.review.setCalendarPopup(True)
        self.review.setDisplayFormat("d MMM yyyy")
        self.review.setDate(QDate.currentDate().addMonths(3))
        self.review.setAccessibleName("Review date")
        self.review.setEnabled(False)
        self.review_on.toggled.connect(self.review.setEnabled)
        self.meeting = QLineEdit(self)
        self.meeting.setAccessibleName("Meeting")
        self.meeting.setPlaceholderText("e.g. Health mission board stock-take, March 2026")
        self.reuse = QCheckBox("&Keep owner and review date", self)
        self.reuse.setAccessibleName("Keep owner and review date for the next initiative")
        self.reuse.setToolTip(
            "On: the next initiative starts with this owner and review date. "
            "Off: each initiative starts with an empty form (owner, rationale, review date)."
        )
        self.decided_by = QLineEdit(self)
        self.decided_by.setAccessibleName("Decided by")
        with contextlib.suppress(KeyError, OSError):
            self.decided_by.setText(getpass.getuser())
        self.record_button = QPushButton("Record &decision (Ctrl+Enter)", self)
        self.record_button.clicked.connect(self.record)
        self.prev_button = QPushButton("&Previous", self)
        self.next_button = QPushButton("&Next", self)
        self.prev_button.setToolTip("Previous initiative in rank order (P or Alt+Up)")
        self.next_button.setToolTip("Next initiative in rank order (N or Alt+Down)")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Decision message")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        rationale_label = QLabel("&Rationale:", self)
        rationale_label.setBuddy(self.rationale)
        form.addRow(rationale_label, self.rationale)
        dissent_label = QLabel("Dissent (who disa&greed):", self)  # Alt+G: D, S, T, E are taken
        dissent_label.setBuddy(self.dissent)
        form.addRow(dissent_label, self.dissent)
        for text, widget in (
            ("&Owner:", self.owner),
            ("&Meeting:", self.meeting),
            ("Decided &by:", self.decided_by),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        review = QHBoxLayout()
        review.addWidget(self.review_on)
        review.addWidget(self.review)
        review.addStretch(1)
        form.addRow("Review date:", review)
        form.addRow("", self.reuse)
        nav = QGridLayout()
        nav.addWidget(self.prev_button, 0, 0)
        nav.addWidget(self.next_button, 0, 1)
        nav.addWidget(self.record_button, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.in_force)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addLayout(nav)
        layout.addWidget(self.message)
        layout.addStretch(1)

        for first, then in (
            (self.rationale, self.dissent),
            (self.dissent, self.owner),
            (self.owner, self.meeting),
            (self.meeting, self.decided_by),
            (self.decided_by, self.review_on),
            (self.review_on, self.review),
            (self.review, self.reuse),
            (self.reuse, self.prev_button),
            (self.prev_button, self.next_button),
            (self.next_button, self.record_button),
        ):  # top to bottom, as the form reads (not the order the fields were made)
            QWidget.setTabOrder(first, then)
        self._keys: list[QShortcut] = []
        self.install_keys(self)

        session.selection_changed.connect(self._on_selection)
        session.decisions_changed.connect(self._show)
        session.workbook_loaded.connect(lambda: self._on_selection(session.selection))
        self.analysis.scores_updated.connect(self._show)
        self.analysis.portfolio_updated.connect(self._show)
        self._on_selection(session.selection)

    # -- following the selection -----------------------------------------------------
    def _on_selection(self, ids: list[str]) -> None:
        wb = self.session.workbook
        new = ids[0] if ids and wb is not None and ids[0] in wb.initiatives else None
        if new != self.current:
            self.current = new
            self.message.setText("")
            self.clear_form()
        self._show()

    def clear_form(self) -> None:
        """A fresh form for a new initiative: what was typed for the last one is not carried
        over (unless the person asked to keep the owner and review date)."""
        self.rationale.clear()
        self.dissent.clear()
        self.kinds.setExclusive(False)
        for button in self.kinds.buttons():
            button.setChecked(False)
        self.kinds.setExclusive(True)
        if not self.reuse.isChecked():
            self.owner.clear()
            self.review_on.setChecked(False)
            self.review.setDate(QDate.currentDate().addMonths(3))

    def _show(self) -> None:
        wb, table = self.session.workbook, self.analysis.table
        enabled = self.current is not None and wb is not None and table is not None
        for w in (
            self.record_button,
            self.rationale,
            self.dissent,
            self.owner,
            self.meeting,
            *self.kinds.buttons(),
        ):
            w.setEnabled(enabled)
        if not enabled:
            self.title.setText("Select an initiative on the matrix or in a table, or press N.")
            self.facts.setText("")
            self.in_force.setText("")
            return
        assert wb is not None and table is not None and self.current is not None
        init = wb.initiatives[self.current]
        mission = wb.missions.get(init.mission_id)
        self.title.setText(
            f"<b>{init.id} {init.name}</b><br>{mission.name if mission else init.mission_id}"
        )
        i = self.analysis.index(init.id)
        assert i is not None
        chosen = self.analysis.chosen_mask
        portfolio = ""
        if len(chosen):
            portfolio = (
                " In the optimal portfolio." if chosen[i] else " Not in the optimal portfolio."
            )
        switch = switching_words(self.analysis.switching(init.id), self.analysis.top_k)
        quad = self.analysis.quadrant_of(init.id)
        self.facts.setText(
            f"Value {table.value[i]:.1f} at balance {table.balance:.2f}, rank "
            f"{int(table.rank[i])} of {len(table.rank)}; {quad.value if quad else ''}; "
            f"DCA {init.dca.value if init.dca else 'not given'}; total cost "
            f"£{init.total_cost:,.1f}m.{portfolio} {switch}"
        )
        latest = self.analysis.latest_decisions().get(init.id)
        if latest is None:
            self.in_force.setText("No decision recorded yet.")
        else:
            when = latest.decided_at.strftime("%d %b %Y") if latest.decided_at else "undated"
            self.in_force.setText(
                f"In force: {latest.decision.value} ({latest.decision_id}, {when}). "
                "A new decision supersedes it; the log keeps both."
            )

    # -- keyboard actions ----------------------------------------------------------------
    def install_keys(self, host: QWidget) -> None:
        """The meeting keys (N/P, 1-6, R, Ctrl+Enter) anywhere inside ``host``.

        The matrix page passes itself, so the keys work after clicking a bubble or
        moving the dial. Qt gives a typed character to a focused text field first, so
        N or 6 typed into the rationale or a cut line is text, not a command.
        """
        for old in self._keys:
            old.setEnabled(False)
            old.deleteLater()
        bindings: list[tuple[str, Callable[[], object]]] = [
            ("N", lambda: self.step(1)),
            ("Alt+Down", lambda: self.step(1)),
            ("P", lambda: self.step(-1)),
            ("Alt+Up", lambda: self.step(-1)),
            ("R", self.focus_rationale),
            ("Ctrl+Return", self.record),
            ("Ctrl+Enter", self.record),
        ]
        bindings += [(str(n), partial(self.choose, kind)) for n, kind in enumerate(KINDS, 1)]
        self._keys = []
        for key, fn in bindings:
            shortcut = QShortcut(QKeySequence(key), host)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(fn)
            self._keys.append(shortcut)

    def say(self, text: str) -> None:
        """Show what just happened, here and (through ``feedback``) on the status line."""
        self.message.setText(text)
        self.feedback.emit(text)

    def choose(self, kind: DecisionKind) -> None:
        button = self.kinds.button(KINDS.index(kind))
        if self.current is None or button is None or not button.isEnabled():
            self.say(f"{kind.value}: select an initiative first (press N for the top-ranked).")
            return
        button.setChecked(True)
        if kind.needs_rationale and not self.rationale.toPlainText().strip():
            self.say(f"{kind.value} chosen for {self.current}: it needs a rationale, press R.")
        else:
            self.say(f"{kind.value} chosen for {self.current}: Ctrl+Enter records it.")

    def focus_rationale(self) -> None:
        self.rationale.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def step(self, delta: int) -> None:
        """Select the next (or previous) initiative in rank order at the current balance."""
        table = self.analysis.table
        if table is None or not len(table.order):
            return
        order = [table.ids[int(k)] for k in table.order]
        if self.current in order:
            pos = (order.index(self.current) + delta) % len(order)
        else:
            pos = 0 if delta > 0 else len(order) - 1
        self.session.select([order[pos]])
        wb = self.session.workbook
        name = wb.initiatives[order[pos]].name if wb is not None else ""
        self.feedback.emit(f"Deciding {order[pos]} {name}: rank {pos + 1} of {len(order)}.")

    def chosen_kind(self) -> DecisionKind | None:
        k = self.kinds.checkedId()
        return KINDS[k] if k >= 0 else None

    def record(self) -> Decision | None:
        """Validate and push the decision; returns it, or None with the reason shown."""
        if self.current is None:
            self.say("Select an initiative first (press N for the top-ranked).")
            return None
        kind = self.chosen_kind()
        if kind is None:
            self.say(f"Choose a decision for {self.current} first: press 1 to 6.")
            return None
        rationale = self.rationale.toPlainText().strip()
        if kind.needs_rationale and not rationale:
            self.say(
                f"{kind.value} needs a rationale: it is read by those "
                "affected. Press R to write it."
            )
            self.focus_rationale()
            return None
        review = self.review.date().toPython() if self.review_on.isChecked() else None
        try:
            change = self.session.document.new_decision(
                self.current,
                kind,
                rationale=rationale,
                owner=self.owner.text(),
                review_date=review if isinstance(review, dt.date) else None,
                meeting=self.meeting.text(),
                decided_by=self.decided_by.text(),
                dissent=self.dissent.toPlainText(),
            )
        except errors.AppError as exc:
            self.message.setText(str(exc))
            return None
        decision = change.decision
        self.session.push(change)
        self.say(
            f"Recorded {kind.value} for {self.current} as {decision.decision_id} (Ctrl+Z to undo)."
        )
        self.clear_form()
        self.recorded.emit(decision)
        return decision

    def set_keys_enabled(self, keys: Iterable[str], on: bool) -> None:
        """Lend some keys to meeting mode (N/P walk its agenda, R reveals there): two
        enabled shortcuts on one key are ambiguous to Qt, and then neither works."""
        wanted = {QKeySequence(k).toString() for k in keys}
        for shortcut in self._keys:
            if shortcut.key().toString() in wanted:
                shortcut.setEnabled(on)
