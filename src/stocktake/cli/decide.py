"""``stocktake decide FILE --initiative ID --decision D --rationale TEXT``: log a decision."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from stocktake.cli import EXIT_PROBLEMS
from stocktake.cli.init import run_save
from stocktake.cli.score import balance_arg


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "decide",
        help="append one decision to the workbook's Decisions log",
        description="Append one decision to the Decisions log (never edits earlier rows; "
        "a new decision on the same initiative supersedes the last one). Exit status: "
        "0 saved, 1 invalid input, 2 not written.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--initiative", required=True, help="Initiative ID, e.g. I-042")
    parser.add_argument(
        "--decision", required=True, help="Prioritise, Scale, Continue, Test, Pause or Stop"
    )
    parser.add_argument("--rationale", required=True, help="why (required for Pause and Stop)")
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
    parser.set_defaults(run=run)


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"review date {text!r} is not YYYY-MM-DD or DD/MM/YYYY")


def run(args: argparse.Namespace) -> int:
    from stocktake.excel.reader import read_workbook
    from stocktake.excel.safety import WorkbookRefused
    from stocktake.excel.writer import FileStamp, append_decisions
    from stocktake.model import Decision, DecisionKind, next_decision_id

    kind = DecisionKind.parse(args.decision)
    if kind is None:
        print(
            f"stocktake: {args.decision!r} is not a decision; use one of "
            f"{', '.join(DecisionKind.choices())}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if kind.needs_rationale and not args.rationale.strip():
        print(f"stocktake: a {kind.value} decision needs a rationale", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        review = _date(args.review_date)
    except ValueError as exc:
        print(f"stocktake: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        stamp = FileStamp.of(args.file)
        wb = read_workbook(args.file)
    except (WorkbookRefused, OSError) as exc:
        print(f"stocktake: not saved: {exc}", file=sys.stderr)
        return 2
    if wb.initiatives and args.initiative not in wb.initiatives:
        print(f"stocktake: no initiative {args.initiative!r} in {args.file.name}", file=sys.stderr)
        return EXIT_PROBLEMS
    previous = wb.latest_decisions().get(args.initiative)
    balance = args.balance
    if balance is None:
        from stocktake.excel.values import ValueProblem, parse_number

        try:
            balance = parse_number(wb.settings.get("balance", ""))
        except ValueProblem:
            balance = None
        if balance is not None and not 0.0 <= balance <= 1.0:
            balance = None
    decision = Decision(
        decision_id=next_decision_id(wb.decisions),
        initiative_id=args.initiative,
        decision=kind,
        rationale=args.rationale,
        owner=args.owner,
        review_date=review,
        meeting=args.meeting,
        decided_at=dt.datetime.now().replace(microsecond=0),
        decided_by=args.by if args.by is not None else getpass.getuser(),
        balance=balance,
        supersedes=previous.decision_id if previous else "",
    )
    return run_save(
        lambda: append_decisions(
            args.file, [decision], expected=stamp, classification=wb.classification.value
        ),
        lambda _r: (
            f"{args.file.name}: logged {decision.decision_id} ({kind.value} {args.initiative})"
        ),
    )
