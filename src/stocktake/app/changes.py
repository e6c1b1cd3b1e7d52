"""Every change a person makes, as one plain command object (no Qt).

A change applies itself to a :class:`~stocktake.app.document.Document`, reverts itself,
says in words what it does (the Undo menu's text) and round-trips through JSON. The
window's undo stack wraps these objects; the crash journal *is* the list of unsaved
changes, serialised; ``stocktake decide`` builds the very same :class:`RecordDecision`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from stocktake.engine.matrix import CutLines
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scenarios import Scenario
from stocktake.model import Decision, DecisionKind
from stocktake.model.edits import FieldEdit

if TYPE_CHECKING:
    from stocktake.app.document import Document


class Change:
    """Base of every change: apply, revert, describe, serialise."""

    kind: ClassVar[str] = ""
    _registry: ClassVar[dict[str, type[Change]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            Change._registry[cls.kind] = cls

    def apply(self, doc: Document) -> None:
        raise NotImplementedError

    def revert(self, doc: Document) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def data(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        return {"change": self.kind, **self.data()}

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> Change:
        """The change a journal entry describes; KeyError/ValueError when it is not one."""
        cls = Change._registry[str(data["change"])]
        return cls.from_data(data)


# --- values in JSON ---------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if hasattr(value, "value") and not isinstance(value, int | float):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def decision_to_json(d: Decision) -> dict[str, Any]:
    return {k: _plain(v) for k, v in d.as_row().items()}


def decision_from_json(row: Mapping[str, Any]) -> Decision:
    review = row.get("Review date")
    at = row.get("Decided at")
    balance = row.get("Balance at the time")
    return Decision(
        decision_id=str(row["Decision ID"]),
        initiative_id=str(row["Initiative ID"]),
        decision=DecisionKind(row["Decision"]),
        rationale=str(row.get("Rationale") or ""),
        owner=str(row.get("Owner") or ""),
        review_date=dt.date.fromisoformat(review) if review else None,
        meeting=str(row.get("Meeting") or ""),
        decided_at=dt.datetime.fromisoformat(at) if at else None,
        decided_by=str(row.get("Decided by") or ""),
        balance=None if balance is None else float(balance),
        supersedes=str(row.get("Supersedes") or ""),
        dissent=str(row.get("Dissent") or ""),
    )


def problem_to_json(p: PortfolioProblem) -> dict[str, Any]:
    return {
        "budgets": dict(p.budgets),
        "force_in": dict(p.force_in),
        "force_out": dict(p.force_out),
        "fte_cap": p.fte_cap,
        "max_per_mission": p.max_per_mission,
        "mission_caps": dict(p.mission_caps),
        "min_long_term_share": p.min_long_term_share,
    }


def problem_from_json(d: Mapping[str, Any]) -> PortfolioProblem:
    def opt(key: str, kind: type) -> Any:
        return None if d.get(key) is None else kind(d[key])

    return PortfolioProblem(
        budgets={str(k): float(v) for k, v in (d.get("budgets") or {}).items()},
        force_in={str(k): str(v) for k, v in (d.get("force_in") or {}).items()},
        force_out={str(k): str(v) for k, v in (d.get("force_out") or {}).items()},
        fte_cap=opt("fte_cap", float),
        max_per_mission=opt("max_per_mission", int),
        mission_caps={str(k): int(v) for k, v in (d.get("mission_caps") or {}).items()},
        min_long_term_share=opt("min_long_term_share", float),
    )


def _scenario_to_json(s: Scenario) -> dict[str, Any]:
    return {"name": s.name, "json": s.to_json()}


def _scenario_from_json(d: Mapping[str, Any]) -> Scenario:
    return Scenario.from_json(str(d["name"]), str(d["json"]))


# --- the changes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EditField(Change):
    """A value typed into a table (a score, DCA, stage, a criterion's weight)."""

    kind: ClassVar[str] = "edit"
    edit: FieldEdit

    def apply(self, doc: Document) -> None:
        doc._set_field(self.edit, forward=True)

    def revert(self, doc: Document) -> None:
        doc._set_field(self.edit, forward=False)

    def describe(self) -> str:
        return self.edit.describe()

    def data(self) -> dict[str, Any]:
        e = self.edit
        return {
            "kind": e.kind,
            "ident": e.ident,
            "key": e.key,
            "old": _plain(e.old),
            "new": _plain(e.new),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return PendingEdit(
            str(data["kind"]),
            str(data["ident"]),
            str(data["key"]),
            data.get("old"),
            data.get("new"),
        )


@dataclass(frozen=True, slots=True)
class PendingEdit(Change):
    """An edit read from a journal, not yet checked against the workbook: values come
    back from JSON as plain words and numbers, so :meth:`Document.resolve` validates them
    (as if typed again) and makes the :class:`EditField`."""

    record: str
    ident: str
    key: str
    old: Any
    new: Any

    def describe(self) -> str:
        return f"Set {self.ident} {self.key}"


@dataclass(frozen=True, slots=True)
class RecordDecision(Change):
    """A decision recorded in the meeting (appended to the log when saved)."""

    kind: ClassVar[str] = "decision"
    decision: Decision

    def apply(self, doc: Document) -> None:
        doc._add_decision(self.decision)

    def revert(self, doc: Document) -> None:
        doc._remove_decision(self.decision)

    def describe(self) -> str:
        return f"Record {self.decision.decision.value} for {self.decision.initiative_id}"

    def data(self) -> dict[str, Any]:
        return {"decision": decision_to_json(self.decision)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(decision_from_json(data["decision"]))


@dataclass(frozen=True, slots=True)
class SetBalance(Change):
    """The balance dial moved. Movements of one gesture (a drag) merge into one change."""

    kind: ClassVar[str] = "balance"
    old: float
    new: float
    gesture: int = 0

    def apply(self, doc: Document) -> None:
        doc._set_balance(self.new)

    def revert(self, doc: Document) -> None:
        doc._set_balance(self.old)

    def describe(self) -> str:
        return f"Move the balance to {self.new:.2f}"

    def merged(self, later: SetBalance) -> SetBalance | None:
        """One change for this and ``later`` when they belong to the same gesture."""
        if later.gesture and later.gesture == self.gesture:
            return SetBalance(self.old, later.new, self.gesture)
        return None

    def data(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(float(data["old"]), float(data["new"]))


@dataclass(frozen=True, slots=True)
class SetCuts(Change):
    """The matrix's cut lines moved."""

    kind: ClassVar[str] = "cuts"
    old: CutLines
    new: CutLines

    def apply(self, doc: Document) -> None:
        doc._set_cuts(self.new)

    def revert(self, doc: Document) -> None:
        doc._set_cuts(self.old)

    def describe(self) -> str:
        return f"Move the cut lines to {self.new.near_term:g} / {self.new.long_term:g}"

    def data(self) -> dict[str, Any]:
        return {
            "old": [self.old.near_term, self.old.long_term],
            "new": [self.new.near_term, self.new.long_term],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        o, n = data["old"], data["new"]
        return cls(CutLines(float(o[0]), float(o[1])), CutLines(float(n[0]), float(n[1])))


@dataclass(frozen=True, slots=True)
class SetProblem(Change):
    """Envelopes, forced items or caps changed (one change, with its words)."""

    kind: ClassVar[str] = "problem"
    old: PortfolioProblem
    new: PortfolioProblem
    text: str = "Change the portfolio's constraints"

    def apply(self, doc: Document) -> None:
        doc._set_problem(self.new)

    def revert(self, doc: Document) -> None:
        doc._set_problem(self.old)

    def describe(self) -> str:
        return self.text

    def data(self) -> dict[str, Any]:
        return {
            "old": problem_to_json(self.old),
            "new": problem_to_json(self.new),
            "text": self.text,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(
            problem_from_json(data["old"]),
            problem_from_json(data["new"]),
            str(data.get("text") or cls.text),
        )


@dataclass(frozen=True, slots=True)
class SaveScenario(Change):
    """A named scenario saved (replacing one of the same name, which undo brings back)."""

    kind: ClassVar[str] = "save-scenario"
    scenario: Scenario
    replaced: Scenario | None = None

    def apply(self, doc: Document) -> None:
        doc._put_scenario(self.scenario)

    def revert(self, doc: Document) -> None:
        if self.replaced is None:
            doc._drop_scenario(self.scenario.name)
        else:
            doc._put_scenario(self.replaced)

    def describe(self) -> str:
        return f"Save the scenario '{self.scenario.name}'"

    def data(self) -> dict[str, Any]:
        return {
            "scenario": _scenario_to_json(self.scenario),
            "replaced": None if self.replaced is None else _scenario_to_json(self.replaced),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        replaced = data.get("replaced")
        return cls(
            _scenario_from_json(data["scenario"]),
            None if replaced is None else _scenario_from_json(replaced),
        )


@dataclass(frozen=True, slots=True)
class DeleteScenario(Change):
    kind: ClassVar[str] = "delete-scenario"
    scenario: Scenario

    def apply(self, doc: Document) -> None:
        doc._drop_scenario(self.scenario.name)

    def revert(self, doc: Document) -> None:
        doc._put_scenario(self.scenario)

    def describe(self) -> str:
        return f"Delete the scenario '{self.scenario.name}'"

    def data(self) -> dict[str, Any]:
        return {"scenario": _scenario_to_json(self.scenario)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(_scenario_from_json(data["scenario"]))


@dataclass(frozen=True, slots=True)
class Group(Change):
    """Several changes made as one (applying a scenario): undone together, in reverse."""

    kind: ClassVar[str] = "group"
    changes: Sequence[Change] = field(default_factory=tuple)
    text: str = ""

    def apply(self, doc: Document) -> None:
        for c in self.changes:
            c.apply(doc)

    def revert(self, doc: Document) -> None:
        for c in reversed(self.changes):
            c.revert(doc)

    def describe(self) -> str:
        return self.text

    def data(self) -> dict[str, Any]:
        return {"changes": [c.to_json() for c in self.changes], "text": self.text}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(tuple(Change.from_json(c) for c in data["changes"]), str(data.get("text")))


@dataclass(frozen=True, slots=True)
class Undone(Change):
    """A change undone after it was saved: the journal replays it backwards."""

    kind: ClassVar[str] = "undone"
    change: Change

    def apply(self, doc: Document) -> None:
        self.change.revert(doc)

    def revert(self, doc: Document) -> None:
        self.change.apply(doc)

    def describe(self) -> str:
        return f"Undo: {self.change.describe()}"

    def data(self) -> dict[str, Any]:
        return {"of": self.change.to_json()}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(Change.from_json(data["of"]))
