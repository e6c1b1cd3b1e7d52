"""The decision engine: pure maths over the model (numpy; scipy/HiGHS loaded on first solve).

Build the arrays once per workbook, then everything else is cheap to call again:

>>> arrays = arrays_from_workbook(workbook)            # doctest: +SKIP
>>> table = score(arrays, balance=0.6)                 # every slider movement
>>> result = optimise(arrays, table.value, PortfolioProblem(budgets={"2025-26": 120.0}))

See docs/engine.md for the formulas, the sampling method and the certified gap.
"""

from stocktake.engine.arrays import ScoreArrays, ScoreWarning, arrays_from_workbook, build_arrays
from stocktake.engine.conflicts import explain_infeasibility
from stocktake.engine.frontier import FrontierPoint, efficient_frontier
from stocktake.engine.greedy import BuyStep, GreedyResult, greedy, order_of_buy
from stocktake.engine.matrix import CutLines, Quadrant, quadrants
from stocktake.engine.parametric import PortfolioPath, PortfolioSwitch, portfolio_path
from stocktake.engine.portfolio import (
    Binding,
    Conflict,
    ForceInPrice,
    PortfolioResult,
    force_in_prices,
    optimise,
    prove_binding,
)
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.robustness import (
    Acceptability,
    Uncertainty,
    portfolio_acceptability,
    rank_acceptability,
)
from stocktake.engine.scenarios import Scenario, compare, evaluate
from stocktake.engine.scoring import Explanation, ScoreTable, Term, explain, score, values_at
from stocktake.engine.sensitivity import (
    BalanceSwitch,
    RankSteps,
    SwitchSweep,
    WeightSwitch,
    balance_switching_value,
    balance_switching_values,
    rank_steps,
    switching_sweep,
    weight_switching_values,
)

__all__ = [
    "Acceptability",
    "BalanceSwitch",
    "Binding",
    "BuyStep",
    "Conflict",
    "CutLines",
    "Explanation",
    "ForceInPrice",
    "FrontierPoint",
    "GreedyResult",
    "PortfolioPath",
    "PortfolioProblem",
    "PortfolioResult",
    "PortfolioSwitch",
    "Quadrant",
    "RankSteps",
    "Scenario",
    "ScoreArrays",
    "ScoreTable",
    "ScoreWarning",
    "SwitchSweep",
    "Term",
    "Uncertainty",
    "WeightSwitch",
    "arrays_from_workbook",
    "balance_switching_value",
    "balance_switching_values",
    "build_arrays",
    "compare",
    "efficient_frontier",
    "evaluate",
    "explain",
    "explain_infeasibility",
    "force_in_prices",
    "greedy",
    "optimise",
    "order_of_buy",
    "portfolio_acceptability",
    "portfolio_path",
    "prove_binding",
    "quadrants",
    "rank_acceptability",
    "rank_steps",
    "score",
    "switching_sweep",
    "values_at",
    "weight_switching_values",
]
