"""``stocktake optimise FILE --budget 2025-26=120 … [--force-in ID] [--json]``: best portfolio.

Budgets not given on the command line come from the workbook's settings
(``budget:<FY>``, in £m). The solver (HiGHS) never writes to stdout, so ``--json``
prints exactly one JSON object: ``status``, ``value``, ``bound``, ``gap``, ``chosen``,
``spend``, ``initiatives`` (each chosen or not, with name, value for money and reason:
budget, dependency, exclusion, decision, forced or cap), ``force_in_prices``, ``binding``,
``conflicts``, ``forced_in`` and ``forced_out`` (each with its reason: an
initiative stopped or paused by a decision in force, or whose stage is Stopped, is kept
out, see :mod:`stocktake.app.plan`). Cost is given both ways a board reads it: nominal
(``spend``, ``total_cost``: what the envelopes bind) and in Green Book present value
(``spend_pv``, ``total_cost_pv``, with ``discount_rate`` and ``price_base_year``), and
per initiative with its optimism-bias uplift and the reason for it; ``benefits`` gives
the chosen initiatives' monetised benefits where the workbook has them (else null).
Exit status: 0 a portfolio was found, 1 infeasible (the conflicts say why) or the
workbook has errors, 2 unreadable or refused.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stocktake.app import errors
from stocktake.app.settings import parse_budget
from stocktake.cli import EXIT_OK, EXIT_PROBLEMS
from stocktake.cli.common import dumps, fail
from stocktake.cli.score import (
    NAME_WIDTH,
    add_common,
    balance_arg,
    balance_of,
    load_arrays,
    short,
    uplift_json,
    warn_about,
)

if TYPE_CHECKING:
    from stocktake.app.choices import Choice
    from stocktake.engine.arrays import ScoreArrays
    from stocktake.engine.portfolio import ForceInPrice, PortfolioResult
    from stocktake.engine.problem import PortfolioProblem


def budget_arg(text: str) -> tuple[str, float]:
    """argparse type: ``2025-26=120`` (£m); an error names the year and the bad amount."""
    parsed = parse_budget(text)
    if parsed is None:
        year, sep, amount = text.partition("=")
        if sep and parse_budget(f"{year}=0") is not None:
            raise argparse.ArgumentTypeError(
                f"the envelope for {year.strip()} must be an amount in £m, like "
                f"{year.strip()}=120, not {amount.strip()!r}"
            )
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


def result_json(
    result: PortfolioResult,
    problem: PortfolioProblem,
    names: Mapping[str, str] | None = None,
    rows: Sequence[Choice] = (),
    prices: Sequence[ForceInPrice] = (),
    arrays: ScoreArrays | None = None,
) -> dict[str, Any]:
    """One optimisation as JSON: the result, what was forced out and why (decisions
    included), every initiative chosen or not with its reason, and the force-in prices.
    With ``arrays``: the portfolio's cost nominal and in present value, by year and in
    total, and each initiative's costs and optimism-bias uplift with the reason for it."""
    names = names or {}
    return {
        **(_cost_json(arrays, result) if arrays is not None else {}),
        "status": result.status,
        "value": None if result.value is None else round(result.value, 6),
        "bound": None if result.bound is None else round(result.bound, 6),
        "gap": result.gap,
        "chosen": list(result.chosen),
        "spend": {y: round(v, 6) for y, v in result.spend.items()},
        "binding": [b.constraint for b in result.binding],
        "conflicts": [c.message for c in result.conflicts],
        "forced_out": dict(problem.force_out),
        "forced_in": dict(problem.force_in),
        "initiatives": [
            {
                "id": c.initiative_id,
                "name": names.get(c.initiative_id, ""),
                "chosen": c.chosen,
                "value_for_money": _finite(c.value_for_money),
                "reason": c.reason,
                "reason_kind": c.kind,
                **(_initiative_cost_json(arrays, c.initiative_id) if arrays is not None else {}),
            }
            for c in rows
        ],
        "force_in_prices": [
            {
                "id": p.initiative_id,
                "name": names.get(p.initiative_id, ""),
                "reason": p.reason,
                "price": None if p.price is None else round(p.price, 6),
                "uncertainty": round(p.uncertainty, 6),
            }
            for p in prices
        ],
    }


