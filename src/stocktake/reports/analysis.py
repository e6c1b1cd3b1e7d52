"""The analysis a save writes: Scores, Portfolio, the Charts blocks and the settings.

One pure function, :func:`analysis_plan`, turns a workbook and the engine inputs (balance,
the portfolio problem with its envelopes and forced items, the scenarios) into a
:class:`~stocktake.excel.writer.SavePlan`. The command line (``stocktake save-analysis``)
and the desktop app both call it, so a file saved from either holds the same sheets and
the same charts. It computes (the solves can take seconds on long lists, so the app
runs it on a worker thread) but reads and writes no file.

The settings it writes are the ones the app and the command line read back:
``balance``, ``budget:<FY>``, ``force_in:<ID>``/``force_out:<ID>`` (the reason as the
value) and ``scenario:<name>`` (the scenario's JSON; the engine's
``scenarios_from_settings`` reads them back).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from stocktake.engine.arrays import ScoreArrays, arrays_from_workbook
from stocktake.engine.frontier import DEFAULT_SCALES, FrontierPoint, efficient_frontier
from stocktake.engine.matrix import (
    QUADRANT_ORDER,
    CutLines,
    cut_lines_from_settings,
    cut_settings,
    quadrants,
)
from stocktake.engine.portfolio import DEFAULT_TIME_LIMIT, PortfolioResult, optimise
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scenarios import SETTING_PREFIX, Scenario
from stocktake.engine.scoring import ScoreTable, score
from stocktake.excel.writer import (
    ChartBlock,
    ChartSpec,
    SavePlan,
    SeriesSpec,
    SheetContent,
    settings_sheet,
)
from stocktake.model import Workbook

BUDGET_PREFIX = "budget:"
FORCE_IN_PREFIX = "force_in:"
FORCE_OUT_PREFIX = "force_out:"
FRONTIER_TITLE = "Efficient frontier"
FRONTIER_HEADERS = (
    "Envelope scale",
    "Envelope (£m)",
    "Optimal value",
    "Greedy value (order of buy)",
    "Left by greedy",
    "Status",
)
_OWNED_PREFIXES = (BUDGET_PREFIX, FORCE_IN_PREFIX, FORCE_OUT_PREFIX)


def analysis_plan(
    workbook: Workbook,
    *,
    balance: float,
    problem: PortfolioProblem,
    scenarios: Sequence[Scenario] = (),
    risk_adjusted: bool = False,
    frontier_scales: Sequence[float] = DEFAULT_SCALES,
    time_limit: float = DEFAULT_TIME_LIMIT,
    cuts: CutLines | None = None,
) -> SavePlan:
    """Everything ``save-analysis`` writes, for :func:`stocktake.excel.writer.save`.

    ``problem`` carries the envelopes (``budgets``) and the forced items; ``scenarios``
    is the complete set to keep in the settings (saved ones the caller did not pass are
    dropped, except entries no scenario could be read from, which are kept as they are
    so nothing typed by a person is lost). The efficient frontier scales every envelope
    by ``frontier_scales`` (1.0, the current envelope, is always included and marked).
    ``cuts`` are the matrix's cut lines (default: those saved in the workbook, else
    50/50); they decide each initiative's quadrant and are saved with the settings.
    Raises ValueError for a balance outside 0-1 or an unknown forced initiative.
    """
    cls = workbook.classification.value
    cuts = cuts if cuts is not None else cut_lines_from_settings(workbook.settings)
    arrays = arrays_from_workbook(workbook)
    unknown = [i for i in (*problem.force_in, *problem.force_out) if i not in arrays.ids]
    if unknown:
        raise ValueError(
            f"no initiative with ID {', '.join(map(repr, unknown))} to force in or out"
        )
    table = score(arrays, balance, risk_adjusted)
    result = optimise(arrays, table.value, problem, time_limit=time_limit)
    names = {i.id: i.name for i in workbook.initiatives.values()}
    quads = [q.value for q in quadrants(arrays, cuts)]
    scores = _scores_sheet(arrays, table, result, quads, names, cls)
    portfolio = _portfolio_sheet(result, balance, names, cls)
    settings = settings_sheet(_settings(workbook, balance, problem, scenarios, cuts), cls)
    scales = sorted({*(float(s) for s in frontier_scales), 1.0})
    frontier = efficient_frontier(arrays, table.value, problem, scales, time_limit=time_limit)
    blocks = [_matrix_block(arrays, quads), _frontier_block(frontier), *_metric_blocks(workbook)]
    return SavePlan(owned=[scores, portfolio, settings], chart_blocks=blocks)


def problem_from_settings(
    workbook: Workbook, budgets: Mapping[str, float] | None = None
) -> PortfolioProblem:
    """The envelopes and forced items saved in the settings; ``budgets`` overrides years.

    Forced IDs are matched without regard to case (a key typed by hand may differ) and
    given back as the workbook spells them; a forced ID no longer in the workbook is
    left out. Unreadable envelopes raise ValueError (the user typed them).
    """
    ids = {i.lower(): i for i in workbook.initiatives}
    saved: dict[str, float] = {}
    forced: dict[str, dict[str, str]] = {FORCE_IN_PREFIX: {}, FORCE_OUT_PREFIX: {}}
    for key, text in workbook.settings.items():
        if key.startswith(BUDGET_PREFIX):
            try:
                saved[key[len(BUDGET_PREFIX) :]] = float(text)
            except ValueError:
                raise ValueError(f"the setting {key!r} is {text!r}, not an amount in £m") from None
        for prefix, out in forced.items():
            iid = ids.get(key[len(prefix) :].lower()) if key.startswith(prefix) else None
            if iid is not None:
                out[iid] = str(text)
    saved.update(budgets or {})
    return PortfolioProblem(
        budgets=saved, force_in=forced[FORCE_IN_PREFIX], force_out=forced[FORCE_OUT_PREFIX]
    )


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
        ),
        rows,
        table="Scores",
        decimals=(2, 3, 4, 6, 9),
        classification=cls,
    )


def _portfolio_sheet(
    result: PortfolioResult, balance: float, names: Mapping[str, str], cls: str
) -> SheetContent:
    rows: list[list[object]] = [["Base", balance, result.status, result.value, result.summary], []]
    rows.append(["Year", "Spend (£m)", "Envelope (£m)", "", ""])
    for y in sorted(set(result.spend) | set(result.envelope)):
        rows.append([y, result.spend.get(y), result.envelope.get(y), "", ""])
    rows += [[], ["Chosen initiatives", "", "", "", ""]]
    rows += [[iid, names.get(iid, ""), "", "", ""] for iid in result.chosen]
    rows += [[], ["Binding constraints", "", "", "", ""]]
    rows += [[b.constraint, b.message, "", "", ""] for b in result.binding]
    rows += [["Conflict", c.message, "", "", ""] for c in result.conflicts]
    return SheetContent(
        "Portfolio",
        ("Scenario", "Balance", "Status", "Value", "Summary"),
        rows,
        widths=[22, 14, 14, 14, 80],
        classification=cls,
    )


def _settings(
    workbook: Workbook,
    balance: float,
    problem: PortfolioProblem,
    scenarios: Sequence[Scenario],
    cuts: CutLines,
) -> dict[str, object]:
    """The workbook's own settings, with the ones this analysis used written over them."""
    out: dict[str, object] = {}
    for key, text in workbook.settings.items():
        if key.startswith(_OWNED_PREFIXES):
            continue
        if key.startswith(SETTING_PREFIX) and _readable_scenario(key, text):
            continue
        out[key] = _number_or_text(text)
    out["balance"] = balance
    out.update(cut_settings(cuts))
    out.setdefault("classification", workbook.classification.value)
    for year, amount in problem.budgets.items():
        out[BUDGET_PREFIX + year] = amount
    for iid, reason in problem.force_in.items():
        out[FORCE_IN_PREFIX + iid] = reason
    for iid, reason in problem.force_out.items():
        out[FORCE_OUT_PREFIX + iid] = reason
    for s in scenarios:
        out[s.setting_key] = s.to_json()
    return out


