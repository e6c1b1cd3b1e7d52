"""What changed since last time: this stock-take against the workbook's previous saved state.

Between two stock-takes, departments update scores, DCA, costs and stages, often in
Excel. A board wants to walk those items first. So each save with the analysis keeps a
compact **snapshot** (per initiative: name, mission, scores, DCA, costs by year, stage)
as JSON in a very hidden owned sheet, "Stocktake snapshot" (the same form as the review
state: it survives Excel, LibreOffice and openpyxl, and cannot be unhidden from Excel's
menus; settings would have put a large blob in a sheet people read).

*Last time* is the snapshot the file held when it was opened: it is read once, before
this session's first save replaces it (:meth:`PreviousState.load`, called by the save),
so the list stays the same through a meeting that saves as it goes. A workbook with no
snapshot yet (saved by an older version, or never by Stocktake's analysis) falls back to
the newest copy in its ``Stocktake backups`` folder as it was when the file was opened.

:func:`compare` lists items whose values changed (old → new), new and removed
initiatives, decisions now due for review and actions due or overdue;
:func:`changed_ids` is the meeting agenda's "changed since last time" walk.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stocktake.app.actions import due_actions, uk_date
from stocktake.app.plan import in_force
from stocktake.model import Decision, Initiative, Workbook
from stocktake.model.actions import Action, Standing

if TYPE_CHECKING:
    from stocktake.app.document import Document
    from stocktake.excel.writer import SheetContent

SNAPSHOT_SHEET = "Stocktake snapshot"
SNAPSHOT_TITLE = "Stocktake snapshot: written and read by Stocktake only; please do not edit"
VERSION = 1

Snapshot = dict[str, Any]


def snapshot(workbook: Workbook, taken: dt.datetime | None = None) -> Snapshot:
    """The compact state "what changed" compares against, as plain JSON values."""
    items = {iid: _entry(i) for iid, i in workbook.initiatives.items()}
    when = taken or dt.datetime.now().replace(microsecond=0)
    return {"version": VERSION, "taken": when.isoformat(), "initiatives": items}


def _entry(i: Initiative) -> dict[str, Any]:
    """One initiative's part of the snapshot."""
    return {
        "name": i.name,
        "mission": i.mission_id,
        "scores": {c: v for c, v in i.scores.items() if v is not None},
        "dca": i.dca.value if i.dca else "",
        "costs": dict(i.costs),
        "stage": i.stage.value if i.stage else "",
    }


def snapshot_sheet(
    workbook: Workbook, classification: str, previous: PreviousState | None = None
) -> SheetContent:
    """The hidden sheet for this save. An unchanged state keeps the time it was first
    taken, so saving again writes the very same bytes (and no new shared string)."""
    from stocktake.excel.review_store import state_sheet

    snap = snapshot(workbook)
    if previous is not None:
        snap = previous.written(snap)
    return state_sheet(snap, classification, name=SNAPSHOT_SHEET, title=SNAPSHOT_TITLE)


def _read_snapshot(path: Path) -> Snapshot | None:
    from stocktake.excel.review_store import read_sheets, state_from_rows
    from stocktake.excel.safety import WorkbookRefused

    try:
        rows = read_sheets(path, [SNAPSHOT_SHEET]).get(SNAPSHOT_SHEET, [])
    except (WorkbookRefused, OSError):
        return None
    data = state_from_rows(rows, SNAPSHOT_TITLE)
    if not data or not isinstance(data.get("initiatives"), dict):
        return None
    return data


