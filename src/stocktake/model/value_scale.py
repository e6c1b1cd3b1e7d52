"""How a criterion turns a score into value, and what "no contribution" means on it.

Why a module of its own: the MCDA manual (DCLG 2009) and the Green Book's MCDA guidance
score every option on a 0-100 *value scale* per criterion, through a value function
that may be linear or not, rising or falling, and measure benefit against the
do-nothing option. The engine (float, vectorised), its exact re-check (fractions) and
the views all need the same reading of a criterion, so it lives here, once:

- the **value function**: points ``(score, value)`` with values 0-100, straight lines
  between them, flat beyond the first and last point. Without a "Value function"
  column it is the straight line from the worst end of the scale (0) to the best
  (100): ``lo → 0, hi → 100``, or ``hi → 0, lo → 100`` when lower scores are better;
- the **do-nothing level**: the score that means "no contribution" (default: the worst
  end of the scale). Benefit = value(score) − value(do-nothing), never below 0;
- a **blank or off-scale score** is not guessed at: on a Milestone or Ambition
  criterion it counts as the do-nothing level (no benefit claimed), on a
  Deliverability criterion as the middle of the scale (confidence unknown, neither
  assumed good nor bad).

Hand-written: no library reads Hiview-style ``0:0; 2:60; 5:100`` text or keeps one
piecewise-linear evaluation exact for fractions as well as floats.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from stocktake.model.entities import Criterion
from stocktake.model.vocab import Direction, Horizon

Num = TypeVar("Num", float, Fraction)

BENEFIT_HORIZONS = frozenset({Horizon.MILESTONE, Horizon.AMBITION})
"""Criteria whose values are benefits, so the do-nothing level applies to them."""

_POINT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[:=]\s*(-?\d+(?:\.\d+)?)\s*%?\s*$")


class ValueFunctionProblem(ValueError):
    """A "Value function" cell that cannot be used, in words for the person who typed it."""


@dataclass(frozen=True, slots=True)
class ValueScale:
    """One criterion's scale, value function and do-nothing level, checked."""

    lo: float
    hi: float
    points: tuple[tuple[float, float], ...]
    """(score, value 0-100), scores strictly increasing."""
    do_nothing: float
    """The score that means "no contribution"."""
    is_benefit: bool
    """True for Milestone and Ambition criteria: benefit is measured above do-nothing."""

    @property
    def lower_is_better(self) -> bool:
        return self.points[-1][1] < self.points[0][1]

    @property
    def missing_score(self) -> float:
        """The score a blank or off-scale cell counts as (see the module docstring)."""
        return self.do_nothing if self.is_benefit else (self.lo + self.hi) / 2

    @property
    def is_linear(self) -> bool:
        return len(self.points) == 2 and {p[0] for p in self.points} == {self.lo, self.hi}

    def describe(self) -> str:
        """``0:0; 2:60; 5:100`` or ``linear, lower is better``: for the explain dialog."""
        if self.is_linear:
            return "linear, lower is better" if self.lower_is_better else "linear"
        return "; ".join(f"{s:g}:{v:g}" for s, v in self.points)


def interpolate(points: tuple[tuple[Num, Num], ...], s: Num) -> Num:
    """The piecewise-linear value at score ``s``: flat beyond the end points.

    Generic so that :mod:`stocktake.engine.exact` evaluates it in fractions and the
    tests in floats with the very same rule (the engine's vectorised path is
    ``numpy.interp``, which follows the same definition)."""
    if s <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if s <= x1:
            return y0 + (y1 - y0) * (s - x0) / (x1 - x0)
    return points[-1][1]


def benefit(scale: ValueScale, s: Num | None, num: Callable[[float], Num]) -> Num:
    """The points this criterion gives a score ``s`` (None: blank): value above do-nothing
    for a benefit criterion (never below 0), plain value otherwise. ``num`` converts the
    scale's floats into the arithmetic wanted (``float`` or an exact decimal)."""
    lo, hi = num(scale.lo), num(scale.hi)
    if s is None or s < lo or s > hi:
        s = num(scale.missing_score)
    pts = tuple((num(x), num(y)) for x, y in scale.points)
    value = interpolate(pts, s)
    if not scale.is_benefit:
        return value
    base = interpolate(pts, num(scale.do_nothing))
    return value - base if value > base else num(0.0)


