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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from stocktake.app import errors, review
from stocktake.app.changes import Change, EditField, Group, SetCuts
from stocktake.app.document import ALL_KINDS, Document
from stocktake.engine.matrix import CutLines
from stocktake.excel.review_store import read_sheets, state_from_rows, state_sheet
from stocktake.excel.safety import WorkbookRefused
from stocktake.excel.writer import SheetContent
from stocktake.model import Workbook
from stocktake.model.edits import EditRejected, FieldEdit

if TYPE_CHECKING:
    from stocktake.excel.writer import SaveReport

Key = tuple[str, str, str]
"""(section, ident, field): ("initiatives", "I-004", "dca"), ("settings", "balance", "")."""

COPY_NEEDS = tuple(k for k in ALL_KINDS if k != "readings")


def label(key: Key, wb: Workbook | None = None) -> str:
    """A key in words: 'I-004 DCA', 'C01 weight', 'balance'."""
    section, ident, name = key
    if section == "settings":
        return ident
    if name.startswith("score:"):
        return f"{ident} {name.split(':', 1)[1]} score"
    return f"{ident} {({'dca': 'DCA'}).get(name, name.replace('_', ' '))}"


def _flat(snap: Mapping[str, Any]) -> dict[Key, Any]:
    out: dict[Key, Any] = {}
    for section in ("initiatives", "criteria"):
        for ident, fields in (snap.get(section) or {}).items():
            for name, value in fields.items():
                out[(section, ident, name)] = value
    for name, value in (snap.get("settings") or {}).items():
        out[("settings", name, "")] = value
    return out


# --- what one copy says -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Copy:
    """One review copy as read: who, from when, what it changed, and its notes.

    Only the changed values are kept (not the copy's 10,000-row snapshot and base), so
    merging twenty copies of a large workbook holds twenty small diffs in memory."""

    path: Path
    reviewer: str
    made: str
    copy_id: str
    changed: Mapping[Key, tuple[Any, Any]]
    """key -> (the base's value, the copy's value), for each value the copy changed
    (against the master itself in a two-way comparison)."""
    three_way: bool
    notes: Mapping[str, review.Note]
    content: str
    """A digest of what the copy says, so merging the same copy again is recognised."""
    problems: tuple[str, ...] = ()

    @property
    def who(self) -> dict[str, str]:
        return {"reviewer": self.reviewer, "file": self.path.name, "made": self.made}


