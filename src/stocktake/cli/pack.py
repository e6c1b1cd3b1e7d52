"""``stocktake pack FILE [--out DIR] [--public] [--json]``: the board pack.

Writes a new workbook and a tagged PDF (and, with ``--public``, a manifest of what was
withheld) into ``--out`` (default: the workbook's own folder); the workbook itself is
only read. Prints where every file went.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from stocktake.app import errors
from stocktake.cli.common import dumps, fail, open_document


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "pack",
        help="write a board pack: a workbook and an accessible PDF",
        description="Write the mission board pack (cover, summary, matrix, portfolio and "
        "frontier, robustness, metrics, decision log, method) as a new workbook and a "
        "tagged PDF, each page marked with the highest classification it shows. "
        "--public withholds everything OFFICIAL-SENSITIVE and writes a manifest of what "
        "was withheld. Exit status: 0 written, 1 invalid input, 2 unreadable or not written.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--out", type=Path, default=None, help="folder for the pack files")
    parser.add_argument("--public", action="store_true", help="withhold OFFICIAL-SENSITIVE items")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run, writes=True)


def run(args: argparse.Namespace) -> int:
    from stocktake.app.pack import export_pack

    doc = open_document(args)
    if isinstance(doc, int):
        return doc
    out = args.out if args.out is not None else args.file.resolve().parent
    try:
        files = export_pack(doc, out, public=args.public)
    except errors.AppError as exc:
        return fail(args, exc)
    if args.json:
        print(
            dumps(
                {
                    "workbook": str(files.workbook),
                    "pdf": str(files.pdf),
                    "manifest": str(files.manifest) if files.manifest else None,
                    "classification": files.classification,
                    "withheld": files.withheld,
                }
            )
        )
        return 0
    print(f"{args.file.name}: board pack written ({files.classification})")
    for path in files.all:
        print(f"  {path}")
    if args.public:
        print(f"{files.withheld} items withheld; the manifest lists each one")
    return 0