class PreviousState:
    """The workbook's previous saved state, found once (thread-safe: a save loads it on
    its worker before replacing the file; a view asks for it on the GUI thread)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._loaded = False
        self._snapshot: Snapshot | None = None
        self._backup: Path | None = None
        self.source = ""
        self._last: Snapshot | None = None

    def written(self, snap: Snapshot) -> Snapshot:
        """``snap``, with the time of the last snapshot written (or read) if the state is
        the same; remembered as the last one written."""
        self.load()
        with self._lock:
            last = self._last or self._snapshot
            if last is not None and last.get("initiatives") == snap["initiatives"]:
                snap = {**snap, "taken": last.get("taken", snap["taken"])}
            self._last = snap
            return snap

    def load(self) -> None:
        """Read the snapshot (or note the newest backup) if not done yet: cheap, a small
        hidden sheet. The backup itself is read only if it is needed."""
        with self._lock:
            if self._loaded or self.path is None:
                self._loaded = True
                return
            self._loaded = True
            self._snapshot = _read_snapshot(self.path)
            if self._snapshot is not None:
                self.source = f"the state saved {_when(self._snapshot)}"
                return
            from stocktake.excel.writer import generations

            kept = generations(self.path)
            self._backup = kept[0] if kept else None

    def get(self) -> Snapshot | None:
        self.load()
        with self._lock:
            if self._snapshot is None and self._backup is not None:
                backup, self._backup = self._backup, None
                self._snapshot = _snapshot_of_file(backup)
                if self._snapshot is not None:
                    self.source = f"the backup {backup.name}"
            return self._snapshot


def _snapshot_of_file(path: Path) -> Snapshot | None:
    from stocktake.app import errors
    from stocktake.app.reading import read

    try:
        wb, _ = read(path, defer=("readings",))
    except errors.AppError:
        return None
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    return _read_snapshot(path) or snapshot(wb, stamp)


def _when(snap: Snapshot) -> str:
    try:
        taken = dt.datetime.fromisoformat(str(snap.get("taken")))
    except ValueError:
        return "earlier"
    return f"on {uk_date(taken.date())} at {taken:%H:%M}"


# --- comparing ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One initiative's values that changed, each in words ("DCA: Amber → Red")."""

    initiative_id: str
    name: str
    changes: tuple[str, ...]


@dataclass(slots=True)
class SinceLast:
    """Everything that changed since last time, for the view and the agenda."""

    source: str = ""
    """What "last time" is, in words ("the state saved on 3 Mar 2026 at 10:02"); empty
    when there is nothing to compare against."""
    changed: list[ItemChange] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    reviews_due: list[Decision] = field(default_factory=list)
    actions: list[tuple[Action, Standing]] = field(default_factory=list)


