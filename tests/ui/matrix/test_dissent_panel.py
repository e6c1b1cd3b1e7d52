"""The decision panel's Dissent field: reachable, named, recorded with the decision."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.decision_panel import DecisionPanel
from stocktake.ui.session import Session


def test_dissent_is_typed_after_the_rationale_and_recorded(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    panel = DecisionPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    assert panel.dissent.accessibleName() == "Dissent"
    panel.next_button.setFocus()
    qtbot.keyClick(panel.next_button, Qt.Key.Key_N)
    first = session.selection[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)  # Continue
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R)  # to the rationale
    assert QApplication.focusWidget() is panel.rationale
    qtbot.keyClicks(panel.rationale, "on track")
    qtbot.keyClick(panel.rationale, Qt.Key.Key_Tab)  # the next field is the dissent
    assert QApplication.focusWidget() is panel.dissent
    qtbot.keyClicks(panel.dissent, "no name given")
    qtbot.keyClick(panel.dissent, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Name: their words" in panel.message.text()
    assert session.pending_decisions() == []
    panel.dissent.clear()
    qtbot.keyClicks(panel.dissent, "A. Khan: stop it now")
    qtbot.keyClick(panel.dissent, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [decision] = session.pending_decisions()
    assert (decision.initiative_id, decision.dissent) == (first, "A. Khan: stop it now")
    assert panel.dissent.toPlainText() == ""  # a fresh form for the next initiative
