"""``stocktake score FILE [--balance L] [--risk-adjusted] [--json]``: the scored list.

Prints every initiative with its near-term (N), long-term (L) and deliverability (D)
values, overall value V at the balance, rank, matrix quadrant and value for money.
Warnings (missing scores, scores off the scale) go to stderr, so ``--json`` output on
stdout is always exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stocktake.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE

if TYPE_CHECKING:
    from stocktake.engine.arrays import ScoreArrays
    from stocktake.model import Workbook


def balance_arg(text: str) -> float:
    """argparse type: a balance between 0 and 1 (NaN is not between them)."""
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


class Refused(Exception):
    """The workbook could not be read; the message says why."""


def load(path: Path) -> Workbook:
    """Read the workbook, turning the reader's refusal into :class:`Refused`."""
    from stocktake.excel.reader import read_workbook
    from stocktake.excel.safety import WorkbookRefused

    try:
        return read_workbook(path)
    except WorkbookRefused as exc:
        raise Refused(str(exc)) from None
    except OSError as exc:
        raise Refused(f"{path.name}: {exc.strerror or exc}") from None


def load_arrays(args: argparse.Namespace) -> tuple[Workbook, ScoreArrays] | int:
    """The workbook and its engine arrays, or the exit code after reporting why not."""
    from stocktake.engine.arrays import arrays_from_workbook

    try:
        wb = load(args.file)
    except Refused as exc:
        return report_refusal(args, str(exc))
    try:
        return wb, arrays_from_workbook(wb)
    except ValueError as exc:
        return report_error(args, str(exc))


def report_refusal(args: argparse.Namespace, message: str) -> int:
    if args.json:
        print(json.dumps({"refused": message}, ensure_ascii=False))
    print(f"stocktake: refused: {message}", file=sys.stderr)
    return EXIT_UNREADABLE


def report_error(args: argparse.Namespace, message: str) -> int:
    """A problem with the request (unknown ID, bad setting): one JSON object or plain text."""
    if args.json:
        print(json.dumps({"error": message}, ensure_ascii=False))
    print(f"stocktake: {message}", file=sys.stderr)
    return EXIT_PROBLEMS


def workbook_balance(wb: Workbook, given: float | None) -> float:
    """The balance to use: the command line's, else the workbook's saved one, else 0.5."""
    from stocktake.engine.scoring import DEFAULT_BALANCE

    if given is not None:
        return given
    saved = wb.settings.get("balance")
    if saved is not None and str(saved).strip():
        from stocktake.excel.values import ValueProblem, parse_number

        try:
            value = parse_number(saved)
        except ValueProblem:
            value = None
        if value is not None and 0.0 <= value <= 1.0:
            return value
        print(
            f"stocktake: the saved balance {saved!r} is not between 0 and 1; using "
            f"{DEFAULT_BALANCE}",
            file=sys.stderr,
        )
    return DEFAULT_BALANCE


def warn_about(wb: Workbook, arrays: ScoreArrays) -> None:
    """Score warnings and workbook errors on stderr (never in the JSON on stdout)."""
    for w in arrays.warnings:
        print(f"warning: {w.message}", file=sys.stderr)
    if wb.errors:
        print(
            f"stocktake: the workbook has {len(wb.errors)} error(s); rows with errors are "
            "left out. Run `stocktake check` to see them.",
            file=sys.stderr,
        )


def _num(x: float) -> float | None:
    """A number for JSON: ``None`` (null) when not finite, since JSON has no NaN/Infinity."""
    return round(float(x), 6) if math.isfinite(x) else None


def run(args: argparse.Namespace) -> int:
    from stocktake.engine.matrix import quadrants
    from stocktake.engine.scoring import score

    loaded = load_arrays(args)
    if isinstance(loaded, int):
        return loaded
    wb, arrays = loaded
    balance = workbook_balance(wb, args.balance)
    table = score(arrays, balance, args.risk_adjusted)
    quads = quadrants(arrays)
    warn_about(wb, arrays)
    rows: list[dict[str, Any]] = []
    for i in table.order:
        rows.append(
            {
                "id": arrays.ids[i],
                "mission": arrays.missions[i],
                "near_term": _num(arrays.near_term[i]),
                "long_term": _num(arrays.long_term[i]),
                "deliverability": _num(arrays.deliverability[i]),
                "value": _num(table.value[i]),
                "rank": int(table.rank[i]),
                "quadrant": str(quads[i]),
                "total_cost": _num(arrays.total_cost[i]),
            }
        )
    if args.json:
        print(
            json.dumps(
                {"balance": balance, "initiatives": rows}, ensure_ascii=False, allow_nan=False
            )
        )
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
        f"{'Rank':>4}  {'ID':<10} {'Mission':<8} {'N':>6} {'L':>6} {'D':>6} "
        f"{value_name:>8}  {'Quadrant':<25} {'Cost £m':>8} {'Value/£m':>8}"
    )
    print(head)
    print("-" * len(head))
    for r, v in zip(rows, vfm, strict=True):
        vfm_text = "-" if v is None else f"{v:.2f}"
        print(
            f"{r['rank']:>4}  {r['id']:<10} {r['mission']:<8} {r['near_term']:>6.1f} "
            f"{r['long_term']:>6.1f} {r['deliverability']:>6.1f} {r['value']:>8.2f}  "
            f"{r['quadrant']:<25} {r['total_cost']:>8.1f} {vfm_text:>8}"
        )
