"""The scoring method, as rows for the saved Portfolio sheet.

Why: a board member reading the saved workbook without the app must see what "value"
means before trusting a total: each criterion's scale, value function and the score
that counts as no contribution (benefit is measured above it). The Scores sheet is one
Excel table row per initiative, so the per-criterion method goes under the portfolio,
which is read as blocks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from stocktake.engine.arrays import GROUP_NAMES, ScoreArrays
from stocktake.engine.optimism_bias import UpliftSource, pct
from stocktake.engine.portfolio_cost import MoneyByYear, portfolio_benefits, portfolio_cost
from stocktake.excel.writer import SheetContent

METHOD_TITLE = "Scoring method: benefit above doing nothing"
PV_TITLE = "Present value of the chosen portfolio's costs (Green Book)"
OB_HEADER = "Optimism bias (%)"
BENEFIT_HEADERS = ("Benefits (£m)", "Present value of benefits (£m)", "Benefit-cost ratio")
BENEFIT_TITLE = "Monetised benefits of the chosen portfolio, where given (Green Book)"
OB_TITLE = "Optimism bias: the uplift on each project type's costs, and why"


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
    cost = portfolio_cost(arrays, chosen)
    rows: list[list[object]] = [
        [PV_TITLE, "", "", "", ""],
        [
            f"Discount rate {arrays.discounting.rate:.1%} a year (years 0-30), base year "
            f"{cost.base_year}; optimism bias uplifts included (see below)",
            "",
            "",
            "",
            "",
        ],
        ["Year", "Years from base", "Discount factor", "Nominal spend (£m)", "Present value (£m)"],
    ]
    return rows + year_rows(cost)


def year_rows(money: MoneyByYear) -> list[list[object]]:
    """A row per year (offset from the base, discount factor, nominal, present value)
    and the total row, as the Portfolio sheet's blocks show them."""
    rows: list[list[object]] = [
        [
            year,
            money.offsets[y],
            round(money.factors[y], 6),
            round(money.nominal[y], 4),
            round(money.present_value[y], 4),
        ]
        for y, year in enumerate(money.years)
    ]
    rows.append(
        ["Total", "", "", round(money.total_nominal, 4), round(money.total_present_value, 4)]
    )
    return rows


def optimism_bias_rows(arrays: ScoreArrays, chosen: Sequence[str]) -> list[list[object]]:
    """Which uplift each project type carried and why, with how many initiatives (and
    how many chosen) it applied to; initiatives whose own cell overrode it are counted
    apart. Empty when no initiative carries an uplift or a type."""
    picked = set(chosen)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, u in enumerate(arrays.uplifts):
        if u.source is UpliftSource.NONE and not u.project_type:
            continue
        kind = u.project_type or "(no project type)"
        why = (
            "the initiative's own Optimism bias cell"
            if u.source is UpliftSource.INITIATIVE
            else u.words
        )
        groups.setdefault((kind, why), []).append(i)
    if not groups:
        return []
    rows: list[list[object]] = [
        [OB_TITLE, "", "", "", ""],
        ["Project type", "Uplift on costs", "Why this uplift", "Initiatives", "Of them chosen"],
    ]
    for (kind, why), members in sorted(groups.items()):
        values = sorted({pct(float(arrays.uplift[i])) for i in members})
        rows.append(
            [
                kind,
                ", ".join(values),
                why,
                len(members),
                sum(1 for i in members if arrays.ids[i] in picked),
            ]
        )
    return rows


def with_optimism_bias(scores: SheetContent, arrays: ScoreArrays) -> SheetContent:
    """The Scores sheet with each row's uplift on costs in %, beside the present value
    it went into (rows keyed by the ID in their first column)."""
    by_id = {
        iid: round(float(u) * 100, 2) for iid, u in zip(arrays.ids, arrays.uplift, strict=True)
    }
    rows = [[*row, by_id.get(str(row[0]))] for row in scores.rows]
    return dataclasses.replace(
        scores,
        headers=(*scores.headers, OB_HEADER),
        rows=rows,
        widths=[*scores.widths, 14] if scores.widths else (),
    )


def with_benefits(scores: SheetContent, arrays: ScoreArrays) -> SheetContent:
    """The Scores sheet with each row's monetised benefits, nominal and in present value,
    and its benefit-cost ratio (blank where not given); unchanged when no initiative
    gives any."""
    b = arrays.benefits
    if b is None or not b.given.any():
        return scores
    nominal, pv = b.nominal, b.pv
    by_id: dict[str, list[object]] = {}
    for i, iid in enumerate(arrays.ids):
        if not b.given[i]:
            by_id[iid] = [None, None, None]
            continue
        cost = float(arrays.pv_cost[i])
        ratio = round(float(pv[i]) / cost, 4) if cost > 0 else None
        by_id[iid] = [round(float(nominal[i]), 4), round(float(pv[i]), 4), ratio]
    rows = [[*row, *by_id.get(str(row[0]), [None] * 3)] for row in scores.rows]
    return dataclasses.replace(
        scores,
        headers=(*scores.headers, *BENEFIT_HEADERS),
        rows=rows,
        widths=[*scores.widths, 12, 14, 12] if scores.widths else (),
    )


def benefit_rows(arrays: ScoreArrays, chosen: Sequence[str]) -> list[list[object]]:
    """The chosen initiatives' monetised benefits by year, nominal and discounted, then
    the present value of those initiatives' costs, the net present value and the
    benefit-cost ratio. Empty when no initiative in the workbook gives benefits."""
    gains = portfolio_benefits(arrays, chosen)
    if gains is None:
        return []
    rows: list[list[object]] = [
        [BENEFIT_TITLE, "", "", "", ""],
        [
            f"{len(gains.initiatives)} of the {len(chosen)} chosen initiatives give benefits "
            f"in £m; discounted to {gains.base_year} like the costs, with no optimism-bias "
            "adjustment; shown, not used to choose (the choice is on the MCDA value)",
            "",
            "",
            "",
            "",
        ],
        ["Year", "Years from base", "Discount factor", "Benefits (£m)", "Present value (£m)"],
    ]
    bcr = "n/a (no cost)" if gains.bcr is None else round(gains.bcr, 4)
    rows += year_rows(gains)
    rows += [
        [
            "Present value of their costs, optimism bias included (£m)",
            "",
            "",
            "",
            round(gains.cost_pv, 4),
        ],
        ["Net present value (£m)", "", "", "", round(gains.npv, 4)],
        ["Benefit-cost ratio", "", "", "", bcr],
    ]
    return rows
