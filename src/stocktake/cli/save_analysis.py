"""``stocktake save-analysis FILE``: write Scores, Portfolio, Charts and settings.

The content is composed by :func:`stocktake.reports.analysis_plan`, the same function
the desktop app calls, so both save the same sheets and charts; this command only
gathers the inputs (the workbook's settings, overridden by the options) and saves the
plan in one atomic pass.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from stocktake.cli import EXIT_PROBLEMS, EXIT_UNREADABLE
from stocktake.cli.init import run_save


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "save-analysis",
        help="write Scores, Portfolio, Charts and settings into the workbook",
        description="Score the initiatives, choose the best portfolio within the budgets, "
        "draw the matrix, the efficient frontier and the metrics, and write the Scores, "
        "Portfolio, Charts and Stocktake settings sheets (replacing earlier ones; saved "
        "scenarios and forced items are kept). Exit status: 0 saved, 1 invalid input, "
        "2 unreadable or not written.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--balance",
        type=float,
        default=None,
        help="weight of near-term milestone value, 0-1 (default: setting or 0.5)",
    )
    parser.add_argument(
        "--budget",
        action="append",
        default=[],
        metavar="YEAR=AMOUNT",
        help="funding envelope for a financial year in £m, e.g. 2025-26=120",
    )
    parser.set_defaults(run=run)


def _budgets(items: Sequence[str]) -> dict[str, float]:
    out = {}
    for item in items:
        year, sep, amount = item.partition("=")
        if not sep:
            raise ValueError(f"--budget {item!r} is not YEAR=AMOUNT")
        try:
            out[year.strip()] = float(amount)
        except ValueError:
            raise ValueError(f"--budget {item!r}: {amount!r} is not an amount in £m") from None
    return out


def run(args: argparse.Namespace) -> int:
    from stocktake.engine import scenarios_from_settings
    from stocktake.excel.reader import read_workbook
    from stocktake.excel.safety import WorkbookRefused
    from stocktake.excel.writer import FileStamp, save
    from stocktake.reports import analysis_plan, problem_from_settings

    try:
        stamp = FileStamp.of(args.file)
        wb = read_workbook(args.file)
    except (WorkbookRefused, OSError) as exc:
        print(f"stocktake: not saved: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    scenarios, unreadable = scenarios_from_settings(wb.settings)
    for message in unreadable:
        print(f"note: {message} (kept as it is)", file=sys.stderr)
    try:
        balance = (
            args.balance if args.balance is not None else float(wb.settings.get("balance", 0.5))
        )
        if not 0.0 <= balance <= 1.0:
            raise ValueError(f"the balance must be between 0 and 1, not {balance}")
        problem = problem_from_settings(wb, _budgets(args.budget))
        plan = analysis_plan(wb, balance=balance, problem=problem, scenarios=scenarios)
    except ValueError as exc:
        print(f"stocktake: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    return run_save(
        lambda: save(args.file, plan, expected=stamp, classification=wb.classification.value),
        lambda r: f"{args.file.name}: wrote Scores, Portfolio, Charts and settings",
    )
