"""A save captured on one thread and composed and written on another.

Split from :mod:`stocktake.app.document`: :meth:`Document.save_job` takes a frozen
copy of everything a save writes (so the person can keep editing), and
:class:`SaveJob` — which may solve the analysis for seconds — runs on a worker with no
reference back to the live document; :meth:`Document.mark_saved` confirms it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stocktake.app import errors
from stocktake.app.changes import Change
from stocktake.app.settings import PlanSettings, SettingsUpdate
from stocktake.app.sheets import SheetRoles
from stocktake.engine.problem import PortfolioProblem
from stocktake.model import Decision, Workbook
from stocktake.model.actions import Action
from stocktake.model.edits import EditRejected

if TYPE_CHECKING:
    from stocktake.excel.writer import FileStamp, SavePlan, SaveReport

SaveProgress = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class SaveJob:
    """A save captured on one thread, composed and written on another."""

    path: Path
    target: Path | None
    stamp: FileStamp | None
    workbook: Workbook
    settings: PlanSettings
    problem: PortfolioProblem
    roles: SheetRoles
    edits: Sequence[Any]
    decisions: Sequence[Decision]
    analysis: bool
    unsaved: Sequence[Change]
    settings_update: SettingsUpdate | None = None
    write_settings: bool = False
    owned: Sequence[Any] = ()
    """Further owned sheets (the Review sheet and Stocktake's review state)."""
    review: Any = None
    actions: Sequence[Action] | None = None
    """The action log to write on the owned Actions sheet (None: unchanged, not written)."""
    previous: Any = None
    """The document's :class:`~stocktake.app.since_last.PreviousState`: loaded before the
    file is replaced, so "what changed since last time" keeps comparing with it."""
    minutes: Sequence[Any] = ()
    """Meetings' minutes to append to the Minutes sheet (:mod:`.minutes`)."""

    def plan(self) -> SavePlan:
        """The writer's plan: analysis sheets (solved here, which can take seconds),
        settings, decisions for the log the reader reads, and edited cells."""
        from stocktake.excel.writer import CellEdit, SavePlan, settings_sheet
        from stocktake.reports import analysis_plan

        wb = self.workbook
        cls = wb.classification.value
        plan = SavePlan()
        edits = list(self.edits)
        settings = None
        if self.write_settings:
            # the workbook's own settings sheet is updated in place; else Stocktake's is written
            if self.settings_update is None:
                settings = settings_sheet(self.settings.rows(), cls, name=self.roles.settings)
            else:
                edits += [CellEdit(*cell) for cell in self.settings_update.cells]
        if self.analysis or settings is not None:
            if self.analysis and wb.criteria and wb.initiatives:
                plan = analysis_plan(
                    wb,
                    balance=self.settings.balance,
                    problem=self.problem,
                    cuts=self.settings.cuts,
                    settings=settings,
                    discounting=self.settings.discounting,
                )
            else:
                plan = SavePlan(owned=[settings] if settings is not None else [])
        plan.owned = [*plan.owned, *self.owned]
        if self.actions is not None:
            from stocktake.app.actions import actions_sheet, kept_layout

            name = self.roles.name("actions")
            layout = wb.layouts.get("actions")
            kept = (
                kept_layout(self.path, layout.sheet, layout.header_row, layout.columns)
                if layout is not None and layout.sheet == name and self.path.exists()
                else None
            )
            sheet = actions_sheet(self.actions, cls, name, kept)
            plan.owned = [*plan.owned, sheet]
        if self.minutes:
            from stocktake.app.minutes import existing_rows, minutes_sheet

            earlier = existing_rows(self.path) if self.path.exists() else []
            plan.owned = [*plan.owned, minutes_sheet(earlier, self.minutes, cls)]
        if self.analysis:
            from stocktake.app.since_last import snapshot_sheet

            previous = self.previous if self.target is None else None
            plan.hidden = [*plan.hidden, snapshot_sheet(wb, cls, previous)]
        plan.edits = edits
        plan.decisions = list(self.decisions)
        plan.decisions_sheet = self.roles.decisions
        return plan

    def run(
        self, progress: SaveProgress | None = None, cancel: Callable[[], bool] | None = None
    ) -> SaveReport:
        """Compose and write; every failure is an :class:`errors.AppError`."""
        from stocktake.excel.writer import save

        try:
            if progress is not None:
                progress(0.0, "working out the analysis")
            if self.previous is not None and self.target is None:
                self.previous.load()
            plan = self.plan()
            return save(
                self.path,
                plan,
                expected=self.stamp,
                classification=self.workbook.classification.value,
                target=self.target,
                progress=progress,
                cancel=cancel,
            )
        except EditRejected as exc:
            raise errors.InvalidInput(str(exc)) from exc
        except ValueError as exc:
            raise errors.InvalidInput(str(exc)) from exc
        except errors.AppError:
            raise
        except Exception as exc:
            out = self.target or self.path
            raise errors.wrap(exc, out, f"saving {out.name}") from exc
