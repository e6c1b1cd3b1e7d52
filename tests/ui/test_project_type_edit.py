"""An analyst sets an initiative's Project type in the window's table: the optimism-bias
uplift follows at once, undo puts it back, and a save writes the word (never a formula)
into the Project type cell, where a reopen finds it."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from stocktake.excel.reader import read_workbook
from stocktake.model.edits import TEXT_LIMIT
from stocktake.ui.models.initiatives_model import InitiativesModel
from stocktake.ui.models.roles import ChoicesRole, OpenChoiceRole
from stocktake.ui.session import Session
from tests.conftest import SAMPLES

BUILDINGS = "I-022"  # Rooftop solar for public buildings: Standard buildings in the sample
# The Green Book's upper bounds for capital expenditure (supplementary guidance, table 1).
STANDARD_BUILDINGS, OUTSOURCING = 0.24, 0.41


@pytest.fixture
def opened(qtbot: QtBot, tmp_path: Path) -> tuple[Session, InitiativesModel, Path]:
    path = tmp_path / "stocktake.xlsx"
    shutil.copy(SAMPLES / "plan_for_change.xlsx", path)
    session = Session()
    session.set_workbook(read_workbook(path), path)
    return session, InitiativesModel(session), path


def _uplift(session: Session, iid: str) -> float:
    arrays = session.arrays
    assert arrays is not None
    return float(arrays.uplift[list(arrays.ids).index(iid)])


def _cell(model: InitiativesModel, iid: str) -> QModelIndex:
    row, col = model.row_of(iid), model.column_of("project_type")
    assert row is not None and col is not None, "the table shows a Project type column"
    return model.index(row, col)


def test_a_project_type_chosen_in_the_table_moves_the_uplift_and_undoes(
    opened: tuple[Session, InitiativesModel, Path],
) -> None:
    session, model, _ = opened
    cell = _cell(model, BUILDINGS)
    assert cell.data() == "Standard buildings"
    assert _uplift(session, BUILDINGS) == pytest.approx(STANDARD_BUILDINGS)
    assert "Outsourcing" in cell.data(ChoicesRole) and cell.data(OpenChoiceRole) is True

    assert model.setData(cell, "outsourced")  # a spelling people type: stored as the word
    assert cell.data() == "Outsourcing"
    assert _uplift(session, BUILDINGS) == pytest.approx(OUTSOURCING)
    assert session.undo_stack.undoText() == f"Set {BUILDINGS} project type to Outsourcing"

    session.undo_stack.undo()
    assert cell.data() == "Standard buildings"
    assert _uplift(session, BUILDINGS) == pytest.approx(STANDARD_BUILDINGS)


def test_a_type_of_the_workbooks_own_is_kept_as_typed_and_blank_clears(
    opened: tuple[Session, InitiativesModel, Path],
) -> None:
    session, model, _ = opened
    cell = _cell(model, BUILDINGS)
    assert model.setData(cell, "  Digital   platform ")
    assert cell.data() == "Digital platform"
    assert _uplift(session, BUILDINGS) == 0.0  # no Green Book category, no settings row
    assert model.setData(cell, "")
    assert cell.data() == "" and session.workbook.initiatives[BUILDINGS].project_type is None


def test_text_too_long_for_a_type_is_refused_with_a_reason(
    opened: tuple[Session, InitiativesModel, Path], qtbot: QtBot
) -> None:
    session, model, _ = opened
    cell = _cell(model, BUILDINGS)
    with qtbot.waitSignal(model.edit_rejected) as rejected:
        assert not model.setData(cell, "x" * (TEXT_LIMIT + 1))
    assert rejected.args[0].startswith(f"{BUILDINGS}: a project type is at most")
    assert cell.data() == "Standard buildings" and not session.is_dirty


def test_a_saved_type_is_in_its_cell_as_text_and_reopens(
    opened: tuple[Session, InitiativesModel, Path],
) -> None:
    session, model, path = opened
    assert model.setData(_cell(model, BUILDINGS), "Outsourcing")
    other = next(i for i in session.workbook.initiatives if i != BUILDINGS)
    assert model.setData(_cell(model, other), '=HYPERLINK("http://x")')
    session.document.save(analysis=False)

    reopened = read_workbook(path)
    assert reopened.initiatives[BUILDINGS].project_type == "Outsourcing"
    assert reopened.initiatives[other].project_type == '=HYPERLINK("http://x")'
    ref = reopened.layouts["initiatives"].cell(reopened.initiatives[other].row, "project_type")
    assert ref is not None
    cell = openpyxl.load_workbook(path)[ref.sheet][str(ref).rsplit("!", 1)[1]]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s", "user text is written as text, never as a formula"


def test_the_editor_offers_the_green_book_words_and_takes_any_text(
    opened: tuple[Session, InitiativesModel, Path], qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem, QWidget

    from stocktake.ui.views.delegates import ChoiceDelegate

    _, model, _ = opened
    parent = QWidget()
    qtbot.addWidget(parent)
    delegate = ChoiceDelegate()
    project = _cell(model, BUILDINGS)
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), project)
    assert isinstance(editor, QComboBox) and editor.isEditable()
    assert editor.accessibleName() == "Choose Project type"
    assert editor.findText("Policy/programme") > 0
    editor.setEditText("Regional transport")
    delegate.setModelData(editor, model, project)
    assert project.data() == "Regional transport"
    dca = model.index(project.row(), model.column_of("dca"))
    closed = delegate.createEditor(parent, QStyleOptionViewItem(), dca)
    assert isinstance(closed, QComboBox) and not closed.isEditable()
