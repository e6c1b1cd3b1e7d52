"""``stocktake check FILE``: every problem in a workbook, by sheet and cell."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

from stocktake.cli import EXIT_OK, EXIT_PROBLEMS
from stocktake.cli.common import dumps, open_document
from stocktake.model import Initiative, Problem, Workbook


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check",
        help="read a stock-take workbook and report its problems by sheet and cell",
        description="Read a stock-take workbook and report every problem by sheet and cell. "
        "Exit status: 0 no errors, 1 errors found, 2 unreadable or refused.",
    )
    parser.add_argument("file", type=Path, help="the workbook (.xlsx or .xlsm)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    doc = open_document(args)
    if isinstance(doc, int):
        return doc
    wb = doc.workbook
    errors = len(wb.errors)
    if args.json:
        print(dumps({"counts": wb.counts(), "problems": [p.as_dict() for p in wb.problems]}))
    else:
        by_row = {init.row: init for init in wb.initiatives.values() if init.row}
        for problem in wb.problems:
            print(f"{problem}{whose(problem, wb, by_row)}")
        counts = ", ".join(f"{n} {k}" for k, n in wb.counts().items())
        print(f"{args.file.name}: {counts}; {errors} error(s), {len(wb.warnings)} warning(s).")
    return EXIT_PROBLEMS if errors else EXIT_OK


def whose(problem: Problem, wb: Workbook, by_row: Mapping[int, Initiative]) -> str:
    """' (I-042 Knife crime coordinators…)' for a problem in an initiative's row that was
    read, so a person knows which initiative without opening the sheet; else ''."""
    layout = wb.layouts.get("initiatives")
    digits = "".join(ch for ch in problem.cell if ch.isdigit())
    if layout is None or problem.sheet != layout.sheet or not digits:
        return ""
    init = by_row.get(int(digits))
    return "" if init is None else f" ({init.id} {init.name})"
