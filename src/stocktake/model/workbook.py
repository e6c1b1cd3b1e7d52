"""The whole content of a stock-take workbook, as the reader found it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from stocktake.model.actions import Action
from stocktake.model.entities import (
    Contribution,
    Criterion,
    CSFScore,
    Decision,
    Initiative,
    Metric,
    Milestone,
    Mission,
    Reading,
    Stakeholder,
)
from stocktake.model.problems import Problem, Severity
from stocktake.model.programme import Evaluation, FundingPot
from stocktake.model.vocab import Classification, ReadingKind


def column_letter(index: int) -> str:
    """0-based column index to Excel letters (0 -> A, 27 -> AB)."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, not {index}")
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_a1(ref: str) -> tuple[int, int]:
    """``"C14"`` -> (row 14, column index 2): 1-based row, 0-based column."""
    m = _A1.match(ref.strip())
    if not m:
        raise ValueError(f"not an A1 cell reference: {ref!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + (ord(ch) - 64)
    return int(m.group(2)), col - 1


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell by sheet, 1-based row and 0-based column, printable as ``Sheet!C14``."""

    sheet: str
    row: int
    col: int

    @property
    def a1(self) -> str:
        return f"{column_letter(self.col)}{self.row}"

    def __str__(self) -> str:
        return Problem(self.sheet, self.a1, Severity.WARNING, "").place


@dataclass(slots=True)
class SheetLayout:
    """Where one kind of record was found: its sheet, header row and columns.

    ``columns`` maps a field key (``"dca"``, ``"cost:2025-26"``, ``"score:C1"``) to a
    0-based column index; ``unknown_columns`` keeps the headers Stocktake did not
    recognise so views can still show them.
    """

    kind: str
    sheet: str
    header_row: int
    columns: dict[str, int] = field(default_factory=dict)
    unknown_columns: dict[str, int] = field(default_factory=dict)
    table: str = ""

    def cell(self, row: int, key: str) -> CellRef | None:
        col = self.columns.get(key)
        return None if col is None else CellRef(self.sheet, row, col)


@dataclass(slots=True)
class Workbook:
    """Everything read from one workbook; built once by the reader, read by the rest."""

    path: Path | None = None
    missions: dict[str, Mission] = field(default_factory=dict)
    milestones: dict[str, Milestone] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    readings: list[Reading] = field(default_factory=list)
    criteria: dict[str, Criterion] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    csf_scores: list[CSFScore] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    funding_pots: list[FundingPot] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    financial_years: list[str] = field(default_factory=list)
    classification: Classification = Classification.OFFICIAL
    settings: dict[str, str] = field(default_factory=dict)
    setting_rows: dict[str, int] = field(default_factory=dict)
    """The Excel row each setting was read from, so a bad value is named by its cell."""
    layouts: dict[str, SheetLayout] = field(default_factory=dict)
    sheet_names: list[str] = field(default_factory=list)
    unrecognised_sheets: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    """Lines of sight: which initiatives are expected to move which metrics."""
    actions: list[Action] = field(default_factory=list)
    """The action log (see :mod:`stocktake.model.actions`), in the sheet's order."""
    _latest: dict[str, Reading] | None = field(default=None, repr=False, compare=False)

    def counts(self) -> dict[str, int]:
        """The entity counts ``stocktake check --json`` reports."""
        return {
            "missions": len(self.missions),
            "milestones": len(self.milestones),
            "metrics": len(self.metrics),
            "readings": len(self.readings),
            "criteria": len(self.criteria),
            "initiatives": len(self.initiatives),
            "decisions": len(self.decisions),
        }

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def latest_decisions(self) -> dict[str, Decision]:
        """The decision in force for each initiative: the last one not superseded."""
        superseded = {d.supersedes for d in self.decisions if d.supersedes}
        latest: dict[str, Decision] = {}
        for d in self.decisions:
            if d.decision_id not in superseded:
                latest[d.initiative_id] = d
        return latest

    def latest_actuals(self) -> dict[str, Reading]:
        """Each metric's most recent whole-UK actual reading (computed once: 200k
        readings take a while, so an app computes this off its GUI thread before showing
        the workbook). A reading for a place is part of that place's series, not this."""
        if self._latest is None:
            latest: dict[str, Reading] = {}
            actual = ReadingKind.ACTUAL
            for r in self.readings:
                if r.kind is actual and not r.place:
                    best = latest.get(r.metric_id)
                    if best is None or r.date > best.date:
                        latest[r.metric_id] = r
            self._latest = latest
        return self._latest

    def attach_readings(self, part: Workbook) -> None:
        """Take the readings read later into ``part`` (see the reader's ``defer``)."""
        self.readings = part.readings
        if "readings" in part.layouts:
            self.layouts["readings"] = part.layouts["readings"]
        self.problems.extend(part.problems)
        self._latest = part._latest
