"""Folding review copies back into the master: three-way, by key, nothing silent.

For every value a reviewer may change (an initiative's score, DCA, stage...; a
criterion's weight; the balance and cut lines) the merge compares three values *by key*
(initiative ID and field, never a cell position, so a copy sorted, filtered or with
columns moved in Excel merges like one edited in Stocktake):

* the **base**, the master's value when the copy was made (kept inside the copy, see
  :mod:`.review`), checked against the copy's ``review:digest``;
* the **copy**'s value now; and the **master**'s value now.

A value the reviewer left alone is ignored. A value they changed is applied when the
master still holds the base value and no other reviewer changed it differently; when the
master already holds the reviewer's value it is *already in* (so merging a copy twice
changes nothing); otherwise it is a **conflict**, listed with every side for a person to
choose (:func:`resolve`), never resolved here. Proposals, comments and private scores are
collected, not applied, into the master's review record (the owned **Review** sheet).
Changes are ordinary undoable changes wrapped in :class:`FromReview` (who, which copy,
when); the whole merge is one :class:`~stocktake.app.changes.Group` to undo.

The comparison lives in :mod:`.three_way`, the master's review record (and its Review
sheet) in :mod:`.review_record`; this module turns a plan into changes and settles
conflicts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from stocktake.app import errors, review
from stocktake.app.changes import Change, EditField, Group, SetCuts
from stocktake.app.document import Document
from stocktake.app.review_record import Record, SetRecord, as_text, record_of
from stocktake.app.three_way import Item, Key, MergePlan, plan
from stocktake.engine.matrix import CutLines
from stocktake.model.edits import EditRejected, FieldEdit

if TYPE_CHECKING:
    from stocktake.excel.writer import SaveReport


@dataclass(frozen=True, slots=True)
class FromReview(Change):
    """A change taken from review copies: the same change, with who, which copy, when."""

    kind: ClassVar[str] = "from-review"
    change: Change
    sources: tuple[Mapping[str, str], ...] = ()

    def apply(self, doc: Document) -> None:
        self.change.apply(doc)

    def revert(self, doc: Document) -> None:
        self.change.revert(doc)

    @property
    def who(self) -> str:
        return ", ".join(s["reviewer"] for s in self.sources)

    def describe(self) -> str:
        return f"{self.change.describe()} (from {self.who}'s review)"

    def data(self) -> dict[str, Any]:
        return {"of": self.change.to_json(), "sources": [dict(s) for s in self.sources]}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(Change.from_json(data["of"]), tuple(data.get("sources") or ()))

    def resolved_with(self, resolve: Any) -> FromReview:
        """This change with the one it wraps checked against the workbook (journal)."""
        return dataclasses.replace(self, change=resolve(self.change))


def change_for(doc: Document, key: Key, value: Any, cuts: CutLines | None = None) -> Change | None:
    """The ordinary change that sets ``key`` to ``value`` in ``doc`` (None: no change).
    ``cuts``: the cut lines other changes of the same merge already move to."""
    section, ident, name = key
    if section == "settings":
        if ident == "balance":
            return doc.set_balance(float(value))
        now = cuts or doc.cuts
        if ident == "cut:near-term":
            return doc.set_cuts(float(value), now.long_term)
        return doc.set_cuts(now.near_term, float(value))
    edit = FieldEdit.make(doc.workbook, section, ident, name, value)
    return None if edit.old == edit.new else EditField(edit)


def _stamp(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now()).replace(microsecond=0).isoformat()


def changes(doc: Document, merge: MergePlan, *, now: dt.datetime | None = None) -> Group | None:
    """The merge as one undoable change (not yet applied: ``doc.apply`` or the window's
    undo stack does that), or ``None`` when it would change nothing. Values the master
    cannot take are added to the plan's problems."""
    if not merge.copies:  # nothing was taken: the master is not written for refusals alone
        return None
    when = _stamp(now)
    record = record_of(doc)
    parts: list[Change] = []
    report = list(record.report)
    cuts: CutLines | None = None
    for item in merge.applied:
        try:
            change = change_for(doc, item.key, item.value, cuts)
        except (EditRejected, ValueError) as exc:
            merge.problems.append(f"{item.label}: {exc}; not applied")
            continue
        if change is None:
            continue
        if isinstance(change, SetCuts):
            if cuts is not None:  # both lines moved: one change from where they are now
                parts = [p for p in parts if not isinstance(getattr(p, "change", None), SetCuts)]
                change = SetCuts(doc.cuts, change.new)
            cuts = change.new
        sources = tuple(who for who, _ in item.proposals)
        parts.append(FromReview(change, sources))
        for who in sources:
            report.append(_line(when, "applied", item.label, who, item.value, item.base))
    conflicts = [c for c in record.conflicts]
    open_keys = {tuple(c["key"]) for c in conflicts}
    for item in merge.conflicts:
        if item.key in open_keys:  # the same question again: one entry, choices added
            conflicts = [
                _with_choices(c, item) if tuple(c["key"]) == item.key else c for c in conflicts
            ]
        else:
            conflicts.append({**item.to_json(), "listed": when})
        for who, value in item.proposals:
            report.append(_line(when, "conflict", item.label, who, value, item.base, item.why))
    merged_ids = {c.copy_id for c in merge.copies}
    notes = [n for n in record.notes if n.get("copy") not in merged_ids]
    for copy in merge.copies:
        for iid, note in sorted(copy.notes.items()):
            notes.append({"copy": copy.copy_id, **copy.who, "initiative": iid, **note.to_json()})
        got = sum(1 for n in copy.notes.values() if not n.empty)
        report.append(_line(when, "collected", f"notes on {got} initiatives", copy.who))
    for fname, why in merge.refused:
        report.append(_line(when, "refused", fname, {"file": fname}, None, None, why))
    merged = [m for m in record.merged if m.get("copy") not in merged_ids]
    merged += [
        {"copy": c.copy_id, "content": c.content, **c.who, "merged": when} for c in merge.copies
    ]
    new = Record(tuple(merged), tuple(notes), tuple(conflicts), tuple(report))
    if not parts and new == record:
        return None
    parts.append(SetRecord(record, new, "Collect the reviews"))
    n = len(merge.copies)
    return Group(tuple(parts), f"Merge {n} review cop{'y' if n == 1 else 'ies'}")


