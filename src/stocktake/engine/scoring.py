"""Overall value, rank and value for money at a given balance, and the working behind them.

Why a separate, tiny module: this is the code the balance slider calls on every
movement, so it does nothing but vector arithmetic on :class:`ScoreArrays` (a few
microseconds per thousand initiatives), and it is the one place the value formula lives:

    V = λ·N + (1 − λ)·L          (λ = balance, N near-term value, L long-term value)
    risk-adjusted value = V·D/100 (D deliverability), used only when switched on
    value for money = value / present value of the costs (Green Book; cost > 0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from stocktake.engine.arrays import (
    AMBITION,
    DELIVERABILITY,
    GROUP_NAMES,
    MILESTONE,
    FloatArray,
    IntArray,
    ScoreArrays,
)
from stocktake.engine.exact import ExactValues, rank_order
from stocktake.engine.present_value import GREEN_BOOK_RATE
from stocktake.model.value_scale import interpolate

DEFAULT_BALANCE = 0.5


def check_balance(balance: float) -> float:
    """The balance as a float in [0, 1], or a plain error."""
    b = float(balance)
    if not (0.0 <= b <= 1.0):
        raise ValueError(f"the balance must be between 0 and 1, not {balance}")
    return b


def check_sampling(balance_lo: float, balance_hi: float, draws: int) -> None:
    """The balance range and number of draws a sampling method is asked for, or a
    plain error (one rule for the box and the SMAA samplers)."""
    check_balance(balance_lo)
    check_balance(balance_hi)
    if balance_lo > balance_hi:
        raise ValueError("the balance range must run from low to high")
    if draws < 1:
        raise ValueError("at least one draw is needed")


def combine(
    group_vals: FloatArray, balance: float | FloatArray, risk_adjusted: bool
) -> tuple[FloatArray, FloatArray]:
    """(V, value in use) from group values (..., 3): the one place the formula is written.

    ``balance`` may be an array broadcasting against ``group_vals[..., 0]`` (a batch of
    Monte Carlo draws).
    """
    overall = balance * group_vals[..., MILESTONE] + (1.0 - balance) * group_vals[..., AMBITION]
    if risk_adjusted:
        return overall, overall * group_vals[..., DELIVERABILITY] / 100.0
    return overall, overall


def line_coefficients(
    arrays: ScoreArrays, risk_adjusted: bool = False
) -> tuple[FloatArray, FloatArray]:
    """(a, b) with value(λ) = a + b·λ for every initiative.

    Value is linear in the balance (also when risk-adjusted, since D does not depend on
    λ); the exact rank-vs-balance analysis and the parametric portfolio both rely on it.
    """
    at0 = combine(arrays.group_values, 0.0, risk_adjusted)[1]
    at1 = combine(arrays.group_values, 1.0, risk_adjusted)[1]
    return at0, at1 - at0


def values_at(arrays: ScoreArrays, balance: float, risk_adjusted: bool = False) -> FloatArray:
    """The value each initiative is ranked and optimised on (V, or V·D/100 when risk-adjusted)."""
    return combine(arrays.group_values, check_balance(balance), risk_adjusted)[1]


def ranks_from_order(order: IntArray) -> IntArray:
    """1-based rank of each row given the best-first order."""
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1, dtype=np.int64)
    return ranks


def value_for_money(values: FloatArray, total_cost: FloatArray) -> FloatArray:
    """Value per £m; NaN where the total cost is not positive (no meaningful ratio)."""
    out = np.full(len(values), np.nan)
    pos = total_cost > 0
    out[pos] = values[pos] / total_cost[pos]
    return out


@dataclass(frozen=True, slots=True, eq=False)
class ScoreTable:
    """Every initiative's figures at one balance, aligned with ``arrays.ids``."""

    arrays: ScoreArrays
    balance: float
    risk_adjusted: bool
    overall: FloatArray
    """V = λN + (1 − λ)L, before any risk adjustment."""
    value: FloatArray
    """The value in use: V, or V·D/100 when ``risk_adjusted``."""
    value_for_money: FloatArray
    rank: IntArray
    order: IntArray

    @property
    def ids(self) -> tuple[str, ...]:
        return self.arrays.ids

    def top(self, k: int) -> list[str]:
        """The IDs of the k best initiatives, best first."""
        return [self.arrays.ids[i] for i in self.order[:k]]


def score(
    arrays: ScoreArrays, balance: float = DEFAULT_BALANCE, risk_adjusted: bool = False
) -> ScoreTable:
    """Score every initiative at the given balance: value, value for money and rank."""
    lam = check_balance(balance)
    overall, value = combine(arrays.group_values, lam, risk_adjusted)
    order = rank_order(value, arrays.tie_order, ExactValues(arrays), lam, risk_adjusted)
    return ScoreTable(
        arrays=arrays,
        balance=lam,
        risk_adjusted=risk_adjusted,
        overall=overall,
        value=value,
        value_for_money=value_for_money(value, arrays.pv_cost),
        rank=ranks_from_order(order),
        order=order,
    )


