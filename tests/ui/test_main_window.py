"""The main window driven as a person would: open, edit, undo, save, reopen, recover."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from stocktake.excel.reader import read_workbook
from stocktake.ui import journal
from stocktake.ui.main_window import MainWindow
from tests.conftest import REPO, SAMPLES
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives

Buttons = QMessageBox.StandardButton


def _window(qtbot: QtBot, answers: list[Buttons] | None = None) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    asked: list[str] = []
    queue = list(answers or [])

    def ask(title: str, text: str, *_a: object) -> Buttons:
        asked.append(f"{title}: {text}")
        return queue.pop(0) if queue else Buttons.Cancel

    told: list[str] = []
    window.ask = ask  # type: ignore[method-assign]
    window.tell = lambda title, text: told.append(f"{title}: {text}")  # type: ignore[method-assign]
    window.asked, window.told = asked, told  # type: ignore[attr-defined]
    return window


def _open(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.path == path and window.is_idle(), timeout=15_000)


def _cell(table_model, ident: str, key: str):  # type: ignore[no-untyped-def]
    return table_model.index(table_model.row_of(ident), table_model.column_of(key))


def test_edit_undo_redo_save_reopen_finds_the_edit_in_its_cell(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    window = _window(qtbot)
    _open(qtbot, window, path)
    assert window.windowTitle() == "plan_for_change.xlsx[*] — Stocktake"
    model = window.initiatives.model
    ini = next(iter(window.session.workbook.initiatives.values()))
    crit = next(iter(window.session.workbook.criteria))
    key = f"score:{crit}"
    old = ini.scores[crit]
    new = 0.0 if old != 0 else 5.0
    assert model.setData(_cell(model, ini.id, key), new)
    assert window.isWindowModified()
    assert window.undo_action.isEnabled() and "Set" in window.undo_action.text()
    window.undo_action.trigger()
    assert ini.scores[crit] == old and not window.isWindowModified()
    window.redo_action.trigger()
    assert ini.scores[crit] == new
    window.save()
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    assert not window.isWindowModified(), window.told
    assert "Saved plan_for_change.xlsx" in window.summary.text()
    reread = read_workbook(path)
    assert reread.initiatives[ini.id].scores[crit] == new
    layout = reread.layouts["initiatives"]
    assert layout.cell(ini.row, key) is not None
    assert reread.problems == []


def test_open_by_drag_and_drop(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    window = _window(qtbot)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.session.path == path and window.is_idle(), timeout=15_000)
    assert window.initiatives.model.rowCount() == 90


def test_problem_activation_selects_the_row(qtbot: QtBot, tmp_path: Path) -> None:
    path = build(
        tmp_path / "p.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(
                ["I-1", "M1", "A", "Green", "Test", 1, 1, 3, 3, "", ""],
                ["I-2", "M1", "B", "Purple", "Test", 1, 1, 3, 3, "", ""],
            ),
        },
    )
    window = _window(qtbot)
    _open(qtbot, window, path)
    assert window.problems_dock.isVisibleTo(window)
    problems = window.problems.table
    index = problems.model().index(0, 1)
    assert index.data() == "Initiatives!D3"
    assert problems.model().index(0, 0).data() == "Warning"
    # Held Ctrl (as after Ctrl+Enter) must not turn the row's selection into a toggle
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyPress(problems, Qt.Key.Key_Control, ctrl)
    assert QGuiApplication.keyboardModifiers() & ctrl
    try:
        problems.activated.emit(index)
    finally:
        qtbot.keyRelease(problems, Qt.Key.Key_Control)
    assert window.session.selection == ["I-2"]
    assert window.tabs.currentWidget() is window.initiatives
    current = window.initiatives.table.currentIndex()
    assert (
        current.column()
        == window.initiatives.proxy.mapFromSource(
            window.initiatives.model.index(0, window.initiatives.model.column_of("dca"))
        ).column()
    )


def test_changed_on_disk_is_not_overwritten(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    window = _window(qtbot, answers=[Buttons.Cancel])
    _open(qtbot, window, path)
    model = window.initiatives.model
    ini = next(iter(window.session.workbook.initiatives.values()))
    assert model.setData(_cell(model, ini.id, "dca"), "Red")
    # Someone else saves the workbook meanwhile (a sync client, a colleague).
    shutil.copyfile(SAMPLES / "messy_layout.xlsx", path)
    before = path.read_bytes()
    window.save()
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    assert path.read_bytes() == before
    assert window.isWindowModified()
    assert any("not saved" in a for a in window.asked)


def test_unsaved_changes_prompt_on_close(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    window = _window(qtbot, answers=[Buttons.Cancel, Buttons.Discard])
    _open(qtbot, window, path)
    model = window.initiatives.model
    ini = next(iter(window.session.workbook.initiatives.values()))
    model.setData(_cell(model, ini.id, "stage"), "Scale")
    window.show()
    assert not window.close()  # Cancel keeps the window and the edit
    assert window.isVisible() and window.isWindowModified()
    assert ini.stage is not None and ini.stage.value == "Scale"
    assert window.close()  # Discard
    assert journal.read(path) is None


CHILD = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from stocktake.ui import main_window
main_window.AUTOSAVE_MS = 200
from stocktake.ui.main_window import MainWindow
app = QApplication(sys.argv)
w = MainWindow()
w.show()
path = Path(sys.argv[1])
w.open_path(path)
while w.session.path != path or w.files.task is not None:
    app.processEvents(); time.sleep(0.01)
ini = next(iter(w.session.workbook.initiatives.values()))
w.session.edit("initiatives", ini.id, "dca", "Amber/Red")
print(ini.id, flush=True)
while True:
    app.processEvents(); time.sleep(0.01)
"""


