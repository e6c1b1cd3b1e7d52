"""``stocktake save-analysis FILE``: write Scores, Portfolio, Charts and settings.

The content is composed by the application layer's save, the same the desktop app runs,
so both save the same sheets and charts; this command only gathers the options (which
override the workbook's saved settings) and saves in one atomic pass.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from stocktake.app import errors
from stocktake.cli.common import fail, print_save
from stocktake.cli.optimise import budget_arg
from stocktake.cli.score import balance_arg


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
        type=balance_arg,
        default=None,
        help="weight of near-term milestone value, 0-1 (default: setting or 0.5)",
    )
    parser.add_argument(
        "--budget",
        type=budget_arg,
        action="append",
        default=[],
        metavar="YEAR=AMOUNT",
        help="funding envelope for a financial year in £m, e.g. 2025-26=120",
    )
    parser.set_defaults(run=run, writes=True)


def run(args: argparse.Namespace) -> int:
    from stocktake.app.usecases import save_analysis

    try:
        doc, report = save_analysis(args.file, balance=args.balance, budgets=dict(args.budget))
    except errors.AppError as exc:
        return fail(args, exc)
    for problem in doc.workbook.problems:
        if problem.sheet == doc.roles.settings:
            print(f"note: {problem}")
    return print_save(report, f"{args.file.name}: wrote Scores, Portfolio, Charts and settings")
