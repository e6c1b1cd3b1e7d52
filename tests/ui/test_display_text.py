"""A cell holding a very long text is drawn cut (drawing it whole froze the window) but
read whole: by the tooltip, by a screen reader, and by sorting."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stocktake.app.contribution_map import Contributor
from stocktake.ui.models.display import DISPLAY_CHARS
from stocktake.ui.models.roles import SortRole
from stocktake.ui.views.mission_models import ContributionMatrix


def test_a_long_role_is_drawn_cut_and_read_whole(qtbot: QtBot) -> None:
    roles = [f"delivery partner on I-{k:05d}" for k in range(600)]
    whole = "; ".join(roles)
    people = [
        Contributor("NHS England", "Health", roles={"M1": roles}),
        Contributor("Leeds City Council", "Local government", roles={"M1": ["leads I-00001"]}),
    ]
    health = SimpleNamespace(contributors=people, missions=[("M1", "Healthier lives")])
    model = ContributionMatrix(lambda: health)  # type: ignore[arg-type, return-value]
    long_cell, short_cell = model.index(0, 3), model.index(1, 3)
    drawn = long_cell.data(Qt.ItemDataRole.DisplayRole)
    assert len(whole) > DISPLAY_CHARS
    assert len(drawn) == DISPLAY_CHARS and drawn.endswith("…")
    assert whole.startswith(drawn[:-1])
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole, SortRole):
        assert long_cell.data(role) == whole
    assert short_cell.data(Qt.ItemDataRole.DisplayRole) == "leads I-00001"