@dataclass(frozen=True, slots=True)
class Term:
    """One criterion's part in an initiative's value: the working a Treasury analyst checks."""

    criterion_id: str
    criterion: str
    group: str
    score: float | None
    """The score entered, or None when the cell was blank (then counted as ``scale_lo``)."""
    scale_lo: float
    scale_hi: float
    normalised: float
    """The points counted: benefit above do-nothing (Milestone, Ambition) or value (others)."""
    weight: float
    weight_share: float
    """w / Σ w over the criterion's group."""
    contribution: float
    """weight_share × normalised: the points this criterion adds to its group value."""
    value: float = 0.0
    """v(s) on the criterion's 0-100 value function (before do-nothing is taken off)."""
    do_nothing: float | None = None
    """The no-contribution score (None on Deliverability, where it does not apply)."""
    do_nothing_value: float = 0.0
    """v(do-nothing), the value taken off on a benefit criterion."""
    function: str = "linear"
    """The value function in words: ``linear``, ``linear, lower is better`` or its points."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """How one initiative's figures were made, term by term."""

    initiative_id: str
    terms: tuple[Term, ...]
    near_term: float
    long_term: float
    deliverability: float
    balance: float
    overall: float
    risk_adjusted: bool
    value: float
    total_cost: float
    value_for_money: float | None
    """Value per £m of present-value cost (Green Book), None without a cost."""
    rank: int
    formula: str
    total_cost_pv: float = 0.0
    """The yearly costs × (1 + optimism bias), discounted (``engine.present_value``)."""
    optimism_bias: float = 0.0
    optimism_bias_why: str = ""
    """Which uplift applied and why, in words (``engine.optimism_bias``)."""
    discount_rate: float = GREEN_BOOK_RATE
    """The rate for years 0-30 the present value used (the Green Book's 3.5 % unless set)."""
    total_benefit: float | None = None
    """Monetised benefits, £m nominal, where the workbook gives them (None: not given)."""
    total_benefit_pv: float | None = None
    """Their present value, discounted like the costs (``engine.benefits``)."""

    @property
    def benefit_words(self) -> str:
        """ "Monetised benefits £40.0m nominal, £36.1m present value; net present value
        £6.1m; benefit-cost ratio 1.20." ("" when the workbook gives none)."""
        if self.total_benefit is None or self.total_benefit_pv is None:
            return ""
        npv = self.total_benefit_pv - self.total_cost_pv
        bcr = (
            f"{self.total_benefit_pv / self.total_cost_pv:.2f}"
            if self.total_cost_pv > 0
            else "n/a (no cost)"
        )
        return (
            f"Monetised benefits £{self.total_benefit:,.1f}m nominal, "
            f"£{self.total_benefit_pv:,.1f}m present value (discounted like the costs; "
            f"shown, not used to choose); net present value £{npv:,.1f}m; "
            f"benefit-cost ratio {bcr}."
        )

    @property
    def cost_words(self) -> str:
        """Both costs a board compares, and how the present value was made: "£30.0m
        nominal, £36.0m present value (at 3.5% a year, the Green Book rate; optimism
        bias 24% for …)". One sentence for the window and ``stocktake explain``."""
        why = self.optimism_bias_why or f"{self.optimism_bias:.0%}"
        whose = (
            "the Green Book rate"
            if self.discount_rate == GREEN_BOOK_RATE
            else "the workbook's discount_rate"
        )
        return (
            f"£{self.total_cost:,.1f}m nominal, £{self.total_cost_pv:,.1f}m present value "
            f"(discounted at {self.discount_rate:.1%} a year, {whose}; optimism bias {why})"
        )


def explain(
    arrays: ScoreArrays,
    initiative_id: str,
    balance: float = DEFAULT_BALANCE,
    risk_adjusted: bool = False,
) -> Explanation:
    """The terms behind one initiative's value, so every number on screen can be traced."""
    table = score(arrays, balance, risk_adjusted)
    i = arrays.index(initiative_id)
    g = arrays.group_weight_matrix()
    terms = []
    for c, cid in enumerate(arrays.criteria):
        grp = int(arrays.groups[c])
        if grp < 0:
            continue
        share = float(g[c, grp])
        raw = float(arrays.raw[i, c])
        scale = arrays.scales[c]
        counted = raw if scale.lo <= raw <= scale.hi else scale.missing_score  # NaN: missing
        value = interpolate(scale.points, counted)
        base = interpolate(scale.points, scale.do_nothing) if scale.is_benefit else 0.0
        terms.append(
            Term(
                criterion_id=cid,
                criterion=arrays.criterion_names[c],
                group=GROUP_NAMES[grp],
                score=None if math.isnan(raw) else raw,
                scale_lo=float(arrays.scale_lo[c]),
                scale_hi=float(arrays.scale_hi[c]),
                normalised=float(arrays.normalised[i, c]),
                weight=float(arrays.weights[c]),
                weight_share=share,
                contribution=share * float(arrays.normalised[i, c]),
                value=value,
                do_nothing=scale.do_nothing if scale.is_benefit else None,
                do_nothing_value=base,
                function=scale.describe(),
            )
        )
    n_, l_, d_ = (float(x) for x in arrays.group_values[i])
    lam = table.balance
    v = float(table.overall[i])
    formula = f"V = {lam:g} × {n_:.2f} + {1 - lam:g} × {l_:.2f} = {v:.2f}"
    if risk_adjusted:
        formula += f"; risk-adjusted V × D / 100 = {v:.2f} × {d_:.2f} / 100 = {table.value[i]:.2f}"
    vfm = float(table.value_for_money[i])
    return Explanation(
        initiative_id=initiative_id,
        terms=tuple(terms),
        near_term=n_,
        long_term=l_,
        deliverability=d_,
        balance=lam,
        overall=v,
        risk_adjusted=risk_adjusted,
        value=float(table.value[i]),
        total_cost=float(arrays.total_cost[i]),
        value_for_money=None if math.isnan(vfm) else vfm,
        rank=int(table.rank[i]),
        formula=formula,
        total_cost_pv=float(arrays.pv_cost[i]),
        optimism_bias=float(arrays.uplift[i]),
        optimism_bias_why=arrays.uplifts[i].words if arrays.uplifts else "",
        discount_rate=arrays.discounting.rate,
        total_benefit=None if arrays.benefits is None else arrays.benefits.total(i, pv=False),
        total_benefit_pv=None if arrays.benefits is None else arrays.benefits.total(i, pv=True),
    )
