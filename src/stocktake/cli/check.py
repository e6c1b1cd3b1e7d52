"""``stocktake check FILE``: every problem in a workbook, by sheet and cell."""

from __future__ import annotations

import argparse
from pathlib import Path

from stocktake.cli import EXIT_OK, EXIT_PROBLEMS
from stocktake.cli.common import dumps, open_document


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
        for problem in wb.problems:
            print(problem)
        counts = ", ".join(f"{n} {k}" for k, n in wb.counts().items())
        print(f"{args.file.name}: {counts}; {errors} error(s), {len(wb.warnings)} warning(s).")
    return EXIT_PROBLEMS if errors else EXIT_OK
