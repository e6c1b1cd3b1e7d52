"""``stocktake init FILE``: add the stock-take template sheets, or create a new workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from stocktake.app import errors
from stocktake.cli.common import fail, print_save


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "init",
        help="add the stock-take template sheets to a workbook (or create one)",
        description="Add the stock-take template sheets (headers, Excel tables, drop-down "
        "lists) that FILE lacks - none that Stocktake already finds under another name; "
        "create FILE if it does not exist. Nothing already in the workbook changes. "
        "Exit status: 0 done, 2 not written.",
    )
    parser.add_argument("file", type=Path, help="the workbook (.xlsx or .xlsm)")
    parser.add_argument(
        "--classification",
        default="OFFICIAL",
        choices=["OFFICIAL", "OFFICIAL-SENSITIVE"],
        help="protective marking for a new workbook's pages",
    )
    parser.set_defaults(run=run, writes=True)


def run(args: argparse.Namespace) -> int:
    from stocktake.app.usecases import init

    try:
        report, present = init(args.file, args.classification)
    except errors.AppError as exc:
        return fail(args, exc)
    text = f"{args.file.name}: added {', '.join(report.added_sheets) or 'no sheets'}"
    kept = [name if name == found else f"{name} (as {found!r})" for name, found in present.items()]
    kept += [s for s in report.kept_sheets if s not in present.values()]
    if kept:
        text += f"; already there: {', '.join(kept)}"
    return print_save(report, text)
