"""Review copies: a copy of the master a reviewer takes away, and what they write in it.

A review copy is an ordinary workbook with three additions, so it opens in Excel as
well as in Stocktake:

* settings rows (the one settings contract, :mod:`~stocktake.app.settings`):
  ``review:master`` (the master's identity), ``review:digest`` (a digest of the master's
  values at copy time), ``review:reviewer``, ``review:made``, ``review:from`` (the
  master's file name) and ``review:copy`` (this copy's own identity);
* a **Review** sheet, one row per initiative, where the reviewer proposes a decision
  (a proposal, never in force), says why, comments, and enters private scores
  ("My score C01" ...). It is read back by header, so sorted rows and moved columns
  do not matter;
* the **base**: the master's values when the copy was made, as JSON in a very hidden
  sheet (:mod:`stocktake.excel.review_store`); the merge compares against it, three-way.

The master gets an identity (``review:master``, one settings row) the first time a copy
is made from it; nothing else in the master changes.

What the reviewer writes (a :class:`~stocktake.app.review_notes.Note`, the Review sheet)
is :mod:`.review_notes`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from stocktake.app import errors
from stocktake.app.changes import Change
from stocktake.app.review_notes import REVIEW_SHEET, Note, read_notes, review_sheet
from stocktake.app.settings import settings_update
from stocktake.excel.review_store import STATE_SHEET, read_sheets, state_from_rows, state_sheet
from stocktake.excel.safety import WorkbookRefused
from stocktake.excel.writer import SheetContent
from stocktake.model import DecisionKind, Workbook
from stocktake.model.edits import current_value, editable_keys

if TYPE_CHECKING:
    from stocktake.app.document import Document
    from stocktake.excel.writer import SaveReport

__all__ = ["STATE_SHEET", "ReviewCopy", "SetNote", "load", "make_copy", "set_note"]

MASTER = "review:master"
DIGEST = "review:digest"
REVIEWER = "review:reviewer"
MADE = "review:made"
FROM = "review:from"
COPY = "review:copy"
SETTINGS_SCALARS = ("balance", "cut:near-term", "cut:long-term")
"""Settings a reviewer may move that the merge carries back (by key)."""

# --- the values a merge compares ----------------------------------------------------------


def plain(value: Any) -> Any:
    """A value as the base stores it: a vocabulary's word, a number, or None."""
    if value is None:
        return None
    if hasattr(value, "value") and not isinstance(value, int | float):
        return value.value
    if isinstance(value, int | float):
        return float(value)
    return str(value)


def snapshot(doc: Document) -> dict[str, Any]:
    """The values a reviewer may change, by key: what the base holds and what a merge
    compares (initiative ID and field, criterion ID, setting name; never a cell)."""
    wb = doc.workbook
    keys = sorted(editable_keys(wb, "initiatives"))
    initiatives = {
        iid: {k: plain(current_value(wb, "initiatives", iid, k)) for k in keys}
        for iid in wb.initiatives
    }
    criteria = {
        cid: {"weight": plain(c.weight)}
        for cid, c in wb.criteria.items()
        if "weight" in editable_keys(wb, "criteria")
    }
    rows = doc.settings.rows()
    settings = {k: plain(rows.get(k)) for k in SETTINGS_SCALARS}
    return {
        "initiatives": initiatives,
        "criteria": criteria,
        "settings": settings,
        "decisions": sorted(d.decision_id for d in doc.all_decisions()),
    }


