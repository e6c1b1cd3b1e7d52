"""``stocktake save-analysis FILE``: write Scores, Portfolio, Charts and settings.

The engine computes; this command turns its results into plain rows and chart specs
for the writer (which never imports the engine), then saves them in one atomic pass.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stocktake.cli import EXIT_PROBLEMS, EXIT_UNREADABLE
from stocktake.cli.init import run_save


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "save-analysis", help="write Scores, Portfolio, Charts and settings into the workbook",
        description="Score the initiatives, choose the best portfolio within the budgets and "
        "write the Scores, Portfolio, Charts and Stocktake settings sheets (replacing earlier "
        "ones). Exit status: 0 saved, 1 invalid input, 2 unreadable or not written.")
    parser.add_argument("file", type=Path)
    parser.add_argument("--balance", type=float, default=None,
                        help="weight of near-term milestone value, 0-1 (default: setting or 0.5)")
    parser.add_argument("--budget", action="append", default=[], metavar="YEAR=AMOUNT",
                        help="funding envelope for a financial year in £m, e.g. 2025-26=120")
    parser.set_defaults(run=run)


def _budgets(items: Sequence[str], settings: dict[str, str]) -> dict[str, float]:
    out = {k.split(":", 1)[1]: float(v) for k, v in settings.items()
           if k.startswith("budget:") and _is_number(v)}
    for item in items:
        year, sep, amount = item.partition("=")
        if not sep:
            raise ValueError(f"--budget {item!r} is not YEAR=AMOUNT")
        out[year.strip()] = float(amount)
    return out


def _is_number(v: object) -> bool:
    try:
        float(str(v))
    except ValueError:
        return False
    return True


def analysis_plan(wb: Any, balance: float, budgets: dict[str, float]
                  ) -> tuple[list[Any], list[Any]]:
    """Scores, Portfolio and settings sheets plus chart blocks, from the engine's results."""
    from stocktake.engine.arrays import arrays_from_workbook
    from stocktake.engine.matrix import QUADRANT_ORDER, quadrants
    from stocktake.engine.portfolio import optimise
    from stocktake.engine.problem import PortfolioProblem
    from stocktake.engine.scoring import score
    from stocktake.excel.writer import (
        ChartBlock,
        ChartSpec,
        SeriesSpec,
        SheetContent,
        settings_sheet,
    )

    cls = wb.classification.value
    arrays = arrays_from_workbook(wb)
    table = score(arrays, balance)
    result = optimise(arrays, table.value, PortfolioProblem(budgets=budgets))
    quads = quadrants(arrays)
    chosen = set(result.chosen)
    names = {i.id: i.name for i in wb.initiatives.values()}
    score_rows = []
    for i, iid in enumerate(arrays.ids):
        score_rows.append([
            iid, names.get(iid, ""), round(float(arrays.near_term[i]), 4),
            round(float(arrays.long_term[i]), 4), round(float(table.overall[i]), 4),
            int(table.rank[i]), round(float(table.value_for_money[i]), 4),
            "In" if iid in chosen else "Out", quads[i].value])
    score_rows.sort(key=lambda r: r[5])
    scores = SheetContent(
        "Scores", ("Initiative ID", "Initiative", "Near-term value", "Long-term value",
                   "Overall value", "Rank", "Value for money", "Optimal portfolio",
                   "Quadrant"),
        score_rows, table="Scores", decimals=(2, 3, 4, 6), classification=cls)
    years = sorted(set(result.spend) | set(result.envelope))
    port_rows: list[list[object]] = [["Base", balance, result.status, result.value, result.summary]]
    port_rows.append([])
    port_rows.append(["Year", "Spend (£m)", "Envelope (£m)", "", ""])
    for y in years:
        port_rows.append([y, result.spend.get(y), result.envelope.get(y), "", ""])
    port_rows.append([])
    port_rows.append(["Chosen initiatives", "", "", "", ""])
    port_rows.extend([[iid, names.get(iid, ""), "", "", ""] for iid in result.chosen])
    port_rows.append([])
    port_rows.append(["Binding constraints", "", "", "", ""])
    port_rows.extend([[b.constraint, b.message, "", "", ""] for b in result.binding])
    port_rows.extend([["Conflict", c.message, "", "", ""] for c in result.conflicts])
    portfolio = SheetContent("Portfolio", ("Scenario", "Balance", "Status", "Value", "Summary"),
                             port_rows, widths=[22, 14, 14, 14, 80], classification=cls)
    settings: dict[str, object] = {
        k: float(v) if _is_number(v) else v for k, v in wb.settings.items()}
    settings["balance"] = balance
    for y, amount in budgets.items():
        settings[f"budget:{y}"] = amount
    settings.setdefault("classification", cls)
    # Matrix block: rows grouped by quadrant so each quadrant is one coloured series.
    by_quad = sorted(score_rows, key=lambda r: QUADRANT_ORDER.index(
        next(q for q in QUADRANT_ORDER if q.value == r[8])))
    matrix_rows = [[r[0], r[2], r[3], max(float(arrays.total_cost[arrays.ids.index(r[0])]), 0.1),
                    r[8]] for r in by_quad]
    series = []
    for q in QUADRANT_ORDER:
        idx = [k for k, r in enumerate(matrix_rows) if r[4] == q.value]
        if idx:
            series.append(SeriesSpec(q.value, 1, 2, idx[0], idx[-1]))
    blocks = [ChartBlock(
        "Ruthless-choice matrix", ("Initiative ID", "Near-term value", "Long-term value",
                                   "Total cost (£m)", "Quadrant"), matrix_rows,
        ChartSpec("scatter", "Ruthless-choice matrix", "Near-term (milestone) value",
                  "Long-term (ambition) value", series))]
    for metric in wb.metrics.values():
        readings = sorted((r for r in wb.readings if r.metric_id == metric.id),
                          key=lambda r: (r.kind.value, r.date))
        if not readings:
            continue
        rows = [[r.date, r.value, r.kind.value] for r in readings]
        s = []
        for kind in ("Actual", "Forecast", "Trajectory"):
            idx = [k for k, r in enumerate(rows) if r[2] == kind]
            if idx:
                s.append(SeriesSpec(kind, 0, 1, idx[0], idx[-1]))
        blocks.append(ChartBlock(f"{metric.id}: {metric.name}", ("Date", "Value", "Kind"), rows,
                                 ChartSpec("line", metric.name, "Date", metric.unit, s)))
    return [scores, portfolio, settings_sheet(settings, cls)], blocks


def run(args: argparse.Namespace) -> int:
    from stocktake.excel.reader import read_workbook
    from stocktake.excel.safety import WorkbookRefused
    from stocktake.excel.writer import FileStamp, write_analysis

    try:
        stamp = FileStamp.of(args.file)
        wb = read_workbook(args.file)
    except (WorkbookRefused, OSError) as exc:
        print(f"stocktake: not saved: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        balance = args.balance if args.balance is not None else float(
            wb.settings.get("balance", 0.5))
        budgets = _budgets(args.budget, wb.settings)
        if not 0.0 <= balance <= 1.0:
            raise ValueError(f"the balance must be between 0 and 1, not {balance}")
        sheets, blocks = analysis_plan(wb, balance, budgets)
    except ValueError as exc:
        print(f"stocktake: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    return run_save(
        lambda: write_analysis(args.file, sheets, blocks, expected=stamp,
                               classification=wb.classification.value),
        lambda r: f"{args.file.name}: wrote Scores, Portfolio, Charts and settings")