def _cost_json(arrays: ScoreArrays, result: PortfolioResult) -> dict[str, Any]:
    """The chosen portfolio's cost, nominal and present value (both shown to a board)."""
    from stocktake.engine.portfolio_cost import portfolio_cost

    cost = portfolio_cost(arrays, result.chosen if result.value is not None else ())
    return {
        "total_cost": round(cost.total_nominal, 6),
        "total_cost_pv": round(cost.total_present_value, 6),
        "spend_pv": {y: round(v, 6) for y, v in zip(cost.years, cost.present_value, strict=True)},
        "discount_rate": arrays.discounting.rate,
        "price_base_year": cost.base_year,
        "benefits": _benefits_json(arrays, result.chosen if result.value is not None else ()),
    }


def _benefits_json(arrays: ScoreArrays, chosen: Sequence[str]) -> dict[str, Any] | None:
    """The chosen initiatives' monetised benefits where given (None: the workbook gives
    none): which give them, nominal and present value, the present value of their
    costs, the net present value and the benefit-cost ratio."""
    from stocktake.engine.portfolio_cost import portfolio_benefits

    gains = portfolio_benefits(arrays, chosen)
    if gains is None:
        return None
    return {
        "initiatives": list(gains.initiatives),
        "total_benefit": round(gains.total_nominal, 6),
        "total_benefit_pv": round(gains.total_present_value, 6),
        "their_cost_pv": round(gains.cost_pv, 6),
        "npv": round(gains.npv, 6),
        "bcr": None if gains.bcr is None else round(gains.bcr, 6),
    }


def _initiative_cost_json(arrays: ScoreArrays, iid: str) -> dict[str, Any]:
    i = arrays.index(iid)
    return {
        "total_cost": round(float(arrays.total_cost[i]), 6),
        "total_cost_pv": round(float(arrays.pv_cost[i]), 6),
        **uplift_json(arrays, i),
        "total_benefit": None if arrays.benefits is None else arrays.benefits.total(i, pv=False),
        "total_benefit_pv": None if arrays.benefits is None else arrays.benefits.total(i, pv=True),
    }


def _finite(x: float) -> float | None:
    return round(float(x), 6) if math.isfinite(x) else None


def run(args: argparse.Namespace) -> int:
    import dataclasses

    from stocktake.app.explain import portfolio_choices
    from stocktake.engine.portfolio import force_in_prices, optimise
    from stocktake.engine.scoring import score

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
    table = score(arrays, balance, args.risk_adjusted)
    result = optimise(
        arrays, table.value, problem, time_limit=args.time_limit, mip_rel_gap=args.gap
    )
    rows = list(portfolio_choices(doc, arrays, table, problem, result).values())
    rows.sort(key=lambda c: (not c.chosen, -_rank_key(c.value_for_money)))
    prices = (
        force_in_prices(
            arrays, table.value, problem, time_limit=args.time_limit, mip_rel_gap=args.gap
        )
        if result.value is not None
        else []
    )
    names = {i.id: i.name for i in doc.workbook.initiatives.values()}
    warn_about(doc, arrays)
    if args.json:
        print(dumps(result_json(result, problem, names, rows, prices, arrays)))
    else:
        _print(result, balance, names, problem, rows, prices, arrays)
    ok = result.value is not None and not doc.workbook.errors
    return EXIT_OK if ok else EXIT_PROBLEMS


def _rank_key(vfm: float) -> float:
    return vfm if math.isfinite(vfm) else -1e300