def _killed_once_journaled(script: str, path: Path, data_dir: Path, changes: int) -> str:
    """Run ``script`` (a window making changes) in a child process, wait until the crash
    journal holds ``changes`` changes (polled, up to 20 s: the autosave timer writes it),
    then kill it with SIGKILL, as a crash would; the first line it printed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STOCKTAKE_DATA_DIR=str(data_dir))
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def journaled() -> int:
        entry = journal.read(path)
        return 0 if entry is None else entry.change_count

    try:
        assert child.stdout is not None
        first = child.stdout.readline().strip()
        assert first, child.stderr.read() if child.stderr else ""
        deadline = time.monotonic() + 60  # a timeout, not a measure: the loop ends on the journal
        while journaled() < changes and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=20)
    assert child.returncode == -signal.SIGKILL
    return first


def test_journal_restores_edits_after_a_crash(
    qtbot: QtBot,
    sample_copy,  # type: ignore[no-untyped-def]
    _isolated_settings: Path,
) -> None:
    path = sample_copy()
    ident = _killed_once_journaled(CHILD, path, _isolated_settings / "data", changes=1)
    assert journal.read(path) is not None
    window = _window(qtbot, answers=[Buttons.Yes])
    _open(qtbot, window, path)
    assert any("Restore unsaved changes" in a for a in window.asked)
    assert window.session.workbook.initiatives[ident].dca.value == "Amber/Red"
    assert window.isWindowModified()
    window.session.undo_stack.undo()
    assert window.session.workbook.initiatives[ident].dca.value != "Amber/Red"
    window.session.undo_stack.setClean()


def test_models_pass_qt_model_tester(qtbot: QtBot, qtmodeltester, sample_copy) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    _open(qtbot, window, sample_copy())
    qtmodeltester.check(window.initiatives.model)
    qtmodeltester.check(window.initiatives.proxy)
    qtmodeltester.check(window.criteria.model)
    qtmodeltester.check(window.metrics.model)
    qtmodeltester.check(window.problems_model)


def test_filter_and_mission_list_narrow_the_table(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    _open(qtbot, window, sample_copy())
    view = window.initiatives
    assert view.proxy.rowCount() == 90
    view.missions.setCurrentRow(1)
    mission = view.missions.currentItem().data(Qt.ItemDataRole.UserRole)
    shown = [view.proxy.index(r, 1).data() for r in range(view.proxy.rowCount())]
    assert shown and set(shown) == {mission}
    view.missions.setCurrentRow(0)
    qtbot.keyClicks(view.filter, "I-00")
    assert 0 < view.proxy.rowCount() < 90
    assert view.count.text() == f"{view.proxy.rowCount()} of 90 shown"


@pytest.mark.parametrize("key", ["dca", "stage"])
def test_vocabulary_cells_offer_their_choices(qtbot: QtBot, sample_copy, key: str) -> None:  # type: ignore[no-untyped-def]
    from stocktake.ui.models.roles import ChoicesRole

    window = _window(qtbot)
    _open(qtbot, window, sample_copy())
    model = window.initiatives.model
    ini = next(iter(window.session.workbook.initiatives))
    choices = model.data(_cell(model, ini, key), ChoicesRole)
    assert choices and "Red" in choices if key == "dca" else "Scale" in choices
    assert not model.setData(_cell(model, ini, key), "Purple")


def test_settings_round_trip_through_ini(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    from stocktake.ui.app_settings import AppSettings

    settings = AppSettings()
    settings.large_text = False
    settings.user_name = "  Sam Analyst "
    settings.last_balance = 0.7
    settings.add_recent(Path("a.xlsx"))
    settings.add_recent(Path("b.xlsx"))
    settings.add_recent(Path("a.xlsx"))
    settings.sync()
    again = AppSettings()
    assert again.large_text is False  # an INI file gives back 'false', which is truthy
    assert again.user_name == "Sam Analyst"
    assert again.last_balance == 0.7
    assert [Path(p).name for p in again.recent_files()] == ["a.xlsx", "b.xlsx"]
    window = _window(qtbot)
    path = sample_copy()
    _open(qtbot, window, path)
    assert window.session.balance == 0.5  # the workbook's own setting wins
    window.close()
    assert AppSettings().recent_files()[0] == str(path.resolve())


def test_weight_edit_changes_values_and_goes_back_to_its_cell(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    window = _window(qtbot)
    _open(qtbot, window, path)
    criteria = window.criteria.model
    crit = criteria.rows[0]
    weight_col = next(c for c, col in enumerate(criteria.columns) if col.key == "weight")
    values = window.initiatives.model
    overall = values.column_of("value")
    before = [values.index(r, overall).data() for r in range(values.rowCount())]
    new_weight = crit.weight + 40
    assert criteria.setData(criteria.index(0, weight_col), new_weight)
    after = [values.index(r, overall).data() for r in range(values.rowCount())]
    assert after != before  # the table's values follow the new weight
    assert not criteria.setData(criteria.index(0, weight_col), -5)  # refused, with a reason
    window.save()
    qtbot.waitUntil(window.is_idle, timeout=60_000)
    assert not window.isWindowModified(), window.told
    assert read_workbook(path).criteria[crit.id].weight == new_weight


def test_journal_keeps_envelopes_and_forced_items(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    from stocktake.ui.matrix.analysis import Analysis

    path = sample_copy()
    first = _window(qtbot)
    _open(qtbot, first, path)
    analysis = Analysis.of(first.session)
    year = next(iter(analysis.state.budgets))
    target = next(iter(first.session.workbook.initiatives))
    analysis.set_budget(year, 12.5)
    analysis.force_in(target, "Ministerial commitment")
    assert first.isWindowModified()
    assert journal.write(first.session) is not None
    analysis.cancel_all()
    analysis.wait()
    first.session.undo_stack.setClean()  # as if the process had died here
    first.close()

    second = _window(qtbot, answers=[Buttons.Yes])
    _open(qtbot, second, path)
    restored = Analysis.of(second.session)
    assert restored.state.budgets[year] == 12.5
    assert restored.state.force_in == {target: "Ministerial commitment"}
    assert second.isWindowModified()
    restored.cancel_all()
    restored.wait()
    second.session.undo_stack.setClean()


def test_answering_save_to_the_close_prompt_saves_then_closes(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    window = _window(qtbot, answers=[Buttons.Save])
    _open(qtbot, window, path)
    ini = next(iter(window.session.workbook.initiatives.values()))
    window.session.edit("initiatives", ini.id, "dca", "Amber/Red")
    window.show()
    window.close()  # starts the save; the window closes when it has finished
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    assert window.asked == [f"Unsaved changes: Save your changes to {path.name} first?"]
    assert window.told == []
    assert read_workbook(path).initiatives[ini.id].dca.value == "Amber/Red"
    assert journal.read(path) is None


def test_a_failed_save_from_the_close_prompt_keeps_the_window_open(
    qtbot: QtBot,
    sample_copy,  # type: ignore[no-untyped-def]
) -> None:
    path = sample_copy()
    window = _window(qtbot, answers=[Buttons.Save, Buttons.Cancel])
    _open(qtbot, window, path)
    ini = next(iter(window.session.workbook.initiatives.values()))
    window.session.edit("initiatives", ini.id, "dca", "Red")
    shutil.copyfile(SAMPLES / "messy_layout.xlsx", path)  # changed on disk meanwhile
    window.show()
    window.close()
    qtbot.waitUntil(window.is_idle, timeout=60_000)
    assert window.isVisible() and window.isWindowModified()
    assert any("changed on disk" in a for a in window.asked)
    window.session.undo_stack.setClean()


def test_the_decision_log_says_saved_after_a_save(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    from stocktake.ui.matrix.decision_log import DecisionLog

    path = sample_copy()
    window = _window(qtbot)
    _open(qtbot, window, path)
    log = DecisionLog(window.session)
    qtbot.addWidget(log)
    ini = next(iter(window.session.workbook.initiatives))
    window.session.push(window.session.document.new_decision(ini, "Scale"))

    def last_status() -> str:  # the first column says whether a decision is in force, saved
        return str(log.model.index(log.model.rowCount() - 1, 0).data())

    assert last_status() == "In force (not saved yet)"
    window.save()
    qtbot.waitUntil(lambda: window.is_idle() and not window.isWindowModified(), timeout=60_000)
    assert last_status() == "In force"
    assert read_workbook(path).decisions[-1].initiative_id == ini


CHILD_PLAN = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from stocktake.ui import main_window
main_window.AUTOSAVE_MS = 200
from stocktake.ui.main_window import MainWindow
from stocktake.ui.matrix.analysis import Analysis
app = QApplication(sys.argv)
w = MainWindow()
w.show()
path = Path(sys.argv[1])
w.open_path(path)
while w.session.path != path or w.files.task is not None:
    app.processEvents(); time.sleep(0.01)
analysis = Analysis.of(w.session)
w.session.set_balance(0.7)
analysis.set_cuts(65, 35)
analysis.save_scenario("Before the board")
print("ready", flush=True)
while True:
    app.processEvents(); time.sleep(0.01)
"""


