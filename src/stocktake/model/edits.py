"""Edits a person makes in the app, as plain reversible commands (no Qt).

Each :class:`FieldEdit` changes one editable value of one record and knows how to undo
itself and which workbook cell it goes back to on save. The desktop app wraps these in
``QUndoCommand`` objects; keeping the logic here means the CLI, tests and the autosave
journal use the very same edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stocktake.model.project_type import ProjectType
from stocktake.model.vocab import DCA, Classification, Evidence, Stage
from stocktake.model.workbook import CellRef, Workbook

# Editable fields: (record kind, field key) -> the vocabulary that parses a new value.
ENUM_FIELDS: dict[str, type[DCA] | type[Stage] | type[Evidence] | type[Classification]] = {
    "dca": DCA,
    "stage": Stage,
    "evidence": Evidence,
    "classification": Classification,
}
NUMBER_FIELDS = ("weight",)
# Free-text fields with suggested words: a Project type may be a Green Book category
# (``ProjectType``) or the workbook's own type with its own uplift on the Settings sheet,
# so any text is kept; a known spelling is stored as the category's own word.
TEXT_FIELDS: dict[str, type[ProjectType]] = {"project_type": ProjectType}
TEXT_LIMIT = 255
"""Longest text a free-text field takes (the length Excel's list boxes and most reports
show in full; longer text is almost always a paste into the wrong cell)."""


class EditRejected(ValueError):
    """A value the field cannot take; the message is for a person."""


def _record(wb: Workbook, kind: str, ident: str) -> Any:
    tables: dict[str, dict[str, Any]] = {"initiatives": wb.initiatives, "criteria": wb.criteria}
    table = tables.get(kind)
    if table is None or ident not in table:
        raise EditRejected(f"there is no {kind[:-1]} '{ident}' in this workbook")
    return table[ident]


def current_value(wb: Workbook, kind: str, ident: str, key: str) -> Any:
    record = _record(wb, kind, ident)
    if key.startswith("score:"):
        return record.scores.get(key.split(":", 1)[1])
    return getattr(record, key)


def _validate(wb: Workbook, kind: str, ident: str, key: str, value: Any) -> Any:
    """The value as the record stores it, or :class:`EditRejected`."""
    if key.startswith("score:"):
        cid = key.split(":", 1)[1]
        crit = wb.criteria.get(cid)
        if crit is None:
            raise EditRejected(f"there is no criterion '{cid}'")
        if value is None:
            return None
        score = float(value)
        if not crit.scale_lo <= score <= crit.scale_hi:
            raise EditRejected(
                f"{cid} is scored {crit.scale_lo:g} to {crit.scale_hi:g}; "
                f"{score:g} is outside the scale"
            )
        return score
    if key in ENUM_FIELDS:
        if value is None:
            return None
        parsed = ENUM_FIELDS[key].parse(value)
        if parsed is None:
            raise EditRejected(f"'{value}' is not one of {', '.join(ENUM_FIELDS[key].choices())}")
        return parsed
    if key in TEXT_FIELDS:
        text = "" if value is None else " ".join(str(value).split())
        if not text:
            return None
        if len(text) > TEXT_LIMIT:
            raise EditRejected(f"a {key.replace('_', ' ')} is at most {TEXT_LIMIT} characters")
        known = TEXT_FIELDS[key].parse(text)
        return text if known is None else known.value
    if key in NUMBER_FIELDS:
        number = float(value)
        if number < 0:
            raise EditRejected("a swing weight cannot be negative")
        return number
    raise EditRejected(f"'{key}' cannot be edited in the app")


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """Set ``kind``/``ident``'s field ``key`` from ``old`` to ``new`` (and back)."""

    kind: str
    ident: str
    key: str
    old: Any
    new: Any

    @classmethod
    def make(cls, wb: Workbook, kind: str, ident: str, key: str, value: Any) -> FieldEdit:
        """Validate ``value`` and capture the current value for undo."""
        new = _validate(wb, kind, ident, key, value)
        return cls(kind, ident, key, current_value(wb, kind, ident, key), new)

    def _set(self, wb: Workbook, value: Any) -> None:
        record = _record(wb, self.kind, self.ident)
        if self.key.startswith("score:"):
            record.scores[self.key.split(":", 1)[1]] = value
        else:
            setattr(record, self.key, value)

    def apply(self, wb: Workbook) -> None:
        self._set(wb, self.new)

    def revert(self, wb: Workbook) -> None:
        self._set(wb, self.old)

    def cell(self, wb: Workbook) -> CellRef | None:
        """The cell this value came from (``None`` when its column is absent)."""
        layout = wb.layouts.get(self.kind)
        if layout is None:
            return None
        return layout.cell(_record(wb, self.kind, self.ident).row, self.key)

    @property
    def cell_value(self) -> Any:
        """What goes into the cell: the word for a vocabulary, the number for a score."""
        return self.new.value if hasattr(self.new, "value") else self.new

    def describe(self) -> str:
        """Undo-menu text: 'Set I-004 DCA to Amber/Red'."""
        label = (
            self.key.split(":", 1)[1] + " score"
            if self.key.startswith("score:")
            else ({"dca": "DCA"}.get(self.key, self.key.replace("_", " ")))
        )
        shown = (
            "blank"
            if self.new is None
            else (
                self.new.value
                if hasattr(self.new, "value")
                else (self.new if isinstance(self.new, str) else f"{self.new:g}")
            )
        )
        return f"Set {self.ident} {label} to {shown}"


def editable_keys(wb: Workbook, kind: str) -> set[str]:
    """Fields that can be edited because the workbook has a column to write them to."""
    layout = wb.layouts.get(kind)
    if layout is None:
        return set()
    if kind == "initiatives":
        return {
            k
            for k in layout.columns
            if k.startswith("score:") or k in ENUM_FIELDS or k in TEXT_FIELDS
        }
    if kind == "criteria":
        return {k for k in layout.columns if k in NUMBER_FIELDS}
    return set()