def parse_value_function(text: str, lo: float, hi: float) -> tuple[tuple[float, float], ...]:
    """``0:0; 2:60; 5:100`` → points; a :class:`ValueFunctionProblem` saying what is wrong.

    Rules (Hiview's): scores strictly increasing and within the scale; values 0-100
    and monotone (all rising, or all falling for a lower-is-better criterion); at least
    two points, one of them valued 0 and one 100, so a swing weight still weighs the
    swing from the worst to the best value on the scale.
    """
    parts = [p for p in re.split(r"[;\n]+", text) if p.strip()]
    points: list[tuple[float, float]] = []
    for part in parts:
        m = _POINT.match(part)
        if not m:
            raise ValueFunctionProblem(
                f"'{part.strip()}' is not a point such as 2:60 (score:value)"
            )
        points.append((float(m.group(1)), float(m.group(2))))
    if len(points) < 2:
        raise ValueFunctionProblem("a value function needs at least two points, such as 0:0; 5:100")
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    if any(b <= a for a, b in itertools.pairwise(xs)):
        raise ValueFunctionProblem("the scores must rise from one point to the next")
    if xs[0] < lo or xs[-1] > hi:
        raise ValueFunctionProblem(f"the scores must lie within the scale {lo:g}-{hi:g}")
    if min(ys) < 0 or max(ys) > 100:
        raise ValueFunctionProblem("the values must lie between 0 and 100")
    rising = all(b >= a for a, b in itertools.pairwise(ys))
    falling = all(b <= a for a, b in itertools.pairwise(ys))
    if not (rising or falling):
        raise ValueFunctionProblem("the values must only rise, or only fall (monotone)")
    if min(ys) != 0 or max(ys) != 100:
        raise ValueFunctionProblem("the values must run from 0 (worst) to 100 (best)")
    return tuple(points)


def value_scale(criterion: Criterion) -> tuple[ValueScale, list[tuple[str, str]]]:
    """The criterion's checked scale and, for each part that could not be used as typed,
    ``(field key, message saying what is used instead)``: the reader turns these into
    problems at their cells, the engine into warnings, so both say the same thing."""
    c = criterion
    lo, hi = float(c.scale_lo), float(c.scale_hi)
    notes: list[tuple[str, str]] = []
    lower = c.direction is Direction.LOWER
    points: tuple[tuple[float, float], ...] = (
        ((lo, 100.0), (hi, 0.0))
        if lower
        else (
            (lo, 0.0),
            (hi, 100.0),
        )
    )
    if c.value_function.strip():
        try:
            parsed = parse_value_function(c.value_function, lo, hi)
        except ValueFunctionProblem as exc:
            notes.append(
                (
                    "value_function",
                    f"{c.id}: value function '{c.value_function.strip()}': {exc}; "
                    "the straight line over the scale is used instead.",
                )
            )
        else:
            falls = parsed[-1][1] < parsed[0][1]
            if c.direction is not None and falls != lower:
                notes.append(
                    (
                        "direction",
                        f"{c.id}: Direction says '{c.direction.value}' but the value "
                        f"function {'falls' if falls else 'rises'}; the value function is used.",
                    )
                )
            points = parsed
    worst = hi if points[-1][1] < points[0][1] else lo
    do_nothing = worst
    if c.do_nothing is not None:
        if math.isfinite(c.do_nothing) and lo <= c.do_nothing <= hi:
            do_nothing = float(c.do_nothing)
        else:
            notes.append(
                (
                    "do_nothing",
                    f"{c.id}: no-contribution score {c.do_nothing:g} is outside the scale "
                    f"{lo:g}-{hi:g}; the worst end of the scale, {worst:g}, is used.",
                )
            )
    is_benefit = c.horizon in BENEFIT_HORIZONS
    return ValueScale(lo, hi, points, do_nothing, is_benefit), notes


def missing_phrase(scale: ValueScale) -> str:
    """What a blank or off-scale score counts as, in words: one sentence for the reader's
    problems, the engine's warnings and the docs alike."""
    if scale.is_benefit:
        return f"counted as {scale.do_nothing:g}, the no-contribution level (no benefit claimed)"
    return f"counted as {scale.missing_score:g}, the middle of the scale (confidence unknown)"


def below_do_nothing(scale: ValueScale, s: float) -> bool:
    """True when a usable score on a benefit criterion is worth less than doing nothing:
    it counts as 0 benefit (a disbenefit is not netted off), and that is said."""
    if not scale.is_benefit or not (scale.lo <= s <= scale.hi):
        return False
    return interpolate(scale.points, s) < interpolate(scale.points, scale.do_nothing)


def below_phrase(scale: ValueScale, s: float, cid: str) -> str:
    """The words for :func:`below_do_nothing`, shared by the reader's problems and the
    engine's warnings."""
    return (
        f"scores {s:g} on {cid}, below the no-contribution level {scale.do_nothing:g}; "
        "counted as 0 benefit (a disbenefit is not subtracted)"
    )
