"""The pack's trajectory figures of a metric read daily for years are drawn from real
readings (each period's first, lowest, highest and last), as the saved Charts sheet's
are: the same points, the same alt text, and the chart says it was thinned."""

from __future__ import annotations

import base64
import importlib
import re
import sys
from pathlib import Path

from stocktake.app.document import Document
from stocktake.engine.matrix import CutLines
from stocktake.model.vocab import ReadingKind
from stocktake.reports.analysis import _metric_blocks
from stocktake.reports.chart_thinning import CHART_POINTS, THINNED_AXIS
from stocktake.reports.pack.content import build_content
from stocktake.reports.pack.html import pack_html
from stocktake.reports.pack.workbook import pack_plan
from tests.conftest import REPO


def _daily(tmp_path: Path) -> Document:
    if str(REPO / "scripts") not in sys.path:
        sys.path.insert(0, str(REPO / "scripts"))
    large = importlib.import_module("make_large_workbook")
    path = tmp_path / "daily.xlsx"
    large.build(path, initiatives=30, readings=large.N_METRICS * 2 * CHART_POINTS, seed=5)
    return Document.open(path)


def _figures(html: str) -> list[tuple[str, str]]:
    """(alt text, SVG) of every figure in the pack's HTML."""
    found = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)">', html)
    return [(alt, base64.b64decode(data).decode("utf-8")) for data, alt in found]


def test_pack_figures_draw_the_thinned_series_the_charts_sheet_draws(tmp_path: Path) -> None:
    doc = _daily(tmp_path)
    wb = doc.workbook
    content = build_content(
        wb, balance=0.5, problem=doc.effective_problem(), cuts=CutLines(), time_limit=5.0
    )
    saved = {b.title.split(":")[0]: b for b in _metric_blocks(wb)}
    assert len(content.metrics) == len(saved) > 0
    for m in content.metrics:
        block = saved[m.id]
        assert block.chart is not None
        assert m.thinned and m.alt == block.chart.description  # one function, one sentence
        assert sorted(m.readings) == sorted(tuple(r) for r in block.rows)  # the same points
        actual = sorted(
            (r.date, r.value)
            for r in wb.readings
            if r.metric_id == m.id and r.kind is ReadingKind.ACTUAL
        )
        drawn = [(d, v) for d, v, k in m.readings if k == "Actual"]
        assert len(actual) == 2 * CHART_POINTS and len(drawn) <= CHART_POINTS
        assert min(v for _d, v in drawn) == min(v for _d, v in actual)
        assert max(v for _d, v in drawn) == max(v for _d, v in actual)
        assert drawn[-1] == actual[-1]
        assert f"{len(drawn):,} of {len(actual):,} actual readings" in m.alt
    figures = _figures(pack_html(content))
    metric_figures = [(alt, svg) for alt, svg in figures if "actual readings" in alt]
    assert len(metric_figures) == len(content.metrics)
    for _alt, svg in metric_figures:
        assert THINNED_AXIS in svg  # said on the figure itself, not only in its alt text
        for line in re.findall(r'<polyline points="([^"]*)"', svg):
            assert len(line.split()) <= CHART_POINTS
    charts = [b.chart for b in pack_plan(content).chart_blocks if b.chart is not None]
    thinned = [c for c in charts if c.x_title == THINNED_AXIS]
    assert len(thinned) == len(content.metrics)  # the pack workbook's charts say so too
