"""The master's review record: copies merged, notes collected, conflicts open, the report.

Split from :mod:`stocktake.app.merge`: the record is what the master *keeps* of its
reviews (in Stocktake's hidden review sheet, shown on the owned Review sheet), read and
changed by the merge, by choosing a conflict, and by the Review tab; this module holds
it, the undoable change that replaces it, and the Review sheet it is shown as.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from stocktake.app import errors, review, review_notes
from stocktake.app.changes import Change
from stocktake.app.document import Document
from stocktake.excel.review_store import read_sheets, state_from_rows, state_sheet
from stocktake.excel.safety import WorkbookRefused
from stocktake.excel.writer import SheetContent
from stocktake.model import Workbook


@dataclass(frozen=True, slots=True)
class Record:
    """What the master keeps of its reviews (in Stocktake's hidden review sheet, shown on
    the Review sheet): copies merged, notes collected, conflicts open, the report."""

    merged: tuple[Mapping[str, Any], ...] = ()
    notes: tuple[Mapping[str, Any], ...] = ()
    conflicts: tuple[Mapping[str, Any], ...] = ()
    report: tuple[Mapping[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "merged": list(self.merged),
            "notes": list(self.notes),
            "conflicts": list(self.conflicts),
            "report": list(self.report),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Record:
        return cls(*(tuple(data.get(k) or ()) for k in ("merged", "notes", "conflicts", "report")))

    def sheets(self, wb: Workbook) -> list[SheetContent]:
        return [
            master_sheet(wb, self),
            state_sheet({"record": self.to_json()}, wb.classification.value),
        ]


def record_of(doc: Document) -> Record:
    """The master's review record (read from its file once, then kept on the document)."""
    if isinstance(doc.review, Record):
        return doc.review
    if isinstance(doc.review, review.ReviewCopy) or review.is_review_copy(doc):
        name = doc.path.name if doc.path else "this workbook"
        raise errors.InvalidInput(
            f"{name} is a review copy; merge review copies into the master they came from"
        )
    rec = Record()
    if doc.path is not None and doc.path.exists():
        try:
            sheets = read_sheets(doc.path, [review.STATE_SHEET])
        except (WorkbookRefused, OSError) as exc:
            raise errors.from_exception(exc, doc.path) from exc
        state = state_from_rows(sheets.get(review.STATE_SHEET, []))
        if state and isinstance(state.get("record"), dict):
            rec = Record.from_json(state["record"])
    doc.review = rec
    doc._review_saved = rec
    return rec


@dataclass(frozen=True, slots=True)
class SetRecord(Change):
    """The master's review record changed (notes collected, a conflict chosen...)."""

    kind: ClassVar[str] = "review-record"
    old: Record
    new: Record
    text: str = "Update the review record"

    def apply(self, doc: Document) -> None:
        doc._set_review(self.new)

    def revert(self, doc: Document) -> None:
        doc._set_review(self.old)

    def describe(self) -> str:
        return self.text

    def data(self) -> dict[str, Any]:
        return {"old": self.old.to_json(), "new": self.new.to_json(), "text": self.text}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(Record.from_json(data["old"]), Record.from_json(data["new"]), str(data["text"]))


# --- disagreement -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spread:
    """How far reviewers' private scores for one initiative and criterion lie apart."""

    initiative: str
    criterion: str
    scores: tuple[tuple[str, float], ...]
    low: float
    median: float
    high: float
    outlier: str
    """The reviewer farthest from the median ("" when none stands out)."""


