"""Review copies and the merge back (issue 12): five copies, three edited through the app
layer and two with openpyxl as Excel would (rows re-sorted, a column moved, a row
inserted, a comment typed), merged into a master that changed meanwhile."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import TableColumn

from stocktake.app import errors, merge, review, review_record, three_way
from stocktake.app.document import Document
from stocktake.excel.reader import read_workbook
from tests.excel.writer.helpers import OWNED_OR_EDITED, assert_untouched

SAMPLE = Path(__file__).resolve().parents[2] / "sample_workbooks" / "plan_for_change.xlsx"
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> zip part, read with the standard library only (an independent map)."""
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for s in book.find("m:sheets", NS) or []:
        t = target[s.get(f"{{{NS['r']}}}id")]
        out[s.get("name")] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    return out


def other(value: str, choices: list[str]) -> str:
    return next(c for c in choices if c != value)


def rescored(value: float) -> float:
    return value + 1 if value < 5 else value - 1


@dataclass
class Planted:
    master: Path
    before_merge: Path
    copies: list[Path]
    applied: dict[tuple[str, str, str], object]
    conflicts: set[tuple[str, str, str]]
    base: dict


def excel_edit_initiatives(path: Path, iid: str, dca: str) -> None:
    """What a person does in Excel: change a DCA, sort the rows by ID (descending), move
    the DCA column to the end, insert a blank row in the middle (table kept in step)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Initiatives"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header, body = rows[0], [r for r in rows[1:] if any(v is not None for v in r)]
    col = header.index("DCA")
    for r in body:
        if r[0] == iid:
            r[col] = dca
    order = [j for j in range(len(header)) if j != col] + [col]
    body.sort(key=lambda r: str(r[0]), reverse=True)
    new = [[header[j] for j in order]] + [[r[j] for j in order] for r in body]
    new.insert(len(new) // 2, [None] * len(header))
    ws.delete_rows(1, ws.max_row)
    for r, row in enumerate(new, start=1):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
    table = ws.tables["Initiatives"]
    last = openpyxl.utils.get_column_letter(len(header))
    table.ref = f"A1:{last}{len(new)}"
    table.autoFilter.ref = table.ref
    table.tableColumns = [TableColumn(id=i + 1, name=h) for i, h in enumerate(new[0])]
    wb.save(path)


def excel_edit_review(
    path: Path, *, comment: tuple[str, str] | None = None, proposal: tuple | None = None
) -> None:
    """Type on the Review sheet in Excel: rows re-sorted, a comment typed, and a row
    inserted (with a proposal) above the header's data."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Review"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r and r[0] == "Initiative ID")
    header, body = rows[head], rows[head + 1 :]
    if comment:
        for r in body:
            if r[0] == comment[0]:
                r[header.index("Comment")] = comment[1]
    body.sort(key=lambda r: str(r[0]), reverse=True)
    if proposal:
        row = [None] * len(header)
        row[0], row[header.index("Proposed decision")], row[header.index("Why")] = proposal
        body.insert(3, row)
    ws.delete_rows(head + 2, ws.max_row)
    for r, row in enumerate(body, start=head + 2):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
    wb.save(path)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    tmp = tmp_path_factory.mktemp("review")
    master = tmp / "plan.xlsx"
    shutil.copyfile(SAMPLE, master)
    doc = Document.open(master)
    wb = doc.workbook
    ini = wb.initiatives
    base = review.snapshot(doc)
    copies = [review.make_copy(doc, name)[0] for name in ("Ann", "Bo", "Cy", "Di", "Ed")]
    stages = ["Idea", "Test", "Learn", "Scale"]

    def edit(path: Path, *changes: tuple) -> None:
        d = Document.open(path)
        review.load(d)
        for c in changes:
            d.apply(c(d))
        d.save(analysis=False, settings=True)

    c01 = ini["I-002"].scores["C01"]
    red = "Red" if ini["I-001"].dca.value != "Red" else "Green"
    stage = other(ini["I-004"].stage.value, stages)
    weight = wb.criteria["C02"].weight + 5
    dca5 = other(ini["I-005"].dca.value, ["Green", "Amber", "Red"])
    kind = other(ini["I-022"].project_type or "", ["Outsourcing", "Policy/programme"])
    edit(
        copies[0],
        lambda d: d.edit("initiatives", "I-001", "dca", red),
        lambda d: d.edit("initiatives", "I-002", "score:C01", rescored(c01)),
        lambda d: d.set_balance(0.6),
        lambda d: review.set_note(d, "I-003", proposal="Stop", why="no evidence it works"),
        lambda d: review.set_note(d, "I-010", scores={"C01": 1}),
    )
    edit(
        copies[1],
        lambda d: d.edit("initiatives", "I-001", "dca", red),
        lambda d: d.edit("initiatives", "I-004", "stage", stage),
        lambda d: d.edit("criteria", "C02", "weight", weight),
        lambda d: review.set_note(d, "I-010", scores={"C01": 4}),
    )
    edit(
        copies[2],
        lambda d: d.edit("initiatives", "I-002", "score:C01", 0 if c01 != 0 else 5),
        lambda d: review.set_note(d, "I-010", scores={"C01": 5}, comment="ambitious"),
        lambda d: d.edit("initiatives", "I-022", "project_type", kind),
    )
    excel_edit_initiatives(copies[3], "I-005", dca5)
    excel_edit_review(copies[3], comment=("I-006", "see the evaluation report"))
    # Ed edits a score in Excel; the master changes the same score meanwhile
    c02 = ini["I-007"].scores["C02"]
    wbx = openpyxl.load_workbook(copies[4])
    ws = wbx["Initiatives"]
    col = [c.value for c in ws[1]].index("C02") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "I-007")
    ws.cell(row, col, 0 if c02 != 0 else 1)
    wbx.save(copies[4])
    excel_edit_review(copies[4], proposal=("I-008", "Pause", "wait for the pilot"))
    m = Document.open(master)
    m.apply(m.edit("initiatives", "I-007", "score:C02", 5 if c02 != 5 else 4))
    m.save(analysis=False)
    before = tmp / "before-merge.xlsx"
    shutil.copyfile(master, before)
    return Planted(
        master,
        before,
        copies,
        applied={
            ("settings", "balance", ""): 0.6,
            ("initiatives", "I-001", "dca"): red,
            ("initiatives", "I-004", "stage"): stage,
            ("criteria", "C02", "weight"): weight,
            ("initiatives", "I-005", "dca"): dca5,
            ("initiatives", "I-022", "project_type"): kind,
        },
        conflicts={("initiatives", "I-002", "score:C01"), ("initiatives", "I-007", "score:C02")},
        base=base,
    )


