"""Dissent recorded with a decision: kept in the log, the journal and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stocktake.app import errors
from stocktake.app.changes import Change, RecordDecision
from stocktake.app.document import Document
from stocktake.app.usecases import decide
from stocktake.excel.review_store import read_sheets
from tests.excel.writer.helpers import OWNED_OR_EDITED, assert_untouched


def sheet_parts(path: Path, name: str) -> set[str]:
    """The worksheet part called ``name``, its relationships part and the tables on it,
    found with zipfile and regular expressions (not the writer's own code). A rewritten
    sheet's relationships part is written again with the save's time stamp even when
    its content is the same, so it belongs to what the rewrite may touch."""
    import posixpath
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rid = re.search(rf'<sheet [^>]*name="{re.escape(name)}"[^>]*r:id="(\w+)"', wb)
        assert rid is not None
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
        )
        assert target is not None
        part = posixpath.normpath(posixpath.join("xl", target.group(1)))
        out = {part}
        srels = f"{posixpath.dirname(part)}/_rels/{posixpath.basename(part)}.rels"
        if srels in z.namelist():
            out.add(srels)
            for t in re.findall(r'Target="([^"]+table[^"]+)"', z.read(srels).decode()):
                out.add(posixpath.normpath(posixpath.join(posixpath.dirname(part), t)))
    return out


def _header(path: Path, sheet: str) -> list[object]:
    rows = read_sheets(path, [sheet])[sheet]
    return [c for c in rows[0] if c not in (None, "")]


def test_dissent_is_saved_with_the_decision_and_read_back(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    before = path.with_name("before.xlsx")
    before.write_bytes(path.read_bytes())
    decision, _, _ = decide(
        path,
        "I-041",
        "Stop",
        rationale="no evidence it works",
        dissent="A. Khan: the pilot needs one more year\nB. Jones:  stop is too early ",
    )
    assert decision.dissent == "A. Khan: the pilot needs one more year\nB. Jones: stop is too early"
    again = Document.open(path)
    found = {d.decision_id: d for d in again.workbook.decisions}[decision.decision_id]
    assert found.dissent == decision.dissent
    assert found.rationale == "no evidence it works"
    assert "Dissent" in _header(path, "Decisions")
    # every part the save does not own is byte for byte the user's
    assert_untouched(before, path, OWNED_OR_EDITED | sheet_parts(before, "Decisions"))


def test_a_log_without_the_column_is_left_its_shape_when_nobody_dissents(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy("messy_layout.xlsx")
    decide(path, "I-041", "Continue", rationale="on track")
    assert "Dissent" not in _header(path, "Decision log")
    doc = Document.open(path)
    assert all(d.dissent == "" for d in doc.workbook.decisions)
    assert doc.workbook.decisions[-1].rationale == "on track"


def test_a_dissent_column_under_another_name_is_read_and_appended_to(sample_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    path: Path = sample_copy()
    book = openpyxl.load_workbook(path)
    sheet = book["Decisions"]
    sheet.cell(row=1, column=12, value="Minority view")
    sheet.cell(row=2, column=12, value="C. Patel: too slow")
    book.save(path)
    doc = Document.open(path)
    assert doc.workbook.decisions[0].dissent == "C. Patel: too slow"
    decide(path, "I-074", "Scale", rationale="works", dissent="D. Lee: costs unclear")
    header = _header(path, "Decisions")
    assert "Dissent" not in header and header[-1] == "Minority view"
    again = Document.open(path)
    assert again.workbook.decisions[-1].dissent == "D. Lee: costs unclear"


@pytest.mark.parametrize("bad", ["the evidence is thin", ": no name", "A. Khan:   "])
def test_dissent_must_say_who_and_what(sample_copy, bad: str) -> None:  # type: ignore[no-untyped-def]
    doc = Document.open(sample_copy())
    with pytest.raises(errors.InvalidInput, match="Name: their words"):
        doc.new_decision("I-041", "Continue", dissent=f"B. Jones: fine\n{bad}")


def test_dissent_survives_the_journal(sample_copy) -> None:  # type: ignore[no-untyped-def]
    doc = Document.open(sample_copy())
    change = doc.new_decision("I-041", "Pause", rationale="wait", dissent="A. Khan: go on")
    back = Change.from_json(change.to_json())
    assert isinstance(back, RecordDecision)
    assert back.decision == change.decision


def test_cli_decide_takes_dissent_for_each_person(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "stocktake",
            "decide",
            str(path),
            "--initiative",
            "I-041",
            "--decision",
            "Stop",
            "--rationale",
            "no evidence",
            "--dissent",
            "A. Khan: give it a year",
            "--dissent",
            "B. Jones: agree with A. Khan",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    last = Document.open(path).workbook.decisions[-1]
    assert last.dissent.splitlines() == ["A. Khan: give it a year", "B. Jones: agree with A. Khan"]
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "stocktake",
            "decide",
            str(path),
            "--initiative",
            "I-041",
            "--decision",
            "Continue",
            "--dissent",
            "no name here",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 1
    assert "Name: their words" in bad.stderr + bad.stdout
