"""``stocktake basket FILE [--json]``: advice on the smallest basket of metrics.

Which metrics look redundant (readings that move together, or milestones another metric
already covers), which milestones have no metric, and the fewest metrics that still
cover every milestone, each with its reason. Advice only: nothing is changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from stocktake.cli import EXIT_OK, EXIT_PROBLEMS
from stocktake.cli.common import dumps, open_document
from stocktake.cli.metrics import warn

HEADINGS = {
    "keep": "Smallest basket that covers every milestone",
    "redundant": "Possibly redundant",
    "unlinked": "Metrics tied to no milestone",
    "uncovered": "Milestones with no metric",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "basket",
        help="advice on the smallest basket of metrics that still covers every milestone",
        description="Advise which metrics are redundant, which milestones have no metric, "
        "and the smallest set of metrics covering every milestone (exact set cover). "
        "Advice only. Exit status: 0 fine, 1 the workbook has errors, 2 unreadable.",
    )
    parser.add_argument("file", type=Path, help="the workbook (.xlsx or .xlsm)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from stocktake.app.delivery import delivery

    doc = open_document(args)
    if isinstance(doc, int):
        return doc
    wb = doc.workbook
    result = delivery(wb)
    warn(list(result.problems), len(wb.errors))
    basket = result.basket
    cfg = result.settings.basket
    if args.json:
        print(
            dumps(
                {
                    "smallest_basket": list(basket.smallest),
                    "correlation_threshold": cfg.correlation,
                    "window_years": cfg.window_years,
                    "advice": [
                        {
                            "kind": a.kind,
                            "subject": a.subject,
                            "related": list(a.related),
                            "reason": a.reason,
                        }
                        for a in basket.advice
                    ],
                }
            )
        )
    else:
        print(
            f"{len(basket.smallest)} of {len(wb.metrics)} metrics cover every milestone that "
            f"has a metric: {', '.join(basket.smallest) or 'none'}. Advice only; nothing is "
            "changed."
        )
        for kind, heading in HEADINGS.items():
            items = basket.of_kind(kind)
            if items:
                print(f"\n{heading}:")
                for a in items:
                    print(f"  - {a.reason}")
    return EXIT_PROBLEMS if wb.errors else EXIT_OK