def digest(data: Mapping[str, Any]) -> str:
    """A short, stable digest of JSON data (sorted keys), to find and check a base."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class ReviewCopy:
    """The review copy open in a document: who it is for, its base and its notes."""

    master: str
    digest: str
    reviewer: str
    made: str
    source: str
    copy: str
    notes: Mapping[str, Note] = field(default_factory=dict)
    base: Mapping[str, Any] | None = None
    problems: tuple[str, ...] = ()
    write_base: bool = False

    def banner(self) -> str:
        """The line the window shows across a review copy."""
        when = self.made.replace("T", " ")[:16]
        return f"Review copy for {self.reviewer}, made from {self.source} on {when}"

    def with_note(self, iid: str, note: Note) -> ReviewCopy:
        notes = dict(self.notes)
        if note.empty:
            notes.pop(iid, None)
        else:
            notes[iid] = note
        return dataclasses.replace(self, notes=notes, write_base=False)

    def note(self, iid: str) -> Note:
        return self.notes.get(iid, Note())

    def sheets(self, wb: Workbook) -> list[SheetContent]:
        """What a save writes for this copy: the Review sheet (and, once, the base)."""
        out = [review_sheet(wb, self.notes)]
        if self.write_base and self.base is not None:
            out.append(state_sheet({"base": self.base}, wb.classification.value))
        return out


# --- opening a copy ---------------------------------------------------------------------


def is_review_copy(doc: Document) -> bool:
    return REVIEWER in doc.settings.extra and MASTER in doc.settings.extra


def load(doc: Document) -> ReviewCopy | None:
    """The review copy ``doc`` is (its notes and base read from the file), else ``None``.

    Sets ``doc.review`` so the window and the merge see the same notes.
    """
    if not is_review_copy(doc) or doc.path is None:
        return None
    try:
        sheets = read_sheets(doc.path, [REVIEW_SHEET, STATE_SHEET])
    except (WorkbookRefused, OSError) as exc:
        raise errors.from_exception(exc, doc.path) from exc
    return attach(doc, sheets)


def attach(doc: Document, sheets: Mapping[str, list[list[object]]]) -> ReviewCopy:
    """The review copy from the raw Review and state sheets, set on ``doc``."""
    extra = doc.settings.extra
    notes, problems = read_notes(sheets.get(REVIEW_SHEET, []), doc.workbook)
    state = state_from_rows(sheets.get(STATE_SHEET, []))
    base = state.get("base") if state else None
    copy = ReviewCopy(
        master=str(extra.get(MASTER, "")),
        digest=str(extra.get(DIGEST, "")),
        reviewer=str(extra.get(REVIEWER, "")),
        made=str(extra.get(MADE, "")),
        source=str(extra.get(FROM, "")),
        copy=str(extra.get(COPY, "")),
        notes=notes,
        base=base if isinstance(base, dict) else None,
        problems=tuple(problems),
    )
    doc.review = copy
    doc._review_saved = copy
    return copy


@dataclass(frozen=True, slots=True)
class SetNote(Change):
    """A reviewer's proposal, comment or private score on one initiative changed."""

    kind: ClassVar[str] = "review-note"
    initiative_id: str
    old: Note
    new: Note

    def apply(self, doc: Document) -> None:
        doc._set_review(_copy_of(doc).with_note(self.initiative_id, self.new))

    def revert(self, doc: Document) -> None:
        doc._set_review(_copy_of(doc).with_note(self.initiative_id, self.old))

    def describe(self) -> str:
        o, n = self.old, self.new
        if n.proposal != o.proposal:
            what = f"Propose {n.proposal}" if n.proposal else "Withdraw the proposal"
        elif n.scores != o.scores:
            what = "Set my private scores"
        else:
            what = "Comment"
        return f"{what} for {self.initiative_id}"

    def data(self) -> dict[str, Any]:
        return {"id": self.initiative_id, "old": self.old.to_json(), "new": self.new.to_json()}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(str(data["id"]), Note.from_json(data["old"]), Note.from_json(data["new"]))


def _copy_of(doc: Document) -> ReviewCopy:
    if not isinstance(doc.review, ReviewCopy):
        raise errors.InvalidInput("this workbook is not a review copy")
    return doc.review


