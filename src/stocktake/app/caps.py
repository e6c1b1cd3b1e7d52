"""The portfolio's caps as a person types them: FTE, per mission, least long-term share.

The caps are part of the portfolio problem (:class:`PortfolioProblem`) and so of the
settings a save writes; a change is one :class:`~stocktake.app.changes.SetProblem`,
undoable like an envelope. This module turns what was typed in one cell of the
Portfolio tab's caps table into that change, with a message for a person when the text
is not a cap ("blank" always means *no cap*).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from stocktake.app import errors
from stocktake.engine.problem import PortfolioProblem
from stocktake.model import Workbook

FTE = "fte"
PER_MISSION = "per_mission"
LONG_TERM = "long_term_share"
MISSION = "mission:"


@dataclass(frozen=True, slots=True)
class CapRow:
    """One row of the caps table: its key, its words and the cap as shown."""

    key: str
    label: str
    shown: str


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return ""
    if percent:
        return f"{value * 100:g}%"
    return f"{value:,g}"


def cap_rows(problem: PortfolioProblem, workbook: Workbook) -> list[CapRow]:
    """The caps in the order the table shows them, with a row for every mission."""
    rows = [
        CapRow(FTE, "Most FTE the portfolio may use", _fmt(problem.fte_cap)),
        CapRow(
            PER_MISSION,
            "Most initiatives chosen in any one mission",
            _fmt(problem.max_per_mission),
        ),
        CapRow(
            LONG_TERM,
            "Least share of spend on long-term-led initiatives",
            _fmt(problem.min_long_term_share, percent=True),
        ),
    ]
    for mid, mission in workbook.missions.items():
        cap = problem.mission_caps.get(mid)
        rows.append(
            CapRow(MISSION + mid, f"Most chosen in {mid} {mission.name}".strip(), _fmt(cap))
        )
    return rows


def _number(text: str, what: str) -> float:
    cleaned = text.replace(",", "").replace("%", "").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise errors.InvalidInput(
            f"{text!r} is not a number for {what}; type a number, or leave it blank for no cap"
        ) from None
    if not math.isfinite(value) or value < 0:
        raise errors.InvalidInput(f"{what} must be a number of 0 or more, not {text!r}")
    return value


def _whole(text: str, what: str) -> int:
    value = _number(text, what)
    if value != int(value):
        raise errors.InvalidInput(f"{what} must be a whole number, not {text!r}")
    return int(value)


def set_cap(problem: PortfolioProblem, key: str, text: str) -> tuple[PortfolioProblem, str]:
    """``problem`` with the cap ``key`` set from ``text`` (blank: no cap), and the undo
    text. Raises :class:`errors.InvalidInput` naming the cap for text that is not one."""
    text = text.strip()
    blank = not text
    if key == FTE:
        fte = None if blank else _number(text, "the FTE cap")
        new = dataclasses.replace(problem, fte_cap=fte)
        return new, "Remove the FTE cap" if fte is None else f"Cap the portfolio at {fte:,g} FTE"
    if key == PER_MISSION:
        most = None if blank else _whole(text, "the cap per mission")
        new = dataclasses.replace(problem, max_per_mission=most)
        words = (
            "Remove the cap per mission" if most is None else f"Choose at most {most} per mission"
        )
        return new, words
    if key == LONG_TERM:
        share = None if blank else _number(text, "the least long-term share")
        if share is not None and share > 100:
            raise errors.InvalidInput(
                f"the least long-term share is a percentage from 0 to 100, not {text!r}"
            )
        fraction = None if share is None else round(share / 100, 6)
        new = dataclasses.replace(problem, min_long_term_share=fraction)
        words = (
            "Remove the least long-term share"
            if share is None
            else f"Spend at least {share:g}% on long-term-led initiatives"
        )
        return new, words
    if key.startswith(MISSION):
        mid = key[len(MISSION) :]
        caps = dict(problem.mission_caps)
        if blank:
            caps.pop(mid, None)
            return dataclasses.replace(problem, mission_caps=caps), f"Remove {mid}'s cap"
        caps[mid] = _whole(text, f"{mid}'s cap")
        new = dataclasses.replace(problem, mission_caps=caps)
        return new, f"Choose at most {caps[mid]} in {mid}"
    raise errors.InvalidInput(f"there is no cap called {key!r}")