def test_dial_cut_lines_and_scenarios_are_undoable_and_survive_a_kill(
    qtbot: QtBot,
    sample_copy,  # type: ignore[no-untyped-def]
    _isolated_settings: Path,
) -> None:
    from stocktake.engine import CutLines
    from stocktake.ui.matrix.analysis import Analysis

    path = sample_copy()
    assert _killed_once_journaled(CHILD_PLAN, path, _isolated_settings / "data", changes=3) == (
        "ready"
    )
    entry = journal.read(path)
    assert entry is not None and entry.change_count == 3
    window = _window(qtbot, answers=[Buttons.Yes])
    _open(qtbot, window, path)
    session = window.session
    analysis = Analysis.of(session)
    assert session.balance == 0.7 and analysis.cuts == CutLines(65, 35)
    assert list(analysis.scenarios) == ["Before the board"]
    assert window.isWindowModified()
    texts = [session.undo_stack.text(i) for i in range(session.undo_stack.count())]
    assert texts == [
        "Move the balance to 0.70",
        "Move the cut lines to 65 / 35",
        "Save the scenario 'Before the board'",
    ]
    for _ in texts:
        session.undo_stack.undo()
    assert session.balance == 0.5 and analysis.cuts == CutLines() and not analysis.scenarios
    assert not window.isWindowModified()
    analysis.cancel_all()
    analysis.wait()


def test_score_problems_show_in_the_problems_dock_by_cell(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    """The messy twin's blank and off-scale scores and reversed scale, in the window's
    Problems list with what the engine does about each (not only on stderr)."""
    window = _window(qtbot)
    _open(qtbot, window, sample_copy("messy_layout.xlsx"))
    model = window.problems_model
    shown = {model.index(r, 1).data(): model.index(r, 2).data() for r in range(model.rowCount())}
    # Where the generator planted each fault (its manifest), not where the reader says.
    planted = json.loads((REPO / "tests" / "data" / "messy_expected_problems.json").read_text())

    def cell(what: str) -> str:
        p = next(p for p in planted["problems"] if what in p["what"])
        sheet = p["sheet"] if " " not in p["sheet"] else f"'{p['sheet']}'"
        return f"{sheet}!{p['cell']}"

    assert "no-contribution level" in shown[cell("score 7 on criterion")]
    assert "middle of the scale" in shown[cell("(deliverability)")]
    assert "written top first" in shown[cell("written top first")]
    assert window.problems_dock.isVisibleTo(window)
