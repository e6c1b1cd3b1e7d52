"""The words the engine's answers are given in: money, lists of IDs, and the records
that carry a sentence (a binding constraint, a conflict).

Why its own module: the optimiser and the infeasibility explainer both speak in these
terms, and the explainer is called by the optimiser; keeping the shared words here lets
each import them without importing the other back.
"""

from __future__ import annotations

from dataclasses import dataclass


def money(x: float) -> str:
    """£m the way a board paper writes it: £52.3m."""
    return f"£{x + 0.0:,.1f}m" if abs(x) >= 0.05 else "£0.0m"


def id_list(ids: list[str]) -> str:
    """I-003, I-017 and I-020."""
    if len(ids) <= 1:
        return "".join(ids)
    return ", ".join(ids[:-1]) + " and " + ids[-1]


@dataclass(frozen=True, slots=True)
class Binding:
    """A constraint that stops the portfolio taking more value, in plain words."""

    constraint: str
    message: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A set of constraints that cannot all hold, and a sentence saying why."""

    constraints: tuple[str, ...]
    message: str
