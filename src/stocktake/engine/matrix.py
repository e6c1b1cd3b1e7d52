"""The ruthless-choice matrix: where each initiative sits on near-term vs long-term value.

Why: the two-horizon matrix is the board's first view. Its four quadrants carry names
that read as a recommendation on a board paper, and the cut lines are the user's.
An initiative exactly on a cut line counts as high (the line is the bar to clear).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

import numpy as np

from stocktake.engine.arrays import (
    AMBITION,
    MILESTONE,
    BoolArray,
    FloatArray,
    IntArray,
    ScoreArrays,
)
from stocktake.engine.exact import ExactValues, at_least, greater


class Quadrant(StrEnum):
    """The four quadrants, named as advice a mission board can act on."""

    DOUBLE_DOWN = "Double down"
    DELIVER_MILESTONE = "Deliver the milestone"
    INVEST_LONG_TERM = "Invest for the long term"
    STOP_OR_RETHINK = "Stop or rethink"

    @property
    def description(self) -> str:
        return {
            "Double down": "high near-term and high long-term value",
            "Deliver the milestone": "high near-term value, low long-term value",
            "Invest for the long term": "low near-term value, high long-term value",
            "Stop or rethink": "low near-term and low long-term value",
        }[self.value]


QUADRANT_ORDER: tuple[Quadrant, ...] = (
    Quadrant.DOUBLE_DOWN,
    Quadrant.DELIVER_MILESTONE,
    Quadrant.INVEST_LONG_TERM,
    Quadrant.STOP_OR_RETHINK,
)


@dataclass(frozen=True, slots=True)
class CutLines:
    """Where the matrix is split: near-term (x) and long-term (y) thresholds, 0-100."""

    near_term: float = 50.0
    long_term: float = 50.0

    def __post_init__(self) -> None:
        for name in ("near_term", "long_term"):
            v = getattr(self, name)
            if not (0.0 <= v <= 100.0):
                raise ValueError(f"the {name.replace('_', '-')} cut line must be 0-100, not {v}")


def quadrant_codes(
    near_term: FloatArray,
    long_term: FloatArray,
    cuts: CutLines = CutLines(),
    exact: ExactValues | None = None,
) -> IntArray:
    """Index into :data:`QUADRANT_ORDER` for every initiative (vectorised).

    A value on a cut line counts as high. With ``exact`` (see :func:`quadrant_codes_of`),
    values within :data:`~stocktake.engine.exact.NEAR` of a line are placed by their
    exact value, so 49.999999999999993 computed for a true 50 lands on the high side.
    """
    if exact is None:
        high_n = near_term >= cuts.near_term
        high_l = long_term >= cuts.long_term
    else:
        high_n = at_least(near_term, cuts.near_term, lambda i: exact.groups(i)[MILESTONE])
        high_l = at_least(long_term, cuts.long_term, lambda i: exact.groups(i)[AMBITION])
    return np.where(high_n, np.where(high_l, 0, 1), np.where(high_l, 2, 3)).astype(np.int64)


def quadrant_codes_of(arrays: ScoreArrays, cuts: CutLines = CutLines()) -> IntArray:
    """:func:`quadrant_codes` for a workbook's arrays, items on a line decided exactly."""
    return quadrant_codes(arrays.near_term, arrays.long_term, cuts, ExactValues(arrays))


def quadrants(arrays: ScoreArrays, cuts: CutLines = CutLines()) -> list[Quadrant]:
    """The quadrant of every initiative, aligned with ``arrays.ids``."""
    return [QUADRANT_ORDER[int(c)] for c in quadrant_codes_of(arrays, cuts)]


def long_term_led(arrays: ScoreArrays) -> BoolArray:
    """True where long-term value exceeds near-term value (L > N): the 'long-term-led' items.

    Equal values are not long-term-led; near-equal ones are decided exactly, so a true
    L = N computed with noise either way is never counted.
    """
    exact = ExactValues(arrays)

    def pair(i: int) -> tuple[Fraction, Fraction]:
        _n, _l, _ = exact.groups(i)
        return _l, _n

    return greater(arrays.long_term, arrays.near_term, pair)