def _line(
    when: str,
    action: str,
    what: str,
    who: Mapping[str, str],
    value: Any = None,
    base: Any = None,
    why: str = "",
) -> dict[str, Any]:
    return {
        "when": when,
        "action": action,
        "what": what,
        "reviewer": who.get("reviewer", ""),
        "file": who.get("file", ""),
        "made": who.get("made", ""),
        "value": value,
        "base": base,
        "why": why,
    }


def _with_choices(conflict: Mapping[str, Any], item: Item) -> dict[str, Any]:
    seen = {(c.get("file"), as_text(c.get("value"))) for c in conflict.get("choices", [])}
    extra = [
        {**who, "value": v} for who, v in item.proposals if (who["file"], as_text(v)) not in seen
    ]
    return {**conflict, "choices": [*conflict.get("choices", []), *extra]}


def resolve(
    doc: Document, index: int, choice: int | None, *, now: dt.datetime | None = None
) -> Group:
    """Settle open conflict ``index``: ``choice`` is the index of the reviewer's value to
    take, or ``None`` to keep the master's. One undoable change (not yet applied),
    recorded in the report."""
    record = record_of(doc)
    if not 0 <= index < len(record.conflicts):
        raise errors.NotFound(f"there is no open conflict number {index + 1}")
    conflict = record.conflicts[index]
    key: Key = tuple(conflict["key"])
    parts: list[Change] = []
    if choice is None:
        who: Mapping[str, str] = {"reviewer": "the master"}
        value = conflict.get("master")
    else:
        chosen = conflict["choices"][choice]
        who, value = chosen, chosen["value"]
        try:
            change = change_for(doc, key, value)
        except (EditRejected, ValueError) as exc:
            raise errors.InvalidInput(f"{conflict['item']}: {exc}") from exc
        if change is not None:
            who_ = {k: str(chosen.get(k, "")) for k in ("reviewer", "file", "made")}
            parts.append(FromReview(change, (who_,)))
    line = _line(
        _stamp(now), "resolved", str(conflict["item"]), who, value, conflict.get("base"),
        f"chosen from {len(conflict.get('choices', []))} reviewers' values and the master's",
    )  # fmt: skip
    new = dataclasses.replace(
        record,
        conflicts=record.conflicts[:index] + record.conflicts[index + 1 :],
        report=(*record.report, line),
    )
    rec = SetRecord(record, new, f"Choose {who.get('reviewer')}'s value for {conflict['item']}")
    parts.append(rec)
    return Group(tuple(parts), rec.text)


# --- the use case -------------------------------------------------------------------------


def merge(
    master: Path,
    copies: Sequence[Path],
    *,
    dry_run: bool = False,
    two_way: bool = False,
    now: dt.datetime | None = None,
) -> tuple[MergePlan, SaveReport | None]:
    """``stocktake merge``: plan the merge, apply it and save (unless ``dry_run``)."""
    doc = Document.open(master)
    if review.is_review_copy(doc):
        raise errors.InvalidInput(
            f"{master.name} is a review copy; merge review copies into the master they came from"
        )
    record_of(doc)
    merge_plan = plan(doc, copies, two_way=two_way)
    if dry_run:
        return merge_plan, None
    change = changes(doc, merge_plan, now=now)
    if change is None:
        return merge_plan, None
    doc.apply(change)
    moved = any(k.key[0] == "settings" for k in merge_plan.applied)
    return merge_plan, doc.save(analysis=False, settings=moved)
