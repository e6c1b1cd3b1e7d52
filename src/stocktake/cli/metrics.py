"""``stocktake metrics FILE [--mission M] [--json]``: every metric against its trajectory.

Each metric: the latest actual, the planned trajectory's value on that date, the
target, the status (*on track*, *at risk*, *off track* or *not enough data*) and the
reason in words; the rule is in ``docs/delivery.md``. Problems (bad settings, workbook
errors) go to stderr, so ``--json`` prints exactly one JSON object.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from stocktake.app import errors
from stocktake.cli import EXIT_OK, EXIT_PROBLEMS
from stocktake.cli.common import dumps, fail, open_document


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "metrics",
        help="each metric against its trajectory: on track, at risk or off track, and why",
        description="Judge every metric against its planned trajectory (baseline to target, "
        "or the workbook's trajectory readings): the gap now and the trend projected to the "
        "target date. Exit status: 0 fine, 1 the workbook has errors or the mission is "
        "unknown, 2 unreadable or refused.",
    )
    parser.add_argument("file", type=Path, help="the workbook (.xlsx or .xlsm)")
    parser.add_argument("--mission", metavar="M", help="only this mission's metrics (its ID)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def warn(doc_problems: list[Any], has_errors: int) -> None:
    for p in doc_problems:
        print(f"warning: {p}", file=sys.stderr)
    if has_errors:
        print(
            f"stocktake: the workbook has {has_errors} error(s); rows with errors are left "
            "out. Run `stocktake check` to see them.",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    from stocktake.app.delivery import delivery, metric_row

    doc = open_document(args)
    if isinstance(doc, int):
        return doc
    wb = doc.workbook
    if args.mission is not None and args.mission not in wb.missions:
        known = ", ".join(wb.missions) or "none"
        return fail(
            args, errors.InvalidInput(f"no mission '{args.mission}' in the workbook ({known}).")
        )
    result = delivery(wb)
    warn(list(result.problems), len(wb.errors))
    rows = [metric_row(t, wb, result.sight) for t in result.for_mission(args.mission)]
    if args.json:
        print(dumps({"mission": args.mission, "metrics": rows}))
    else:
        for r in rows:
            print(f"{r['metric_id']}  [{r['status']}]  {r['metric']}")
            print(f"    {r['reason']}")
            if r.get("line_of_sight"):
                print(f"    Line of sight: {r['line_of_sight']}")
        if not rows:
            print("No metrics.")
    return EXIT_PROBLEMS if wb.errors else EXIT_OK
