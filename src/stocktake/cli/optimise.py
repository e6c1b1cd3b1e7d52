"""``stocktake optimise FILE --budget 2025-26=120 … [--force-in ID] [--json]``: best portfolio.

Budgets not given on the command line come from the workbook's settings
(``budget:<FY>``, in £m). The solver (HiGHS) never writes to stdout, so ``--json``
prints exactly one JSON object: ``status``, ``value``, ``gap``, ``chosen``, ``spend``,
``binding`` and ``conflicts``. Exit status: 0 a portfolio was found, 1 infeasible (the
conflicts say why) or the workbook has errors, 2 unreadable or refused.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TYPE_CHECKING, Any

from stocktake.cli import EXIT_OK, EXIT_PROBLEMS
from stocktake.cli.score import (
    add_common,
    balance_arg,
    load_arrays,
    report_error,
    warn_about,
    workbook_balance,
)

if TYPE_CHECKING:
    from stocktake.engine.arrays import ScoreArrays
    from stocktake.engine.portfolio import PortfolioResult
    from stocktake.model import Workbook


def budget_arg(text: str) -> tuple[str, float]:
    """argparse type: ``2025-26=120`` (£m)."""
    from stocktake.excel.values import financial_year, parse_money_m

    year, sep, amount = text.partition("=")
    fy = financial_year(year.strip())
    value = parse_money_m(amount.strip()) if sep else None
    if fy is None or value is None or value < 0:
        raise argparse.ArgumentTypeError(
            f"expected a financial year and £m, like 2025-26=120, not {text!r}"
        )
    return fy, value


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


def _budgets(args: argparse.Namespace, wb: Workbook) -> dict[str, float]:
    """Workbook settings ``budget:<FY>`` first, overridden by the command line."""
    from stocktake.excel.values import financial_year, parse_money_m

    budgets: dict[str, float] = {}
    for key, text in wb.settings.items():
        if key.startswith("budget:"):
            fy = financial_year(key.partition(":")[2].strip())
            try:
                value = parse_money_m(text)
            except ValueError:
                value = None
            if fy is None or value is None:
                print(
                    f"stocktake: ignoring the setting {key} = {text!r} (expected £m for a "
                    "financial year)",
                    file=sys.stderr,
                )
                continue
            budgets[fy] = value
    budgets.update(dict(args.budget))
    return budgets


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


def result_json(result: PortfolioResult) -> dict[str, Any]:
    """The issue's JSON shape for one optimisation."""
    return {
        "status": result.status,
        "value": None if result.value is None else round(result.value, 6),
        "gap": result.gap,
        "chosen": list(result.chosen),
        "spend": {y: round(v, 6) for y, v in result.spend.items()},
        "binding": [b.constraint for b in result.binding],
        "conflicts": [c.message for c in result.conflicts],
    }


def run(args: argparse.Namespace) -> int:
    from stocktake.engine.portfolio import optimise
    from stocktake.engine.problem import PortfolioProblem
    from stocktake.engine.scoring import values_at

    loaded = load_arrays(args)
    if isinstance(loaded, int):
        return loaded
    wb, arrays = loaded
    budgets = _budgets(args, wb)
    bad = _check_request(arrays, budgets, args)
    if bad:
        return report_error(args, bad)
    problem = PortfolioProblem(
        budgets=budgets,
        fte_cap=args.fte_cap,
        force_in=dict.fromkeys(args.force_in, "forced in on the command line"),
        force_out=dict.fromkeys(args.force_out, "forced out on the command line"),
        max_per_mission=args.max_per_mission,
        min_long_term_share=args.min_long_term_share,
    )
    balance = workbook_balance(wb, args.balance)
    values = values_at(arrays, balance, args.risk_adjusted)
    result = optimise(arrays, values, problem, time_limit=args.time_limit, mip_rel_gap=args.gap)
    warn_about(wb, arrays)
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, allow_nan=False))
    else:
        _print(result, balance)
    ok = result.value is not None and not wb.errors
    return EXIT_OK if ok else EXIT_PROBLEMS


def _print(result: PortfolioResult, balance: float) -> None:
    print(f"Balance {balance:g}. {result.summary}")
    if result.value is not None:
        print(f"Chosen ({len(result.chosen)}): {', '.join(result.chosen) or 'none'}")
        print(f"{'Year':<10} {'Spend £m':>10} {'Envelope £m':>12}")
        for year, spend in result.spend.items():
            env = result.envelope.get(year)
            print(f"{year:<10} {spend:>10.1f} {'-' if env is None else f'{env:.1f}':>12}")
        for b in result.binding:
            print(f"Binds: {b.message}")
    for c in result.conflicts:
        print(f"Conflict: {c.message}")
