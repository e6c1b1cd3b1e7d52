"""What a portfolio must respect: envelopes, caps, links between initiatives, forced choices.

Why its own module: the same problem is solved by the optimiser, the frontier, the
greedy order of buy, the infeasibility explainer, the parametric balance analysis and
the Monte Carlo, and compared across scenarios; each reads it, none owns it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from stocktake.engine.pots import Funding


@dataclass(frozen=True, slots=True)
class PortfolioProblem:
    """The constraints of one portfolio choice (the values to maximise are given separately).

    ``budgets`` maps a financial year to its envelope in £m; years not given are
    unconstrained. ``force_in``/``force_out`` map an initiative ID to the reason given
    (shown on the board paper). ``max_per_mission`` caps the number of chosen
    initiatives in every mission; ``mission_caps`` sets a cap for named missions (it
    wins over ``max_per_mission``). ``min_long_term_share`` (0-1) is the least share of
    total spend that must go to long-term-led initiatives (L > N). Dependencies and
    exclusions come from the workbook (``depends_on``/``excludes``).
    """

    budgets: Mapping[str, float] = field(default_factory=dict)
    fte_cap: float | None = None
    force_in: Mapping[str, str] = field(default_factory=dict)
    force_out: Mapping[str, str] = field(default_factory=dict)
    max_per_mission: int | None = None
    mission_caps: Mapping[str, int] = field(default_factory=dict)
    min_long_term_share: float | None = None
    funding: Funding | None = None
    """Funding pots and how costs fall on them (:mod:`stocktake.engine.pots`); None: no pots."""

    def __post_init__(self) -> None:
        if self.min_long_term_share is not None and not 0.0 <= self.min_long_term_share <= 1.0:
            raise ValueError(
                "the minimum long-term share must be between 0 and 1 "
                f"(e.g. 0.3 for 30%), not {self.min_long_term_share}"
            )
        if self.fte_cap is not None and self.fte_cap < 0:
            raise ValueError(f"the FTE cap must be >= 0, not {self.fte_cap}")

    def scaled(self, factor: float) -> PortfolioProblem:
        """The same problem with every yearly envelope multiplied by ``factor`` (the frontier)."""
        return dataclasses.replace(
            self,
            budgets={y: b * factor for y, b in self.budgets.items()},
            funding=None if self.funding is None else self.funding.scaled(factor),
        )

    def without_force_in(self, initiative_id: str) -> PortfolioProblem:
        """The same problem with one force-in lifted (to price it)."""
        return dataclasses.replace(
            self, force_in={k: v for k, v in self.force_in.items() if k != initiative_id}
        )

    def cap_for(self, mission_id: str) -> int | None:
        return self.mission_caps.get(mission_id, self.max_per_mission)
