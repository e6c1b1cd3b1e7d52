"""``stocktake init FILE``: add the stock-take template sheets, or create a new workbook."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from stocktake.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "init",
        help="add the stock-take template sheets to a workbook (or create one)",
        description="Add the stock-take template sheets (headers, Excel tables, drop-down "
        "lists) that FILE lacks; create FILE if it does not exist. Nothing already in the "
        "workbook changes. Exit status: 0 done, 2 not written.",
    )
    parser.add_argument("file", type=Path, help="the workbook (.xlsx or .xlsm)")
    parser.add_argument(
        "--classification",
        default="OFFICIAL",
        choices=["OFFICIAL", "OFFICIAL-SENSITIVE"],
        help="protective marking for a new workbook's pages",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from stocktake.excel.writer import init_workbook

    def describe(report: object) -> str:
        added = getattr(report, "added_sheets", [])
        kept = getattr(report, "kept_sheets", [])
        text = f"{args.file.name}: added {', '.join(added) or 'no sheets'}"
        return text + (f"; already there: {', '.join(kept)}" if kept else "")

    return run_save(lambda: init_workbook(args.file, args.classification), describe)


def run_save(  # shared by decide and save-analysis
    action: Callable[[], object], describe: Callable[[object], str]
) -> int:
    """Run a save; print what it did, or why it did not, without a traceback."""
    from stocktake.excel.writer import SaveReport, WriteError

    try:
        report = action()
    except WriteError as exc:
        print(f"stocktake: not saved: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except ValueError as exc:
        print(f"stocktake: not saved: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(describe(report))
    if isinstance(report, SaveReport):
        for note in report.notes:
            print(f"note: {note}")
        for skipped in report.skipped_cells:
            print(f"not written: {skipped}")
        if report.backup:
            print(report.backup_note)
        if report.skipped_cells:
            return EXIT_PROBLEMS
    return EXIT_OK
