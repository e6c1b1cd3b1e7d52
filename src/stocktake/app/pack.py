"""Export a board pack: the one job behind ``stocktake pack`` and File > Export board pack.

The document's own settings (balance, cut lines, envelopes, forced items and decision
exclusions) decide the analysis, so the pack shows what the window shows. The source
workbook is only read; the files go to ``out_dir``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stocktake.app import errors
from stocktake.app.document import Document
from stocktake.engine.matrix import CutLines
from stocktake.engine.problem import PortfolioProblem
from stocktake.model import Classification, Workbook
from stocktake.model.actions import Action

if TYPE_CHECKING:
    from stocktake.reports.pack import PackFiles

Progress = Callable[[float, str], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class PackJob:
    """A pack captured on one thread (the window's), computed and written on another.

    The initiatives and the decision log are copied when the job is made, so an edit
    made in the window while the pack is computed cannot reach it half-way; the pack
    shows the document as it was when Export was chosen, unsaved decisions included.
    """

    workbook: Workbook
    stem: str
    balance: float
    problem: PortfolioProblem
    cuts: CutLines
    out_dir: Path
    public: bool
    minutes_from: Path | None = None
    """The workbook whose Minutes sheet the pack prints (read on the worker)."""
    pending_minutes: tuple[Any, ...] = ()
    actions: tuple[Action, ...] = ()

    def run(self, progress: Progress | None = None, cancel: Cancel | None = None) -> PackFiles:
        """Compute and write the pack; every failure is an :class:`errors.AppError`.

        The pack modules are imported here, not at the top: WeasyPrint and the solver
        load only when a pack is made, not every time the app layer is."""
        from stocktake.app.pack_health import pack_health
        from stocktake.excel.writer.errors import Cancelled
        from stocktake.reports.pack import build_content, write_pack

        def step(fraction: float, message: str) -> None:
            if cancel is not None and cancel():
                raise errors.Cancelled("the board pack was cancelled; no pack files were written.")
            if progress is not None:
                progress(fraction, message)

        try:
            content = build_content(
                self.workbook,
                balance=self.balance,
                problem=self.problem,
                cuts=self.cuts,
                public=self.public,
                progress=step,
                health=pack_health,
            )
            if not self.public:  # minutes and actions name any item: not in a public pack
                content.minutes = latest_minutes(self.minutes_from, self.pending_minutes)
                content.actions = open_actions(self.actions, content.made)
            return write_pack(content, self.out_dir, self.stem, progress=progress, cancel=cancel)
        except Cancelled as exc:
            raise errors.Cancelled(str(exc)) from exc
        except errors.AppError:
            raise
        except ValueError as exc:
            raise errors.InvalidInput(str(exc)) from exc
        except Exception as exc:
            raise errors.from_exception(exc, self.out_dir) from exc


def pack_job(doc: Document, out_dir: Path, *, public: bool = False) -> PackJob:
    """Capture what the pack needs from the document (on the thread that owns it)."""
    wb = doc.workbook
    if doc.path is None:
        raise errors.InvalidInput("the workbook has not been saved yet: save it, then pack it")
    if not wb.initiatives or not wb.criteria:
        raise errors.InvalidInput(
            f"{doc.path.name} has no initiatives or no criteria to put in a board pack"
        )
    if public and wb.classification is Classification.OFFICIAL_SENSITIVE:
        raise errors.InvalidInput(
            f"{doc.path.name} is marked OFFICIAL-SENSITIVE as a whole (its settings' "
            "classification), so everything in it is sensitive and a public version would "
            "show nothing that may be published. Mark the workbook OFFICIAL and its sensitive "
            "initiatives OFFICIAL-SENSITIVE one by one, then make the public pack."
        )
    initiatives = {
        k: dataclasses.replace(i, costs=dict(i.costs), scores=dict(i.scores))
        for k, i in wb.initiatives.items()
    }
    snapshot = dataclasses.replace(wb, initiatives=initiatives, decisions=list(doc.all_decisions()))
    return PackJob(
        snapshot,
        doc.path.stem,
        doc.balance,
        doc.effective_problem(),
        doc.cuts,
        out_dir,
        public,
        minutes_from=doc.path,
        pending_minutes=tuple(doc.minutes),
        actions=tuple(doc.actions),
    )


def latest_minutes(path: Path | None, pending: Sequence[Any] = ()) -> list[str]:
    """The latest meeting's minutes, a line each, from the Minutes sheet (and minutes
    not saved yet): the pack's "Actions and minutes" section prints them."""
    from stocktake.app.minutes import existing_rows, sheet_minutes

    rows = existing_rows(path) if path is not None and path.exists() else []
    for m in pending:
        rows += m.rows()
    meetings = sheet_minutes(rows)
    if not meetings:
        return []
    title, lines = meetings[-1]
    out = [f"Meeting: {title}"]
    for _meeting, _held, section, item, detail in (r[:5] for r in lines):
        out.append(f"{section}: {item}: {detail}" if item else f"{section}: {detail}")
    return out


def open_actions(actions: Sequence[Action], today: dt.date) -> list[tuple[str, str, str]]:
    """Open actions (what, owner, due), overdue and due first, for the pack's table."""
    from stocktake.app.actions import due_actions, standing_words, uk_date

    chased = [a for a, _ in due_actions(actions, today)]
    rest = [a for a in actions if not a.done and a not in chased]
    return [
        (
            f"{a.action_id}: {a.what}",
            a.owner,
            f"{uk_date(a.due)} ({standing_words(a, today).lower()})" if a.due else "",
        )
        for a in [*chased, *rest]
    ]


def export_pack(
    doc: Document,
    out_dir: Path,
    *,
    public: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> PackFiles:
    """Capture and run a pack job at once (the command line's way)."""
    return pack_job(doc, out_dir, public=public).run(progress, cancel)


def chart_captions(doc: Document) -> tuple[str, dict[str, str]]:
    """The marking for the window's chart images (the highest classification of the
    workbook and of every initiative the charts can show) and each chart's alt text,
    written from the data as the pack's are (:mod:`stocktake.reports.alt_text`)."""
    from stocktake.engine.arrays import arrays_from_workbook
    from stocktake.engine.matrix import quadrants
    from stocktake.model import markings
    from stocktake.reports import alt_text

    wb = doc.workbook
    level = markings.highest(
        wb.classification, (i.classification for i in wb.initiatives.values())
    ).value
    n = len(wb.initiatives)
    alts = {
        "rank-vs-balance": f"Rank against balance: the rank of each of {n} initiatives as the "
        f"balance moves from 0 (all long-term) to 1 (all near-term); the current balance "
        f"is {doc.balance:.2f}.",
        "frontier": f"Efficient frontier: the best portfolio value of {n} initiatives at "
        "each level of the envelope, against buying down the value-for-money list.",
    }
    if wb.initiatives and wb.criteria:
        arrays = arrays_from_workbook(wb)
        quads = [q.value for q in quadrants(arrays, doc.cuts)]
        alts["matrix"] = alt_text.matrix_alt(quads, [float(c) for c in arrays.total_cost], doc.cuts)
    else:
        alts["matrix"] = "Ruthless-choice matrix: no initiatives to show."
    return level, alts
