"""One open workbook and everything a person has changed in it since it was read.

The :class:`Document` is the application's state with no Qt in it: the workbook as
read, its file stamp, the plan settings (balance, cut lines, envelopes, forced items,
caps, scenarios), decisions recorded but not yet saved, and the list of unsaved
:class:`~stocktake.app.changes.Change` objects (which is what the crash journal writes).
Changes go through :meth:`Document.apply` and :meth:`Document.revert`; listeners (the
window's session) hear a topic for each, so views update without the document
knowing they exist. A save is captured by :meth:`Document.save_job` on the caller's
thread and run anywhere (:meth:`SaveJob.run`, in :mod:`.saving`), then confirmed by
:meth:`Document.mark_saved`. Reading a file is :mod:`.reading`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stocktake.app import errors
from stocktake.app.action_log import ActionLog
from stocktake.app.changes import (
    Change,
    DeleteScenario,
    EditField,
    Group,
    PendingEdit,
    RecordDecision,
    SaveScenario,
    SetBalance,
    SetCuts,
    SetProblem,
    Undone,
)
from stocktake.app.funding import funding_of
from stocktake.app.minutes import Minutes
from stocktake.app.plan import decision_exclusions, effective_problem, in_force
from stocktake.app.reading import ALL_KINDS, ReadProgress, read
from stocktake.app.saving import SaveJob, SaveProgress
from stocktake.app.settings import PlanSettings, as_text, parse_settings, settings_update
from stocktake.app.sheets import SheetRoles
from stocktake.app.since_last import PreviousState
from stocktake.engine.matrix import CutLines
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scenarios import Scenario
from stocktake.model import Decision, DecisionKind, Workbook, next_decision_id
from stocktake.model.actions import Action
from stocktake.model.edits import FieldEdit, current_value

if TYPE_CHECKING:
    from stocktake.excel.writer import FileStamp, SaveReport

Listener = Callable[[str, Any], None]


def dissent_text(lines: Collection[str]) -> str:
    """Dissent as the log keeps it: one "Name: their words" a line, blank lines dropped.

    Raises :class:`errors.InvalidInput` naming a line without a name or without words, so
    the record always says who disagreed (the minutes print it as said)."""
    out = []
    for line in (x.strip() for x in lines):
        if not line:
            continue
        name, colon, words = line.partition(":")
        if not colon or not name.strip() or not words.strip():
            raise errors.InvalidInput(
                f"dissent {line!r} should be written as 'Name: their words' "
                "(one person a line), e.g. 'A. Khan: the evidence is too thin'"
            )
        out.append(f"{name.strip()}: {words.strip()}")
    return "\n".join(out)


@dataclass(slots=True)
class Document(ActionLog):
    """The open workbook, its plan settings, and the changes not yet saved."""

    workbook: Workbook
    path: Path | None = None
    stamp: FileStamp | None = None
    settings: PlanSettings = field(default_factory=PlanSettings)
    roles: SheetRoles = field(default_factory=SheetRoles)
    pending: list[Decision] = field(default_factory=list)
    unsaved: list[Change] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)
    _baseline: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    review: Any = None
    """The review copy this is, or the master's collected reviews (:mod:`.review`,
    :mod:`.review_record`): anything with ``sheets(workbook)``, replaced (never mutated)
    on change."""
    _review_saved: Any = None
    actions: list[Action] = field(default_factory=list)
    """The action log as it stands now (the workbook's as read, plus changes)."""
    _actions_saved: tuple[Action, ...] = ()
    previous: PreviousState | None = None
    minutes: list[Minutes] = field(default_factory=list)
    opened_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    """When this document was opened: the start of the meeting when none was timed."""
    """Meetings' minutes not yet saved (a save appends them to the Minutes sheet)."""
    """The workbook's previous saved state, for "what changed since last time"."""

    @classmethod
    def of(
        cls, workbook: Workbook, path: Path | None = None, stamp: FileStamp | None = None
    ) -> Document:
        """A document for a workbook just read: settings parsed (bad values become
        problems by cell on the workbook's problem list) and sheet roles decided."""
        settings, problems = parse_settings(workbook)
        workbook.problems.extend(p for p in problems if p not in workbook.problems)
        doc = cls(workbook, path, stamp, settings, SheetRoles.of(workbook))
        doc.actions = list(workbook.actions)
        doc._actions_saved = tuple(workbook.actions)
        doc.previous = PreviousState(path)
        return doc

    @classmethod
    def open(
        cls,
        path: str | Path,
        progress: ReadProgress | None = None,
        *,
        only: Collection[str] | None = None,
    ) -> Document:
        """Read ``path``; ``only`` names the sheets a use case needs (the rest are skipped:
        ``decide`` needs no readings)."""
        path = Path(path)
        defer = () if only is None else tuple(k for k in ALL_KINDS if k not in only)
        workbook, stamp = read(path, progress, defer=defer)
        return cls.of(workbook, path, stamp)

    # -- listening ---------------------------------------------------------------------
    def _emit(self, topic: str, detail: Any = None) -> None:
        for listener in list(self.listeners):
            listener(topic, detail)

    # -- state -----------------------------------------------------------------------------
    @property
    def balance(self) -> float:
        return self.settings.balance

    @property
    def cuts(self) -> CutLines:
        return self.settings.cuts

    @property
    def problem(self) -> PortfolioProblem:
        """The person's own constraints: envelopes, forced items, caps, and the
        workbook's funding pots."""
        problem = self.settings.problem()
        funding = funding_of(self.workbook)
        return problem if funding is None else dataclasses.replace(problem, funding=funding)

    @property
    def scenarios(self) -> dict[str, Scenario]:
        """Saved scenarios, each solved within the workbook's funding pots (a scenario
        stores envelopes and choices, not the pots, which belong to the workbook)."""
        funding = funding_of(self.workbook)
        if funding is None:
            return {s.name: s for s in self.settings.scenarios}
        return {
            s.name: dataclasses.replace(s, problem=dataclasses.replace(s.problem, funding=funding))
            for s in self.settings.scenarios
        }

    def all_decisions(self) -> list[Decision]:
        return [*self.workbook.decisions, *self.pending]

    def decisions_in_force(self) -> dict[str, Decision]:
        return in_force(self.all_decisions())

    def exclusions(self) -> dict[str, str]:
        """Initiatives kept out of the plan by a decision or their stage (see ``plan``)."""
        return decision_exclusions(self.workbook, self.all_decisions())

    def effective_problem(self) -> PortfolioProblem:
        """What the optimiser solves: the person's constraints plus decision exclusions."""
        return effective_problem(self.problem, self.exclusions())

    # -- making changes (validated, not applied) -------------------------------------------
    def edit(self, kind: str, ident: str, key: str, value: Any) -> EditField | None:
        """The change for a value typed into a table, or ``None`` when it changes nothing.
        Raises :class:`EditRejected` (a ValueError) with a message for a person."""
        change = FieldEdit.make(self.workbook, kind, ident, key, value)
        return None if change.old == change.new else EditField(change)

    def new_decision(
        self,
        initiative_id: str,
        decision: str | DecisionKind,
        *,
        rationale: str = "",
        owner: str = "",
        review_date: dt.date | None = None,
        meeting: str = "",
        decided_by: str = "",
        decided_at: dt.datetime | None = None,
        dissent: str = "",
    ) -> RecordDecision:
        """A decision for the log, with the next ID and what it supersedes. Raises
        :class:`errors.InvalidInput` for an unknown initiative or decision, a Stop or
        Pause without a rationale, or a dissent line that is not "Name: their words"."""
        kind = decision if isinstance(decision, DecisionKind) else DecisionKind.parse(decision)
        if kind is None:
            raise errors.InvalidInput(
                f"{decision!r} is not a decision; use one of {', '.join(DecisionKind.choices())}"
            )
        if initiative_id not in self.workbook.initiatives:
            name = self.path.name if self.path else "the workbook"
            raise errors.NotFound(f"there is no initiative {initiative_id!r} in {name}")
        if kind.needs_rationale and not rationale.strip():
            raise errors.InvalidInput(f"a {kind.value} decision needs a rationale (why)")
        dissent = dissent_text(dissent.splitlines())
        previous = self.decisions_in_force().get(initiative_id)
        return RecordDecision(
            Decision(
                decision_id=next_decision_id(self.all_decisions()),
                initiative_id=initiative_id,
                decision=kind,
                rationale=rationale.strip(),
                owner=owner.strip(),
                review_date=review_date,
                meeting=meeting.strip(),
                decided_at=decided_at or dt.datetime.now().replace(microsecond=0),
                decided_by=decided_by.strip(),
                balance=round(self.balance, 6),
                supersedes=previous.decision_id if previous else "",
                dissent=dissent,
            )
        )

    def set_balance(self, value: float, gesture: int = 0) -> SetBalance | None:
        value = min(1.0, max(0.0, float(value)))
        return None if value == self.balance else SetBalance(self.balance, value, gesture)

    def set_cuts(self, near_term: float, long_term: float) -> SetCuts | None:
        new = CutLines(near_term, long_term)
        return None if new == self.cuts else SetCuts(self.cuts, new)

    def set_problem(self, new: PortfolioProblem, text: str) -> SetProblem | None:
        return None if new == self.problem else SetProblem(self.problem, new, text)

    def save_scenario(self, scenario: Scenario) -> SaveScenario:
        return SaveScenario(scenario, self.scenarios.get(scenario.name))

    def delete_scenario(self, name: str) -> DeleteScenario | None:
        found = self.scenarios.get(name)
        return None if found is None else DeleteScenario(found)

    def apply_scenario(self, scenario: Scenario) -> Group | None:
        """Balance, cut lines, constraints and the criteria weights of ``scenario``."""
        parts: list[Change] = []
        for cid, weight in scenario.weights.items():
            crit = self.workbook.criteria.get(cid)
            if crit is not None and crit.weight != weight:
                parts.append(
                    EditField(FieldEdit.make(self.workbook, "criteria", cid, "weight", weight))
                )
        for c in (
            self.set_balance(scenario.balance),
            self.set_cuts(scenario.cuts.near_term, scenario.cuts.long_term),
            self.set_problem(scenario.problem, ""),
        ):
            if c is not None:
                parts.append(c)
        return Group(tuple(parts), f"Apply the scenario '{scenario.name}'") if parts else None

    def resolve(self, change: Change) -> Change:
        """A change read from a journal, checked against this workbook (edits re-typed)."""
        if isinstance(change, PendingEdit):
            new = FieldEdit.make(self.workbook, change.record, change.ident, change.key, change.new)
            old = (
                FieldEdit.make(
                    self.workbook, change.record, change.ident, change.key, change.old
                ).new
                if change.old is not None
                else None
            )
            return EditField(dataclasses.replace(new, old=old))
        if isinstance(change, Group):
            return Group(tuple(self.resolve(c) for c in change.changes), change.text)
        if isinstance(change, Undone):
            return Undone(self.resolve(change.change))
        wrapped = getattr(change, "resolved_with", None)  # a change that wraps another
        return wrapped(self.resolve) if wrapped is not None else change

    # -- applying changes ------------------------------------------------------------------
    def apply(self, change: Change) -> None:
        """Make ``change``; it joins the unsaved list (a dial drag stays one entry)."""
        change.apply(self)
        last = self.unsaved[-1] if self.unsaved else None
        if isinstance(change, SetBalance) and isinstance(last, SetBalance):
            merged = last.merged(change)
            if merged is not None:
                self.unsaved[-1] = merged
                return
        self.unsaved.append(change)

    def revert(self, change: Change) -> None:
        """Undo ``change``: forgotten if it was unsaved, else remembered as undone."""
        change.revert(self)
        if self.unsaved and self.unsaved[-1] == change:
            self.unsaved.pop()
        elif isinstance(change, Undone):
            self.unsaved.append(change.change)
        else:
            self.unsaved.append(Undone(change))

    # -- primitive setters (called by changes only) ------------------------------------------
    def _set_field(self, edit: FieldEdit, *, forward: bool) -> None:
        self._baseline.setdefault((edit.kind, edit.ident, edit.key), edit.old)
        (edit.apply if forward else edit.revert)(self.workbook)
        self._emit("field", (edit.kind, edit.ident, edit.key))

    def _add_decision(self, decision: Decision) -> None:
        self.pending.append(decision)
        self._emit("decisions")

    def _remove_decision(self, decision: Decision) -> None:
        self.pending.remove(decision)
        self._emit("decisions")

    def _set_balance(self, value: float) -> None:
        self.settings = dataclasses.replace(self.settings, balance=value)
        self._emit("balance", value)

    def _set_cuts(self, cuts: CutLines) -> None:
        self.settings = dataclasses.replace(self.settings, cuts=cuts)
        self._emit("cuts", cuts)

    def _set_problem(self, problem: PortfolioProblem) -> None:
        self.settings = self.settings.with_problem(problem)
        self._emit("problem", problem)

    def _put_scenario(self, scenario: Scenario) -> None:
        kept = [s for s in self.settings.scenarios if s.name != scenario.name]
        self.settings = dataclasses.replace(self.settings, scenarios=(*kept, scenario))
        self._emit("scenarios")

    def _set_review(self, review: Any) -> None:
        self.review = review
        self._emit("review", review)

    def _add_minutes(self, minutes: Minutes) -> None:
        self.minutes.append(minutes)
        self._emit("minutes")

    def _remove_minutes(self, minutes: Minutes) -> None:
        if minutes in self.minutes:  # minutes already saved stay in the sheet (append-only)
            self.minutes.remove(minutes)
        self._emit("minutes")

    def _drop_scenario(self, name: str) -> None:
        kept = tuple(s for s in self.settings.scenarios if s.name != name)
        self.settings = dataclasses.replace(self.settings, scenarios=kept)
        self._emit("scenarios")

    # -- saving ------------------------------------------------------------------------------
    def field_edits(self) -> list[FieldEdit]:
        """Each touched value that differs from the file's, compared with the value as last
        read or saved (not with the undo history), so undoing an edit after a save writes
        the old value back, as a person expects."""
        out = []
        for (kind, ident, key), saved in self._baseline.items():
            now = current_value(self.workbook, kind, ident, key)
            if now != saved:
                out.append(FieldEdit(kind, ident, key, saved, now))
        return out

    def save_job(
        self, target: Path | None = None, *, analysis: bool = True, settings: bool | None = None
    ) -> SaveJob:
        """What a save writes, captured now; :meth:`SaveJob.run` composes and writes it.

        ``analysis`` adds Scores, Portfolio, Charts and the settings (the window and
        ``save-analysis``); without it only decisions and edited cells are written, and
        the settings too when ``settings`` is true (a merge moves the balance but must
        not rewrite the analysis). Review sheets are written when the review changed.
        """
        write_settings = analysis if settings is None else settings
        if self.path is None:
            raise errors.InvalidInput("this workbook has no file to save to yet")
        from stocktake.excel.writer import CellEdit

        edits = []
        for e in self.field_edits():
            cell = e.cell(self.workbook)
            if cell is not None:
                edits.append(CellEdit(cell.sheet, cell.row, cell.col, e.cell_value))
        return SaveJob(
            path=self.path,
            target=target,
            stamp=self.stamp,
            workbook=self.workbook,
            settings=self.settings,
            problem=self.effective_problem(),
            roles=self.roles,
            edits=tuple(edits),
            decisions=tuple(self.pending),
            analysis=analysis,
            unsaved=tuple(self.unsaved),
            settings_update=(
                settings_update(self.workbook, self.settings) if write_settings else None
            ),
            write_settings=write_settings,
            owned=(
                tuple(self.review.sheets(self.workbook))
                if self.review is not None and self.review is not self._review_saved
                else ()
            ),
            review=self.review,
            actions=(tuple(self.actions) if tuple(self.actions) != self._actions_saved else None),
            previous=self.previous,
            minutes=tuple(self.minutes),
        )

    def save(
        self,
        target: Path | None = None,
        *,
        analysis: bool = True,
        settings: bool | None = None,
        progress: SaveProgress | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> SaveReport:
        """Save here and now (the command line's way; the window runs the job itself on
        a worker thread): compose, write, and mark what was written as saved."""
        job = self.save_job(target, analysis=analysis, settings=settings)
        report = job.run(progress, cancel)
        self.mark_saved(job, report)
        return report

    def mark_saved(self, job: SaveJob, report: SaveReport) -> None:
        """After a save into the document's own file: what the job wrote is now on disk.

        Changes made while the save ran (it runs in the background) stay unsaved.
        """
        if job.target is not None:
            return
        wb = self.workbook
        wb.decisions.extend(job.decisions)
        self.pending = [d for d in self.pending if d not in job.decisions]
        for key in list(self._baseline):
            self._baseline[key] = current_value(wb, *key)
        if job.owned:
            self._review_saved = job.review
        if job.minutes:
            self.minutes = [m for m in self.minutes if m not in job.minutes]
        if job.actions is not None:
            self._actions_saved = tuple(job.actions)
            wb.actions = list(job.actions)
        if job.write_settings:
            wb.settings = {k: as_text(v) for k, v in job.settings.rows().items()}
            if job.settings_update is not None:
                wb.setting_rows = dict(job.settings_update.rows)
        self.unsaved = list(self.unsaved[len(job.unsaved) :])
        self.stamp = report.stamp
        self.roles = SheetRoles(
            dict(self.roles.found, decisions=job.roles.decisions, settings=job.roles.settings)
        )
        self._emit("saved", report)
