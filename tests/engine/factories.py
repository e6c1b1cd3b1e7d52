"""Small factories that build model objects directly, so engine tests need no Excel file."""

from __future__ import annotations

from collections.abc import Sequence

from stocktake.model import Criterion, Horizon, Initiative, Workbook

YEARS = ("2025-26", "2026-27", "2027-28")


def criterion(
    cid: str, horizon: Horizon, weight: float, lo: float = 0.0, hi: float = 5.0
) -> Criterion:
    return Criterion(
        id=cid, name=f"Criterion {cid}", horizon=horizon, weight=weight, scale_lo=lo, scale_hi=hi
    )


def initiative(
    iid: str,
    scores: dict[str, float | None],
    costs: Sequence[float] = (1.0,),
    mission: str = "M1",
    depends: Sequence[str] = (),
    excludes: Sequence[str] = (),
    fte: float | None = None,
) -> Initiative:
    return Initiative(
        id=iid,
        mission_id=mission,
        name=f"Initiative {iid}",
        costs={y: float(c) for y, c in zip(YEARS, costs, strict=False)},
        scores=dict(scores),
        depends_on=tuple(depends),
        excludes=tuple(excludes),
        fte=fte,
    )


def standard_criteria() -> list[Criterion]:
    """Two milestone, two ambition and one deliverability criterion, unequal weights."""
    return [
        criterion("N1", Horizon.MILESTONE, 60),
        criterion("N2", Horizon.MILESTONE, 40),
        criterion("L1", Horizon.AMBITION, 30),
        criterion("L2", Horizon.AMBITION, 70, lo=1, hi=10),
        criterion("D1", Horizon.DELIVERABILITY, 100),
    ]


def workbook(
    initiatives: Sequence[Initiative],
    criteria: Sequence[Criterion],
    settings: dict[str, str] | None = None,
) -> Workbook:
    return Workbook(
        initiatives={i.id: i for i in initiatives},
        criteria={c.id: c for c in criteria},
        financial_years=list(YEARS),
        settings=dict(settings or {}),
    )
