"""What the saved Scores and Portfolio sheets add to the bare analysis: each initiative's
robustness and the price of each force-in.

Why in the file, not only on screen: a board paper is read away from the app, and a
chosen initiative that holds its place in only half of the plausible weightings, or a
force-in that costs the portfolio 40 points, is what a reader should see beside it.

Robustness here is the share of draws in which the initiative ranks in the top set, with
the Robustness tab's default uncertainty (each weight ±20%, the balance ±0.1), 2,000
draws and a fixed seed, so the same file always gets the same figures. The price of a
force-in is the optimum without it minus the optimum with it
(``engine.force_in_prices``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from stocktake.engine.arrays import FloatArray, ScoreArrays
from stocktake.engine.portfolio import ForceInPrice, PortfolioResult, force_in_prices
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.smaa import Smaa, WeightSpace, smaa
from stocktake.excel.writer import SheetContent

TOP_K = 10
WEIGHT_RANGE = 0.2
BALANCE_RANGE = 0.1
DRAWS = 2000


def robustness_header(k: int) -> str:
    return (
        f"Top-{k} share (weights ±{WEIGHT_RANGE:.0%}, balance ±{BALANCE_RANGE:g}, {DRAWS:,} draws)"
    )


def top_set_shares(
    arrays: ScoreArrays, balance: float, risk_adjusted: bool
) -> tuple[FloatArray, int]:
    """(share of draws in the top k per initiative, k)."""
    settings = Smaa(
        space=WeightSpace("box", WEIGHT_RANGE),
        balance_lo=max(0.0, balance - BALANCE_RANGE),
        balance_hi=min(1.0, balance + BALANCE_RANGE),
        draws=DRAWS,
        risk_adjusted=risk_adjusted,
        top_k=TOP_K,
        ranks=1,
    )
    result = smaa(arrays, settings)
    return result.top_share, result.k


def with_robustness(
    scores: SheetContent, arrays: ScoreArrays, shares: FloatArray, k: int
) -> SheetContent:
    """The Scores sheet with one more column: each row's top-set share (rows keyed by the
    ID in their first column)."""
    share = {iid: round(float(s), 4) for iid, s in zip(arrays.ids, shares, strict=True)}
    rows = [[*row, share.get(str(row[0]))] for row in scores.rows]
    return dataclasses.replace(
        scores,
        headers=(*scores.headers, robustness_header(k)),
        rows=rows,
        widths=[*scores.widths, 16] if scores.widths else (),
        decimals=(*scores.decimals, len(scores.headers)),
    )


def prices(
    arrays: ScoreArrays, values: FloatArray, problem: PortfolioProblem, result: PortfolioResult
) -> list[ForceInPrice]:
    """The price of each force-in (no solve at all when nothing is forced in)."""
    if not problem.force_in or result.value is None:
        return []
    return force_in_prices(arrays, values, problem, solved=result)


def with_prices_and_robustness(
    portfolio: SheetContent,
    result: PortfolioResult,
    force_in: Sequence[ForceInPrice],
    names: Mapping[str, str],
    shares: Mapping[str, float],
    k: int,
) -> SheetContent:
    """The Portfolio sheet with each chosen initiative's top-set share beside it and a
    block of force-in prices at the end."""
    chosen = set(result.chosen)
    rows: list[list[object]] = []
    for row in portfolio.rows:
        cells = list(row)
        if cells and cells[0] == "Chosen initiatives":
            cells = ["Chosen initiatives", "Initiative", robustness_header(k), "", ""]
        elif len(cells) > 2 and cells[0] in chosen and cells[2] == "":
            cells[2] = round(shares.get(str(cells[0]), 0.0), 4)
        rows.append(cells)
    if force_in:
        rows += [[], ["Forced in", "Initiative", "Reason", "Price (value points)", "Uncertainty ±"]]
        for p in force_in:
            price: object = "no portfolio found" if p.price is None else round(p.price, 4)
            rows.append(
                [p.initiative_id, names.get(p.initiative_id, ""), p.reason, price, p.uncertainty]
            )
    return dataclasses.replace(portfolio, rows=rows)
