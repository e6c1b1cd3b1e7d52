"""The rules under the pack, without printing anything: the highest marking, the public
cut, the bubble chart rewrite and the Charts sheet's page breaks."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from stocktake.engine.problem import PortfolioProblem
from stocktake.excel.writer.bubble import to_bubble
from stocktake.excel.writer.charts import (
    CHART_ROWS,
    ChartBlock,
    ChartSpec,
    SeriesSpec,
    layout,
    page_breaks,
    rows_per_page,
)
from stocktake.model import Classification, Decision, DecisionKind, Initiative, Workbook, markings
from stocktake.reports.pack.withhold import public_copy

LEVELS = st.sampled_from(list(Classification))


@given(st.lists(LEVELS, max_size=8))
def test_highest_is_never_lower_than_any_level_given(levels: list[Classification]) -> None:
    top = markings.highest(levels)
    expected = (
        Classification.OFFICIAL_SENSITIVE
        if Classification.OFFICIAL_SENSITIVE in levels
        else Classification.OFFICIAL
    )
    assert top is expected
    assert markings.highest(*levels) is top  # singly or as an iterable, the same


def test_marking_line_carries_the_caveat() -> None:
    line = markings.marking_line("OFFICIAL-SENSITIVE")
    assert line.startswith("OFFICIAL-SENSITIVE - ") and "need to know" in line


def _book() -> Workbook:
    inits = {
        "I-1": Initiative("I-1", "M1", "Open thing", costs={"2025-26": 5.0}),
        "I-2": Initiative(
            "I-2",
            "M1",
            "Secret pilot",
            costs={"2025-26": 7.0},
            classification=Classification.OFFICIAL_SENSITIVE,
        ),
        "I-3": Initiative("I-3", "M1", "Other", depends_on=("I-2",)),
    }
    decisions = [
        Decision("D-0001", "I-1", DecisionKind.CONTINUE, rationale="fine"),
        Decision("D-0002", "I-2", DecisionKind.STOP, rationale="no"),
        Decision("D-0003", "I-3", DecisionKind.SCALE, rationale="unlike the Secret pilot"),
    ]
    return Workbook(initiatives=inits, decisions=decisions)


def test_public_copy_withholds_the_item_and_every_record_naming_it() -> None:
    problem = PortfolioProblem(force_in={"I-2": "board asked"}, force_out={"I-3": "see I-2"})
    public, pproblem, withheld = public_copy(_book(), problem)
    assert set(public.initiatives) == {"I-1", "I-3"}
    assert public.initiatives["I-3"].depends_on == ()
    assert [d.decision_id for d in public.decisions] == ["D-0001"]
    assert "I-2" not in pproblem.force_in
    assert pproblem.force_out == {"I-3": ""}  # its reason named the withheld item
    kinds = [(w.kind, w.ident) for w in withheld]
    assert ("initiative", "I-2") in kinds
    assert ("decision", "D-0002") in kinds and ("decision", "D-0003") in kinds
    assert ("forced item", "I-3") in kinds
    assert all(w.reason for w in withheld)


def _scatter(block: ChartBlock) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Charts")
    for i, row in enumerate(block.rows):
        ws.write_row(i, 0, row)
    chart = wb.add_chart({"type": "scatter"})
    assert block.chart is not None
    for s in block.chart.series:
        last = len(block.rows) - 1 if s.last is None else s.last
        chart.add_series(
            {
                "name": s.name,
                "categories": ["Charts", s.first, s.x_col, last, s.x_col],
                "values": ["Charts", s.first, s.y_col, last, s.y_col],
                "marker": {"type": "circle", "fill": {"color": "#12436D"}},
            }
        )
    ws.insert_chart(0, 5, chart)
    wb.close()
    with zipfile.ZipFile(buf) as z:
        return z.read("xl/charts/chart1.xml")


def test_bubble_rewrite_sizes_each_series_by_its_cost_column() -> None:
    rows = [["A", 10.0, 20.0, 3.0], ["B", 60.0, 70.0, 9.5], ["C", 80.0, 10.0, 0.0]]
    series = [SeriesSpec("low", 1, 2, 0, 0, size_col=3), SeriesSpec("rest", 1, 2, 1, 2, size_col=3)]
    block = ChartBlock("m", ("ID", "N", "L", "Cost"), rows, ChartSpec("bubble", "m", series=series))
    xml = to_bubble(_scatter(block), block)
    text = xml.decode()
    assert "<c:scatterChart>" not in text and text.count("<c:bubbleChart>") == 1
    assert "<c:marker>" not in text
    sizes = re.findall(r"<c:bubbleSize>.*?</c:bubbleSize>", text, re.S)
    assert [re.findall(r"<c:v>([^<]*)</c:v>", s) for s in sizes] == [["3.0"], ["9.5", "0.1"]]
    assert "Charts!$D$1<" in sizes[0] and "Charts!$D$2:$D$3<" in sizes[1]
    assert '<c:sizeRepresents val="area"/>' in text
    # schema order inside a series: yVal, then bubbleSize, then bubble3D
    ser = re.findall(r"<c:ser>.*?</c:ser>", text, re.S)[0]
    assert ser.index("<c:yVal>") < ser.index("<c:bubbleSize>") < ser.index("<c:bubble3D")


@pytest.mark.parametrize("n_blocks,rows", [(15, 4), (5, 60), (3, 200), (8, 25), (1, 1)])
def test_no_chart_runs_over_a_page_end(n_blocks: int, rows: int) -> None:
    """Pages are ``rows_per_page`` rows long from each manual break (the printer breaks
    long data tables itself); every chart must end on the page it starts on."""
    spec = ChartSpec("line", "t", series=[SeriesSpec("s", 0, 1)])
    blocks = [
        ChartBlock(f"b{k}", ("x", "y"), [[i, i] for i in range(rows)], spec)
        for k in range(n_blocks)
    ]
    widths = [16.0] * 6
    per_page = rows_per_page(widths)
    starts = layout(blocks)
    breaks = page_breaks(blocks, widths)
    assert 0 not in breaks
    manual = [0] + [starts[k] for k in breaks]
    for top in starts:
        since = top - max(b for b in manual if b <= top)
        assert since % per_page + CHART_ROWS <= per_page, f"chart at row {top} is split"
    if rows <= 4 and n_blocks > 2:
        assert len(breaks) < n_blocks - 1  # short blocks share pages


def test_a_cancelled_pack_leaves_no_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from stocktake.app import errors
    from stocktake.app.document import Document
    from stocktake.app.pack import export_pack
    from tests.reports.pack.conftest import SAMPLE

    doc = Document.open(SAMPLE)
    asked: list[str] = []

    def cancel_after_two() -> bool:
        asked.append("?")
        return len(asked) > 2

    with pytest.raises(errors.Cancelled):
        export_pack(doc, tmp_path / "out", cancel=cancel_after_two)
    assert len(asked) == 3
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_pack_job_is_the_document_as_it_was_when_export_was_chosen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from stocktake.app.document import Document
    from stocktake.app.pack import pack_job
    from tests.reports.pack.conftest import SAMPLE

    doc = Document.open(SAMPLE)
    first = next(iter(doc.workbook.initiatives))
    change = doc.new_decision(first, "Stop", rationale="unsaved, but taken at the meeting")
    change.apply(doc)
    job = pack_job(doc, tmp_path)
    assert job.workbook.decisions[-1].rationale == "unsaved, but taken at the meeting"
    name = doc.workbook.initiatives[first].name
    doc.workbook.initiatives[first].name = "edited after Export"
    doc.workbook.initiatives[first].costs["2025-26"] = 999.0
    assert job.workbook.initiatives[first].name == name
    assert job.workbook.initiatives[first].costs.get("2025-26") != 999.0
    assert first in job.problem.force_out  # a Stop keeps it out of the pack's portfolio
