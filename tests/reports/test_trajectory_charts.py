"""Trajectories in the saved analysis (native chart with the target line) and the board
pack (SVG with the target line and date, the status in words, alt text from the data)."""

from __future__ import annotations

import base64
from types import SimpleNamespace

import pytest

from stocktake.app.document import Document
from stocktake.reports.analysis import _metric_blocks
from stocktake.reports.pack import html
from stocktake.reports.pack.content import _metrics
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "plan_for_change.xlsx"


def test_saved_chart_of_a_metric_has_trajectory_target_and_status() -> None:
    wb = Document.open(SAMPLE).workbook
    blocks = {b.title.split(":")[0]: b for b in _metric_blocks(wb)}
    mt05 = blocks["MT05"]
    assert mt05.title.endswith("(off track)")
    assert mt05.chart is not None and mt05.chart.title == mt05.title
    names = [s.name for s in mt05.chart.series]
    assert names == ["Actual", "Forecast", "Trajectory", "Target"]
    target_rows = [r for r in mt05.rows if r[2] == "Target"]
    assert [r[1] for r in target_rows] == [92.0, 92.0]  # a flat line at the target
    assert max(r[0] for r in target_rows).isoformat() == "2029-03-31"  # to its date
    assert {s.name: s.dash for s in mt05.chart.series}["Target"]  # not colour alone
    assert "off track: latest actual 61.5%" in mt05.chart.description


def test_pack_trajectories_section_says_each_status_with_its_reason() -> None:
    wb = Document.open(SAMPLE).workbook
    lines = _metrics(wb)
    by_id = {m.id: m for m in lines}
    assert by_id["MT05"].status == "off track"
    assert by_id["MT05"].target_date is not None
    text = html._metrics(SimpleNamespace(metrics=lines))  # type: ignore[arg-type]
    assert "<h2>Trajectories: metrics against their targets</h2>" in text
    assert "(off track)</span></h3>" in text
    assert "Off track: latest actual 61.5%" in text
    figures = [
        base64.b64decode(chunk.split('"', 1)[0]).decode("utf-8")
        for chunk in text.split('src="data:image/svg+xml;base64,')[1:]
    ]
    assert len(figures) == len(lines)
    mt05 = figures[[m.id for m in lines].index("MT05")]
    assert "Target date Mar 2029" in mt05  # the vertical line, named in the legend
    assert 'alt="RTT: % of incomplete pathways waiting under 18 weeks (England). Status off' in text


def test_saved_analysis_says_each_places_status_in_a_table() -> None:
    wb = Document.open(SAMPLE).workbook
    blocks = {b.title.split(":")[0]: b for b in _metric_blocks(wb)}
    by_place = blocks["Metrics by place"]
    assert by_place.chart is None  # words, not a chart
    assert tuple(by_place.headers) == (
        "Metric ID",
        "Metric",
        "Place",
        "Status",
        "Latest actual",
        "Planned now",
    )
    got = [(r[0], r[2], r[3]) for r in by_place.rows]
    assert got == [
        ("MT09", "England", "off track"),
        ("MT09", "Wales", "off track"),
        ("MT09", "London", "not enough data"),
        ("MT13", "England", "on track"),
        ("MT13", "Scotland", "on track"),
        ("MT13", "Wales", "off track"),
    ]
    wales = by_place.rows[5]  # MT13 in Wales: 36% against 39.7% planned (tests/cli)
    assert wales[4] == 36.0 and wales[5] == pytest.approx(39.73, abs=0.01)
    assert by_place.rows[2][4] == 14110 and by_place.rows[2][5] is None  # London: no path
    # the whole-UK chart of MT09 is the England-and-Wales total alone
    mt09 = blocks["MT09"]
    assert max(r[1] for r in mt09.rows if r[2] == "Actual") == 55008