def spread(notes: Iterable[Mapping[str, Any]]) -> list[Spread]:
    """Min, median and max of the private scores per initiative and criterion, and the
    outlier: the one reviewer farthest from the median, when they alone are farthest."""
    by: dict[tuple[str, str], dict[str, float]] = {}
    for n in notes:
        for cid, value in (n.get("scores") or {}).items():
            by.setdefault((n["initiative"], cid), {})[n["reviewer"]] = float(value)
    out = []
    for (iid, cid), scores in sorted(by.items()):
        values = list(scores.values())
        mid = statistics.median(values)
        far = {r: abs(v - mid) for r, v in scores.items()}
        top = max(far.values())
        farthest = [r for r, d in far.items() if d == top]
        outlier = farthest[0] if len(scores) >= 3 and top > 0 and len(farthest) == 1 else ""
        out.append(
            Spread(iid, cid, tuple(sorted(scores.items())), min(values), mid, max(values), outlier)
        )
    return out


# --- the master's Review sheet ------------------------------------------------------------


def as_text(value: Any) -> str:
    if value is None:
        return "blank"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def master_sheet(wb: Workbook, record: Record) -> SheetContent:
    """The Review sheet of the master: open conflicts side by side, the proposals,
    comments and private scores collected (with their spread), and the merge report."""
    rows: list[list[object]] = [
        [review_notes.SHEET_TITLE],
        ["Proposals, comments and private scores from review copies, and what each merge did."],
    ]
    bold = [0]

    def block(title: str, headers: list[str], body: list[list[object]]) -> None:
        rows.append([])
        bold.extend([len(rows), len(rows) + 1])
        rows.append([title])
        rows.append(list[object](headers))
        rows.extend(body or [["(none)"]])

    conflicts = []
    for n, c in enumerate(record.conflicts, start=1):
        for i, choice in enumerate(c.get("choices", [])):
            first = i == 0
            conflicts.append(
                [
                    n if first else None,
                    c["item"] if first else None,
                    as_text(c.get("base")) if first else None,
                    as_text(c.get("master")) if first else None,
                    choice.get("reviewer"),
                    as_text(choice.get("value")),
                    choice.get("file"),
                    c.get("why") if first else None,
                ]
            )
    block(
        "Conflicts to choose (nothing was applied for these)",
        ["No.", "Item", "Base", "Master now", "Reviewer", "Their value", "Copy", "Why"],
        conflicts,
    )
    names = {iid: i.name for iid, i in wb.initiatives.items()}
    props = [
        [n["initiative"], names.get(n["initiative"], ""), n["reviewer"], n["proposal"],
         n.get("why", ""), n["file"]]
        for n in record.notes if n.get("proposal")
    ]  # fmt: skip
    block(
        "Proposals (not in force)",
        ["Initiative ID", "Initiative", "Reviewer", "Proposed decision", "Why", "Copy"],
        props,
    )
    comments = [
        [n["initiative"], names.get(n["initiative"], ""), n["reviewer"], n["comment"], n["file"]]
        for n in record.notes
        if n.get("comment")
    ]
    block("Comments", ["Initiative ID", "Initiative", "Reviewer", "Comment", "Copy"], comments)
    spreads = [
        [s.initiative, s.criterion, s.low, s.median, s.high, s.outlier,
         "; ".join(f"{r} {v:g}" for r, v in s.scores)]
        for s in spread(record.notes)
    ]  # fmt: skip
    block(
        "Private scores: the spread (collected, not applied)",
        ["Initiative ID", "Criterion", "Min", "Median", "Max", "Outlier", "Scores"],
        spreads,
    )
    report = [
        [
            r["when"].replace("T", " "),
            r["action"],
            r["what"],
            r.get("reviewer", ""),
            r.get("file", ""),
            r.get("made", "").replace("T", " "),
            None if r["action"] in ("collected", "refused") else as_text(r.get("base")),
            None if r["action"] in ("collected", "refused") else as_text(r.get("value")),
            r.get("why", ""),
        ]
        for r in record.report
    ]
    block(
        "Merge report",
        ["When", "Action", "What", "Reviewer", "Copy", "Copy made", "Base", "Value", "Why"],
        report,
    )
    return SheetContent(
        review_notes.REVIEW_SHEET,
        (),
        rows,
        widths=[18, 22, 22, 16, 22, 16, 24, 40, 40],
        header_row=0,
        bold_rows=bold,
        classification=wb.classification.value,
    )
