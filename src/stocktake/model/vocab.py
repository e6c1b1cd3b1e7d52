"""The closed vocabularies of a stock-take, with the spellings people actually type.

Each enum's ``parse`` accepts the forgiving spellings found in real workbooks
(``"Amber-Red"``, ``"Red/Amber"``, ``"BAU"``) and returns ``None`` for anything it
does not recognise, so the reader can report the cell instead of guessing.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Self


def _key(text: object) -> str:
    """Lower-case letters and digits only: the form spellings are compared in."""
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


class _Vocab(StrEnum):
    """A StrEnum whose ``parse`` knows extra spellings (``_aliases``)."""

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {}

    @classmethod
    def parse(cls, text: object) -> Self | None:
        if text is None:
            return None
        key = _key(text)
        if not key:
            return None
        for member in cls:
            if _key(member.value) == key or _key(member.name) == key:
                return member
        alias = cls._aliases().get(key)
        return cls(alias) if alias is not None else None

    @classmethod
    def choices(cls) -> list[str]:
        return [m.value for m in cls]


class DCA(_Vocab):
    """Delivery Confidence Assessment (IPA): five points, or the three-point RAG.

    The three-point scale (Red / Amber / Green, used for major projects since 2021)
    maps onto the same members, so both live in one column.
    """

    GREEN = "Green"
    AMBER_GREEN = "Amber/Green"
    AMBER = "Amber"
    AMBER_RED = "Amber/Red"
    RED = "Red"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "g": "Green",
            "ag": "Amber/Green",
            "greenamber": "Amber/Green",
            "ga": "Amber/Green",
            "a": "Amber",
            "ar": "Amber/Red",
            "redamber": "Amber/Red",
            "ra": "Amber/Red",
            "r": "Red",
        }

    @property
    def confidence(self) -> int:
        """5 for Green down to 1 for Red: an ordinal for sorting and charts."""
        return {"Green": 5, "Amber/Green": 4, "Amber": 3, "Amber/Red": 2, "Red": 1}[self.value]


class Stage(_Vocab):
    """Where an initiative is in the test-and-learn cycle."""

    IDEA = "Idea"
    TEST = "Test"
    LEARN = "Learn"
    SCALE = "Scale"
    BAU = "Business as usual"
    STOPPED = "Stopped"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "testing": "Test",
            "pilot": "Test",
            "learning": "Learn",
            "scaling": "Scale",
            "scaleup": "Scale",
            "stop": "Stopped",
            "closed": "Stopped",
            "bau": "Business as usual",
            "concept": "Idea",
        }


class Evidence(_Vocab):
    """Strength of the evidence that an initiative works."""

    STRONG = "Strong"
    MODERATE = "Moderate"
    WEAK = "Weak"
    NONE = "None"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"medium": "Moderate", "high": "Strong", "low": "Weak", "noevidence": "None"}


class Classification(_Vocab):
    """Government Security Classification: OFFICIAL, with the SENSITIVE handling caveat."""

    OFFICIAL = "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"os": "OFFICIAL-SENSITIVE", "sensitive": "OFFICIAL-SENSITIVE", "o": "OFFICIAL"}


class Horizon(_Vocab):
    """Which group a criterion scores: near-term milestone, long-term ambition, etc."""

    MILESTONE = "Milestone"
    AMBITION = "Ambition"
    DELIVERABILITY = "Deliverability"
    COST = "Cost"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "nearterm": "Milestone",
            "near": "Milestone",
            "planforchange": "Milestone",
            "milestones": "Milestone",
            "longterm": "Ambition",
            "long": "Ambition",
            "ambitions": "Ambition",
            "mission": "Ambition",
            "delivery": "Deliverability",
            "feasibility": "Deliverability",
            "risk": "Deliverability",
            "costs": "Cost",
            "affordability": "Cost",
        }


class DecisionKind(_Vocab):
    """The six choices a stock-take can make about an initiative."""

    PRIORITISE = "Prioritise"
    SCALE = "Scale"
    CONTINUE = "Continue"
    TEST = "Test"
    PAUSE = "Pause"
    STOP = "Stop"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"prioritize": "Prioritise", "priority": "Prioritise", "stopped": "Stop"}

    @property
    def needs_rationale(self) -> bool:
        """Stopping or pausing work must always say why (it is read by those affected)."""
        return self in (DecisionKind.STOP, DecisionKind.PAUSE)


class Direction(_Vocab):
    """Whether a metric improves upward or downward."""

    HIGHER = "Higher is better"
    LOWER = "Lower is better"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "higher": "Higher is better",
            "up": "Higher is better",
            "increase": "Higher is better",
            "lower": "Lower is better",
            "down": "Lower is better",
            "decrease": "Lower is better",
        }


class ReadingKind(_Vocab):
    """An observed value, a forecast, or a point on the planned trajectory."""

    ACTUAL = "Actual"
    FORECAST = "Forecast"
    TRAJECTORY = "Trajectory"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "outturn": "Actual",
            "observed": "Actual",
            "plan": "Trajectory",
            "target": "Trajectory",
        }
