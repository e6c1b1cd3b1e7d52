"""``stocktake optimise FILE --budget 2025-26=120 … [--force-in ID] [--json]``: best portfolio.

Budgets not given on the command line come from the workbook's settings
(``budget:<FY>``, in £m). The solver (HiGHS) never writes to stdout, so ``--json``
prints exactly one JSON object: ``status``, ``value``, ``gap``, ``chosen``, ``spend``,
``binding``, ``conflicts``, ``forced_in`` and ``forced_out`` (each with its reason: an
initiative stopped or paused by a decision in force, or whose stage is Stopped, is kept
out, see :mod:`stocktake.app.plan`). Exit status: 0 a portfolio was found, 1 infeasible (the
conflicts say why) or the workbook has errors, 2 unreadable or refused.
"""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING, Any

from stocktake.app import errors
from stocktake.app.settings import parse_budget
from stocktake.cli import EXIT_OK, EXIT_PROBLEMS
from stocktake.cli.common import dumps, fail
from stocktake.cli.score import add_common, balance_arg, balance_of, load_arrays, warn_about

if TYPE_CHECKING:
    from stocktake.app.document import Document
    from stocktake.engine.arrays import ScoreArrays
    from stocktake.engine.portfolio import PortfolioResult
    from stocktake.engine.problem import PortfolioProblem


