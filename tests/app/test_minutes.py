"""Minutes: composed from the meeting, appended to the Minutes sheet, exported (no Qt)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stocktake.app.changes import Change
from stocktake.app.document import Document
from stocktake.app.minutes import MINUTES_SHEET, AddMinutes, compose, duration, existing_rows
from stocktake.excel.review_store import read_sheets
from tests.app.test_dissent import sheet_parts
from tests.excel.writer.helpers import OWNED_OR_EDITED, assert_untouched

START = dt.datetime(2026, 11, 27, 10, 0)


def _meeting(doc: Document, at: dt.datetime, rationale: str) -> None:
    doc.apply(
        doc.new_decision(
            "I-041",
            "Stop",
            rationale=rationale,
            dissent="A. Khan: one more year",
            meeting="Safer Streets board",
            decided_at=at,
        )
    )
    doc.apply(
        doc.new_action("Tell the delivery partners", owner="SRO", due=at.date(), raised=at.date())
    )


def test_minutes_hold_decisions_dissent_actions_and_time(sample_copy) -> None:  # type: ignore[no-untyped-def]
    doc = Document.open(sample_copy())
    _meeting(doc, START + dt.timedelta(minutes=5), "no evidence")
    minutes = compose(doc, since=START, times={"I-041": 270.0, "I-074": 65.0})
    # the sample's own decisions (2025) are not this meeting's
    assert [d.rationale for d in minutes.decisions] == ["no evidence"]
    assert [a.what for a in minutes.actions] == ["Tell the delivery partners"]
    assert minutes.meeting == "Safer Streets board"
    text = minutes.markdown()
    name = doc.workbook.initiatives["I-041"].name
    assert f"**I-041 {name}**: Stop (D-0004)" in text
    assert "Dissent: A. Khan: one more year" in text
    assert "A-0001: Tell the delivery partners; owner SRO; due 27 Nov 2026; for I-041" not in text
    assert "A-0001: Tell the delivery partners; owner SRO; due 27 Nov 2026" in text
    assert "| **Total** | **5 min 35 s** |" in text
    assert Change.from_json(AddMinutes(minutes).to_json()) == AddMinutes(minutes)


def test_minutes_without_a_meeting_have_no_times(sample_copy) -> None:  # type: ignore[no-untyped-def]
    doc = Document.open(sample_copy())
    minutes = compose(doc, since=START, times={})
    assert "Time per item" not in minutes.markdown()
    assert "No decisions were recorded." in minutes.markdown()
    assert minutes.summary() == "Stock-take held 27 Nov 2026: 0 decisions, 0 actions."


def test_each_meetings_minutes_are_appended_never_overwritten(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    before = path.with_name("before.xlsx")
    before.write_bytes(path.read_bytes())
    doc = Document.open(path)
    _meeting(doc, START, "first meeting")
    doc.apply(AddMinutes(compose(doc, since=START, times={"I-041": 120.0}, meeting="March")))
    doc.save(analysis=False)
    assert_untouched(before, path, OWNED_OR_EDITED | sheet_parts(before, "Decisions"))
    first = existing_rows(path)
    assert [r[2] for r in first] == ["Summary", "Decision", "Action", "Time"]
    assert "first meeting" in str(first[1][4]) and "A. Khan: one more year" in str(first[1][4])

    later = START + dt.timedelta(days=90)
    doc2 = Document.open(path)
    doc2.apply(doc2.new_decision("I-074", "Scale", rationale="second", decided_at=later))
    doc2.apply(AddMinutes(compose(doc2, since=later, meeting="June")))
    doc2.save(analysis=False)
    rows = existing_rows(path)
    assert rows[: len(first)] == first  # March's minutes, as they were
    assert [r[0] for r in rows[len(first) :]] == ["June", "June"]
    assert rows[-1][2] == "Decision" and "second" in str(rows[-1][4])
    assert len(read_sheets(path, [MINUTES_SHEET])) == 1


def test_durations_read_at_a_glance() -> None:
    assert [duration(s) for s in (0, 45, 60, 270, 3900)] == [
        "0 s",
        "45 s",
        "1 min",
        "4 min 30 s",
        "1 h 5 min",
    ]


def test_a_meeting_that_saves_as_it_goes_keeps_everything_in_its_minutes(sample_copy) -> None:  # type: ignore[no-untyped-def]
    doc = Document.open(sample_copy())
    now = dt.datetime.now().replace(microsecond=0)
    _meeting(doc, now, "first half")
    doc.save(analysis=False)  # Ctrl+S half way through
    doc.apply(doc.new_decision("I-074", "Scale", rationale="second half", decided_at=now))
    minutes = compose(doc, since=now - dt.timedelta(minutes=1))
    assert [d.rationale for d in minutes.decisions] == ["first half", "second half"]
    assert [a.what for a in minutes.actions] == ["Tell the delivery partners"]
