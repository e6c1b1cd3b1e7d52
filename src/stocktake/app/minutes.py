"""Minutes of a stock-take: a one-page record saved into the workbook and exportable.

At the end of a meeting the board wants what it decided (with the rationale and anyone's
dissent), the actions it agreed, and how long each item took. :func:`compose` gathers
them from the document; :class:`AddMinutes` is the undoable change that queues them;
a save *appends* them to the owned "Minutes" sheet (the rows already there are read back
and kept, so earlier meetings' minutes are never overwritten); :meth:`Minutes.markdown`
is the export (File > Export minutes…), and the board pack prints the sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from stocktake.app.actions import action_from_json, action_to_json, uk_date
from stocktake.app.changes import Change, decision_from_json, decision_to_json
from stocktake.model import Decision
from stocktake.model.actions import Action

if TYPE_CHECKING:
    from stocktake.app.document import Document
    from stocktake.excel.writer import SheetContent

MINUTES_SHEET = "Minutes"
MINUTES_COLUMNS: tuple[str, ...] = ("Meeting", "Held", "Section", "Item", "Detail")


def duration(seconds: float) -> str:
    """``4 min 30 s``, ``1 h 5 min``, ``45 s``: a time a person reads at a glance."""
    s = round(seconds)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    if h:
        return f"{h} h {m} min"
    if m:
        return f"{m} min {sec} s" if sec else f"{m} min"
    return f"{sec} s"


@dataclass(frozen=True, slots=True)
class Minutes:
    """One meeting's minutes, as plain data (names resolved when composed)."""

    meeting: str
    held: dt.date
    decisions: tuple[Decision, ...] = ()
    actions: tuple[Action, ...] = ()
    times: tuple[tuple[str, float], ...] = ()
    """Seconds spent on each agenda item, in the order walked (empty: no meeting timer)."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Initiative ID -> name, so the minutes read without the workbook."""

    def named(self, iid: str) -> str:
        name = self.names.get(iid, "")
        return f"{iid} {name}".strip() if iid else ""

    def summary(self) -> str:
        n, a = len(self.decisions), len(self.actions)
        parts = [
            f"{n} decision{'s' if n != 1 else ''}",
            f"{a} action{'s' if a != 1 else ''}",
        ]
        if self.times:
            parts.append(f"{duration(sum(t for _, t in self.times))} on {len(self.times)} items")
        return f"Stock-take held {uk_date(self.held)}: " + ", ".join(parts) + "."

    def decision_words(self, d: Decision) -> str:
        text = f"{d.decision.value} ({d.decision_id})"
        if d.rationale:
            text += f": {d.rationale}"
        if d.dissent:
            text += " Dissent: " + "; ".join(d.dissent.splitlines())
        return text

    def action_words(self, a: Action) -> str:
        bits = [a.what]
        if a.owner:
            bits.append(f"owner {a.owner}")
        if a.due:
            bits.append(f"due {uk_date(a.due)}")
        if a.link():
            bits.append(f"for {a.link()}")
        return "; ".join(bits)

    def rows(self) -> list[list[object]]:
        """The rows this meeting adds to the Minutes sheet."""
        head: list[object] = [self.meeting, self.held]
        out: list[list[object]] = [[*head, "Summary", "", self.summary()]]
        out += [
            [*head, "Decision", self.named(d.initiative_id), self.decision_words(d)]
            for d in self.decisions
        ]
        out += [[*head, "Action", a.action_id, self.action_words(a)] for a in self.actions]
        out += [[*head, "Time", self.named(iid), duration(t)] for iid, t in self.times]
        return out

    def markdown(self) -> str:
        """The minutes as Markdown: one page, plain words, readable as text too."""
        out = [f"# Minutes: {self.meeting or 'stock-take'}", "", self.summary(), ""]
        out += ["## Decisions", ""]
        if not self.decisions:
            out.append("No decisions were recorded.")
        for d in self.decisions:
            out.append(f"- **{self.named(d.initiative_id)}**: {d.decision.value} ({d.decision_id})")
            if d.rationale:
                out.append(f"  - Rationale: {d.rationale}")
            for line in d.dissent.splitlines():
                out.append(f"  - Dissent: {line}")
        out += ["", "## Actions", ""]
        if not self.actions:
            out.append("No actions were agreed.")
        out += [f"- {a.action_id}: {self.action_words(a)}" for a in self.actions]
        if self.times:
            out += ["", "## Time per item", "", "| Item | Time |", "|---|---|"]
            out += [f"| {self.named(iid)} | {duration(t)} |" for iid, t in self.times]
            total = duration(sum(t for _, t in self.times))
            out.append(f"| **Total** | **{total}** |")
        return "\n".join(out) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting": self.meeting,
            "held": self.held.isoformat(),
            "decisions": [decision_to_json(d) for d in self.decisions],
            "actions": [action_to_json(a) for a in self.actions],
            "times": [[iid, t] for iid, t in self.times],
            "names": dict(self.names),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Minutes:
        return cls(
            meeting=str(data.get("meeting") or ""),
            held=dt.date.fromisoformat(str(data["held"])),
            decisions=tuple(decision_from_json(d) for d in data.get("decisions") or ()),
            actions=tuple(action_from_json(a) for a in data.get("actions") or ()),
            times=tuple((str(i), float(t)) for i, t in data.get("times") or ()),
            names={str(k): str(v) for k, v in (data.get("names") or {}).items()},
        )


