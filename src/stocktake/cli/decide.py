"""``stocktake decide FILE --initiative ID --decision D [--rationale TEXT]``: log a decision."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from stocktake.app import errors
from stocktake.cli.common import fail, print_save
from stocktake.cli.score import balance_arg


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "decide",
        help="append one decision to the workbook's decision log",
        description="Append one decision to the workbook's decision log (whatever its sheet "
        "is called; never edits earlier rows: a new decision on the same initiative "
        "supersedes the last one). Exit status: 0 saved, 1 invalid input, 2 not written.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--initiative", required=True, help="Initiative ID, e.g. I-042")
    parser.add_argument(
        "--decision", required=True, help="Prioritise, Scale, Continue, Test, Pause or Stop"
    )
    parser.add_argument("--rationale", default="", help="why (required for Pause and Stop)")
    parser.add_argument("--owner", default="")
    parser.add_argument("--review-date", default=None, help="YYYY-MM-DD or DD/MM/YYYY")
    parser.add_argument("--meeting", default="")
    parser.add_argument("--by", default=None, help="who decided (default: your user name)")
    parser.add_argument(
        "--balance",
        type=balance_arg,
        default=None,
        help="the balance at the time (default: the workbook's setting)",
    )
    parser.add_argument(
        "--dissent",
        action="append",
        default=[],
        metavar='"NAME: WORDS"',
        help="who disagreed, in their words (repeat for each person), e.g. "
        '--dissent "A. Khan: the evidence is too thin"',
    )
    parser.set_defaults(run=run, writes=True)


def run(args: argparse.Namespace) -> int:
    from stocktake.app.usecases import decide, parse_date

    try:
        decision, report, name = decide(
            args.file,
            args.initiative,
            args.decision,
            rationale=args.rationale,
            owner=args.owner,
            review_date=parse_date(args.review_date),
            meeting=args.meeting,
            decided_by=args.by if args.by is not None else getpass.getuser(),
            balance=args.balance,
            dissent="\n".join(args.dissent),
        )
    except errors.AppError as exc:
        return fail(args, exc)
    return print_save(
        report,
        f"{args.file.name}: recorded {decision.decision_id}: {decision.decision.value} "
        f"{decision.initiative_id} {name}"
        + (f" (supersedes {decision.supersedes})" if decision.supersedes else ""),
    )
