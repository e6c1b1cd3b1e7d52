"""The action log without Qt: changes, the journal, the owned Actions sheet, due lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stocktake.app import errors
from stocktake.app.actions import AddAction, due_actions, standing_words
from stocktake.app.changes import Change
from stocktake.app.document import Document
from stocktake.model.actions import Action, ActionStatus, Standing
from tests.app.test_dissent import sheet_parts
from tests.excel.writer.helpers import OWNED_OR_EDITED, assert_untouched

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def doc(sample_copy) -> Document:  # type: ignore[no-untyped-def]
    return Document.open(sample_copy())


def test_add_edit_complete_undo_and_redo(doc: Document) -> None:
    add = doc.new_action("Re-cost the pilot", owner="Finance", due=TODAY, initiative_id="I-041")
    assert add.action.action_id == "A-0001"
    doc.apply(add)
    edit = doc.edit_action("A-0001", owner="Treasury team", due=TODAY + dt.timedelta(days=30))
    assert edit is not None
    doc.apply(edit)
    done = doc.complete_action("A-0001", on=TODAY)
    assert done is not None
    doc.apply(done)
    assert doc.actions[0].status is ActionStatus.DONE and doc.actions[0].completed == TODAY
    assert doc.actions[0].owner == "Treasury team"
    assert [c.describe() for c in doc.unsaved] == [
        "Add the action A-0001",
        "Edit the action A-0001",
        "Mark the action A-0001 done",
    ]
    doc.revert(done)
    assert not doc.actions[0].done
    doc.revert(edit)
    assert doc.actions[0].owner == "Finance"
    doc.revert(add)
    assert doc.actions == [] and doc.unsaved == []
    doc.apply(add)
    assert doc.new_action("Second").action.action_id == "A-0002"


def test_actions_refuse_nothing_to_do_and_links_to_nothing(doc: Document) -> None:
    with pytest.raises(errors.InvalidInput, match="words for what"):
        doc.new_action("   ")
    with pytest.raises(errors.InvalidInput, match="I-999"):
        doc.new_action("Check", initiative_id="I-999")
    with pytest.raises(errors.InvalidInput, match="D-9999"):
        doc.new_action("Check", decision_id="D-9999")
    with pytest.raises(errors.NotFound):
        doc.complete_action("A-0042")


def test_each_action_change_survives_the_journal(doc: Document) -> None:
    add = doc.new_action("Write to the SRO", owner="Chair", due=TODAY, decision_id="D-0001")
    doc.apply(add)
    edit = doc.edit_action("A-0001", what="Write to the SRO and the minister")
    assert edit is not None
    doc.apply(edit)
    done = doc.complete_action("A-0001", on=TODAY)
    assert done is not None
    for change in (add, edit, done):
        assert Change.from_json(change.to_json()) == change


def test_saved_actions_are_read_back_and_nothing_else_moves(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    before = path.with_name("before.xlsx")
    before.write_bytes(path.read_bytes())
    doc = Document.open(path)
    doc.apply(doc.new_action("Re-cost", owner="Finance", due=TODAY, initiative_id="I-041"))
    doc.apply(doc.new_action("Brief the minister", owner="Chair", due=TODAY))
    doc.save(analysis=False)
    assert_untouched(before, path, OWNED_OR_EDITED)
    again = Document.open(path)
    assert [(a.action_id, a.what, a.owner, a.due, a.initiative_id) for a in again.actions] == [
        ("A-0001", "Re-cost", "Finance", TODAY, "I-041"),
        ("A-0002", "Brief the minister", "Chair", TODAY, ""),
    ]
    # a second save with the log changed replaces the sheet in place, not beside it
    done = again.complete_action("A-0002", on=TODAY)
    assert done is not None
    again.apply(done)
    middle = path.with_name("middle.xlsx")
    middle.write_bytes(path.read_bytes())
    again.save(analysis=False)
    assert_untouched(middle, path, OWNED_OR_EDITED | sheet_parts(middle, "Actions"))
    third = Document.open(path)
    assert [a.done for a in third.actions] == [False, True]
    assert openpyxl.load_workbook(path).sheetnames.count("Actions") == 1


def test_an_action_sheet_kept_in_excel_is_read_by_its_headers(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("Action tracker")
    sheet.append(["Ref", "Task", "Who", "Deadline", "Status"])
    sheet.append(["A-7", "Ask DfE for data", "Analyst", "03/12/2026", "Complete"])
    sheet.append(["A-8", "Review the costs", "Finance", dt.datetime(2026, 11, 1), "Maybe"])
    book.save(path)
    doc = Document.open(path)
    seven, eight = doc.actions
    assert (seven.action_id, seven.owner, seven.due, seven.done) == (
        "A-7",
        "Analyst",
        dt.date(2026, 12, 3),
        True,
    )
    assert not eight.done
    [problem] = [p for p in doc.workbook.problems if "Maybe" in p.message]
    assert problem.place == "'Action tracker'!E3"  # as Excel names a cell
    assert doc.new_action("Next").action.action_id == "A-0009"  # numbering goes on


def test_due_and_overdue_against_the_day_given() -> None:
    actions = [
        Action("A-1", "late", due=TODAY - dt.timedelta(days=3)),
        Action("A-2", "soon", due=TODAY + dt.timedelta(days=5)),
        Action("A-3", "later", due=TODAY + dt.timedelta(days=60)),
        Action("A-4", "done late", due=TODAY - dt.timedelta(days=9), status=ActionStatus.DONE),
        Action("A-5", "today", due=TODAY),
        Action("A-6", "undated"),
    ]
    assert [(a.action_id, s) for a, s in due_actions(actions, TODAY)] == [
        ("A-1", Standing.OVERDUE),
        ("A-5", Standing.DUE),
        ("A-2", Standing.DUE),
    ]
    assert standing_words(actions[0], TODAY) == "Overdue by 3 days"
    assert standing_words(actions[4], TODAY) == "Due today"
    assert standing_words(actions[1], TODAY) == "Due in 5 days"
    # the same log 50 days on: what was due soon is overdue, what was far off is due
    later = TODAY + dt.timedelta(days=50)
    assert [a.action_id for a, _ in due_actions(actions, later)] == ["A-1", "A-5", "A-2", "A-3"]


@given(
    due=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
    today=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    done=st.booleans(),
)
def test_standing_follows_the_calendar(due: dt.date | None, today: dt.date, done: bool) -> None:
    action = Action("A-1", "x", due=due, status=ActionStatus.DONE if done else ActionStatus.OPEN)
    s = action.standing(today)
    # an independent statement of the rule, by days between
    if done:
        assert s is Standing.DONE
    elif due is None or (due - today).days > 14:
        assert s is Standing.OPEN
    else:
        assert s is (Standing.OVERDUE if (due - today).days < 0 else Standing.DUE)
    assert isinstance(AddAction(action).describe(), str)


def test_actions_and_minutes_come_back_from_the_crash_journal(
    sample_copy, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from stocktake.app import journal
    from stocktake.app.minutes import AddMinutes, compose

    monkeypatch.setenv("STOCKTAKE_DATA_DIR", str(tmp_path / "data"))
    path: Path = sample_copy()
    doc = Document.open(path)
    doc.apply(doc.new_action("Re-cost", owner="Finance", due=TODAY))
    done = doc.complete_action("A-0001", on=TODAY)
    assert done is not None
    doc.apply(done)
    doc.apply(AddMinutes(compose(doc, since=dt.datetime(2026, 11, 27), meeting="Board")))
    journal.write(path, doc.unsaved)
    entry = journal.read(path)
    assert entry is not None
    changes, failed = entry.replay()
    assert failed == []
    fresh = Document.open(path)
    for change in changes:
        fresh.apply(fresh.resolve(change))
    assert fresh.actions == doc.actions and fresh.minutes == doc.minutes


def test_an_action_log_kept_under_its_own_headers_is_rewritten_in_place(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("Action tracker")
    sheet.append(["Actions agreed at mission boards"])  # a title above the header
    sheet.append(["Task", "Ref", "Who", "Deadline", "Status"])
    sheet.append(["Ask DfE for data", "A-7", "Analyst", "03/12/2026", "Open"])
    book.save(path)
    doc = Document.open(path)
    doc.apply(doc.new_action("Brief the minister", owner="Chair", due=TODAY))
    done = doc.complete_action("A-7", on=TODAY)
    assert done is not None
    doc.apply(done)
    doc.save(analysis=False)
    names = openpyxl.load_workbook(path).sheetnames
    assert names.count("Action tracker") == 1 and "Action tracker (Stocktake)" not in names
    again = Document.open(path)
    assert [(a.action_id, a.what, a.done) for a in again.actions] == [
        ("A-7", "Ask DfE for data", True),
        ("A-0008", "Brief the minister", False),
    ]
    kept = openpyxl.load_workbook(path)["Action tracker"]
    assert kept["A1"].value == "Actions agreed at mission boards"
    assert [c.value for c in kept[2]][:5] == ["Task", "Ref", "Who", "Deadline", "Status"]
    assert [n for n in names if "tracker" in n.casefold()] == ["Action tracker"]  # no copy kept
