"""Monetised benefits in present value, where the workbook gives them.

Why its own module: the Green Book compares costs and benefits in present value, but
most mission workbooks score benefits on the MCDA value scale and give no pounds. When
an initiative does give its benefits in £m by year (``Benefits 2026-27 (£m)``), a board
should see them discounted the same way as the costs (same rate, same base year:
:mod:`stocktake.engine.present_value`), with the net present value and the
benefit-cost ratio. They are shown, never used to choose: the portfolio is chosen on
the MCDA value, which already counts what each initiative contributes, so counting
pounds too would count the benefit twice.

Benefits carry no optimism-bias adjustment: the supplementary guidance publishes
uplifts for costs and durations only. An initiative with no benefit cell filled has
"not given" benefits (NaN), never £0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stocktake.engine.present_value import (
    Discounting,
    discount_factors,
    present_value,
    start_year,
)
from stocktake.model import Initiative

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, eq=False)
class Benefits:
    """Row i = initiative i of the arrays; columns = ``years``."""

    years: tuple[str, ...]
    amounts: FloatArray
    """£m by initiative and year (0 where a cell is blank)."""
    given: BoolArray
    """True where the initiative fills at least one benefit cell."""
    base_year: str | None
    """The year benefits are discounted to: the costs' base year."""
    discounting: Discounting

    @property
    def nominal(self) -> FloatArray:
        """Total benefits per initiative, £m; NaN where none are given."""
        return np.where(self.given, self.amounts.sum(axis=1), np.nan)

    @property
    def pv(self) -> FloatArray:
        """Present value per initiative, £m; NaN where none are given."""
        d = Discounting(self.discounting.rate, self.base_year)
        values = present_value(self.amounts, self.years, None, d)
        return np.where(self.given, values, np.nan)

    @property
    def factors(self) -> list[float]:
        """Each benefit year's discount factor (the costs' rate and base year)."""
        return discount_factors(self.years, Discounting(self.discounting.rate, self.base_year))

    def total(self, i: int, *, pv: bool) -> float | None:
        """Initiative i's benefits, nominal or in present value; None when not given."""
        if not bool(self.given[i]):
            return None
        return float((self.pv if pv else self.nominal)[i])


def first_year(years: Sequence[str]) -> str | None:
    """The label of the earliest financial year (the default base year)."""
    known = [(s, y) for y in years if (s := start_year(y)) is not None]
    return min(known)[1] if known else None


def monetised_benefits(
    inits: Sequence[Initiative], cost_years: Sequence[str], discounting: Discounting
) -> Benefits:
    """The benefit matrix of ``inits``, discounted to the costs' base year."""
    years = sorted({y for i in inits for y in i.benefits}, key=lambda y: (start_year(y) or 0, y))
    amounts = np.array(
        [[float(i.benefits.get(y, 0.0) or 0.0) for y in years] for i in inits], dtype=np.float64
    ).reshape(len(inits), len(years))
    given = np.array([bool(i.benefits) for i in inits], dtype=np.bool_)
    base = discounting.base_year or first_year(cost_years) or first_year(years)
    return Benefits(tuple(years), amounts, given, base, discounting)
