"""``stocktake score FILE [--balance L] [--risk-adjusted] [--json]``: the scored list.

Prints every initiative with its near-term (N), long-term (L) and deliverability (D)
values, overall value V at the balance, rank, matrix quadrant and value for money (the
JSON also gives each one's optimism-bias uplift and why, as ``optimise --json`` does).
Warnings (missing scores, scores off the scale) go to stderr, so ``--json`` output on
stdout is always exactly one JSON object.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stocktake.app import errors
from stocktake.cli import EXIT_OK, EXIT_PROBLEMS
from stocktake.cli.common import dumps, fail, open_document

if TYPE_CHECKING:
    from stocktake.app.document import Document
    from stocktake.engine.arrays import ScoreArrays, ScoreWarning


NAME_WIDTH = 32
"""Characters of an initiative's name in the human tables (the JSON has it whole)."""


def short(name: str, width: int = NAME_WIDTH) -> str:
    """A name cut to ``width`` characters with an ellipsis, so the columns line up."""
    return name if len(name) <= width else name[: width - 1] + "…"


def balance_arg(text: str) -> float:
    """argparse type: a balance between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"the balance must be between 0 and 1, not {text}")
    return value


def add_common(parser: argparse.ArgumentParser) -> None:
    """Arguments shared by ``score`` and ``optimise``."""
    parser.add_argument("file", type=Path, help="the workbook (.xlsx or .xlsm)")
    parser.add_argument(
        "--balance",
        type=balance_arg,
        default=None,
        metavar="L",
        help="weight of near-term (milestone) value, 0-1; default: the "
        "workbook's saved balance, else 0.5",
    )
    parser.add_argument(
        "--risk-adjusted",
        action="store_true",
        help="use value × deliverability / 100 instead of value",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "score",
        help="score and rank the initiatives at a balance",
        description="Score every initiative (Green Book linear additive model, absolute "
        "scales) and rank it at the balance between near-term and long-term value. "
        "Exit status: 0 fine, 1 the workbook has errors (scores shown are incomplete), "
        "2 unreadable or refused.",
    )
    add_common(parser)
    parser.set_defaults(run=run)


def load_arrays(args: argparse.Namespace) -> tuple[Document, ScoreArrays] | int:
    """The document and its engine arrays, or the exit status after saying why not."""
    from stocktake.engine.arrays import arrays_from_workbook

    doc = open_document(args)
    if isinstance(doc, int):
        return doc
    try:
        return doc, arrays_from_workbook(doc.workbook, doc.settings.discounting)
    except ValueError as exc:
        return fail(args, errors.InvalidInput(str(exc)))


def balance_of(doc: Document, given: float | None) -> float:
    """The balance to use: the command line's, else the workbook's saved one (a bad saved
    value is a problem by cell, reported by :func:`warn_about`), else 0.5."""
    return given if given is not None else doc.balance


def warn_about(doc: Document, arrays: ScoreArrays) -> None:
    """Score warnings, bad settings and workbook errors on stderr (never in the JSON)."""
    wb = doc.workbook
    for line in grouped_warnings(arrays.warnings):
        print(f"warning: {line}", file=sys.stderr)
    for p in wb.problems:
        if p.sheet == doc.roles.settings:
            print(f"warning: {p}", file=sys.stderr)
    if wb.errors:
        print(
            f"stocktake: the workbook has {len(wb.errors)} error(s); rows with errors are "
            "left out. Run `stocktake check` to see them.",
            file=sys.stderr,
        )


def grouped_warnings(warnings: Sequence[ScoreWarning], named: int = 3) -> list[str]:
    """Each kind of warning once, with how many initiatives it concerns and the first
    few of them: 95 lines that differ only in the ID hide the one that matters."""
    groups: dict[str, list[str]] = {}
    for w in warnings:
        prefix = f"{w.initiative_id} "
        if w.initiative_id and w.message.startswith(prefix):
            groups.setdefault(w.message[len(prefix) :], []).append(w.initiative_id)
        else:
            groups.setdefault(w.message, [])
    lines = []
    for what, ids in groups.items():
        if len(ids) == 1:
            lines.append(f"{ids[0]} {what}")
        elif ids:
            shown = ", ".join(ids[:named])
            more = f" and {len(ids) - named} more" if len(ids) > named else ""
            lines.append(f"{len(ids)} initiatives ({shown}{more}) {_plural(what)}")
        else:
            lines.append(what)
    return lines


def _plural(what: str) -> str:
    """'has no score for C09' said of several initiatives: 'have no score for C09'."""
    for one, many in (("has ", "have "), ("scores ", "score "), ("depends ", "depend ")):
        if what.startswith(one):
            return many + what[len(one) :]
    return what


def _num(x: float) -> float | None:
    return round(float(x), 6) if math.isfinite(x) else None


def uplift_json(arrays: ScoreArrays, i: int) -> dict[str, Any]:
    """Initiative ``i``'s optimism-bias uplift (a fraction of its costs) and the reason
    for it in words, one shape for ``score --json`` and ``optimise --json``: the costs
    and value for money beside it already carry the uplift, so a reader must see which."""
    return {
        "optimism_bias": float(arrays.uplift[i]),
        "optimism_bias_why": arrays.uplifts[i].words if arrays.uplifts else "",
    }


def run(args: argparse.Namespace) -> int:
    from stocktake.engine.matrix import quadrants
    from stocktake.engine.scoring import score

    loaded = load_arrays(args)
    if isinstance(loaded, int):
        return loaded
    doc, arrays = loaded
    wb = doc.workbook
    balance = balance_of(doc, args.balance)
    table = score(arrays, balance, args.risk_adjusted)
    quads = quadrants(arrays, doc.cuts)
    warn_about(doc, arrays)
    rows: list[dict[str, Any]] = []
    for i in table.order:
        rows.append(
            {
                "id": arrays.ids[i],
                "name": wb.initiatives[arrays.ids[i]].name,
                "mission": arrays.missions[i],
                "near_term": _num(arrays.near_term[i]),
                "long_term": _num(arrays.long_term[i]),
                "deliverability": _num(arrays.deliverability[i]),
                "value": _num(table.value[i]),
                "rank": int(table.rank[i]),
                "quadrant": str(quads[i]),
                "total_cost": _num(arrays.total_cost[i]),
                "total_cost_pv": _num(arrays.pv_cost[i]),
                "value_for_money_pv": _num(table.value_for_money[i]),
                **uplift_json(arrays, i),
            }
        )
    if args.json:
        print(dumps({"balance": balance, "initiatives": rows}))
    else:
        _print_table(
            rows, [_num(table.value_for_money[i]) for i in table.order], balance, args.risk_adjusted
        )
    return EXIT_PROBLEMS if wb.errors else EXIT_OK


def _print_table(
    rows: list[dict[str, Any]], vfm: list[float | None], balance: float, risk_adjusted: bool
) -> None:
    value_name = "V×D/100" if risk_adjusted else "V"
    print(
        f"Balance {balance:g} (near-term weight); V = {balance:g}·N + {1 - balance:g}·L"
        + ("; ranked on risk-adjusted value V×D/100" if risk_adjusted else "")
    )
    head = (
        f"{'Rank':>4}  {'ID':<10} {'Name':<{NAME_WIDTH}} {'Mission':<8} {'N':>6} {'L':>6} {'D':>6} "
        f"{value_name:>8}  {'Quadrant':<25} {'Cost £m':>8} {'Value/£m PV':>11}"
    )
    print(head)
    print("-" * len(head))
    for r, v in zip(rows, vfm, strict=True):
        vfm_text = "-" if v is None else f"{v:.2f}"
        print(
            f"{r['rank']:>4}  {r['id']:<10} {short(r['name']):<{NAME_WIDTH}} {r['mission']:<8} "
            f"{r['near_term']:>6.1f} "
            f"{r['long_term']:>6.1f} {r['deliverability']:>6.1f} {r['value']:>8.2f}  "
            f"{r['quadrant']:<25} {r['total_cost']:>8.1f} {vfm_text:>11}"
        )