@pytest.fixture(scope="module")
def merged(planted: Planted) -> tuple[three_way.MergePlan, Path]:
    plan, report = merge.merge(planted.master, planted.copies)
    assert report is not None
    return plan, planted.master


def values(path: Path) -> dict:
    return three_way._flat(review.snapshot(Document.open(path)))


def test_every_planted_change_is_applied_once_with_provenance(planted, merged) -> None:
    plan, master = merged
    assert {i.key: i.value for i in plan.applied} == planted.applied
    both = next(i for i in plan.applied if i.key == ("initiatives", "I-001", "dca"))
    assert [w["reviewer"] for w, _ in both.proposals] == ["Ann", "Bo"]
    after = values(master)
    for key, value in planted.applied.items():
        assert after[key] == value, key
    rows = [r for r in _review_rows(master) if r and r[1] == "applied"]
    assert len(rows) == 7  # six values, the DCA from two reviewers
    named = f"I-001 DCA ({read_workbook(master).initiatives['I-001'].name})"
    assert {(r[2], r[3]) for r in rows} >= {(named, "Ann"), (named, "Bo")}


def test_each_planted_conflict_is_listed_and_nothing_is_chosen(planted, merged) -> None:
    plan, master = merged
    assert {i.key for i in plan.conflicts} == planted.conflicts
    ours = next(i for i in plan.conflicts if i.key[1] == "I-007")
    assert "master changed" in ours.why
    theirs = next(i for i in plan.conflicts if i.key[1] == "I-002")
    assert {w["reviewer"] for w, _ in theirs.proposals} == {"Ann", "Cy"}
    before, after = values(planted.before_merge), values(master)
    for key in planted.conflicts:
        assert after[key] == before[key]
    sheet = _review_rows(master)
    title = next(i for i, r in enumerate(sheet) if r and str(r[0]).startswith("Conflicts"))
    end = next(i for i in range(title + 2, len(sheet)) if not any(sheet[i]))
    listed = sheet[title + 2 : end]
    assert {r[4] for r in listed} == {"Ann", "Cy", "Ed"}


