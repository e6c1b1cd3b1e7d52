"""Which sheet plays which role, decided once for reading *and* writing.

The reader recognises sheets by forgiving synonyms ("Decision log", "Interventions",
"Stocktake Settings"); the writer must append decisions to the very log the reader
reads, and ``init`` must add a template only where the reader found nothing. Both ask
:class:`SheetRoles`, so the two can never name a sheet differently again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stocktake.excel.schema import SPECS, sheet_kind
from stocktake.model import Workbook

DEFAULT_NAMES: dict[str, str] = {spec.kind: spec.label for spec in SPECS}
"""The name Stocktake gives a sheet it creates for a role, e.g. ``decisions`` -> "Decisions"."""

OUTPUT_NAMES: dict[str, str] = {"scores": "Scores", "portfolio": "Portfolio", "charts": "Charts"}
"""Sheets Stocktake writes from its analysis (recognised by exact name)."""


@dataclass(frozen=True, slots=True)
class SheetRoles:
    """The sheet name for each role in one workbook (found, or the name to create)."""

    found: dict[str, str] = field(default_factory=dict)
    """Roles the workbook already has: role -> the sheet's name as the workbook spells it."""

    @classmethod
    def of(cls, workbook: Workbook) -> SheetRoles:
        """Roles as the reader found them: the sheet it read each kind from, and any other
        sheet whose name the reader recognises for a kind (even if it could not use it,
        e.g. no header row: a template beside it would only confuse)."""
        found: dict[str, str] = {kind: layout.sheet for kind, layout in workbook.layouts.items()}
        lower = {name.casefold(): name for name in workbook.sheet_names}
        for name in workbook.sheet_names:
            kind = sheet_kind(name)
            if kind is not None:
                found.setdefault(kind, name)
        for role, name in OUTPUT_NAMES.items():
            if name.casefold() in lower:
                found[role] = lower[name.casefold()]
        return cls(found)

    def name(self, role: str) -> str:
        """The sheet to read or write for ``role``: the existing one, else the default."""
        return self.found.get(role) or DEFAULT_NAMES.get(role) or OUTPUT_NAMES[role]

    def has(self, role: str) -> bool:
        return role in self.found

    def missing(self, roles: list[str]) -> list[str]:
        """The roles among ``roles`` that the workbook has no sheet for yet."""
        return [r for r in roles if r not in self.found]

    @property
    def decisions(self) -> str:
        return self.name("decisions")

    @property
    def settings(self) -> str:
        return self.name("settings")
