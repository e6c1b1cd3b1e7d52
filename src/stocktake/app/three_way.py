"""The three-way comparison of a merge: what each review copy changed, key by key.

Split from :mod:`stocktake.app.merge` (which applies and reports): this module only
reads copies and *decides* — for every key a reviewer changed, whether it applies,
is already in, or is a conflict — and changes nothing, so ``stocktake merge --dry-run``
and the merge dialog's preview are this module alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stocktake.app import errors, review, review_notes
from stocktake.app.document import Document
from stocktake.app.reading import ALL_KINDS
from stocktake.app.review_record import record_of
from stocktake.excel.review_store import read_sheets
from stocktake.excel.safety import WorkbookRefused
from stocktake.model import Workbook

Key = tuple[str, str, str]
"""(section, ident, field): ("initiatives", "I-004", "dca"), ("settings", "balance", "")."""

COPY_NEEDS = tuple(k for k in ALL_KINDS if k != "readings")


def label(key: Key, wb: Workbook | None = None) -> str:
    """A key in words: 'I-004 DCA', 'C01 weight', 'balance'; with ``wb``, the
    initiative's or criterion's name follows in brackets, so a reader need not look
    the ID up: 'I-004 DCA (Free breakfast clubs)'."""
    section, ident, name = key
    if section == "settings":
        return ident
    if name.startswith("score:"):
        text = f"{ident} {name.split(':', 1)[1]} score"
    else:
        text = f"{ident} {({'dca': 'DCA'}).get(name, name.replace('_', ' '))}"
    found = None
    if wb is not None:
        found = (wb.initiatives if section == "initiatives" else wb.criteria).get(ident)
    return f"{text} ({found.name})" if found is not None and found.name else text


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
    notes: Mapping[str, review_notes.Note]
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
        sheets = read_sheets(path, [review_notes.REVIEW_SHEET, review.STATE_SHEET])
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
            n = notes.get(d.initiative_id, review_notes.Note())
            if not n.proposal:
                notes[d.initiative_id] = dataclasses.replace(
                    n, proposal=d.decision.value, why=n.why or d.rationale
                )
    content = review.digest(
        {
            "values": snap,
            "notes": review_notes.note_rows(sorted(notes.items())),
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
        lab = label(key, master.workbook)
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
