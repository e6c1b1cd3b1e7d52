"""The contribution-map chart's data on hand-made rows: sectors in a fixed order (named
ones alphabetically, Other and Not stated last), missions first on top in Excel, an
absent sector blank rather than 0, every bar's sector and count written in the SVG."""

from __future__ import annotations

import re

from stocktake.model.colours import NEUTRAL
from stocktake.reports.pack.contribution_chart import (
    colours,
    contribution_block,
    contribution_svg,
    sectors,
)
from stocktake.reports.pack.health import SectorRow

ROWS = [
    SectorRow("M1 Growth", "Not stated", ("Z",)),
    SectorRow("M1 Growth", "Central government", ("HMT", "DBT")),
    SectorRow("M2 NHS", "Other", ("O",)),
    SectorRow("M2 NHS", "NHS", ("Trust",)),
]


def test_sectors_are_ordered_and_the_unnamed_ones_grey() -> None:
    assert sectors(ROWS) == ["Central government", "NHS", "Other", "Not stated"]
    found = colours(ROWS)
    assert found["Other"] == found["Not stated"] == NEUTRAL
    assert found["Central government"] != found["NHS"]


def test_the_native_block_puts_the_first_mission_on_top_and_absent_sectors_blank() -> None:
    block = contribution_block(ROWS)
    assert list(block.headers) == ["Mission", "Central government", "NHS", "Other", "Not stated"]
    assert [list(r) for r in block.rows] == [
        ["M2 NHS", None, 1, 1, None],
        ["M1 Growth", 2, None, None, 1],
    ]
    assert block.chart is not None and block.chart.kind == "stacked_bar"
    assert [s.name for s in block.chart.series] == list(block.headers[1:])
    assert len({s.pattern for s in block.chart.series}) == 4  # a pattern each, not colour alone


def test_the_svg_writes_each_missions_bars_in_words() -> None:
    words = re.findall(r">([^<>]+)</text>", contribution_svg(ROWS))
    assert words[1:10] == [
        "M1 Growth",
        "Central government",
        "2",
        "Not stated",
        "1",
        "M2 NHS",
        "NHS",
        "1",
        "Other",
    ]
