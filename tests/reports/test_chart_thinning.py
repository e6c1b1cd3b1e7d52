"""Long metric series are drawn from real readings: each period's first, lowest, highest
and last, checked against a grouping by pandas (an independent oracle) and on a saved
analysis of a workbook read daily for years."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from stocktake.app.document import Document
from stocktake.model.vocab import ReadingKind
from stocktake.reports.analysis import _metric_blocks
from stocktake.reports.chart_thinning import CHART_POINTS, thin
from tests.conftest import REPO

points = st.lists(
    st.tuples(
        st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
        st.integers(-50, 50).map(float),
    ),
    max_size=1_500,
)


@given(points, st.integers(8, 600))
def test_thinned_series_keeps_each_periods_extremes_and_ends(
    raw: list[tuple[dt.date, float]], limit: int
) -> None:
    kept, period = thin(raw, limit)
    ordered = sorted(raw, key=lambda p: p[0])
    if len(raw) <= limit:
        assert (kept, period) == (ordered, "")
        return
    assert period in {"month", "quarter", "year"}
    assert all(k in raw for k in kept)  # nothing invented or averaged
    assert [d for d, _v in kept] == sorted(d for d, _v in kept)
    frame = pd.DataFrame(ordered, columns=["date", "value"])
    stamps = pd.to_datetime(frame["date"])
    freq = {"month": "M", "quarter": "Q", "year": "Y"}[period]
    groups = frame.groupby(stamps.dt.to_period(freq), sort=True)
    got = pd.DataFrame(kept, columns=["date", "value"])
    got_groups = dict(list(got.groupby(pd.to_datetime(got["date"]).dt.to_period(freq))))
    assert len(got_groups) == groups.ngroups  # every period is drawn
    for key, g in groups:
        mine = got_groups[key]
        assert mine["value"].min() == g["value"].min()
        assert mine["value"].max() == g["value"].max()
        assert (mine.iloc[0]["date"], mine.iloc[0]["value"]) == tuple(g.iloc[0])
        assert (mine.iloc[-1]["date"], mine.iloc[-1]["value"]) == tuple(g.iloc[-1])
        assert len(mine) <= 4
    coarser = {"month": "", "quarter": "M", "year": "Q"}[period]
    if coarser:  # a finer period was tried first and did not fit
        assert frame.groupby(stamps.dt.to_period(coarser)).ngroups > limit / 4
    if period != "year":
        assert len(kept) <= limit


def test_saved_chart_of_a_daily_metric_shows_its_real_extremes_and_says_so(
    tmp_path: Path,
) -> None:
    if str(REPO / "scripts") not in sys.path:
        sys.path.insert(0, str(REPO / "scripts"))
    large = importlib.import_module("make_large_workbook")
    path = tmp_path / "daily.xlsx"
    per_metric = 2 * CHART_POINTS
    large.build(path, initiatives=30, readings=large.N_METRICS * per_metric, seed=5)
    wb = Document.open(path).workbook
    blocks = {b.title.split(":")[0]: b for b in _metric_blocks(wb)}
    assert len(blocks) == large.N_METRICS
    for mid, block in blocks.items():
        actual = sorted(
            (r.date, r.value)
            for r in wb.readings
            if r.metric_id == mid and r.kind is ReadingKind.ACTUAL
        )
        drawn = [(r[0], r[1]) for r in block.rows if r[2] == "Actual"]
        assert len(actual) == per_metric
        assert len(drawn) <= CHART_POINTS
        assert set(drawn) <= set(actual)
        values = [v for _d, v in drawn]
        assert min(values) == min(v for _d, v in actual)
        assert max(values) == max(v for _d, v in actual)
        assert drawn[-1] == actual[-1]  # the latest reading, as given
        assert block.chart is not None
        assert f"{len(drawn):,} of {per_metric:,} actual readings" in block.chart.description
        assert "every reading is on the workbook's readings sheet" in block.chart.description
        assert "thinned" in block.chart.x_title
