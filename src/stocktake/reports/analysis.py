"""The analysis a save writes: Scores, Portfolio and the Charts blocks.

One pure function, :func:`analysis_plan`, turns a workbook and the engine inputs (balance,
the portfolio problem with its envelopes, forced items and caps, the cut lines) into a
:class:`~stocktake.excel.writer.SavePlan`. The application layer calls it for the desktop
app and for ``stocktake save-analysis`` alike, so a file saved from either holds the same
sheets and the same charts. It computes (the solves can take seconds on long lists, so the
app runs it on a worker thread) but reads and writes no file. The settings sheet is
composed by :mod:`stocktake.app.settings`, its one writer, and passed in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from stocktake.engine.arrays import ScoreArrays, arrays_from_workbook
from stocktake.engine.frontier import DEFAULT_SCALES, FrontierPoint, efficient_frontier
from stocktake.engine.matrix import CutLines, quadrants
from stocktake.engine.milp import build_model
from stocktake.engine.portfolio import DEFAULT_TIME_LIMIT, PortfolioResult, optimise
from stocktake.engine.present_value import GREEN_BOOK, Discounting
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scoring import ScoreTable, score
from stocktake.excel.writer import (
    ChartBlock,
    ChartSpec,
    SavePlan,
    SeriesSpec,
    SheetContent,
)
from stocktake.model import Workbook, markings
from stocktake.reports import alt_text
from stocktake.reports import analysis_extras as extras
from stocktake.reports.chart_blocks import matrix_block, metric_block
from stocktake.reports.chart_thinning import THINNED_AXIS, thin_rows
from stocktake.reports.method_rows import (
    benefit_rows,
    method_rows,
    optimism_bias_rows,
    present_value_rows,
    with_benefits,
    with_optimism_bias,
)
from stocktake.reports.pot_spend import pot_spend_rows, spend_by_pot
from stocktake.reports.trajectory_rows import (
    PLACE_HEADERS,
    PLACE_TITLE,
    chart_rows,
    judged,
    place_status_rows,
    status_title,
    trajectory_alt,
)

BINDING_SECONDS = 3.0
"""Time the save allows to prove which constraints bind (one solve per candidate row).

