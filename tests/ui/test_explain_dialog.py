"""The explain dialog shows each criterion's value function and no-contribution level."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from stocktake.engine import build_arrays, explain
from stocktake.model import Horizon
from stocktake.model.vocab import Direction
from stocktake.ui.matrix.explain_dialog import COLUMNS, ExplainDialog
from tests.engine.factories import criterion, initiative


def test_the_working_names_the_function_the_do_nothing_level_and_the_points(
    qtbot: QtBot,
) -> None:
    crits = [
        dataclasses.replace(
            criterion("N1", Horizon.MILESTONE, 1), value_function="0:0; 2:60; 5:100", do_nothing=1
        ),
        dataclasses.replace(criterion("L1", Horizon.AMBITION, 1, hi=10), direction=Direction.LOWER),
        criterion("D1", Horizon.DELIVERABILITY, 1),
    ]
    arrays = build_arrays([initiative("I-1", {"N1": 3, "L1": 2, "D1": None})], crits)
    dialog = ExplainDialog(explain(arrays, "I-1"), "Warm homes")
    qtbot.addWidget(dialog)

    def row(r: int) -> dict[str, str]:
        return {h: dialog.table.item(r, c).text() for c, h in enumerate(COLUMNS)}

    n1, l1, d1 = row(0), row(1), row(2)
    assert (n1["Value function"], n1["Value (0-100)"]) == ("0:0; 2:60; 5:100", "73.33")
    assert (n1["No contribution at"], n1["Counted (0-100)"]) == ("1 (value 30.00)", "43.33")
    assert (l1["Value function"], l1["No contribution at"]) == (
        "linear, lower is better",
        "10 (value 0.00)",
    )
    assert l1["Counted (0-100)"] == "80.00"
    # Deliverability is a multiplier, not a benefit: no do-nothing level; blank is the middle.
    assert (d1["No contribution at"], d1["Value (0-100)"]) == ("–", "50.00")
    assert "blank" in d1["Score"]
    assert "benefit above doing nothing" in dialog.working.text()


def test_the_working_gives_both_costs_and_says_which_optimism_bias_applied(
    qtbot: QtBot,
) -> None:
    # Standard buildings, £10m in each of two years, no settings row: the Green Book's
    # 24 % upper bound; 12.4 + 12.4 / 1.035 = 24.38 in present value.
    ini = dataclasses.replace(
        initiative("I-1", {"N1": 3}, (10, 10)),
        project_type="Standard buildings",
        benefits={"2026-27": 41.4},  # 41.4 / 1.035 = 40.00 in present value
    )
    arrays = build_arrays([ini], [criterion("N1", Horizon.MILESTONE, 1)])
    dialog = ExplainDialog(explain(arrays, "I-1"), "Depot")
    qtbot.addWidget(dialog)
    text = dialog.working.text()
    assert "£20.0m nominal, £24.4m present value" in text
    assert "optimism bias 24% for Standard buildings: the Green Book's upper bound" in text
    assert "Monetised benefits £41.4m nominal, £40.0m present value" in text
    assert "net present value £15.6m; benefit-cost ratio 1.64." in text  # 40 / 24.38