def test_nothing_else_in_the_master_moves(planted, merged) -> None:
    _, master = merged
    before, after = values(planted.before_merge), values(master)
    moved = {k for k in before if before[k] != after.get(k)}
    assert moved == set(planted.applied)
    parts = sheet_parts(planted.before_merge)
    edited = {parts[s] for s in ("Initiatives", "Criteria", "Stocktake settings")}
    assert_untouched(planted.before_merge, master, OWNED_OR_EDITED | edited)


def test_proposals_comments_and_private_scores_are_collected_not_applied(merged) -> None:
    _, master = merged
    doc = Document.open(master)
    assert not [d for d in doc.workbook.decisions if d.initiative_id in ("I-003", "I-008")]
    record = review_record.record_of(doc)
    props = {
        (n["initiative"], n["reviewer"], n["proposal"]) for n in record.notes if n.get("proposal")
    }
    assert props == {("I-003", "Ann", "Stop"), ("I-008", "Ed", "Pause")}
    comments = {(n["initiative"], n["comment"]) for n in record.notes if n.get("comment")}
    assert comments == {("I-010", "ambitious"), ("I-006", "see the evaluation report")}
    (s,) = review_record.spread(record.notes)
    assert (s.initiative, s.criterion, s.low, s.median, s.high) == ("I-010", "C01", 1, 4, 5)
    assert s.outlier == "Ann"


def test_merging_the_same_copies_again_changes_nothing(merged) -> None:
    plan0, master = merged
    data = master.read_bytes()
    plan, report = merge.merge(master, plan0_paths(plan0, master))
    assert report is None and master.read_bytes() == data
    assert len(plan.already) == 5 and not plan.applied


def plan0_paths(plan: three_way.MergePlan, master: Path) -> list[Path]:
    return [master.parent / c.path.name for c in plan.copies]


def test_a_copy_changed_after_its_merge_adds_only_what_is_new(planted, merged, tmp_path) -> None:
    _, master = merged
    master2 = tmp_path / master.name
    shutil.copyfile(master, master2)
    d = Document.open(planted.copies[0])
    review.load(d)
    d.apply(review.set_note(d, "I-011", comment="late thought"))
    d.save(analysis=False)
    plan, report = merge.merge(master2, [planted.copies[0]])
    assert report is not None
    assert not plan.applied  # what was applied is in already: the three-way sees it
    assert {i.key for i in plan.conflicts} == {("initiatives", "I-002", "score:C01")}
    rec = review_record.record_of(Document.open(master2))
    assert ("I-011", "late thought") in {(n["initiative"], n.get("comment")) for n in rec.notes}


