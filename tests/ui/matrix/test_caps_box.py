"""Caps on the Portfolio tab: typed, undoable, saved in the settings, and re-solved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from stocktake.app import caps, errors
from stocktake.app.document import Document
from stocktake.engine.problem import PortfolioProblem
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.caps_box import CapsBox
from stocktake.ui.session import Session


def in_mission(analysis: Analysis, session: Session, mission: str) -> list[str]:
    """The initiatives of ``mission`` in the portfolio the window shows."""
    wb = session.workbook
    assert analysis.arrays is not None and wb is not None
    on = analysis.chosen_mask
    return [
        i
        for i, c in zip(analysis.arrays.ids, on, strict=True)
        if c and wb.initiatives[i].mission_id == mission
    ]


def _put(box: CapsBox, key: str, text: str) -> None:
    """A value committed into the cap's cell (what the editor does on Enter)."""
    box.table.item(box.row_of(key), 1).setText(text)


def _type(qtbot: QtBot, box: CapsBox, key: str, text: str) -> None:
    """Select the cap's cell and type over it, as a person does, then Enter."""
    row = box.row_of(key)
    box.table.setFocus()
    box.table.setCurrentCell(row, 1)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.table)
    qtbot.keyClicks(box.table, text[:1])  # the first key opens the editor with it
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_caps_typed_on_the_portfolio_tab_are_undoable_and_re_solve(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    box = CapsBox(session)
    qtbot.addWidget(box)
    with qtbot.waitActive(box):
        box.show()
        box.activateWindow()
    mission = next(iter(session.workbook.missions))
    _type(qtbot, box, caps.LONG_TERM, "35%")
    qtbot.waitUntil(lambda: session.document.problem.min_long_term_share == 0.35)
    _put(box, caps.MISSION + mission, "2")
    qtbot.waitUntil(lambda: session.document.problem.mission_caps.get(mission) == 2)
    assert box.table.item(box.row_of(caps.LONG_TERM), 1).text() == "35%"
    assert "Choose at most 2 in" in box.message.text()
    assert session.undo_stack.undoText().startswith("Choose at most 2")
    session.undo_stack.undo()
    assert mission not in session.document.problem.mission_caps
    assert box.table.item(box.row_of(caps.MISSION + mission), 1).text() == ""
    _put(box, caps.FTE, "lots")
    assert "not a number for the FTE cap" in box.message.text()
    assert session.document.problem.fte_cap is None
    # the portfolio re-solves under the cap: it chose several in that mission, now one
    qtbot.waitUntil(lambda: analysis.answer is not None, timeout=30_000)
    assert len(in_mission(analysis, session, mission)) > 1
    _put(box, caps.MISSION + mission, "1")
    qtbot.waitUntil(
        lambda: analysis.answer is not None and analysis.answer.state.mission_caps == {mission: 1},
        timeout=30_000,
    )
    assert len(in_mission(analysis, session, mission)) == 1


def test_caps_are_saved_in_the_settings(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    doc = Document.open(path)
    new, words = caps.set_cap(doc.problem, caps.FTE, "1,250")
    assert words == "Cap the portfolio at 1,250 FTE"
    new, _ = caps.set_cap(new, caps.LONG_TERM, "30")
    new, _ = caps.set_cap(new, caps.PER_MISSION, "4")
    doc.apply(doc.set_problem(new, words))
    doc.save()
    again = Document.open(path).problem
    assert (again.fte_cap, again.min_long_term_share, again.max_per_mission) == (1250, 0.3, 4)
    assert again.min_long_term_share == 0.3  # not 0.30000000000000004


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        (caps.PER_MISSION, "2.5", "whole number"),
        (caps.LONG_TERM, "120%", "from 0 to 100"),
        (caps.FTE, "-3", "0 or more"),
        ("nonsense", "1", "no cap called"),
    ],
)
def test_text_that_is_not_a_cap_is_refused_naming_it(key: str, text: str, words: str) -> None:
    with pytest.raises(errors.InvalidInput, match=words):
        caps.set_cap(PortfolioProblem(), key, text)


def test_blank_removes_a_cap() -> None:
    start = PortfolioProblem(fte_cap=10, mission_caps={"M-1": 2}, min_long_term_share=0.2)
    p, _ = caps.set_cap(start, caps.FTE, " ")
    p, _ = caps.set_cap(p, caps.MISSION + "M-1", "")
    p, words = caps.set_cap(p, caps.LONG_TERM, "")
    assert p == PortfolioProblem() and words == "Remove the least long-term share"
