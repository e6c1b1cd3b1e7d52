"""``stocktake review-copy MASTER --for NAME [--out DIR]``: a copy for one reviewer."""

from __future__ import annotations

import argparse
from pathlib import Path

from stocktake.app import errors
from stocktake.cli.common import dumps, fail, open_document


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "review-copy",
        help="make a review copy of the workbook for one reviewer",
        description="Write a copy of the workbook for a reviewer to work on offline, in "
        "Stocktake or in Excel: it records the master's identity, a digest of its values, "
        "the reviewer and the date, and has a Review sheet for proposals, comments and "
        "private scores. The first copy gives the master an identity (one settings row). "
        "Exit status: 0 written, 1 invalid input, 2 not written.",
    )
    parser.add_argument("file", type=Path, help="the master workbook")
    parser.add_argument("--for", dest="reviewer", required=True, help="the reviewer's name")
    parser.add_argument("--out", type=Path, default=None, help="folder for the copy")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run, writes=True)


def run(args: argparse.Namespace) -> int:
    from stocktake.app.review import make_copy

    doc = open_document(args)
    if isinstance(doc, int):
        return doc
    try:
        target, report = make_copy(doc, args.reviewer, args.out)
    except errors.AppError as exc:
        return fail(args, exc)
    if args.json:
        print(dumps({"copy": str(target), "reviewer": args.reviewer, "notes": report.notes}))
    else:
        print(f"{args.file.name}: review copy for {args.reviewer.strip()} written as {target}")
        for note in report.notes:
            print(f"note: {note}")
    return 0
