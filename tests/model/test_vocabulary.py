"""The words people type into a workbook, read the way they mean them."""

from __future__ import annotations

import pytest

from stocktake.model import DCA, DecisionKind, Stage


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Amber-Red", DCA.AMBER_RED),
        ("Red/Amber", DCA.AMBER_RED),
        ("amber / red", DCA.AMBER_RED),
        ("Green-Amber", DCA.AMBER_GREEN),
        ("G", DCA.GREEN),
        ("RED", DCA.RED),
        ("Purple", None),
        ("", None),
        (None, None),
    ],
)
def test_dca_accepts_the_spellings_in_use(typed: object, meant: DCA | None) -> None:
    assert DCA.parse(typed) is meant


def test_only_stop_and_pause_need_a_rationale() -> None:
    needing = {k for k in DecisionKind if k.needs_rationale}
    assert needing == {DecisionKind.STOP, DecisionKind.PAUSE}


@pytest.mark.parametrize(
    ("typed", "meant"), [("pilot", Stage.TEST), ("BAU", Stage.BAU), ("stopped", Stage.STOPPED)]
)
def test_stage_synonyms(typed: str, meant: Stage) -> None:
    assert Stage.parse(typed) is meant