def read_copy(
    path: Path, master: Document, *, two_way: bool = False, now: Mapping[Key, Any] | None = None
) -> Copy:
    """Read and check one copy against ``master``. Raises :class:`errors.Refused` with the
    reason (not a workbook, a different master, its base not found) for a person."""
    name = path.name
    if not path.is_file():
        raise errors.Missing(f"{name} was not found")
    try:
        doc = Document.open(path, only=COPY_NEEDS)
        sheets = read_sheets(path, [review.REVIEW_SHEET, review.STATE_SHEET])
    except errors.AppError as exc:
        raise errors.Refused(f"{name} is not a workbook Stocktake can read: {exc}") from exc
    except (WorkbookRefused, OSError) as exc:
        raise errors.Refused(f"{name} is not a workbook Stocktake can read: {exc}") from exc
    extra = doc.settings.extra
    master_id = str(master.settings.extra.get(review.MASTER, ""))
    copy_of = str(extra.get(review.MASTER, ""))
    mname = master.path.name if master.path else "the master"
    if not review.is_review_copy(doc):
        if not two_way:
            raise errors.Refused(
                f"{name} is not a review copy (its settings do not say which master it was "
                f"made from). To compare it with {mname} value by value, merge it with "
                "--two-way (File > Merge review copies… offers the same)."
            )
    elif copy_of != master_id:
        made_from = extra.get(review.FROM, "another workbook")
        raise errors.Refused(
            f"{name} was made from a different master ({made_from}, identity {copy_of}), "
            f"not from {mname}; nothing was taken from it"
        )
    copy = review.attach(doc, sheets)
    base = None
    if copy.base is not None and review.digest(copy.base) == copy.digest:
        base = _flat(copy.base)
    elif not two_way:
        raise errors.Refused(
            f"{name}: the base it was made from cannot be found (Stocktake's hidden review "
            "sheet is missing or was changed), so a three-way merge is not safe. Merge it "
            "with --two-way to list every value that differs from the master, to choose."
        )
    snap = review.snapshot(doc)
    values = _flat(snap)
    problems = list(copy.problems)
    compare = base if base is not None else (now or _flat(review.snapshot(master)))
    changed = {k: (compare[k], v) for k, v in values.items() if k in compare and v != compare[k]}
    if base is not None:
        added = sorted({k[1] for k in values} - {k[1] for k in base} - {""})
        gone = sorted({k[1] for k in base} - {k[1] for k in values})
        if added:
            problems.append(
                f"{name}: {', '.join(added[:5])}{' …' if len(added) > 5 else ''} "
                "are new in the copy; new rows are not merged (add them to the master by hand)"
            )
        if gone:
            problems.append(
                f"{name}: {', '.join(gone[:5])}{' …' if len(gone) > 5 else ''} are missing "
                "from the copy; the master's values for them were left as they are"
            )
    notes = dict(copy.notes)
    known = set((copy.base or {}).get("decisions") or master_decisions(master))
    for d in doc.all_decisions():  # decisions logged in the copy are proposals, not in force
        if d.decision_id not in known:
            n = notes.get(d.initiative_id, review.Note())
            if not n.proposal:
                notes[d.initiative_id] = dataclasses.replace(
                    n, proposal=d.decision.value, why=n.why or d.rationale
                )
    content = review.digest(
        {
            "values": snap,
            "notes": review.note_rows(sorted(notes.items())),
            "copy": copy.copy,
        }
    )
    return Copy(
        path=path,
        reviewer=copy.reviewer or path.stem,
        made=copy.made,
        copy_id=copy.copy or f"file:{name}",
        changed=changed,
        three_way=base is not None,
        notes=notes,
        content=content,
        problems=tuple(problems),
    )


def master_decisions(doc: Document) -> list[str]:
    return [d.decision_id for d in doc.all_decisions()]


# --- the plan of a merge ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One key that at least one reviewer changed: applied, already in, or a conflict."""

    key: Key
    label: str
    base: Any
    master: Any
    proposals: tuple[tuple[Mapping[str, str], Any], ...]
    """(who: reviewer, file, made; their value) for each copy that changed it."""
    status: str  # "apply" | "already" | "conflict"
    why: str = ""

    @property
    def value(self) -> Any:
        return self.proposals[0][1]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "item": self.label,
            "key": list(self.key),
            "base": self.base,
            "master": self.master,
        }
        if self.status == "conflict":
            out["why"] = self.why
            out["choices"] = [{**who, "value": v} for who, v in self.proposals]
        else:
            out["value"] = self.value
            out["from"] = [who for who, _ in self.proposals]
        return out


@dataclass(slots=True)
class MergePlan:
    """What merging some copies into the master would do (nothing is changed yet)."""

    master: Path | None
    copies: list[Copy] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def applied(self) -> list[Item]:
        return [i for i in self.items if i.status == "apply"]

    @property
    def conflicts(self) -> list[Item]:
        return [i for i in self.items if i.status == "conflict"]

    def collected(self) -> dict[str, int]:
        notes = [n for c in self.copies for n in c.notes.values()]
        return {
            "proposals": sum(1 for n in notes if n.proposal),
            "comments": sum(1 for n in notes if n.comment),
            "private_scores": sum(len(n.scores) for n in notes),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "master": self.master.name if self.master else None,
            "copies": [c.who for c in self.copies],
            "refused": [{"file": f, "why": w} for f, w in self.refused],
            "already_merged": self.already,
            "applied": [i.to_json() for i in self.applied],
            "already_in": [i.to_json() for i in self.items if i.status == "already"],
            "conflicts": [i.to_json() for i in self.conflicts],
            "collected": self.collected(),
            "problems": self.problems,
        }


