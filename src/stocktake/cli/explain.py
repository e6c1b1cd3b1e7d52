"""``stocktake explain FILE [--initiative ID] [--balance L] [--top K] [--json]``.

With ``--initiative``: the working of that initiative's value (each criterion's score,
weight, share and points, near- and long-term values, the balance, the risk
adjustment), the balances and weights at which it enters or leaves the top set, whether
the optimal portfolio chooses it and why, the balances where that changes, and what
reversing its place (or lifting its forcing) would cost. Without: one line per
initiative. The figures come from :mod:`stocktake.app.explain`, the same the window
shows. Exit status: 0 fine, 1 the workbook has errors or no such initiative, 2
unreadable or refused.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from stocktake.app import errors
from stocktake.app.explain import DEFAULT_TOP_K, PATH_SECONDS
from stocktake.cli import EXIT_OK, EXIT_PROBLEMS
from stocktake.cli.common import dumps, fail
from stocktake.cli.optimise import non_negative_arg
from stocktake.cli.score import add_common, balance_of, load_arrays, short, warn_about

if TYPE_CHECKING:
    from stocktake.app.explain import InitiativeExplanation, SummaryRow


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "explain",
        help="show how an initiative's value is worked out and what would change it",
        description="Show the working of an initiative's value (scores, weights, "
        "contributions, near- and long-term values, risk adjustment), the balances and "
        "weights at which it enters or leaves the top set, whether the optimal portfolio "
        "chooses it and why, and the price of forcing it in or out. Without --initiative, "
        "one line per initiative. Exit status: 0 fine, 1 workbook errors or unknown "
        "initiative, 2 unreadable or refused.",
    )
    add_common(parser)
    parser.add_argument("--initiative", metavar="ID", default=None, help="e.g. I-004")
    parser.add_argument(
        "--top",
        type=int,
        default=DEFAULT_TOP_K,
        metavar="K",
        help=f"size of the top set the switching values refer to (default {DEFAULT_TOP_K})",
    )
    parser.add_argument(
        "--path-seconds",
        type=non_negative_arg,
        default=PATH_SECONDS,
        metavar="SECONDS",
        help="time for the balances where the portfolio changes "
        f"(default {PATH_SECONDS:g}; many solves on a long list)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from stocktake.app.explain import explain_initiative, summary

    loaded = load_arrays(args)
    if isinstance(loaded, int):
        return loaded
    doc, arrays = loaded
    if args.top < 1:
        return fail(args, errors.InvalidInput(f"--top must be 1 or more, not {args.top}"))
    balance = balance_of(doc, args.balance)
    if args.initiative is not None:
        if args.initiative not in arrays.ids:
            known = "the workbook has none" if not arrays.ids else f"e.g. {arrays.ids[0]}"
            return fail(
                args,
                errors.InvalidInput(f"no initiative with ID {args.initiative} ({known})"),
            )
        e = explain_initiative(
            doc,
            arrays,
            args.initiative,
            balance=balance,
            risk_adjusted=args.risk_adjusted,
            top_k=args.top,
            path_seconds=args.path_seconds,
        )
        warn_about(doc, arrays)
        if args.json:
            print(dumps({"balance": balance, "initiative": e.as_json()}))
        else:
            print("\n".join(initiative_lines(e)))
    else:
        status, rows = summary(
            doc, arrays, balance=balance, risk_adjusted=args.risk_adjusted, top_k=args.top
        )
        warn_about(doc, arrays)
        k = max(1, min(args.top, arrays.n))
        if args.json:
            print(
                dumps(
                    {
                        "balance": balance,
                        "top_k": k,
                        "portfolio_status": status,
                        "initiatives": [r.as_json() for r in rows],
                    }
                )
            )
        else:
            print("\n".join(summary_lines(rows, balance, k, status)))
    return EXIT_PROBLEMS if doc.workbook.errors else EXIT_OK


def _side(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def initiative_lines(e: InitiativeExplanation) -> list[str]:
    """The human-readable explanation, section by section."""
    w = e.working
    out = [f"{e.initiative_id} {e.name} (mission {e.mission})", ""]
    out.append("How the value is worked out (points = share of group × normalised score):")
    head = (
        f"  {'Criterion':<34} {'Group':<14} {'Score':>6} {'Scale':>7} {'Norm.':>7} "
        f"{'Weight':>7} {'Share':>6} {'Points':>7}"
    )
    out += [head, "  " + "-" * (len(head) - 2)]
    for t in w.terms:
        score = "blank" if t.score is None else f"{t.score:g}"
        out.append(
            f"  {short(f'{t.criterion_id} {t.criterion}', 34):<34} {t.group:<14} {score:>6} "
            f"{f'{t.scale_lo:g}-{t.scale_hi:g}':>7} {t.normalised:>7.2f} {t.weight:>7g} "
            f"{t.weight_share:>6.1%} {t.contribution:>7.2f}"
        )
    out += [
        f"Near-term (milestone) value N = {w.near_term:.2f}; long-term (ambition) value "
        f"L = {w.long_term:.2f}; deliverability D = {w.deliverability:.2f}.",
        w.formula,
    ]
    if not w.risk_adjusted:
        out.append(
            f"Risk-adjusted, V × D / 100 would be {e.risk_adjusted_value:.2f} "
            "(not in use; --risk-adjusted ranks on it)."
        )
    vfm = "n/a (no cost)" if w.value_for_money is None else f"{w.value_for_money:.2f}"
    out.append(
        f"Value in use {w.value:.2f}, rank {w.rank}; total cost {w.cost_words}; "
        f"value per £m of present value {vfm}."
    )
    if w.benefit_words:
        out.append(w.benefit_words)
    out += [
        "",
        "What would change its place in the top set:",
        "  " + e.top_set.words(e.top_k, digits=3),
    ]
    moving = [(s, n) for s, n in e.weights if s.below is not None or s.above is not None]
    for s, name in e.weights:
        if s.below is None and s.above is None:
            continue
        parts = []
        if s.below is not None:
            parts.append(f"falls below {s.below:.4g}")
        if s.above is not None:
            parts.append(f"rises past {s.above:.4g}")
        out.append(
            f"  Weight of {s.criterion_id} {short(name, 40)} (now {s.weight:g}): "
            f"{'leaves' if e.top_set.in_top_k else 'enters'} the top set if it "
            + " or ".join(parts)
            + "."
        )
    if not moving:
        out.append(
            f"  No single swing weight, moved alone, changes its place in the top {e.top_k}."
        )
    out += ["", "The optimal portfolio:"]
    if e.choice is None:
        out.append(f"  No portfolio was found ({e.portfolio_status}); run `stocktake optimise`.")
        return out
    out.append("  Chosen." if e.choice.chosen else f"  Not chosen. Why: {e.choice.reason}.")
    if e.portfolio_switch is None:
        out.append(
            "  The balances where that changes were not worked out in the time allowed "
            "(--path-seconds)."
        )
    else:
        ps = e.portfolio_switch
        if ps.below is None and ps.above is None:
            out.append("  The same at every balance from 0 to 1.")
        else:
            verb = "leaves" if ps.chosen else "enters"
            sides = [
                f"{words} {x:.3f}"
                for words, x in (("falls below", ps.below), ("rises past", ps.above))
                if x is not None
            ]
            out.append(
                f"  It {verb} the optimal portfolio if the balance " + " or ".join(sides) + "."
            )
    if e.price is not None:
        out.append(f"  Price: {e.price.words}.")
    return out


def summary_lines(rows: list[SummaryRow], balance: float, k: int, status: str) -> list[str]:
    """One line per initiative, in rank order."""
    if not rows:
        return ["The workbook has no initiatives to explain yet."]
    out = [
        f"Balance {balance:g}; top set = the top {k}; portfolio {status}. "
        "Balance switch: where it enters or leaves the top set (below / above).",
    ]
    head = (
        f"{'Rank':>4}  {'ID':<10} {'Name':<32} {'Value':>7} {'Top set':>7} "
        f"{'Below':>6} {'Above':>6}  Portfolio"
    )
    out += [head, "-" * (len(head) + 20)]
    for r in rows:
        where = "-" if r.choice is None else ("chosen" if r.choice.chosen else r.choice.reason)
        out.append(
            f"{r.rank:>4}  {r.initiative_id:<10} {short(r.name):<32} {r.value:>7.2f} "
            f"{'in' if r.top_set.in_top_k else 'out':>7} {_side(r.top_set.below):>6} "
            f"{_side(r.top_set.above):>6}  {where}"
        )
    return out