def _readable_scenario(key: str, text: str) -> bool:
    try:
        Scenario.from_json(key[len(SETTING_PREFIX) :], text)
    except (ValueError, TypeError, KeyError, IndexError):
        return False
    return True


def _number_or_text(text: str) -> object:
    try:
        return float(text)
    except ValueError:
        return text


def _matrix_block(arrays: ScoreArrays, quads: Sequence[str]) -> ChartBlock:
    """The ruthless-choice matrix: rows grouped by quadrant, one coloured series each."""
    order = {q.value: k for k, q in enumerate(QUADRANT_ORDER)}
    rows: list[list[object]] = [
        [
            arrays.ids[i],
            round(float(arrays.near_term[i]), 4),
            round(float(arrays.long_term[i]), 4),
            max(float(arrays.total_cost[i]), 0.1),
            quads[i],
        ]
        for i in sorted(range(arrays.n), key=lambda k: (order[quads[k]], k))
    ]
    series = []
    for q in QUADRANT_ORDER:
        idx = [k for k, r in enumerate(rows) if r[4] == q.value]
        if idx:
            series.append(SeriesSpec(q.value, 1, 2, idx[0], idx[-1]))
    return ChartBlock(
        "Ruthless-choice matrix",
        ("Initiative ID", "Near-term value", "Long-term value", "Total cost (£m)", "Quadrant"),
        rows,
        ChartSpec(
            "scatter",
            "Ruthless-choice matrix",
            "Near-term (milestone) value",
            "Long-term (ambition) value",
            series,
        ),
    )


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
        ChartSpec("line", FRONTIER_TITLE, "Envelope, all years (£m)", "Portfolio value", series),
    )


def _metric_blocks(workbook: Workbook) -> list[ChartBlock]:
    """Each metric's readings (actual, forecast, trajectory) over time."""
    blocks = []
    for metric in workbook.metrics.values():
        readings = sorted(
            (r for r in workbook.readings if r.metric_id == metric.id),
            key=lambda r: (r.kind.value, r.date),
        )
        if not readings:
            continue
        rows: list[list[object]] = [[r.date, r.value, r.kind.value] for r in readings]
        series = []
        for kind in ("Actual", "Forecast", "Trajectory"):
            idx = [k for k, r in enumerate(rows) if r[2] == kind]
            if idx:
                series.append(SeriesSpec(kind, 0, 1, idx[0], idx[-1]))
        blocks.append(
            ChartBlock(
                f"{metric.id}: {metric.name}",
                ("Date", "Value", "Kind"),
                rows,
                ChartSpec("line", metric.name, "Date", metric.unit, series),
            )
        )
    return blocks
