"""``stocktake metrics FILE [--mission M] [--place P] [--json]``: every metric against
its trajectory, for the whole UK or for one nation or region.

Each metric: the latest actual, the planned trajectory's value on that date, the
target, the status (*on track*, *at risk*, *off track* or *not enough data*) and the
reason in words; the rule is in ``docs/delivery.md``. Without ``--place`` a metric with
readings by place lists each place's judgement too (``by_place``). Problems (bad
settings, workbook errors) go to stderr, so ``--json`` prints exactly one JSON object.
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
    parser.add_argument(
        "--place",
        metavar="P",
        help="judge each metric on its readings for this nation or region (e.g. Wales)",
    )
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
    from stocktake.app.delivery import delivery, find_place, metric_row, place_rows, sight_in

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
    place = None
    if args.place is not None:
        place = find_place(result, args.place)
        if place is None:
            known = ", ".join(result.places) or "none"
            return fail(
                args,
                errors.InvalidInput(
                    f"'{args.place}' is not a UK nation or region, nor a place the workbook's "
                    f"readings name (places with readings: {known})."
                ),
            )
    warn(list(result.problems), len(wb.errors))
    if place is None:
        rows = [metric_row(t, wb, result.sight) for t in result.for_mission(args.mission)]
        for r in rows:
            if by_place := place_rows(result, r["metric_id"]):
                r["by_place"] = by_place
    else:
        sight = sight_in(result, wb, place)
        rows = [metric_row(t, wb, sight) for t in result.for_place(place, args.mission)]
    if args.json:
        print(dumps({"mission": args.mission, "place": place, "metrics": rows}))
    else:
        print_rows(rows, place)
    return EXIT_PROBLEMS if wb.errors else EXIT_OK


def print_rows(rows: list[dict[str, Any]], place: str | None) -> None:
    """The metrics as lines a person reads: status in words, then why."""
    if place is not None:
        print(f"Place: {place} (each metric judged on its readings for {place})")
    for r in rows:
        print(f"{r['metric_id']}  [{r['status']}]  {r['metric']}")
        print(f"    {r['reason']}")
        if r.get("line_of_sight"):
            print(f"    Line of sight: {r['line_of_sight']}")
        for p in r.get("by_place", ()):
            print(f"    By place: {p['place']} [{p['status']}]: {p['reason']}")
    if not rows:
        print("No metrics.")
