"""Edits a person makes in a table: validated against the workbook, reversible."""

from __future__ import annotations

import pytest

from stocktake.model import DCA, Criterion, Horizon, Initiative, Workbook
from stocktake.model.edits import EditRejected, FieldEdit


@pytest.fixture
def wb() -> Workbook:
    crit = Criterion("N1", "Near", Horizon.MILESTONE, 40, scale_lo=0, scale_hi=5)
    ini = Initiative("I-1", "M1", "A", scores={"N1": 3.0}, dca=DCA.GREEN)
    return Workbook(criteria={"N1": crit}, initiatives={"I-1": ini})


def test_an_edit_applies_and_reverts_exactly(wb: Workbook) -> None:
    edit = FieldEdit.make(wb, "initiatives", "I-1", "score:N1", 5)
    edit.apply(wb)
    assert wb.initiatives["I-1"].scores["N1"] == 5.0
    edit.revert(wb)
    assert wb.initiatives["I-1"].scores["N1"] == 3.0
    assert edit.describe() == "Set I-1 N1 score to 5"


@pytest.mark.parametrize(
    ("kind", "ident", "key", "value", "why"),
    [
        ("initiatives", "I-1", "score:N1", 9, "outside the scale"),
        ("initiatives", "I-1", "dca", "Purple", "not one of"),
        ("criteria", "N1", "weight", -1, "cannot be negative"),
        ("initiatives", "I-9", "dca", "Red", "no initiative 'I-9'"),
        ("initiatives", "I-1", "name", "New name", "cannot be edited"),
    ],
)
def test_values_a_field_cannot_take_are_refused_with_a_reason(
    wb: Workbook, kind: str, ident: str, key: str, value: object, why: str
) -> None:
    with pytest.raises(EditRejected, match=why):
        FieldEdit.make(wb, kind, ident, key, value)
