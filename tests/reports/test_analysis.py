"""A saved analysis (the app layer's save, composed by stocktake.reports), checked by hand.

The workbook is a small knapsack trap: buying down the value-for-money list (X first)
leaves 40 points of value on the table at the current envelope, and W, the best value
for money of all, is forced out by the board. The frontier is checked against brute
force over every subset.
"""

from __future__ import annotations

import itertools
import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

from stocktake.app.document import Document
from stocktake.engine import CutLines, PortfolioProblem, Scenario
from stocktake.excel.reader import read_workbook
from stocktake.reports import analysis_plan
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives

C_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
COST = {"W": 1.0, "X": 10.0, "Y": 20.0, "Z": 20.0}  # all in 2025-26
VALUE = {"W": 20.0, "X": 60.0, "Y": 100.0, "Z": 100.0}  # scores 1/1, 3/3, 5/5, 5/5 at λ=0.5
ENVELOPE = 41.0  # room for W beside Y and Z: only the force-out keeps it out
OLD = Scenario("Old one", balance=0.2)


@pytest.fixture
def trap(tmp_path: Path) -> Path:
    rows = [
        [
            iid,
            "M1",
            f"Initiative {iid}",
            "Green",
            "Scale",
            COST[iid],
            0,
            VALUE[iid] / 20,
            VALUE[iid] / 20,
            "OFFICIAL",
            "",
        ]
        for iid in COST
    ]
    return build(
        tmp_path / "trap.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(*rows),
            "Stocktake settings": [
                ["Setting", "Value"],
                ["balance", 0.5],
                ["budget:2025-26", ENVELOPE],
                ["force_out:W", "Paused by the board"],
                ["scenario:Broken", "{not json"],
                [OLD.setting_key, OLD.to_json()],
            ],
        },
    )


def brute_force(envelope: float) -> float:
    """Best value of any subset of X, Y, Z (W is forced out) within the envelope."""
    best = 0.0
    for k in range(4):
        for combo in itertools.combinations("XYZ", k):
            if sum(COST[i] for i in combo) <= envelope + 1e-9:
                best = max(best, sum(VALUE[i] for i in combo))
    return best


def frontier_chart(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if re.fullmatch(r"xl/charts/chart\d+\.xml", name):
                root = etree.fromstring(z.read(name))
                title = "".join(t.text or "" for t in root.iter(f"{A_NS}t"))
                if title.startswith("Efficient frontier"):
                    return root
    raise AssertionError("no efficient-frontier chart in the package")


def test_composed_analysis_saves_frontier_scores_and_settings(trap: Path) -> None:
    doc = Document.open(trap)
    problem = doc.problem
    assert problem == PortfolioProblem(
        budgets={"2025-26": ENVELOPE}, force_out={"W": "Paused by the board"}
    )
    first = Scenario(
        "Milestones first",
        balance=0.8,
        problem=PortfolioProblem(budgets={"2025-26": 30.0}, force_in={"X": "Pledge"}),
    )
    doc.apply(doc.save_scenario(first))
    deleted = doc.delete_scenario(OLD.name)
    assert deleted is not None
    doc.apply(deleted)
    doc.save_job().run()

    book = CalamineWorkbook.from_path(str(trap))
    assert book.sheet_names[-4:] == ["Scores", "Portfolio", "Charts", "Stocktake snapshot"]
    scores = book.get_sheet_by_name("Scores").to_python()
    chosen = {r[0]: r[7] for r in scores[1:]}
    assert chosen == {"W": "Out", "X": "Out", "Y": "In", "Z": "In"}  # not the greedy X+Y

    charts = book.get_sheet_by_name("Charts").to_python(skip_empty_area=False)
    top = next(i for i, r in enumerate(charts) if r[0] == "Efficient frontier")
    assert charts[top + 1][:5] == [
        "Envelope scale",
        "Envelope (£m)",
        "Optimal value",
        "Greedy value (order of buy)",
        "Left by greedy",
    ]
    frontier = {}
    for row in charts[top + 2 :]:
        if row[0] in ("", None):
            break
        frontier[round(row[0], 1)] = row
    assert len(frontier) == 15
    for scale, row in frontier.items():
        assert row[1] == pytest.approx(ENVELOPE * scale)
        assert row[2] == pytest.approx(brute_force(ENVELOPE * scale)), scale
        assert row[3] <= row[2] + 1e-9 and row[4] == pytest.approx(row[2] - row[3])
    assert frontier[1.0][2:5] == [pytest.approx(200.0), pytest.approx(160.0), pytest.approx(40.0)]

    # The native chart: optimal and greedy curves, and the current envelope as one point
    # on the optimal curve at the row where the scale is 1.
    chart = frontier_chart(trap)
    series = {"".join(s.find(f"{C_NS}tx").itertext()): s for s in chart.iter(f"{C_NS}ser")}
    assert set(series) == {"Optimal portfolio", "Greedy order of buy", "Current envelope"}
    current = series["Current envelope"].find(f"{C_NS}yVal/{C_NS}numRef/{C_NS}f").text
    cell = re.fullmatch(r"'?Charts'?!\$C\$(\d+)", current)
    assert cell is not None, current
    assert charts[int(cell.group(1)) - 1][0] == 1.0
    assert charts[int(cell.group(1)) - 1][2] == pytest.approx(200.0)

    # Settings round-trip: what the app and the CLI read back is what was used.
    again = Document.open(trap)
    assert again.problem == problem
    assert again.balance == 0.5
    assert list(again.scenarios.values()) == [first]  # "Old one" was deleted, so it is gone
    # the unreadable scenario is kept as typed (never lost) and named by its cell
    assert again.workbook.settings["scenario:Broken"] == "{not json"
    broken = [p for p in again.workbook.problems if "Broken" in p.message]
    assert [p.place for p in broken] == ["'Stocktake settings'!B5"]
    assert json.loads(again.workbook.settings[first.setting_key])["force_in"] == {"X": "Pledge"}


def test_no_envelope_says_so_and_unknown_forced_item_is_refused(trap: Path) -> None:
    wb = read_workbook(trap)
    plan = analysis_plan(wb, balance=0.5, problem=PortfolioProblem(), cuts=CutLines())
    assert plan.chart_blocks is not None
    block = next(b for b in plan.chart_blocks if b.title == "Efficient frontier")
    assert block.chart is None and "No envelope set" in str(block.rows[0][-1])
    with pytest.raises(ValueError, match="Q-9"):
        analysis_plan(
            wb, balance=0.5, problem=PortfolioProblem(force_in={"Q-9": "typo"}), cuts=CutLines()
        )


def test_the_portfolio_sheet_states_the_scoring_method(trap: Path) -> None:
    """Each criterion's scale, value function and no-contribution level, under the portfolio."""
    wb = read_workbook(trap)
    plan = analysis_plan(wb, balance=0.5, problem=PortfolioProblem(), cuts=CutLines())
    portfolio = next(s for s in plan.owned if s.name == "Portfolio")
    rows = [list(r) for r in portfolio.rows]
    top = next(
        i for i, r in enumerate(rows) if r and r[0] == "Scoring method: benefit above doing nothing"
    )
    assert rows[top + 1][3:] == ["Value function", "No contribution at"]
    assert rows[top + 2] == ["C1 Homes", "Milestone (60)", "0-5", "linear", "0"]
    assert rows[top + 3] == ["C2 Growth", "Ambition (40)", "0-5", "linear", "0"]
