"""``stocktake save-analysis FILE``: write Scores, Portfolio, Charts and settings.

The content is composed by the application layer's save, the same the desktop app runs,
so both save the same sheets and charts; this command only gathers the options (which
override the workbook's saved settings) and saves in one atomic pass.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from stocktake.app import errors
from stocktake.cli.common import fail, print_save
from stocktake.cli.optimise import budget_arg
from stocktake.cli.score import balance_arg

if TYPE_CHECKING:
    from stocktake.app.document import SaveReport


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
    return print_save(report, _headline(args.file.name, report))


def _headline(name: str, report: SaveReport) -> str:
    """What the save wrote, as it was: an empty workbook (no criteria or initiatives yet)
    gets its settings but no Scores, Portfolio or Charts, and must not be told otherwise."""
    written = [*report.replaced_sheets, *report.added_sheets]
    if report.written_cells and not any("settings" in s.lower() for s in written):
        written.append("settings")
    if not any(s.startswith("Scores") for s in written):
        return (
            f"{name}: wrote {' and '.join(written) or 'nothing'}; Scores, Portfolio and "
            "Charts need criteria and initiatives, and the workbook has none yet"
        )
    return f"{name}: wrote {', '.join(written)}"
