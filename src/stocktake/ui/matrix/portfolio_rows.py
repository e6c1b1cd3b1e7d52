"""The Portfolio tab's two long lists in words: forced items with their price, and every
initiative chosen or not with the reason.

Pure (no Qt), so a worker can make them: on the 10k-initiative workbook the reasons
(:func:`stocktake.app.choices.choices`) and 10,000 rows of text took over a second, all
of it on the GUI thread when the tab first showed and again on each solve
(``benchmarks/bench_gui.py``). The panel snapshots what they need on the GUI thread
(the answer, the problem, the names) and hands the snapshot to :func:`make_lists`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from stocktake import engine
from stocktake.app.choices import choices

if TYPE_CHECKING:
    from stocktake.ui.matrix.analysis import PortfolioAnswer

Row = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the lists are made from, taken on the GUI thread at one moment."""

    answer: PortfolioAnswer | None
    arrays: engine.ScoreArrays | None
    table: engine.ScoreTable | None
    chosen_mask: np.ndarray
    own_force_out: Mapping[str, str]
    """The person's own force-outs (the decisions' exclusions are in ``problem``)."""
    problem: engine.PortfolioProblem
    """What is forced and capped (``Analysis.forced_and_capped``; no pots needed)."""
    names: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Lists:
    forced: list[Row]
    forced_ids: list[str]
    choices: list[Row]
    choice_ids: list[str]


def _prices(answer: PortfolioAnswer | None) -> dict[str, engine.ForceInPrice]:
    return {p.initiative_id: p for p in answer.prices} if answer is not None else {}


def _gains(answer: PortfolioAnswer | None) -> dict[str, float | None]:
    return dict(answer.out_prices) if answer is not None else {}


def price_text(
    answer: PortfolioAnswer | None,
    initiative_id: str,
    prices: Mapping[str, engine.ForceInPrice] | None = None,
) -> str:
    """The value the portfolio gives up for a force-in, in words (``prices``: the
    answer's prices by initiative, when the caller has them already)."""
    if answer is None or initiative_id not in answer.state.force_in:
        return "working it out…"
    price = (_prices(answer) if prices is None else prices).get(initiative_id)
    if price is None or price.price is None:
        return "unknown: no portfolio with it forced in"
    if price.price < 1e-6:
        return "nothing: it would be chosen anyway"
    return f"{price.price:,.1f} value points"


def kept_out_text(
    answer: PortfolioAnswer | None,
    initiative_id: str,
    gains: Mapping[str, float | None] | None = None,
) -> str:
    """What keeping an initiative out costs the portfolio, in words (``gains``: the
    answer's out prices as a mapping, when the caller has them already)."""
    if answer is None or initiative_id not in answer.state.force_out:
        return "working it out…"
    gain = (_gains(answer) if gains is None else gains).get(initiative_id)
    if gain is None:
        return "unknown: no portfolio with it let in"
    if gain < 1e-6:
        return "nothing: it would not be chosen anyway"
    return f"gives up {gain:,.1f} value points"


def forced_rows(
    problem: engine.PortfolioProblem, answer: PortfolioAnswer | None, names: Mapping[str, str]
) -> tuple[list[Row], list[str]]:
    """Each forced item (the decisions' exclusions included, with their reason): its
    name, in or out, the reason, and its price in the answer (or "working it out…").
    The answer's prices are looked up once: asking per row was O(n²) on 1,600 items."""
    prices, gains = _prices(answer), _gains(answer)
    rows: list[Row] = []
    for iid, reason in problem.force_in.items():
        price = price_text(answer, iid, prices)
        rows.append((f"{iid} {names.get(iid, '')}", "Forced in", reason, price))
    for iid, reason in problem.force_out.items():
        gain = kept_out_text(answer, iid, gains)
        rows.append((f"{iid} {names.get(iid, '')}", "Forced out", reason, gain))
    return rows, [*problem.force_in, *problem.force_out]


def choice_rows(s: Snapshot) -> tuple[list[Row], list[str]]:
    """Every initiative, chosen first, each with its value for money and the reason it
    is in or out (nothing until the first solve has chosen)."""
    if s.arrays is None or s.table is None or s.answer is None or not len(s.chosen_mask):
        return [], []
    by_decision = {k: v for k, v in s.problem.force_out.items() if k not in s.own_force_out}
    found = choices(s.arrays, s.table, s.chosen_mask, s.own_force_out, by_decision, s.problem)
    rows: list[Row] = []
    for c in found:
        vfm = "" if not math.isfinite(c.value_for_money) else f"{c.value_for_money:,.2f}"
        rows.append(
            (
                f"{c.initiative_id} {s.names.get(c.initiative_id, '')}",
                "Chosen" if c.chosen else "Not chosen",
                vfm,
                c.reason,
            )
        )
    return rows, [c.initiative_id for c in found]


def make_lists(s: Snapshot) -> Lists:
    forced, forced_ids = forced_rows(s.problem, s.answer, s.names)
    rows, ids = choice_rows(s)
    return Lists(forced, forced_ids, rows, ids)