def test_dry_run_json_lists_and_writes_nothing(planted, tmp_path) -> None:
    master = tmp_path / "plan.xlsx"
    shutil.copyfile(planted.before_merge, master)
    data = master.read_bytes()
    out = subprocess.run(
        [sys.executable, "-m", "stocktake", "merge", str(master), *map(str, planted.copies),
         "--dry-run", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 1, out.stderr  # conflicts listed
    got = json.loads(out.stdout)
    assert got["written"] is False and master.read_bytes() == data
    assert {tuple(a["key"]) for a in got["applied"]} == set(planted.applied)
    assert {tuple(c["key"]) for c in got["conflicts"]} == planted.conflicts
    assert not (tmp_path / "Stocktake backups").exists()


def test_choosing_a_side_applies_it_undoably_and_records_it(merged, tmp_path) -> None:
    _, master = merged
    m = tmp_path / master.name
    shutil.copyfile(master, m)
    doc = Document.open(m)
    record = review_record.record_of(doc)
    n = next(i for i, c in enumerate(record.conflicts) if c["key"][1] == "I-002")
    pick = next(i for i, c in enumerate(record.conflicts[n]["choices"]) if c["reviewer"] == "Cy")
    change = merge.resolve(doc, n, pick)
    doc.apply(change)
    want = record.conflicts[n]["choices"][pick]["value"]
    assert doc.workbook.initiatives["I-002"].scores["C01"] == want
    assert "Cy" in change.changes[0].describe()
    assert len(review_record.record_of(doc).conflicts) == len(record.conflicts) - 1
    doc.revert(change)
    assert review_record.record_of(doc) == record
    doc.apply(change)
    doc.save(analysis=False)
    after = review_record.record_of(Document.open(m))
    assert after.report[-1]["action"] == "resolved" and after.report[-1]["reviewer"] == "Cy"


def test_the_merge_is_one_undoable_change(planted, tmp_path) -> None:
    master = tmp_path / "plan.xlsx"
    shutil.copyfile(planted.before_merge, master)
    doc = Document.open(master)
    before = three_way._flat(review.snapshot(doc))
    change = merge.changes(doc, three_way.plan(doc, planted.copies))
    assert change is not None
    doc.apply(change)
    assert (
        three_way._flat(review.snapshot(doc))[("initiatives", "I-001", "dca")]
        != before[("initiatives", "I-001", "dca")]
    )
    doc.revert(change)
    assert three_way._flat(review.snapshot(doc)) == before
    assert review_record.record_of(doc) == review_record.Record()


# --- refusals -----------------------------------------------------------------------------


def test_a_copy_of_another_master_is_refused(planted, tmp_path) -> None:
    other_master = tmp_path / "other.xlsx"
    shutil.copyfile(SAMPLE, other_master)
    copy, _ = review.make_copy(Document.open(other_master), "Flo")
    plan = three_way.plan(Document.open(planted.before_merge), [copy])
    ((name, why),) = plan.refused
    assert name == copy.name and "different master (other.xlsx" in why


def test_a_copy_without_its_base_is_refused_and_two_way_lists_differences(planted, tmp_path):
    copy = tmp_path / "no base.xlsx"
    shutil.copyfile(planted.copies[1], copy)
    wb = openpyxl.load_workbook(copy)
    del wb[review.STATE_SHEET]
    wb.save(copy)
    master = Document.open(planted.before_merge)
    ((_, why),) = three_way.plan(master, [copy]).refused
    assert "base it was made from cannot be found" in why and "--two-way" in why
    plan = three_way.plan(master, [copy], two_way=True)
    assert not plan.applied and not plan.refused
    keys = {i.key for i in plan.conflicts}
    assert ("initiatives", "I-004", "stage") in keys and ("criteria", "C02", "weight") in keys
    # the master's own later change shows as a difference too, to choose
    assert ("initiatives", "I-007", "score:C02") in keys


def test_a_file_that_is_not_a_workbook_is_refused(planted, tmp_path) -> None:
    fake = tmp_path / "notes.xlsx"
    fake.write_text("not a workbook")
    ((name, why),) = three_way.plan(Document.open(planted.before_merge), [fake]).refused
    assert name == "notes.xlsx" and "not a workbook" in why


def test_merging_into_a_review_copy_is_refused(planted) -> None:
    with pytest.raises(errors.InvalidInput, match="is a review copy"):
        merge.merge(planted.copies[0], [planted.copies[1]], dry_run=True)


def test_a_copy_opens_with_its_banner_and_base(planted) -> None:
    doc = Document.open(planted.copies[3])  # edited in openpyxl: the base survives
    copy = review.load(doc)
    assert copy is not None and copy.base is not None
    assert copy.banner().startswith("Review copy for Di, made from plan.xlsx on ")
    assert review.digest(copy.base) == copy.digest == review.digest(planted.base)


def _review_rows(path: Path) -> list[list]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(r) for r in wb["Review"].iter_rows(values_only=True)]
    finally:
        wb.close()  # a read-only workbook holds its file open
