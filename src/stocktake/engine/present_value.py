"""Present value of yearly costs, as HM Treasury's Green Book (2022) asks.

Why its own module: value for money compares value with what an initiative costs in
today's money, so a pound spent in 2029-30 must weigh less than one spent now, and a
cost estimate must carry the optimism-bias uplift the Green Book's supplementary
guidance sets by project type. The optimiser's budget, by contrast, stays on the
nominal yearly envelopes a spending settlement is written in; only value for money
uses present value.

The rules (all documented in ``docs/engine.md``):

- the social time preference rate (STPR) is 3.5 % a year for years 0-30, then the
  Green Book's declining schedule: 3.0 % (31-75), 2.5 % (76-125), 2.0 % (126-200),
  1.5 % (201-300), 1.0 % beyond. The workbook setting ``discount_rate`` replaces the
  3.5 % (the later steps stay as the schedule has them);
- year 0 is the base year: the first cost year, unless the setting
  ``price_base_year`` names another financial year. A cost in year t is multiplied by
  the discount factor Π_{k=1..t} 1/(1 + r_k) (a year before the base is compounded
  forward at the first rate);
- an initiative's optimism-bias uplift u (its "Optimism bias" cell, else the uplift for
  its project type: :mod:`stocktake.engine.optimism_bias`) multiplies each of its
  yearly costs by (1 + u) before discounting.

Hand-written: the schedule is a handful of lines and no maintained library carries the
Green Book's rates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stocktake.engine.optimism_bias import TypeUplift

GREEN_BOOK_RATE = 0.035
"""The STPR for years 0-30 (Green Book 2022, table 8 / annex A6)."""

SCHEDULE: tuple[tuple[float, float], ...] = (
    (30, GREEN_BOOK_RATE),
    (75, 0.030),
    (125, 0.025),
    (200, 0.020),
    (300, 0.015),
    (math.inf, 0.010),
)
"""(last year of the band, rate): the Green Book's declining long-term discount rates."""

_FY = re.compile(r"^\s*(\d{4})")


@dataclass(frozen=True, slots=True)
class Discounting:
    """How costs are brought to present value: the first-band rate and the base year."""

    rate: float = GREEN_BOOK_RATE
    base_year: str | None = None
    """A financial year label (``2025-26``); None: the first cost year."""
    type_uplifts: tuple[TypeUplift, ...] = ()
    """The optimism-bias uplift per project type the settings give
    (``optimism_bias:<type>``); types without a row take the Green Book's upper bound
    (``engine.optimism_bias``)."""


GREEN_BOOK = Discounting()


def start_year(label: str) -> int | None:
    """2025 for ``2025-26`` (or ``2025``): the year a financial year starts in."""
    m = _FY.match(label)
    return int(m.group(1)) if m else None


def rate_for_year(t: int, first_rate: float = GREEN_BOOK_RATE) -> float:
    """The rate that discounts year t back to year t - 1 (t >= 1)."""
    for last, rate in SCHEDULE:
        if t <= last:
            return first_rate if last == SCHEDULE[0][0] else rate
    return SCHEDULE[-1][1]  # pragma: no cover - the last band is unbounded


def discount_factor(t: int, first_rate: float = GREEN_BOOK_RATE) -> float:
    """Π_{k=1..t} 1/(1 + r_k); for t < 0, (1 + r)^-t at the first rate."""
    if t < 0:
        return float((1.0 + first_rate) ** (-t))
    factor = 1.0
    for k in range(1, t + 1):
        factor /= 1.0 + rate_for_year(k, first_rate)
    return factor


def year_offsets(years: Sequence[str], base_year: str | None) -> list[int]:
    """Each year's distance from the base year (0 for the base itself).

    A label whose start year cannot be read counts as the base year (no discounting),
    since guessing would move money between years."""
    starts = [start_year(y) for y in years]
    known = [s for s in starts if s is not None]
    base = start_year(base_year) if base_year else None
    if base is None:
        base = min(known, default=0)
    return [0 if s is None else s - base for s in starts]


def discount_factors(years: Sequence[str], discounting: Discounting = GREEN_BOOK) -> list[float]:
    """One factor per year label, in the order given."""
    return [
        discount_factor(t, discounting.rate) for t in year_offsets(years, discounting.base_year)
    ]


def present_value(
    costs: npt.NDArray[np.float64],
    years: Sequence[str],
    uplift: npt.NDArray[np.float64] | None = None,
    discounting: Discounting = GREEN_BOOK,
) -> npt.NDArray[np.float64]:
    """Present value of each row of yearly costs (n × years), uplifted by (1 + u_i)."""
    factors = np.asarray(discount_factors(years, discounting), dtype=np.float64)
    pv = costs @ factors if len(years) else np.zeros(costs.shape[0])
    if uplift is not None:
        pv = pv * (1.0 + np.nan_to_num(uplift, nan=0.0))
    return np.asarray(pv, dtype=np.float64)