def budget_arg(text: str) -> tuple[str, float]:
    """argparse type: ``2025-26=120`` (£m)."""
    parsed = parse_budget(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(
            f"expected a financial year and £m, like 2025-26=120, not {text!r}"
        )
    return parsed


def non_negative_arg(text: str) -> float:
    """argparse type: a finite number >= 0 (an FTE cap, a time limit, a gap)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (value >= 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a number of 0 or more, not {text}")
    return value


def share_arg(text: str) -> float:
    """argparse type: a share 0-1 (``30%`` is accepted too)."""
    try:
        value = float(text.strip().rstrip("%")) / (100.0 if text.strip().endswith("%") else 1.0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a share: {text!r}") from None
    return balance_arg(str(value))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "optimise",
        aliases=["optimize"],
        help="choose the best portfolio within the yearly envelopes",
        description="Choose the initiatives that maximise total value within the yearly "
        "funding envelopes, dependencies, exclusions and forced choices (HiGHS MILP). "
        "Reports the certified optimality gap, which constraints bind, spend by year and, "
        "when no portfolio fits, which constraints conflict. Exit status: 0 a portfolio "
        "was found, 1 infeasible or workbook errors, 2 unreadable or refused.",
    )
    add_common(parser)
    parser.add_argument(
        "--budget",
        type=budget_arg,
        action="append",
        default=[],
        metavar="FY=£m",
        help="yearly envelope, e.g. 2025-26=120 (repeat)",
    )
    parser.add_argument(
        "--force-in",
        action="append",
        default=[],
        metavar="ID",
        help="initiative that must be in the portfolio (repeat)",
    )
    parser.add_argument(
        "--force-out",
        action="append",
        default=[],
        metavar="ID",
        help="initiative that must stay out (repeat)",
    )
    parser.add_argument("--fte-cap", type=non_negative_arg, default=None, help="most FTE in total")
    parser.add_argument(
        "--max-per-mission",
        type=int,
        default=None,
        metavar="N",
        help="most priorities chosen in any one mission",
    )
    parser.add_argument(
        "--min-long-term-share",
        type=share_arg,
        default=None,
        metavar="S",
        help="least share of spend on long-term-led initiatives (0-1 or 30%%)",
    )
    parser.add_argument(
        "--time-limit",
        type=non_negative_arg,
        default=10.0,
        metavar="SECONDS",
        help="stop at the best portfolio found after this long (default 10)",
    )
    parser.add_argument(
        "--gap",
        type=non_negative_arg,
        default=1e-4,
        help="relative gap that counts as optimal (default 0.0001 = 0.01%%)",
    )
    parser.set_defaults(run=run)


def _check_request(
    arrays: ScoreArrays, budgets: dict[str, float], args: argparse.Namespace
) -> str | None:
    unknown = [i for i in (*args.force_in, *args.force_out) if i not in arrays.ids]
    if unknown:
        return f"no initiative with ID {', '.join(unknown)} in the workbook"
    years = [y for y in budgets if y not in arrays.years]
    if years:
        known = ", ".join(arrays.years) or "none"
        return f"no costs are given for {', '.join(years)} (the workbook's years: {known})"
    return None


def result_json(result: PortfolioResult, problem: PortfolioProblem) -> dict[str, Any]:
    """One optimisation as JSON: the result, and what was forced out and why (decisions
    included)."""
    return {
        "status": result.status,
        "value": None if result.value is None else round(result.value, 6),
        "gap": result.gap,
        "chosen": list(result.chosen),
        "spend": {y: round(v, 6) for y, v in result.spend.items()},
        "binding": [b.constraint for b in result.binding],
        "conflicts": [c.message for c in result.conflicts],
        "forced_out": dict(problem.force_out),
        "forced_in": dict(problem.force_in),
    }


def run(args: argparse.Namespace) -> int:
    import dataclasses

    from stocktake.engine.portfolio import optimise
    from stocktake.engine.scoring import values_at

    loaded = load_arrays(args)
    if isinstance(loaded, int):
        return loaded
    doc, arrays = loaded
    saved = doc.effective_problem()  # the saved plan, with decisions' exclusions
    budgets = {**saved.budgets, **dict(args.budget)}
    bad = _check_request(arrays, budgets, args)
    if bad:
        return fail(args, errors.InvalidInput(bad))
    forced_in = dict.fromkeys(args.force_in, "forced in on the command line")
    forced_out = dict.fromkeys(args.force_out, "forced out on the command line")
    try:
        problem = dataclasses.replace(
            saved,
            budgets=budgets,
            force_in={
                **{k: v for k, v in saved.force_in.items() if k not in forced_out},
                **forced_in,
            },
            force_out={
                **{k: v for k, v in saved.force_out.items() if k not in forced_in},
                **forced_out,
            },
            fte_cap=saved.fte_cap if args.fte_cap is None else args.fte_cap,
            max_per_mission=(
                saved.max_per_mission if args.max_per_mission is None else args.max_per_mission
            ),
            min_long_term_share=(
                saved.min_long_term_share
                if args.min_long_term_share is None
                else args.min_long_term_share
            ),
        )
    except ValueError as exc:
        return fail(args, errors.InvalidInput(str(exc)))
    balance = balance_of(doc, args.balance)
    values = values_at(arrays, balance, args.risk_adjusted)
    result = optimise(arrays, values, problem, time_limit=args.time_limit, mip_rel_gap=args.gap)
    warn_about(doc, arrays)
    if args.json:
        print(dumps(result_json(result, problem)))
    else:
        _print(result, balance, doc, problem)
    ok = result.value is not None and not doc.workbook.errors
    return EXIT_OK if ok else EXIT_PROBLEMS


def _print(
    result: PortfolioResult, balance: float, doc: Document, problem: PortfolioProblem
) -> None:
    names = {i.id: i.name for i in doc.workbook.initiatives.values()}
    print(f"Balance {balance:g}. {result.summary}")
    if result.value is not None:
        print(f"Chosen ({len(result.chosen)}):" + ("" if result.chosen else " none"))
        for iid in result.chosen:
            print(f"  {iid:<10} {names.get(iid, '')}")
        print(f"{'Year':<10} {'Spend £m':>10} {'Envelope £m':>12}")
        for year, spend in result.spend.items():
            env = result.envelope.get(year)
            print(f"{year:<10} {spend:>10.1f} {'-' if env is None else f'{env:.1f}':>12}")
        for b in result.binding:
            print(f"Binds: {b.message}")
    for iid, why in problem.force_out.items():
        print(f"Kept out: {iid} {names.get(iid, '')}: {why}")
    for c in result.conflicts:
        print(f"Conflict: {c.message}")
