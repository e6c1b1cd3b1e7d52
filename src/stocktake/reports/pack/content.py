"""What a board pack says, computed once and drawn twice (the workbook and the PDF).

Why one structure: the Excel pack and the PDF must agree to the digit, and the public
version must be cut before anything is computed (see :mod:`.withhold`), so both
renderers only lay out a :class:`PackContent`; neither computes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from stocktake.engine.arrays import arrays_from_workbook
from stocktake.engine.frontier import DEFAULT_SCALES, efficient_frontier
from stocktake.engine.matrix import CutLines, quadrants
from stocktake.engine.portfolio import optimise
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.robustness import Uncertainty, rank_acceptability
from stocktake.engine.scoring import score
from stocktake.model import Decision, Workbook, markings
from stocktake.reports import alt_text
from stocktake.reports.chart_thinning import thin_rows
from stocktake.reports.pack.health import HealthPack, HealthSource
from stocktake.reports.pack.withhold import RULE, Withheld, public_copy
from stocktake.reports.trajectory_rows import chart_rows, judged, trajectory_alt

ROBUSTNESS_DRAWS = 1000
Progress = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class Point:
    """One initiative on the matrix, with everything the pack prints about it."""

    id: str
    name: str
    mission: str
    near_term: float
    long_term: float
    overall: float
    rank: int
    cost: float
    quadrant: str
    chosen: bool
    classification: str
    robust_share: float


@dataclass(frozen=True, slots=True)
class MetricLine:
    id: str
    name: str
    unit: str
    target: float | None
    readings: tuple[tuple[dt.date, float, str], ...]  # date, value, kind
    alt: str
    status: str = ""
    reason: str = ""
    target_date: dt.date | None = None
    thinned: bool = False
    """Long series drawn from their first, lowest, highest and last reading of each
    period (:func:`stocktake.reports.chart_thinning.thin_rows`); the alt text says so."""


@dataclass(slots=True)
class PackContent:
    """Everything the pack shows; ``classification`` is the highest of what it shows."""

    title: str
    source: str
    made: dt.date
    version: str
    classification: str
    public: bool
    balance: float
    cuts: CutLines
    points: list[Point]
    status: str
    summary: str
    value: float | None
    years: list[tuple[str, float | None, float | None]]  # year, spend, envelope
    binding: list[str]
    frontier: list[tuple[float, float, float | None, float]]  # scale, envelope, best, greedy
    metrics: list[MetricLine]
    decisions: list[Decision]
    criteria: list[tuple[str, str, str, float]]  # id, name, horizon, weight
    matrix_alt: str
    frontier_alt: str
    withheld: list[Withheld] = field(default_factory=list)
    withheld_rule: str = ""
    minutes: list[str] = field(default_factory=list)
    """Hook: the meeting's minutes, once the meeting issue records them (none yet)."""
    actions: list[tuple[str, str, str]] = field(default_factory=list)
    """Hook: the meeting's actions (what, owner, due), once recorded (none yet)."""
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    health: HealthPack | None = None
    """Mission health (CSF, contribution map, test and learn, place); None: not asked."""

    @property
    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.points}

    def latest_meeting(self) -> str:
        meetings = [d.meeting for d in self.decisions if d.meeting]
        return meetings[-1] if meetings else ""

    def since_last_time(self) -> list[Decision]:
        """Decisions recorded at the latest meeting: what changed since the one before."""
        last = self.latest_meeting()
        return [d for d in self.decisions if last and d.meeting == last]

    def in_force(self) -> dict[str, Decision]:
        return Workbook(decisions=list(self.decisions)).latest_decisions()

    def proposed(self, limit: int = 10) -> list[Point]:
        """Items with no decision yet that the optimal portfolio leaves out, dearest first:
        the choices the analysis puts to the board."""
        decided = self.in_force()
        out = [p for p in self.points if not p.chosen and p.id not in decided]
        return sorted(out, key=lambda p: -p.cost)[:limit]


