"""Funding pots as constraint rows: envelopes per pot and year, pooled or ring-fenced,
with a share of each year's envelope that may move to the next year.

Why its own module: pots are the one constraint whose rows are not one-per-limit. A
pot with flexibility lets money not spent in one year be spent in the next; written
with carry-over variables ``c_t`` (``s_t + c_t − c_{t−1} <= E_t``, ``0 <= c_t <= f_t E_t``)
the model would gain continuous columns that every other consumer of the 0-1 model (the
frontier, the binding proofs, the elastic conflict model, the Monte Carlo) would have to
learn about. Instead the carry-over variables are projected out exactly (Fourier-Motzkin
along the chain of years, worked by hand here because no library does it for this
shape): carrying as much as allowed is always best, so a choice of initiatives is
feasible exactly when, for every run of consecutive years ``i..j`` of one pot,

    Σ_{t=i..j} spend_t  <=  Σ_{t=i..j} E_t  +  f_{i−1} E_{i−1}

(the last term is the most that may be carried into the run from the year before it).
For one year (``i = j``) that is the year's envelope plus what may come in; longer runs
are added only when some year inside them may carry (otherwise the one-year rows imply
them). Five years give at most fifteen rows per pot, all in ``A x <= b`` over the
choices, so every consumer keeps working unchanged and binding and conflict sentences
can name the pot and the years. ``tests/engine/test_pots.py`` checks the rows against a
year-by-year simulation of carrying money forward on every subset of small portfolios.

*Ring-fenced* pots are limits of their own. *Pooled* pots share one limit: the money of
all pooled pots may meet the pooled costs of any of them (funding that flexes across
departments), so their envelopes and carry-over shares add up, year by year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from stocktake.engine.arrays import FloatArray
from stocktake.engine.sentences import money

POT = "pot"
POOLED = "pooled pots"
"""The name of the one limit all pooled pots share (a row key reads ``pot pooled pots 2025-26``)."""


@dataclass(frozen=True, slots=True)
class PotYear:
    """One pot's envelope (£m) in one financial year, and the share (0-1) of it that may
    be spent in the following year instead."""

    pot: str
    year: str
    envelope: float
    flexibility: float = 0.0

    def __post_init__(self) -> None:
        if self.envelope < 0:
            raise ValueError(f"the {self.pot} envelope for {self.year} cannot be negative")
        if not 0.0 <= self.flexibility <= 1.0:
            raise ValueError(
                f"the {self.pot} flexibility for {self.year} must be a share between 0 and "
                f"1 (e.g. 0.1 for 10%), not {self.flexibility}"
            )


@dataclass(frozen=True, slots=True)
class Funding:
    """The pots of a portfolio problem and how each initiative's costs fall on them.

    ``shares`` maps an initiative ID to ``{pot: share of its yearly cost}`` (shares of
    one initiative add up to at most 1; what is left falls on no pot and is limited
    only by the overall yearly envelope). ``pooled`` names the pots that share one
    limit; ``names`` gives a pot's words for sentences (its ID when missing).
    """

    years: tuple[PotYear, ...] = ()
    shares: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    pooled: frozenset[str] = frozenset()
    names: Mapping[str, str] = field(default_factory=dict)

    def scaled(self, factor: float) -> Funding:
        """Every envelope multiplied by ``factor`` (the frontier scales all money)."""
        return Funding(
            tuple(PotYear(p.pot, p.year, p.envelope * factor, p.flexibility) for p in self.years),
            self.shares,
            self.pooled,
            self.names,
        )

    def name(self, pot: str) -> str:
        if pot == POOLED:
            return "the pooled pots"
        return f"the {self.names.get(pot) or pot} pot"

    def limits(self) -> dict[str, dict[str, PotYear]]:
        """Each limit (a ring-fenced pot, or all pooled pots as one) by year."""
        out: dict[str, dict[str, PotYear]] = {}
        for p in self.years:
            limit = POOLED if p.pot in self.pooled else p.pot
            years = out.setdefault(limit, {})
            had = years.get(p.year)
            if had is None:
                years[p.year] = PotYear(limit, p.year, p.envelope, p.flexibility)
            else:  # pooled: envelopes and carry-over amounts add up
                carry = had.envelope * had.flexibility + p.envelope * p.flexibility
                total = had.envelope + p.envelope
                years[p.year] = PotYear(limit, p.year, total, carry / total if total else 0.0)
        return out

    def pot_costs(self, ids: tuple[str, ...], pots: set[str]) -> FloatArray:
        """Share of each initiative's cost (rows aligned to ``ids``) falling on ``pots``."""
        return self.pot_cost_table(ids, {"": pots})[""]

    def pot_cost_table(
        self, ids: tuple[str, ...], groups: Mapping[str, set[str]]
    ) -> dict[str, FloatArray]:
        """:meth:`pot_costs` for each group of pots at once (rows aligned to ``ids``).

        One pass over the initiatives for every group (the model and the greedy walk ask
        for each funding limit's shares: one pass per limit took 0.2 s on 5,000
        initiatives). Each share is summed in the order of the initiative's split, as
        one group at a time would, so the figures are the same to the last bit.
        """
        groups_of: dict[str, list[str]] = {}
        for group, pots in groups.items():
            for pot in pots:
                groups_of.setdefault(pot, []).append(group)
        n = len(ids)
        sums = {group: [0.0] * n for group in groups}
        for k, iid in enumerate(ids):
            split = self.shares.get(iid)
            if not split:
                continue
            for pot, share in split.items():
                for group in groups_of.get(pot, ()):
                    column = sums[group]
                    column[k] = column[k] + share
        return {group: np.array(column, dtype=float) for group, column in sums.items()}


