"""The command line's jobs, each one function over the same :class:`Document`.

Each reads only what it needs (``decide`` skips the readings, which can run to 200k
rows), makes its change through the same :mod:`~stocktake.app.changes` the window
uses, and saves through :meth:`Document.save_job`. Failures are
:class:`~stocktake.app.errors.AppError` subclasses; the CLI turns them into messages
and exit codes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from stocktake.app import errors
from stocktake.app.document import Document
from stocktake.app.sheets import SheetRoles
from stocktake.excel.schema import sheet_kind
from stocktake.model import Decision

if TYPE_CHECKING:
    from stocktake.excel.writer import SaveReport

DECIDE_NEEDS = ("missions", "initiatives", "decisions", "settings")
"""What ``decide`` reads: an initiative is only read with its mission (to check it)."""


def parse_date(text: str | None) -> dt.date | None:
    """A review date typed as ``2026-03-31`` or ``31/03/2026`` (UK order)."""
    if not text or not text.strip():
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise errors.InvalidInput(f"the date {text!r} is not YYYY-MM-DD or DD/MM/YYYY")


def decide(
    path: Path,
    initiative_id: str,
    decision: str,
    *,
    rationale: str = "",
    owner: str = "",
    review_date: dt.date | None = None,
    meeting: str = "",
    decided_by: str = "",
    balance: float | None = None,
    dissent: str = "",
) -> tuple[Decision, SaveReport, str]:
    """Append one decision to the workbook's own decision log, whatever its sheet is
    called; it supersedes the decision in force for that initiative. Returns the
    decision, the save's report and the initiative's name (to print beside its ID)."""
    doc = Document.open(path, only=DECIDE_NEEDS)
    if balance is not None:
        change = doc.set_balance(balance)
        if change is not None:  # the balance at the time, not a change to the settings
            change.apply(doc)
    record = doc.new_decision(
        initiative_id,
        decision,
        rationale=rationale,
        owner=owner,
        review_date=review_date,
        meeting=meeting,
        decided_by=decided_by,
        dissent=dissent,
    )
    doc.apply(record)
    report = doc.save(analysis=False)
    return record.decision, report, doc.workbook.initiatives[initiative_id].name


def init(path: Path, classification: str = "OFFICIAL") -> tuple[SaveReport, dict[str, str]]:
    """Add the template sheets the workbook lacks (none the reader already finds under
    another name); create the workbook when there is no file yet. Returns the report
    and, for each template left out, the sheet that already plays its part."""
    from stocktake.excel import writer

    created = not path.exists()
    try:
        if created:
            writer.new_workbook(path, classification)
        roles = SheetRoles.of(Document.open(path).workbook)
        templates, present = [], {}
        for t in writer.template_sheets(classification):
            role = sheet_kind(t.name) or t.name
            if roles.has(role):
                present[t.name] = roles.name(role)
            else:
                templates.append(t)
        report = writer.save(
            path,
            writer.SavePlan(templates=templates),
            classification=classification,
            backup=not created,
        )
        return report, present
    except errors.AppError:
        raise
    except Exception as exc:
        raise errors.wrap(exc, path, f"adding the template sheets to {path.name}") from exc


def save_analysis(
    path: Path, *, balance: float | None = None, budgets: Mapping[str, float] | None = None
) -> tuple[Document, SaveReport]:
    """Scores, Portfolio, Charts and settings, at the saved plan (options override it)."""
    doc = Document.open(path)
    if balance is not None:
        change = doc.set_balance(balance)
        if change is not None:
            doc.apply(change)
    if budgets:
        problem = dataclasses.replace(doc.problem, budgets={**doc.problem.budgets, **budgets})
        change_p = doc.set_problem(problem, "Set the envelopes")
        if change_p is not None:
            doc.apply(change_p)
    return doc, doc.save()