def set_note(
    doc: Document,
    initiative_id: str,
    *,
    proposal: str | None = None,
    why: str | None = None,
    comment: str | None = None,
    scores: Mapping[str, float | None] | None = None,
) -> SetNote | None:
    """The change that sets part of a reviewer's note (``None`` leaves a part as it is),
    or ``None`` when nothing changes. Raises :class:`errors.InvalidInput`."""
    copy = _copy_of(doc)
    wb = doc.workbook
    if initiative_id not in wb.initiatives:
        raise errors.NotFound(f"there is no initiative {initiative_id!r} in this workbook")
    old = copy.note(initiative_id)
    new = old
    if proposal is not None:
        kind = DecisionKind.parse(proposal) if proposal.strip() else None
        if proposal.strip() and kind is None:
            raise errors.InvalidInput(
                f"{proposal!r} is not a decision; use one of {', '.join(DecisionKind.choices())}"
            )
        new = dataclasses.replace(new, proposal=kind.value if kind else "")
    if why is not None:
        new = dataclasses.replace(new, why=why.strip())
    if comment is not None:
        new = dataclasses.replace(new, comment=comment.strip())
    if scores is not None:
        merged = old.score_map()
        for cid, value in scores.items():
            crit = wb.criteria.get(cid)
            if crit is None:
                raise errors.NotFound(f"there is no criterion {cid!r}")
            if value is None:
                merged.pop(cid, None)
            elif not crit.scale_lo <= float(value) <= crit.scale_hi:
                raise errors.InvalidInput(
                    f"{cid} is scored {crit.scale_lo:g} to {crit.scale_hi:g}; "
                    f"{float(value):g} is outside the scale"
                )
            else:
                merged[cid] = float(value)
        new = dataclasses.replace(new, scores=tuple(sorted(merged.items())))
    return None if new == old else SetNote(initiative_id, old, new)


# --- making a copy ----------------------------------------------------------------------


def ensure_identity(doc: Document) -> str:
    """The master's identity, given to it (one settings row, saved) the first time."""
    found = doc.settings.extra.get(MASTER)
    if found:
        return str(found)
    if doc.unsaved or doc.pending:
        raise errors.InvalidInput(
            "save your changes first: a review copy is made from the saved workbook"
        )
    ident = uuid.uuid4().hex[:16]
    doc.settings = dataclasses.replace(doc.settings, extra={**doc.settings.extra, MASTER: ident})
    doc.save(analysis=False, settings=True)
    return ident


def copy_name(master: Path, reviewer: str, out_dir: Path) -> Path:
    """A free file name for the copy: 'Plan (review copy for Jane Smith).xlsx'."""
    who = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", reviewer).strip() or "a reviewer"
    stem = f"{master.stem} (review copy for {who})"
    for n in range(1, 1000):
        target = out_dir / f"{stem}{'' if n == 1 else f' {n}'}{master.suffix}"
        if not target.exists():
            return target
    raise errors.InvalidInput(f"there are too many review copies for {who} in {out_dir.name}")


def make_copy(
    doc: Document, reviewer: str, out_dir: Path | None = None, *, now: dt.datetime | None = None
) -> tuple[Path, SaveReport]:
    """Write a review copy of the saved master ``doc`` for ``reviewer``; the master gets an
    identity if it had none. Raises :class:`errors.AppError`."""
    if doc.path is None:
        raise errors.InvalidInput("save the workbook first: a review copy is made from a file")
    if not reviewer.strip():
        raise errors.InvalidInput("say who the review copy is for (their name)")
    if is_review_copy(doc):
        raise errors.InvalidInput(
            f"{doc.path.name} is itself a review copy; make review copies from the master"
        )
    if doc.unsaved or doc.pending:
        raise errors.InvalidInput(
            "save your changes first: a review copy is made from the saved workbook"
        )
    master_id = ensure_identity(doc)
    out_dir = out_dir if out_dir is not None else doc.path.parent
    if not out_dir.is_dir():
        raise errors.Missing(f"the folder {out_dir.name!r} does not exist")
    target = copy_name(doc.path, reviewer, out_dir)
    made = (now or dt.datetime.now()).replace(microsecond=0).isoformat()
    base = snapshot(doc)
    stamp = {
        MASTER: master_id,
        DIGEST: digest(base),
        REVIEWER: reviewer.strip(),
        MADE: made,
        FROM: doc.path.name,
        COPY: uuid.uuid4().hex[:16],
    }
    settings = dataclasses.replace(doc.settings, extra={**doc.settings.extra, **stamp})
    copy = ReviewCopy(
        master_id,
        stamp[DIGEST],
        stamp[REVIEWER],
        made,
        doc.path.name,
        stamp[COPY],
        base=base,
        write_base=True,
    )
    job = doc.save_job(target, analysis=False, settings=True)
    job = dataclasses.replace(
        job,
        settings=settings,
        settings_update=settings_update(doc.workbook, settings),
        owned=tuple(copy.sheets(doc.workbook)),
    )
    return target, job.run()