_FY = re.compile(r"^(\d{4})")


def _consecutive(a: str, b: str) -> bool:
    """``2025-26`` then ``2026-27``: the second year follows the first."""
    ma, mb = _FY.match(a), _FY.match(b)
    return bool(ma and mb and int(mb.group(1)) == int(ma.group(1)) + 1)


@dataclass(frozen=True, slots=True)
class PotRow:
    """One pot row: the limit, the years it covers, its right-hand side and its words."""

    limit: str
    first: str
    last: str
    rhs: float
    carried_in: float
    from_year: str

    @property
    def key(self) -> str:
        years = self.first if self.first == self.last else f"{self.first} to {self.last}"
        return f"{POT} {self.limit} {years}"

    def words(self, funding: Funding) -> str:
        """``the DfE capital pot's 2025-26 envelope of £40.0m (with up to £4.0m carried
        in from 2024-25)``."""
        years = self.first if self.first == self.last else f"{self.first} to {self.last}"
        which = "envelope" if self.first == self.last else "envelopes together"
        base = self.rhs - self.carried_in
        carry = (
            f" (with up to {money(self.carried_in)} carried in from {self.from_year})"
            if self.carried_in > 0
            else ""
        )
        name = funding.name(self.limit)
        owner = f"{name}'" if name.endswith("s") else f"{name}'s"
        return f"{owner} {years} {which} of {money(base)}{carry}"


def pot_rows(funding: Funding) -> list[tuple[PotRow, tuple[str, ...]]]:
    """Every row the pots need, each with the years whose spend it adds up."""
    out: list[tuple[PotRow, tuple[str, ...]]] = []
    for limit, by_year in funding.limits().items():
        years = sorted(by_year)
        runs: list[list[str]] = []
        for y in years:
            if runs and _consecutive(runs[-1][-1], y):
                runs[-1].append(y)
            else:
                runs.append([y])
        for run in runs:
            env = [by_year[y].envelope for y in run]
            carry = [by_year[y].envelope * by_year[y].flexibility for y in run]
            for i in range(len(run)):
                carry_in = carry[i - 1] if i > 0 else 0.0
                for j in range(i, len(run)):
                    if j > i and sum(carry[i:j]) <= 0:
                        continue  # implied by the one-year rows
                    row = PotRow(
                        limit,
                        run[i],
                        run[j],
                        float(sum(env[i : j + 1]) + carry_in),
                        carry_in,
                        run[i - 1] if i > 0 else "",
                    )
                    out.append((row, tuple(run[i : j + 1])))
    return out
