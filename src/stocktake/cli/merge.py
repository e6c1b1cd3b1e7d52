"""``stocktake merge MASTER COPY... [--dry-run] [--json] [--two-way]``: fold reviews back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from stocktake.app import errors
from stocktake.cli.common import dumps, fail


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "merge",
        help="merge review copies back into the master (three-way, by key)",
        description="Merge review copies into the master they were made from. Values a "
        "reviewer changed are applied where nobody else changed them; conflicts (two "
        "reviewers differ, or the master changed since) are listed, never resolved: "
        "choose in File > Merge review copies… Proposals, comments and private scores "
        "are collected on the Review sheet with the merge report. Exit status: 0 merged, "
        "1 conflicts listed or copies refused, 2 not written.",
    )
    parser.add_argument("file", type=Path, help="the master workbook")
    parser.add_argument("copies", type=Path, nargs="+", help="review copies")
    parser.add_argument("--dry-run", action="store_true", help="say what would happen")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--two-way",
        action="store_true",
        help="for copies whose base is missing: list every differing value, to choose",
    )
    parser.set_defaults(run=run, writes=True)


def _value(v: Any) -> str:
    return "blank" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def run(args: argparse.Namespace) -> int:
    from stocktake.app.merge import merge

    try:
        plan, report = merge(args.file, args.copies, dry_run=args.dry_run, two_way=args.two_way)
    except errors.AppError as exc:
        return fail(args, exc)
    status = 1 if plan.conflicts or plan.refused else 0
    if args.json:
        print(dumps({**plan.to_json(), "written": report is not None}))
        return status
    verb = "would apply" if args.dry_run else "applied"
    for item in plan.applied:
        who = ", ".join(w["reviewer"] for w, _ in item.proposals)
        print(f"{verb}: {item.label} {_value(item.base)} -> {_value(item.value)} (from {who})")
    for item in plan.conflicts:
        sides = "; ".join(f"{w['reviewer']} {_value(v)}" for w, v in item.proposals)
        print(
            f"conflict: {item.label}: base {_value(item.base)}, master {_value(item.master)}; "
            f"{sides} ({item.why})"
        )
    for _name, why in plan.refused:
        print(f"refused: {why}")
    for line in [*plan.already, *plan.problems]:
        print(f"note: {line}")
    c = plan.collected()
    print(
        f"collected: {c['proposals']} proposals, {c['comments']} comments, "
        f"{c['private_scores']} private scores from {len(plan.copies)} copies"
    )
    if report is not None:
        print(f"{args.file.name}: saved; the Review sheet has the merge report")
        if report.backup:
            print(report.backup_note)
    elif not args.dry_run:
        print(f"{args.file.name}: nothing to change; not written")
    return status