def build_content(
    workbook: Workbook,
    *,
    balance: float,
    problem: PortfolioProblem,
    cuts: CutLines,
    public: bool = False,
    title: str = "Mission board pack",
    version: str = "",
    today: dt.date | None = None,
    progress: Progress | None = None,
    time_limit: float = 10.0,
    health: HealthSource | None = None,
) -> PackContent:
    """Compute the pack: scores, portfolio, frontier, robustness and metrics.

    With ``public`` the OFFICIAL-SENSITIVE items are withheld first (see
    :mod:`.withhold`), so nothing below ever sees them; ``health`` (the application
    layer's) is run on that same workbook.
    """
    withheld: list[Withheld] = []
    if public:
        workbook, problem, withheld = public_copy(workbook, problem)
    step = progress or (lambda _f, _m: None)
    step(0.1, "scoring the initiatives")
    arrays = arrays_from_workbook(workbook)
    known = set(arrays.ids)
    problem = dataclasses.replace(  # forced items the workbook no longer has are dropped
        problem,
        force_in={k: v for k, v in problem.force_in.items() if k in known},
        force_out={k: v for k, v in problem.force_out.items() if k in known},
    )
    table = score(arrays, balance)
    step(0.25, "choosing the best portfolio")
    result = optimise(arrays, table.value, problem, time_limit=time_limit)
    step(0.4, "tracing the efficient frontier")
    frontier = efficient_frontier(
        arrays, table.value, problem, sorted({*DEFAULT_SCALES, 1.0}), time_limit=time_limit
    )
    step(0.6, "testing how robust each choice is")
    k = max(1, len(result.chosen))
    u = Uncertainty(draws=ROBUSTNESS_DRAWS, balance_lo=balance, balance_hi=balance)
    robust = rank_acceptability(arrays, min(k, arrays.n), u).as_dict() if arrays.n else {}
    chosen = set(result.chosen)
    quads = [q.value for q in quadrants(arrays, cuts)]
    inits = workbook.initiatives
    points = [
        Point(
            id=iid,
            name=inits[iid].name,
            mission=inits[iid].mission_id,
            near_term=float(arrays.near_term[i]),
            long_term=float(arrays.long_term[i]),
            overall=float(table.overall[i]),
            rank=int(table.rank[i]),
            cost=float(arrays.total_cost[i]),
            quadrant=quads[i],
            chosen=iid in chosen,
            classification=inits[iid].classification.value,
            robust_share=robust.get(iid, 0.0),
        )
        for i, iid in enumerate(arrays.ids)
    ]
    points.sort(key=lambda p: p.rank)
    level = markings.highest(
        [] if public else [workbook.classification], (p.classification for p in points)
    )
    envelopes = [sum(p.envelope.values()) for p in frontier]
    current = next((p.value for p in frontier if p.scale == 1.0), None)
    step(0.75, "drawing the metrics")
    metrics = _metrics(workbook)
    made = today or dt.date.today()
    step(0.78, "summing up mission health")
    health_pack = health(workbook, made, public) if health is not None else None
    return PackContent(
        title=title,
        source=workbook.path.name if workbook.path else "",
        made=made,
        version=version,
        classification=level.value,
        public=public,
        balance=balance,
        cuts=cuts,
        points=points,
        status=result.status,
        summary=result.summary,
        value=result.value,
        years=[
            (y, result.spend.get(y), result.envelope.get(y))
            for y in sorted(set(result.spend) | set(result.envelope))
        ],
        binding=[b.message for b in result.binding] + [c.message for c in result.conflicts],
        frontier=[
            (p.scale, e, p.value, p.greedy_value)
            for p, e in zip(frontier, envelopes, strict=True)
            if p.envelope
        ],
        metrics=metrics,
        decisions=list(workbook.decisions),
        criteria=[(c.id, c.name, c.horizon.value, c.weight) for c in workbook.criteria.values()],
        matrix_alt=alt_text.matrix_alt(quads, [float(c) for c in arrays.total_cost], cuts)
        if points
        else "Ruthless-choice matrix: no initiatives to show.",
        frontier_alt=alt_text.frontier_alt(envelopes, [p.value for p in frontier], current),
        withheld=withheld,
        withheld_rule=RULE if public else "",
        uncertainty=u,
        health=health_pack,
    )


def _metrics(workbook: Workbook) -> list[MetricLine]:
    """Each metric with readings, with its planned trajectory, target and status (the
    rows and words the saved analysis uses too: :mod:`stocktake.reports.trajectory_rows`),
    long series thinned as the saved Charts sheet thins them (the same function), so the
    PDF's figures and the pack workbook's charts draw the same points."""
    out = []
    for t in judged(workbook).values():
        if not (t.actuals or t.forecasts):
            continue
        m = t.metric
        thinned, note = thin_rows(chart_rows(t))
        rows = sorted(thinned, key=lambda r: (r[2], r[0]))
        target = t.target[1] if t.target is not None else m.target
        out.append(
            MetricLine(
                m.id,
                m.name,
                m.unit,
                target,
                tuple(rows),
                f"{trajectory_alt(t)} {note}" if note else trajectory_alt(t),
                t.status.value,
                t.judgement.reason,
                t.target[0] if t.target is not None else None,
                thinned=bool(note),
            )
        )
    return out
