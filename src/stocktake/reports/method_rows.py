"""The scoring method, as rows for the saved Portfolio sheet.

Why: a board member reading the saved workbook without the app must see what "value"
means before trusting a total: each criterion's scale, value function and the score
that counts as no contribution (benefit is measured above it). The Scores sheet is one
Excel table row per initiative, so the per-criterion method goes under the portfolio,
which is read as blocks.
"""

from __future__ import annotations

from collections.abc import Sequence

from stocktake.engine.arrays import GROUP_NAMES, ScoreArrays
from stocktake.engine.present_value import discount_factors, year_offsets

METHOD_TITLE = "Scoring method: benefit above doing nothing"
PV_TITLE = "Present value of the chosen portfolio's costs (Green Book)"


def method_rows(arrays: ScoreArrays) -> list[list[object]]:
    """A title row, a header row and one row per criterion (five columns, as the sheet)."""
    rows: list[list[object]] = [
        [METHOD_TITLE, "", "", "", ""],
        ["Criterion", "Group (weight)", "Scale", "Value function", "No contribution at"],
    ]
    for c, cid in enumerate(arrays.criteria):
        grp = int(arrays.groups[c])
        if grp < 0:
            continue
        scale = arrays.scales[c]
        rows.append(
            [
                f"{cid} {arrays.criterion_names[c]}",
                f"{GROUP_NAMES[grp]} ({float(arrays.weights[c]):g})",
                f"{scale.lo:g}-{scale.hi:g}",
                scale.describe(),
                f"{scale.do_nothing:g}" if scale.is_benefit else "n/a (a multiplier)",
            ]
        )
    return rows


def present_value_rows(arrays: ScoreArrays, chosen: Sequence[str]) -> list[list[object]]:
    """The chosen portfolio's spend by year, nominal and discounted, and the totals.

    The envelopes bind nominal spend (a settlement is written in cash); value for money
    uses the present value with each initiative's optimism-bias uplift."""
    d = arrays.discounting
    base = d.base_year or (arrays.years[0] if arrays.years else "")
    rows: list[list[object]] = [
        [PV_TITLE, "", "", "", ""],
        [
            f"Discount rate {d.rate:.1%} a year (years 0-30), base year {base}; "
            "optimism bias uplifts included",
            "",
            "",
            "",
            "",
        ],
        ["Year", "Years from base", "Discount factor", "Nominal spend (£m)", "Present value (£m)"],
    ]
    idx = arrays.indices(chosen)
    factors = discount_factors(arrays.years, d)
    offsets = year_offsets(arrays.years, d.base_year)
    uplift = 1.0 + arrays.uplift[idx]
    for y, year in enumerate(arrays.years):
        nominal = float(arrays.costs[idx, y].sum())
        pv = float((arrays.costs[idx, y] * uplift).sum() * factors[y])
        rows.append([year, offsets[y], round(factors[y], 6), round(nominal, 4), round(pv, 4)])
    total_nominal = float(arrays.total_cost[idx].sum())
    total_pv = float(arrays.pv_cost[idx].sum())
    rows.append(["Total", "", "", round(total_nominal, 4), round(total_pv, 4)])
    return rows