def plan(master: Document, paths: Sequence[Path], *, two_way: bool = False) -> MergePlan:
    """Read each copy and work out, key by key, what merging would do."""
    record = record_of(master)
    done = {(m["copy"], m["content"]) for m in record.merged}
    out = MergePlan(master.path)
    now = _flat(review.snapshot(master))
    for path in paths:
        try:
            copy = read_copy(Path(path), master, two_way=two_way, now=now)
        except errors.AppError as exc:
            out.refused.append((Path(path).name, str(exc)))
            continue
        if (copy.copy_id, copy.content) in done or any(
            c.copy_id == copy.copy_id and c.content == copy.content for c in out.copies
        ):
            out.already.append(
                f"{copy.path.name} ({copy.reviewer}) was merged before and has not changed "
                "since: nothing to do"
            )
            continue
        out.copies.append(copy)
        out.problems.extend(copy.problems)
    changed: dict[Key, list[tuple[Copy, Any]]] = {}
    for copy in out.copies:
        for key, (_mine, theirs) in copy.changed.items():
            if key in now:
                changed.setdefault(key, []).append((copy, theirs))
    still_open = {tuple(c["key"]) for c in record.conflicts}
    for key in sorted(changed, key=_order):
        entries = changed[key]
        bases = {c.changed[key][0] if c.three_way else None for c, _ in entries}
        first = entries[0][0]
        base = first.changed[key][0] if first.three_way else None
        master_value = now[key]
        values = {v for _, v in entries}
        proposals = tuple((c.who, v) for c, v in entries)
        lab = label(key)
        if key in still_open:
            item = Item(
                key, lab, base, master_value, proposals, "conflict",
                "an earlier merge left this to choose; it is still open",
            )  # fmt: skip
        elif any(not c.three_way for c, _ in entries):
            item = Item(
                key, lab, base, master_value, proposals, "conflict",
                "no base to compare against (two-way): choose which value to keep",
            )  # fmt: skip
        elif len(values) > 1:
            item = Item(
                key, lab, base, master_value, proposals, "conflict",
                "reviewers changed it differently",
            )  # fmt: skip
        elif master_value in values:
            item = Item(key, lab, base, master_value, proposals, "already")
        elif len(bases) == 1 and (master_value) == (base):
            item = Item(key, lab, base, master_value, proposals, "apply")
        else:
            item = Item(
                key, lab, base, master_value, proposals, "conflict",
                "the master changed since the copy was made",
            )  # fmt: skip
        out.items.append(item)
    return out


def _order(key: Key) -> tuple[int, str, str]:
    return ({"settings": 0, "criteria": 1}.get(key[0], 2), key[1], key[2])


# --- the master's review record ------------------------------------------------------------


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
    seen = {(c.get("file"), _text(c.get("value"))) for c in conflict.get("choices", [])}
    extra = [
        {**who, "value": v} for who, v in item.proposals if (who["file"], _text(v)) not in seen
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


def _text(value: Any) -> str:
    if value is None:
        return "blank"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def master_sheet(wb: Workbook, record: Record) -> SheetContent:
    """The Review sheet of the master: open conflicts side by side, the proposals,
    comments and private scores collected (with their spread), and the merge report."""
    rows: list[list[object]] = [
        [review.SHEET_TITLE],
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
                    _text(c.get("base")) if first else None,
                    _text(c.get("master")) if first else None,
                    choice.get("reviewer"),
                    _text(choice.get("value")),
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
            None if r["action"] in ("collected", "refused") else _text(r.get("base")),
            None if r["action"] in ("collected", "refused") else _text(r.get("value")),
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
        review.REVIEW_SHEET,
        (),
        rows,
        widths=[18, 22, 22, 16, 22, 16, 24, 40, 40],
        header_row=0,
        bold_rows=bold,
        classification=wb.classification.value,
    )


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