Unbounded, the proof took 46 s of CPU on 5,000 initiatives, most of a save-analysis;
rows it has no time for are written as "Not checked (out of time)", never as binding
(the window allows 5 s, ``ui.matrix.analysis.BINDING_SECONDS``, as a second stage).
Since the proof settles most rows from LP portfolios (``frontier_solve.best_fill``) it
needs about 0.4 s of CPU on 5,000 initiatives and 1.4 s on 10,000, both with every row
settled; 1 s would leave about 70 of 10,000's rows unchecked, so the cap stays at 3 s
(it binds on lists whose rows need MILPs, such as the 1,000-initiative benchmark)."""


FRONTIER_TITLE = "Efficient frontier"
FRONTIER_HEADERS = (
    "Envelope scale",
    "Envelope (£m)",
    "Optimal value",
    "Greedy value (order of buy)",
    "Left by greedy",
    "Status",
)


def analysis_plan(
    workbook: Workbook,
    *,
    balance: float,
    problem: PortfolioProblem,
    cuts: CutLines,
    settings: SheetContent | None = None,
    risk_adjusted: bool = False,
    frontier_scales: Sequence[float] = DEFAULT_SCALES,
    time_limit: float = DEFAULT_TIME_LIMIT,
    discounting: Discounting = GREEN_BOOK,
    binding_seconds: float | None = BINDING_SECONDS,
) -> SavePlan:
    """Scores, Portfolio and the Charts blocks, for :func:`stocktake.excel.writer.save`.

    ``problem`` carries the envelopes (``budgets``), the forced items (decision exclusions
    included) and the caps; ``cuts`` are the matrix's cut lines, which decide each
    initiative's quadrant. ``settings`` is the settings sheet to write beside them (the
    application layer composes it: :mod:`stocktake.app.settings` is the one writer of
    that sheet). The efficient frontier scales every envelope by ``frontier_scales``
    (1.0, the current envelope, is always included and marked). ``binding_seconds``
    caps the proof of what binds (None: no cap).
    Raises ValueError for a balance outside 0-1 or an unknown forced initiative.
    """
    arrays = arrays_from_workbook(workbook, discounting)
    unknown = [i for i in (*problem.force_in, *problem.force_out) if i not in arrays.ids]
    if unknown:
        raise ValueError(
            f"no initiative with ID {', '.join(map(repr, unknown))} to force in or out"
        )
    table = score(arrays, balance, risk_adjusted)
    model = build_model(arrays, problem)  # one model for the portfolio and the frontier
    result = optimise(
        arrays,
        table.value,
        problem,
        time_limit=time_limit,
        binding_seconds=binding_seconds,
        model=model,
    )
    names = {i.id: i.name for i in workbook.initiatives.values()}
    quads = [q.value for q in quadrants(arrays, cuts)]
    # each sheet is marked with the highest classification of what it shows
    every = sheet_marking(workbook, arrays.ids)
    scores = _scores_sheet(arrays, table, result, quads, names, every)
    portfolio = _portfolio_sheet(
        result,
        balance,
        names,
        sheet_marking(workbook, result.chosen),
        pot_spend_rows(spend_by_pot(workbook, result.chosen)),
    )
    shares, k = extras.top_set_shares(arrays, balance, risk_adjusted)
    green_book = with_benefits(with_optimism_bias(scores, arrays), arrays)
    scores = extras.with_robustness(green_book, arrays, shares, k)
    portfolio = extras.with_prices_and_robustness(
        portfolio,
        result,
        extras.prices(arrays, table.value, problem, result),
        names,
        {iid: float(s) for iid, s in zip(arrays.ids, shares, strict=True)},
        k,
    )
    extra_rows = [[], *method_rows(arrays), [], *present_value_rows(arrays, result.chosen)]
    for block in (optimism_bias_rows(arrays, result.chosen), benefit_rows(arrays, result.chosen)):
        extra_rows += [[], *block] if block else []
    portfolio = dataclasses.replace(portfolio, rows=[*portfolio.rows, *extra_rows])
    scales = sorted({*(float(s) for s in frontier_scales), 1.0})
    frontier = efficient_frontier(
        arrays, table.value, problem, scales, time_limit=time_limit, model=model
    )
    blocks = [
        _matrix_block(arrays, quads, cuts),
        _frontier_block(frontier),
        *_metric_blocks(workbook),
    ]
    owned = [scores, portfolio] + ([settings] if settings is not None else [])
    return SavePlan(owned=owned, chart_blocks=blocks, charts_classification=every)


def sheet_marking(workbook: Workbook, ids: Sequence[str]) -> str:
    """The highest classification of the workbook and of the initiatives ``ids``."""
    inits = workbook.initiatives
    return markings.highest(
        workbook.classification, (inits[i].classification for i in ids if i in inits)
    ).value


# --- the pieces ------------------------------------------------------------------------


def _scores_sheet(
    arrays: ScoreArrays,
    table: ScoreTable,
    result: PortfolioResult,
    quads: Sequence[str],
    names: Mapping[str, str],
    cls: str,
) -> SheetContent:
    """One row per initiative, in rank order (the order a board reads the list in)."""
    chosen = set(result.chosen)
    rows: list[list[object]] = []
    for i in sorted(range(arrays.n), key=lambda k: int(table.rank[k])):
        iid = arrays.ids[i]
        rows.append(
            [
                iid,
                names.get(iid, ""),
                round(float(arrays.near_term[i]), 4),
                round(float(arrays.long_term[i]), 4),
                round(float(table.overall[i]), 4),
                int(table.rank[i]),
                round(float(table.value_for_money[i]), 4),
                "In" if iid in chosen else "Out",
                quads[i],
                round(float(arrays.total_cost[i]), 4),
                round(float(arrays.pv_cost[i]), 4),
            ]
        )
    return SheetContent(
        "Scores",
        (
            "Initiative ID",
            "Initiative",
            "Near-term value",
            "Long-term value",
            "Overall value",
            "Rank",
            "Value for money",
            "Optimal portfolio",
            "Quadrant",
            "Total cost (£m)",
            "Present value of cost (£m)",
        ),
        rows,
        table="Scores",
        decimals=(2, 3, 4, 6, 9, 10),
        classification=cls,
        widths=[14, 44, 12, 12, 12, 8, 12, 12, 22, 12, 14],
        repeat_columns=2,
    )


def _portfolio_sheet(
    result: PortfolioResult,
    balance: float,
    names: Mapping[str, str],
    cls: str,
    pots: Sequence[list[object]] = (),
) -> SheetContent:
    rows: list[list[object]] = [["Base", balance, result.status, result.value, result.summary], []]
    rows.append(["Year", "Spend (£m)", "Envelope (£m)", "", ""])
    for y in sorted(set(result.spend) | set(result.envelope)):
        rows.append([y, result.spend.get(y), result.envelope.get(y), "", ""])
    rows += [[], ["Chosen initiatives", "", "", "", ""]]
    rows += [[iid, names.get(iid, ""), "", "", ""] for iid in result.chosen]
    rows += [[], ["Binding constraints", "", "", "", ""]]
    rows += [[b.constraint, b.message, "", "", ""] for b in result.binding]
    rows += [[key, "Not checked (out of time)", "", "", ""] for key in result.binding_unchecked]
    rows += [["Conflict", c.message, "", "", ""] for c in result.conflicts]
    rows += pots
    return SheetContent(
        "Portfolio",
        ("Scenario", "Balance", "Status", "Value", "Summary"),
        rows,
        widths=[22, 14, 14, 14, 80],
        classification=cls,
    )


def _matrix_block(arrays: ScoreArrays, quads: Sequence[str], cuts: CutLines) -> ChartBlock:
    costs = [float(c) for c in arrays.total_cost]
    points = [
        (arrays.ids[i], float(arrays.near_term[i]), float(arrays.long_term[i]), costs[i], quads[i])
        for i in range(arrays.n)
    ]
    return matrix_block(points, cuts, alt_text.matrix_alt(quads, costs, cuts))


def _frontier_block(points: Sequence[FrontierPoint]) -> ChartBlock:
    """Best value at each envelope level, the greedy order of buy's value beside it, and
    the current envelope (scale 1) as a marked point of its own."""
    if not points or not points[0].envelope:
        return ChartBlock(
            FRONTIER_TITLE,
            FRONTIER_HEADERS,
            [
                [
                    1.0,
                    None,
                    points[0].value if points else None,
                    points[0].greedy_value if points else None,
                    None,
                    "No envelope set: add budget:<year> settings or --budget to draw the frontier",
                ]
            ],
        )
    rows: list[list[object]] = [
        [
            p.scale,
            round(sum(p.envelope.values()), 4),
            p.value,
            p.greedy_value,
            p.left_by_greedy,
            p.status,
        ]
        for p in points
    ]
    current = next(k for k, p in enumerate(points) if p.scale == 1.0)
    series = [
        SeriesSpec("Optimal portfolio", 1, 2),
        SeriesSpec("Greedy order of buy", 1, 3),
        SeriesSpec("Current envelope", 1, 2, current, current),
    ]
    return ChartBlock(
        FRONTIER_TITLE,
        FRONTIER_HEADERS,
        rows,
        ChartSpec(
            "line",
            FRONTIER_TITLE,
            "Envelope, all years (£m)",
            "Portfolio value",
            series,
            description=alt_text.frontier_alt(
                [sum(p.envelope.values()) for p in points],
                [p.value for p in points],
                points[current].value,
            ),
        ),
    )


def _metric_blocks(workbook: Workbook) -> list[ChartBlock]:
    """Each metric with readings: actuals, forecast, planned trajectory and target, titled
    with its status (see :mod:`stocktake.reports.trajectory_rows`)."""
    blocks = []
    for t in judged(workbook).values():
        if not (t.actuals or t.forecasts):
            continue
        rows, note = thin_rows(chart_rows(t))
        alt = f"{trajectory_alt(t)} {note}" if note else trajectory_alt(t)
        block = metric_block(t.metric.id, t.metric.name, t.metric.unit, rows, alt)
        block.title = status_title(t)
        if block.chart is not None:
            block.chart.title = block.title
            if note:  # said on the chart itself, not only in its alt text
                block.chart.x_title = THINNED_AXIS
        blocks.append(block)
    if by_place := place_status_rows(workbook):  # a table only: a status is a word
        blocks.append(ChartBlock(PLACE_TITLE, PLACE_HEADERS, by_place))
    return blocks
