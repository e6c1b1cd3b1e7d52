"""Crash recovery: unsaved edits journaled to the user's app-data folder.

Every few seconds while there are unsaved changes, the session's edits and pending
decisions are written (atomically) to ``<app data>/journal/<hash of path>.json``. The
workbook itself is only ever written by Save. After a crash or a kill, opening the same
workbook offers to restore the journal; a save, or discarding the changes, deletes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

from stocktake.model import Decision, DecisionKind
from stocktake.ui.session import Session

JOURNAL_VERSION = 1


def data_dir() -> Path:
    """Where Stocktake keeps its own files; ``STOCKTAKE_DATA_DIR`` overrides (tests)."""
    override = os.environ.get("STOCKTAKE_DATA_DIR")
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".stocktake")


def journal_path(workbook: Path) -> Path:
    key = hashlib.sha256(str(Path(workbook).resolve()).encode()).hexdigest()[:24]
    return data_dir() / "journal" / f"{key}.json"


def _jsonable(value: Any) -> Any:
    if hasattr(value, "value") and not isinstance(value, int | float):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _decision_to_json(d: Decision) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in d.as_row().items()}


def _decision_from_json(row: dict[str, Any]) -> Decision:
    review = row.get("Review date")
    at = row.get("Decided at")
    return Decision(
        decision_id=row["Decision ID"],
        initiative_id=row["Initiative ID"],
        decision=DecisionKind(row["Decision"]),
        rationale=row.get("Rationale") or "",
        owner=row.get("Owner") or "",
        review_date=dt.date.fromisoformat(review) if review else None,
        meeting=row.get("Meeting") or "",
        decided_at=dt.datetime.fromisoformat(at) if at else None,
        decided_by=row.get("Decided by") or "",
        balance=row.get("Balance at the time"),
        supersedes=row.get("Supersedes") or "",
    )


@dataclass(slots=True)
class JournalEntry:
    saved_at: str
    edits: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    balance: float | None = None
    portfolio: dict[str, dict[str, Any]] | None = None

    @property
    def change_count(self) -> int:
        return len(self.edits) + len(self.decisions) + (1 if self.portfolio else 0)


def _portfolio_state(session: Session) -> dict[str, dict[str, Any]] | None:
    """Envelopes and forced items, when the analysis panels have been used."""
    from stocktake.ui.matrix.analysis import Analysis

    found = session.findChild(Analysis, "stocktake-analysis")
    if not isinstance(found, Analysis):
        return None
    state = found.state
    return {
        "budgets": dict(state.budgets),
        "force_in": dict(state.force_in),
        "force_out": dict(state.force_out),
    }


def write(session: Session) -> Path | None:
    """Journal the session's unsaved changes (or remove the journal if there are none)."""
    if session.path is None or session.workbook is None:
        return None
    target = journal_path(session.path)
    edits = [
        {"kind": e.kind, "ident": e.ident, "key": e.key, "value": _jsonable(e.new)}
        for e in session.field_edits()
    ]
    decisions = [_decision_to_json(d) for d in session.pending_decisions()]
    portfolio = _portfolio_state(session)
    if not edits and not decisions and not (portfolio and session.is_dirty):
        discard(session.path)
        return None
    payload = {
        "version": JOURNAL_VERSION,
        "workbook": str(session.path.resolve()),
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "balance": session.balance,
        "edits": edits,
        "decisions": decisions,
        "portfolio": portfolio,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".journal-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)
        fh.flush()
        os.fsync(fh.fileno())
    Path(tmp).replace(target)
    return target


def read(workbook: Path) -> JournalEntry | None:
    path = journal_path(workbook)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if payload.get("version") != JOURNAL_VERSION:
        return None
    return JournalEntry(
        payload.get("saved_at", ""),
        list(payload.get("edits", [])),
        list(payload.get("decisions", [])),
        payload.get("balance"),
        payload.get("portfolio") or None,
    )


def restore(session: Session, entry: JournalEntry) -> list[str]:
    """Re-apply journaled changes as undoable edits; returns what could not be applied."""
    failed: list[str] = []
    for e in entry.edits:
        try:
            session.edit(e["kind"], e["ident"], e["key"], e["value"])
        except (ValueError, KeyError) as exc:
            failed.append(f"{e.get('ident')}: {exc}")
    for row in entry.decisions:
        try:
            session.record_decision(_decision_from_json(row))
        except (ValueError, KeyError) as exc:
            failed.append(f"decision {row.get('Decision ID')}: {exc}")
    if entry.balance is not None:
        session.set_balance(float(entry.balance))
    if entry.portfolio:
        from stocktake.ui.matrix.analysis import Analysis, ProblemState

        analysis = Analysis.of(session)
        state = ProblemState(
            {k: float(v) for k, v in entry.portfolio["budgets"].items()},
            dict(entry.portfolio["force_in"]),
            dict(entry.portfolio["force_out"]),
        )
        if state != analysis.state:
            analysis.apply_state(state, "Restore envelopes and forced items")
    return failed


def discard(workbook: Path) -> None:
    journal_path(workbook).unlink(missing_ok=True)
