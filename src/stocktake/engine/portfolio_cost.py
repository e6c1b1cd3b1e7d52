"""A portfolio's spend by year, nominal and in present value, with the totals.

Why its own module: a board is shown both figures wherever a portfolio's cost is
shown (the saved Portfolio sheet, ``stocktake optimise``), and both must come from one
sum so they never disagree. Nominal spend is what the yearly envelopes bind; the
present value carries each initiative's optimism-bias uplift and the Green Book
discount factor of its year (:mod:`stocktake.engine.present_value`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stocktake.engine.arrays import ScoreArrays
from stocktake.engine.present_value import discount_factors, year_offsets


@dataclass(frozen=True, slots=True)
class MoneyByYear:
    """Money of the chosen portfolio, one row per financial year, nominal and in
    present value, and the totals, £m."""

    years: tuple[str, ...]
    offsets: tuple[int, ...]
    """Each year's distance from the base year."""
    factors: tuple[float, ...]
    nominal: tuple[float, ...]
    present_value: tuple[float, ...]
    base_year: str

    @property
    def total_nominal(self) -> float:
        return float(sum(self.nominal))

    @property
    def total_present_value(self) -> float:
        return float(sum(self.present_value))


def portfolio_cost(arrays: ScoreArrays, chosen: Sequence[str]) -> MoneyByYear:
    """The chosen initiatives' yearly spend: nominal, and × (1 + uplift) × DF(year)."""
    d = arrays.discounting
    idx = arrays.indices(chosen)
    factors = discount_factors(arrays.years, d)
    costs = arrays.costs[idx, :]
    nominal = costs.sum(axis=0)
    uplifted = (costs * (1.0 + arrays.uplift[idx])[:, None]).sum(axis=0)
    pv = uplifted * np.asarray(factors, dtype=np.float64) if arrays.years else uplifted
    return MoneyByYear(
        years=arrays.years,
        offsets=tuple(year_offsets(arrays.years, d.base_year)),
        factors=tuple(factors),
        nominal=tuple(float(x) for x in nominal),
        present_value=tuple(float(x) for x in pv),
        base_year=d.base_year or (arrays.years[0] if arrays.years else ""),
    )


@dataclass(frozen=True, slots=True)
class PortfolioBenefits(MoneyByYear):
    """The monetised benefits of the chosen initiatives that give them, by benefit year,
    against the present value of those initiatives' costs (``engine.benefits``)."""

    initiatives: tuple[str, ...]
    cost_pv: float
    """Present value of the same initiatives' costs, optimism bias included."""

    @property
    def npv(self) -> float:
        """Net present value: PV of benefits less PV of costs."""
        return self.total_present_value - self.cost_pv

    @property
    def bcr(self) -> float | None:
        """Benefit-cost ratio (None without a cost)."""
        return self.total_present_value / self.cost_pv if self.cost_pv > 0 else None


def portfolio_benefits(arrays: ScoreArrays, chosen: Sequence[str]) -> PortfolioBenefits | None:
    """The chosen initiatives' benefits where given; None when no initiative in the
    workbook gives any (then nothing is shown at all)."""
    b = arrays.benefits
    if b is None or not b.given.any():
        return None
    idx = [i for i in arrays.indices(chosen) if b.given[i]]
    nominal = b.amounts[idx, :].sum(axis=0)
    factors = b.factors
    return PortfolioBenefits(
        initiatives=tuple(arrays.ids[i] for i in idx),
        years=b.years,
        offsets=tuple(year_offsets(b.years, b.base_year)),
        factors=tuple(factors),
        nominal=tuple(float(x) for x in nominal),
        present_value=tuple(float(x) * f for x, f in zip(nominal, factors, strict=True)),
        base_year=b.base_year or "",
        cost_pv=float(arrays.pv_cost[idx].sum()),
    )
