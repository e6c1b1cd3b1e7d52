"""Smallest-basket advice: the exact set cover against brute force, the redundancy
threshold on hand-made readings, and milestones with no metric."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.delivery.basket import BasketSettings, advise, correlated_pairs, set_cover
from stocktake.model import Metric, Milestone, Reading, Workbook


def brute_force(sets: dict[str, frozenset[str]]) -> int:
    universe = frozenset().union(*sets.values())
    keys = list(sets)
    for size in range(len(keys) + 1):
        for combo in itertools.combinations(keys, size):
            if frozenset().union(*(sets[k] for k in combo)) == universe:
                return size
    raise AssertionError("unreachable: all keys together cover the universe")


instances = st.dictionaries(
    st.sampled_from([f"MT{i}" for i in range(9)]),
    st.frozensets(st.sampled_from([f"MS{i}" for i in range(7)]), max_size=4),
    min_size=1,
    max_size=9,
)


@settings(max_examples=60, deadline=None)
@given(sets=instances, costs=st.lists(st.floats(0, 100), min_size=9, max_size=9))
def test_set_cover_is_as_small_as_brute_force_and_covers_everything(
    sets: dict[str, frozenset[str]], costs: list[float]
) -> None:
    tie = {k: costs[i] for i, k in enumerate(sets)}
    chosen = set_cover(sets, tie)
    universe = frozenset().union(*sets.values())
    assert frozenset().union(*(sets[k] for k in chosen)) == universe
    assert len(chosen) == brute_force(sets)


def _wb() -> Workbook:
    wb = Workbook()
    for i in range(1, 4):
        wb.metrics[f"MT{i}"] = Metric(f"MT{i}", "M1", f"Metric {i}", row=i + 1)
    wb.milestones["MS1"] = Milestone("MS1", "M1", "Homes", "MT1")
    wb.milestones["MS2"] = Milestone("MS2", "M1", "Planning", "MT2")
    wb.milestones["MS3"] = Milestone("MS3", "M1", "Growth", "")
    wb.metrics["MT3"].milestone_ids = ("MS1", "MS2")
    return wb


def _quarters(n: int) -> list[dt.date]:
    out = []
    for i in range(n):
        year, q = divmod(i, 4)
        month = 3 * (q + 1)
        out.append(dt.date(2020 + year, month, 28))
    return out


def test_one_metric_covering_both_milestones_is_the_smallest_basket() -> None:
    basket = advise(_wb())
    assert basket.smallest == ("MT3",)
    keep = basket.of_kind("keep")
    assert [a.subject for a in keep] == ["MT3"]
    redundant = {a.subject: a.reason for a in basket.of_kind("redundant")}
    assert set(redundant) == {"MT1", "MT2"}
    assert "MT1 covers MS1, which MT3 also covers" in redundant["MT1"]
    uncovered = basket.of_kind("uncovered")
    assert [a.subject for a in uncovered] == ["MS3"]
    assert "has no metric" in uncovered[0].reason


def test_redundancy_threshold_on_hand_made_readings() -> None:
    wb = _wb()
    dates = _quarters(8)
    a = [1, 2, 3, 4, 5, 6, 7, 8]
    b = [2, 4, 6, 8, 10, 12, 14, 17]  # r ~ 0.997 with a
    c = [5, 1, 4, 2, 6, 3, 5, 2]  # r ~ 0.05 with a
    for mid, values in (("MT1", a), ("MT2", b), ("MT3", c)):
        wb.readings.extend(Reading(mid, d, float(v)) for d, v in zip(dates, values, strict=True))
    pairs = correlated_pairs(wb, BasketSettings(correlation=0.9, window_years=10))
    assert [(p[0], p[1], p[3]) for p in pairs] == [("MT1", "MT2", 8)]
    assert pairs[0][2] > 0.99
    # Above the pair's r the advice disappears; a strong negative relation counts too.
    assert correlated_pairs(wb, BasketSettings(correlation=0.999, window_years=10)) == []
    wb.readings = [r for r in wb.readings if r.metric_id != "MT2"]
    wb.readings.extend(Reading("MT2", d, -float(v)) for d, v in zip(dates, a, strict=True))
    neg = correlated_pairs(wb, BasketSettings(correlation=0.9, window_years=10))
    assert [(p[0], p[1]) for p in neg] == [("MT1", "MT2")]
    assert neg[0][2] < -0.99
    said = [a.reason for a in advise(wb).of_kind("redundant") if "moved together" in a.reason]
    assert len(said) == 1 and "MT1 and MT2" in said[0] and "8 quarters" in said[0]


def test_the_window_and_the_minimum_overlap_limit_the_comparison() -> None:
    wb = _wb()
    dates = _quarters(8)
    for mid in ("MT1", "MT2"):
        wb.readings.extend(Reading(mid, d, float(i)) for i, d in enumerate(dates))
    # Only the last year (4 quarters) in a one-year window: still 4 shared, still said.
    assert len(correlated_pairs(wb, BasketSettings(0.9, window_years=1.0))) == 1
    # Three shared quarters are too few to say anything.
    assert correlated_pairs(wb, BasketSettings(0.9, window_years=0.7)) == []