def compose(
    document: Document,
    *,
    since: dt.datetime,
    times: Mapping[str, float] | None = None,
    meeting: str = "",
    held: dt.date | None = None,
) -> Minutes:
    """The minutes of the meeting that began at ``since``: the decisions recorded since
    then, the actions raised since that day, and the
    meeting's time per item (``times``: initiative ID -> seconds, as the timer kept it)."""
    decisions = tuple(
        d for d in document.all_decisions() if d.decided_at is not None and d.decided_at >= since
    )
    # raised that day or later: a meeting that saves as it goes keeps its actions
    actions = tuple(
        a for a in document.actions if a.raised is not None and a.raised >= since.date()
    )
    times = dict(times or {})
    ids = {d.initiative_id for d in decisions} | set(times) | {a.initiative_id for a in actions}
    wb = document.workbook
    names = {i: wb.initiatives[i].name for i in ids if i in wb.initiatives}
    if not meeting:
        meeting = next((d.meeting for d in decisions if d.meeting), "")
    return Minutes(
        meeting=meeting or f"Stock-take {uk_date(held or since.date())}",
        held=held or since.date(),
        decisions=decisions,
        actions=actions,
        times=tuple(times.items()),
        names=names,
    )


@dataclass(frozen=True, slots=True)
class AddMinutes(Change):
    """A meeting's minutes, to be appended to the Minutes sheet at the next save."""

    kind: ClassVar[str] = "minutes"
    minutes: Minutes

    def apply(self, doc: Document) -> None:
        doc._add_minutes(self.minutes)

    def revert(self, doc: Document) -> None:
        doc._remove_minutes(self.minutes)

    def describe(self) -> str:
        return f"Keep the minutes of {self.minutes.meeting}"

    def data(self) -> dict[str, Any]:
        return {"minutes": self.minutes.to_json()}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(Minutes.from_json(data["minutes"]))


def existing_rows(path: Path) -> list[list[object]]:
    """The rows already on the workbook's Minutes sheet, under its header (kept as they
    are: a save appends, never rewrites what earlier meetings recorded)."""
    from stocktake.excel.review_store import read_sheets

    rows = read_sheets(path, [MINUTES_SHEET]).get(MINUTES_SHEET, [])
    if not rows or [str(c or "") for c in rows[0][: len(MINUTES_COLUMNS)]] != list(MINUTES_COLUMNS):
        return []
    kept = [list(r[: len(MINUTES_COLUMNS)]) for r in rows[1:]]
    while kept and all(c in (None, "") for c in kept[-1]):
        kept.pop()
    return kept


def minutes_sheet(
    earlier: Sequence[Sequence[object]], new: Sequence[Minutes], classification: str
) -> SheetContent:
    """The Minutes sheet: the rows it had, then each new meeting's rows."""
    from stocktake.excel.writer import SheetContent

    rows = [list(r) for r in earlier]
    for m in new:
        rows += m.rows()
    return SheetContent(
        MINUTES_SHEET,
        MINUTES_COLUMNS,
        rows,
        widths=[30, 12, 10, 30, 90],
        classification=classification,
        repeat_columns=0,
        landscape=True,
    )


def sheet_minutes(rows: Sequence[Sequence[object]]) -> list[tuple[str, list[list[object]]]]:
    """The Minutes sheet's rows grouped by meeting (for the board pack), in order."""
    out: list[tuple[str, list[list[object]]]] = []
    for r in rows:
        key = f"{r[0] or ''} ({uk_date(r[1]) if isinstance(r[1], dt.date) else r[1] or ''})"
        if not out or out[-1][0] != key:
            out.append((key, []))
        out[-1][1].append(list(r))
    return out
