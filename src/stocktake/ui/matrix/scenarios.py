"""Named scenarios: save the current weights, balance, envelopes and forced items; compare two.

Why the comparison runs through ``engine.compare``: the two portfolios are solved by the
engine in a background task and the diff (what enters, what leaves) is the engine's,
so the words on screen match the board paper. Scenarios are saved in the workbook's
settings by the lead's save wiring (``Analysis.settings_to_save``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stocktake.engine.portfolio import id_list, money
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.session import Session


class ScenariosPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analysis = Analysis.of(session)
        self.setAccessibleName("Scenarios")
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. Milestone first")
        self.name.setAccessibleName("Scenario name")
        self.save_button = QPushButton("&Save current as scenario", self)
        self.apply_button = QPushButton("&Apply selected", self)
        self.delete_button = QPushButton("&Delete selected", self)
        self.saved = QListWidget(self)
        self.saved.setAccessibleName("Saved scenarios")
        self.first = QComboBox(self)
        self.first.setAccessibleName("Base scenario")
        self.second = QComboBox(self)
        self.second.setAccessibleName("Scenario to compare")
        self.compare_button = QPushButton("&Compare", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["", "Base", "Compared with"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Scenario comparison")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.entering = QLabel(self)
        self.entering.setWordWrap(True)
        self.leaving = QLabel(self)
        self.leaving.setWordWrap(True)

        top = QHBoxLayout()
        label = QLabel("&Name:", self)
        label.setBuddy(self.name)
        top.addWidget(label)
        top.addWidget(self.name, 1)
        top.addWidget(self.save_button)
        row = QHBoxLayout()
        row.addWidget(self.apply_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        grid = QGridLayout()
        for col, (text, box) in enumerate(
            (("&Base:", self.first), ("Compare &with:", self.second))
        ):
            lab = QLabel(text, self)
            lab.setBuddy(box)
            grid.addWidget(lab, 0, 2 * col)
            grid.addWidget(box, 0, 2 * col + 1)
            grid.setColumnStretch(2 * col + 1, 1)
        grid.addWidget(self.compare_button, 0, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.saved)
        layout.addLayout(row)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.entering)
        layout.addWidget(self.leaving)

        self.save_button.clicked.connect(self.save_current)
        self.apply_button.clicked.connect(self.apply_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.compare_button.clicked.connect(self.compare)
        self.analysis.scenarios_changed.connect(self._fill)
        self.analysis.compare_done.connect(self._show_compare)
        self.analysis.task_failed.connect(self._on_failed)
        self._fill()

    def _fill(self) -> None:
        names = sorted(self.analysis.scenarios)
        self.saved.clear()
        self.saved.addItems(names)
        for box in (self.first, self.second):
            keep = box.currentText()
            box.clear()
            box.addItems(names)
            if keep in names:
                box.setCurrentText(keep)
        if len(names) >= 2 and self.first.currentText() == self.second.currentText():
            self.second.setCurrentIndex(1 if self.first.currentIndex() == 0 else 0)
        wb = self.session.workbook
        unreadable = [
            p
            for p in (wb.problems if wb else [])
            if "scenario" in p.message and p.sheet == self.session.document.roles.settings
        ]
        if unreadable:
            self.message.setText("; ".join(f"{p.place}: {p.message}" for p in unreadable))

    def _on_failed(self, name: str, message: str) -> None:
        if name == "compare":
            self.message.setText(f"The comparison failed: {message}")

    def save_current(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.message.setText("Give the scenario a name first.")
            self.name.setFocus()
            return
        replaced = name in self.analysis.scenarios
        self.analysis.save_scenario(name)
        self.message.setText(
            f"{'Replaced' if replaced else 'Saved'} scenario '{name}': "
            f"balance {self.session.balance:.2f}, "
            f"{len(self.analysis.state.budgets)} envelopes, "
            f"{len(self.analysis.state.force_in)} forced in, "
            f"{len(self.analysis.state.force_out)} forced out (Ctrl+Z to undo)."
        )
        self.name.clear()

    def _selected(self) -> str | None:
        item = self.saved.currentItem()
        return item.text() if item is not None else None

    def apply_selected(self) -> None:
        """Make a scenario's balance, cut lines, constraints and weights current, as one
        undoable step (the weights are written to the Criteria sheet at the next save)."""
        name = self._selected()
        if name is None:
            return
        self.analysis.apply_scenario(name)
        self.message.setText(
            f"Applied '{name}': its balance, cut lines, envelopes, forced items and weights "
            "(Ctrl+Z to undo)."
        )

    def delete_selected(self) -> None:
        name = self._selected()
        if name is not None:
            self.analysis.delete_scenario(name)
            self.message.setText(f"Deleted the scenario '{name}' (Ctrl+Z to undo).")

    def compare(self) -> None:
        a, b = self.first.currentText(), self.second.currentText()
        if not a or not b or a == b:
            self.message.setText("Choose two different scenarios to compare.")
            return
        self.message.setText(f"Solving '{a}' and '{b}'…")
        self.analysis.request_compare([a, b])

    def _show_compare(self, result: Any) -> None:
        outcomes, diffs = result
        if len(outcomes) < 2:
            return
        a, b = outcomes[0], outcomes[1]
        diff = diffs[1]
        years = list(dict.fromkeys([*a.portfolio.spend, *b.portfolio.spend]))

        def value(o: Any) -> str:
            v = o.portfolio.value
            return "no feasible portfolio" if v is None else f"{v:,.1f}"

        rows = [
            ("Balance λ", f"{a.scenario.balance:.2f}", f"{b.scenario.balance:.2f}"),
            ("Initiatives chosen", str(len(a.portfolio.chosen)), str(len(b.portfolio.chosen))),
            ("Portfolio value (own weights and balance)", value(a), value(b)),
            (
                "Total spend",
                money(sum(a.portfolio.spend.values())),
                money(sum(b.portfolio.spend.values())),
            ),
        ]
        rows += [
            (
                f"Spend {y}",
                money(a.portfolio.spend.get(y, 0.0)),
                money(b.portfolio.spend.get(y, 0.0)),
            )
            for y in years
        ]
        rows.append(("Status", a.portfolio.summary, b.portfolio.summary))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(["", a.scenario.name, b.scenario.name])
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        name = b.scenario.name
        self.entering.setText(
            f"Enter in '{name}' ({len(diff.entering)}): {id_list(list(diff.entering)) or 'none'}."
        )
        self.leaving.setText(
            f"Leave in '{name}' ({len(diff.leaving)}): {id_list(list(diff.leaving)) or 'none'}."
        )
        self.message.setText(
            f"Compared '{a.scenario.name}' with '{name}'. Values use each "
            "scenario's own weights and balance; what enters and leaves is "
            "the like-for-like part."
        )