def _print(
    result: PortfolioResult,
    balance: float,
    names: Mapping[str, str],
    problem: PortfolioProblem,
    rows: Sequence[Choice],
    prices: Sequence[ForceInPrice],
    arrays: ScoreArrays,
) -> None:
    """Chosen and not chosen with names, value for money and the reason; spend by year,
    nominal and in present value; what binds; the certified bound; what forcing costs."""
    print(f"Balance {balance:g}. {named(result.summary, names)}")
    if result.value is not None:
        if result.bound is not None:
            gap = result.gap or 0.0
            print(
                f"Certified: no portfolio can be worth more than {result.bound:,.2f} "
                f"(gap {gap:.3%})."
            )
        for label, want in (("Chosen", True), ("Not chosen", False)):
            part = [c for c in rows if c.chosen is want]
            print(f"{label} ({len(part)}):" + ("" if part else " none"))
            for c in part:
                vfm = "-" if not math.isfinite(c.value_for_money) else f"{c.value_for_money:.2f}"
                why = "" if want else f"  {c.reason}"
                name = short(names.get(c.initiative_id, ""))
                i = arrays.index(c.initiative_id)
                money = f"£{arrays.total_cost[i]:,.1f}m (PV £{arrays.pv_cost[i]:,.1f}m)"
                print(
                    f"  {c.initiative_id:<10} {name:<{NAME_WIDTH}} {vfm:>8} /£m PV  "
                    f"{money:>24}{why}"
                )
        _print_spend(result, arrays)
        for b in result.binding:
            print(f"Binds: {named(b.message, names)}")
        for p in prices:
            cost = (
                "no portfolio without it could be found in the time allowed"
                if p.price is None
                else f"costs {p.price:.2f} points of value (±{p.uncertainty:.2g})"
            )
            name = names.get(p.initiative_id, "")
            print(f"Forced in: {p.initiative_id} {name} ({p.reason}): {cost}")
    else:
        for iid, why in problem.force_out.items():
            print(f"Kept out: {iid} {names.get(iid, '')}: {why}")
    for conflict in result.conflicts:
        print(f"Conflict: {named(conflict.message, names)}")


def _print_spend(result: PortfolioResult, arrays: ScoreArrays) -> None:
    """Spend by year against the envelopes (nominal: what a settlement binds), beside its
    present value (uplifted and discounted: what value for money divides by)."""
    from stocktake.engine.portfolio_cost import portfolio_cost

    cost = portfolio_cost(arrays, result.chosen)
    pv = dict(zip(cost.years, cost.present_value, strict=True))
    print(f"{'Year':<10} {'Spend £m':>10} {'PV £m':>10} {'Envelope £m':>12}")
    for year, spend in result.spend.items():
        env = result.envelope.get(year)
        print(
            f"{year:<10} {spend:>10.1f} {pv.get(year, 0.0):>10.1f} "
            f"{'-' if env is None else f'{env:.1f}':>12}"
        )
    print(
        f"{'Total':<10} {cost.total_nominal:>10.1f} {cost.total_present_value:>10.1f}  "
        f"(PV: discounted to {cost.base_year} at {arrays.discounting.rate:.1%} a year, "
        "optimism bias included)"
    )
    gains = _benefits_json(arrays, result.chosen)
    if gains is not None:
        bcr = "n/a" if gains["bcr"] is None else f"{gains['bcr']:.2f}"
        print(
            f"Monetised benefits (given by {len(gains['initiatives'])} of the chosen; shown, "
            f"not used to choose): £{gains['total_benefit']:,.1f}m nominal, "
            f"£{gains['total_benefit_pv']:,.1f}m present value; against £"
            f"{gains['their_cost_pv']:,.1f}m PV of their costs, net present value "
            f"£{gains['npv']:,.1f}m, benefit-cost ratio {bcr}."
        )


def named(sentence: str, names: Mapping[str, str]) -> str:
    """The engine's sentence with each initiative's name after the first
    mention of its ID, so a reader of the terminal need not look IDs up."""
    if not names:
        return sentence
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(i) for i in sorted(names, key=len, reverse=True))
        + r")(?![\w-])"
    )
    seen: set[str] = set()

    def add(match: re.Match[str]) -> str:
        iid = match.group(1)
        if iid in seen or not names.get(iid):
            return iid
        seen.add(iid)
        return f"{iid} ({names[iid]})"

    return pattern.sub(add, sentence)
