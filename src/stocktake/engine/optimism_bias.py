"""Which optimism-bias uplift an initiative's costs carry, and why, in words.

Why its own module: the Green Book asks appraisers to raise cost estimates by an
uplift set by project type, starting from the upper bound its supplementary guidance
publishes and lowering it only on evidence that the risks are managed. A workbook can
state that at three levels, and a board must be able to see which one applied:

1. the initiative's own **Optimism bias** cell (when filled, it wins: the team has
   evidence for this initiative);
2. the settings sheet's row ``optimism_bias:<project type>`` (the department's figure
   for every initiative of that type);
3. the Green Book's upper bound for the initiative's **Project type**, when the type is
   one of the guidance's categories (table below); none for policy and programme work
   or a type of the workbook's own, for which the guidance publishes no figure.

Otherwise no uplift. Hand-written: a lookup of a few lines no library carries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from stocktake.model.project_type import ProjectType, type_key

GREEN_BOOK_UPPER_BOUNDS: Mapping[ProjectType, float] = {
    ProjectType.STANDARD_BUILDINGS: 0.24,
    ProjectType.NON_STANDARD_BUILDINGS: 0.51,
    ProjectType.STANDARD_CIVIL_ENGINEERING: 0.44,
    ProjectType.NON_STANDARD_CIVIL_ENGINEERING: 0.66,
    ProjectType.EQUIPMENT_DEVELOPMENT: 2.00,
    ProjectType.OUTSOURCING: 0.41,
}
"""Upper-bound optimism bias on capital expenditure (operating expenditure for
outsourcing), HM Treasury, *Supplementary Green Book Guidance: Optimism Bias*, table 1
(from Mott MacDonald 2002). The guidance calls them indicative starting values, to be
lowered as risks are managed; it gives none for policy or programme work."""

GUIDANCE = "the Green Book's upper bound (supplementary guidance on optimism bias, table 1)"


def uplift_of(typed: float | None) -> float | None:
    """An uplift as a fraction: 0.24 and 24 (a whole percentage above 3, since no Green
    Book uplift exceeds 300 %) both mean 24 %; blank, unreadable or negative: None."""
    if typed is None or not math.isfinite(typed) or typed < 0:
        return None
    return typed / 100.0 if typed > 3 else float(typed)


def pct(uplift: float) -> str:
    """``24%``, ``32.1%``, ``200%``: an uplift as people write it."""
    return f"{round(uplift * 100, 2):g}%"


class UpliftSource(StrEnum):
    """Where the uplift an initiative carries was set."""

    INITIATIVE = "initiative"
    SETTINGS = "settings"
    GREEN_BOOK = "green book"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class TypeUplift:
    """One row of the per-type table: the type as typed, its uplift and the cell
    (``'Stocktake settings'!B12``) it was read from."""

    project_type: str
    uplift: float
    cell: str = ""


@dataclass(frozen=True, slots=True)
class Uplift:
    """The uplift one initiative's costs carry, where it came from and what it replaced."""

    value: float
    source: UpliftSource
    project_type: str = ""
    """The initiative's project type: a Green Book category in the guidance's words, any
    other type as typed ("" when none)."""
    type_value: float | None = None
    """The uplift its type would have given (None: the type gives none)."""
    cell: str = ""
    """The settings cell of the type's row, when that is the source or was overridden."""

    @property
    def words(self) -> str:
        """Which uplift applied and why, e.g. "24% for standard buildings: the Green
        Book's upper bound (…), as the settings give no row for that type"."""
        kind = self.project_type or "no project type"
        if self.source is UpliftSource.INITIATIVE:
            if self.type_value is None:
                return f"{pct(self.value)}: the initiative's own Optimism bias cell"
            return (
                f"{pct(self.value)}: the initiative's own Optimism bias cell, which overrides "
                f"the {pct(self.type_value)} for {kind}"
            )
        if self.source is UpliftSource.SETTINGS:
            where = f" ({self.cell})" if self.cell else ""
            return f"{pct(self.value)} for {kind}: the settings' optimism_bias row{where}"
        if self.source is UpliftSource.GREEN_BOOK:
            return (
                f"{pct(self.value)} for {kind}: {GUIDANCE}, as the settings give no "
                "optimism_bias row for that type"
            )
        if self.project_type:
            return (
                f"none: the Green Book publishes no uplift for {kind} and the settings give "
                f"no row optimism_bias:{kind}"
            )
        return "none: no Optimism bias cell and no Project type"


def type_table(rows: Iterable[TypeUplift]) -> dict[str, TypeUplift]:
    """The per-type rows by :func:`type_key` (a later row for the same type wins)."""
    return {type_key(r.project_type): r for r in rows}


def type_uplift(project_type: str, table: Mapping[str, TypeUplift]) -> Uplift:
    """The uplift a type gives on its own: the settings' row, else the Green Book's
    upper bound, else none. A Green Book category is named in the guidance's words
    (``std buildings`` -> ``Standard buildings``); any other type as typed."""
    known = ProjectType.parse(project_type)
    label = known.value if known is not None else project_type
    row = table.get(type_key(project_type))
    if row is not None:
        return Uplift(row.uplift, UpliftSource.SETTINGS, label, row.uplift, row.cell)
    bound = GREEN_BOOK_UPPER_BOUNDS.get(known) if known is not None else None
    if bound is not None:
        return Uplift(bound, UpliftSource.GREEN_BOOK, label, bound)
    return Uplift(0.0, UpliftSource.NONE, label)


def resolve(
    typed: float | None,
    project_type: str | None,
    table: Mapping[str, TypeUplift],
    seen: dict[str, Uplift] | None = None,
) -> Uplift:
    """The uplift of one initiative: its own cell when filled (0 included), else its
    type's (see the module's rules). ``seen`` keeps each type's answer across calls, so
    ten thousand initiatives of five types look their types up five times."""
    kind = (project_type or "").strip()
    seen = {} if seen is None else seen
    by_type = seen.get(kind)
    if by_type is None:
        by_type = type_uplift(kind, table) if kind else Uplift(0.0, UpliftSource.NONE)
        seen[kind] = by_type
    own = uplift_of(typed)
    if own is None:
        return by_type
    type_value = by_type.value if by_type.source is not UpliftSource.NONE else None
    return Uplift(own, UpliftSource.INITIATIVE, by_type.project_type, type_value, by_type.cell)