def _num(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _same(a: Any, b: Any) -> bool:
    x, y = _num(a), _num(b)
    if x is not None and y is not None:
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
    return (a in (None, "")) == (b in (None, "")) and (a in (None, "") or a == b)


def _fmt(v: Any, money: bool = False) -> str:
    if v in (None, ""):
        return "blank"
    x = _num(v)
    if x is None:
        return str(v)
    return f"£{x:,.6g}m" if money else f"{x:,.6g}"


def item_changes(old: Mapping[str, Any], workbook: Workbook, iid: str) -> list[str]:
    """The changes of one initiative in words, old → new."""
    i = workbook.initiatives[iid]
    out = []
    names = {c.id: c.name for c in workbook.criteria.values()}
    old_scores = old.get("scores") or {}
    for cid in sorted(set(old_scores) | {c for c, v in i.scores.items() if v is not None}):
        was, now = old_scores.get(cid), i.scores.get(cid)
        if not _same(was, now):
            label = f"{cid} {names[cid]}" if cid in names else cid
            out.append(f"score {label}: {_fmt(was)} → {_fmt(now)}")
    dca = i.dca.value if i.dca else ""
    if not _same(old.get("dca", ""), dca):
        out.append(f"DCA: {_fmt(old.get('dca'))} → {_fmt(dca)}")
    old_costs = old.get("costs") or {}
    for fy in sorted(set(old_costs) | set(i.costs)):
        if not _same(old_costs.get(fy), i.costs.get(fy)):
            then, today = _fmt(old_costs.get(fy), True), _fmt(i.costs.get(fy), True)
            out.append(f"cost {fy}: {then} → {today}")
    stage = i.stage.value if i.stage else ""
    if not _same(old.get("stage", ""), stage):
        out.append(f"stage: {_fmt(old.get('stage'))} → {_fmt(stage)}")
    return out


def compare_with(
    previous: Snapshot | None,
    workbook: Workbook,
    decisions: list[Decision],
    actions: list[Action],
    today: dt.date,
) -> SinceLast:
    """The comparison itself, pure (``previous`` None: only what is due is listed)."""
    out = SinceLast()
    if previous is not None:
        before: Mapping[str, Any] = previous.get("initiatives") or {}
        for iid, init in workbook.initiatives.items():
            if iid not in before:
                out.added.append((iid, init.name))
                continue
            # Equal as stored means nothing changed: the word-by-word comparison (a
            # second per 10k initiatives) is needed only for those that differ.
            if before[iid] == _entry(init):
                continue
            words = item_changes(before[iid], workbook, iid)
            if words:
                out.changed.append(ItemChange(iid, init.name, tuple(words)))
        for iid, old in before.items():
            if iid not in workbook.initiatives:
                out.removed.append((iid, str(old.get("name", ""))))
    out.reviews_due = sorted(
        (
            d
            for d in in_force(decisions).values()
            if d.review_date is not None and d.review_date <= today
        ),
        key=lambda d: (d.review_date or today, d.decision_id),
    )
    out.actions = due_actions(actions, today)
    return out


def compare(document: Document, today: dt.date | None = None) -> SinceLast:
    """What changed in ``document`` since its previous saved state."""
    previous = document.previous.get() if document.previous is not None else None
    out = compare_with(
        previous,
        document.workbook,
        document.all_decisions(),
        document.actions,
        today or dt.date.today(),
    )
    if previous is not None and document.previous is not None:
        out.source = document.previous.source
    return out


def changed_ids(document: Document) -> list[str]:
    """Initiatives whose scores, DCA, costs or stage changed, and new ones, in the
    workbook's order: the meeting's "changed since last time" agenda."""
    report = compare(document)
    ids = {c.initiative_id for c in report.changed} | {iid for iid, _ in report.added}
    return [iid for iid in document.workbook.initiatives if iid in ids]


def lines(report: SinceLast, workbook: Workbook, today: dt.date | None = None) -> list[str]:
    """The report in plain words, one line each (the view and the minutes use these)."""
    today = today or dt.date.today()
    out: list[str] = []
    if report.source:
        out.append(f"Compared with {report.source}.")
        if not (report.changed or report.added or report.removed):
            out.append("No initiative's scores, DCA, costs or stage have changed since then.")
    else:
        out.append(
            "There is no earlier saved state to compare with yet: Stocktake keeps one each "
            "time it saves the analysis, so the next stock-take will show what changed."
        )
    for c in report.changed:
        out.append(f"{c.initiative_id} {c.name}: " + "; ".join(c.changes) + ".")
    for iid, name in report.added:
        out.append(f"New since last time: {iid} {name}.")
    for iid, name in report.removed:
        out.append(f"No longer in the workbook: {iid} {name}.")
    for d in report.reviews_due:
        init = workbook.initiatives.get(d.initiative_id)
        named = f"{d.initiative_id} {init.name}" if init else d.initiative_id
        out.append(
            f"Due for review since {uk_date(d.review_date)}: {named} "
            f"({d.decision.value}, decision {d.decision_id})."
        )
    from stocktake.app.actions import standing_words

    for a, _ in report.actions:
        who = f" ({a.owner})" if a.owner else ""
        out.append(f"Action {a.action_id}{who}: {a.what}: {standing_words(a, today).lower()}.")
    return out


changed_initiatives = changed_ids
"""The same answer under the name the meeting's agenda looks for."""
