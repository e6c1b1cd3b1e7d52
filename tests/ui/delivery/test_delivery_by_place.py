"""The Delivery tab's place filter on the sample workbook: a place's own series and
judgements in the charts and the table, and "no readings" said in words."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui.delivery.test_delivery_page import _column, _page


def test_choosing_a_place_switches_the_charts_to_its_series(
    qtbot: QtBot, qtmodeltester, sample_copy
) -> None:  # type: ignore[no-untyped-def]
    _window, page = _page(qtbot, sample_copy())
    assert page.place.accessibleName() == "Place"
    assert [page.place.itemText(i) for i in range(page.place.count())] == [
        "Whole UK (no place)",
        "England",
        "Scotland",
        "Wales",
        "London",
    ]
    page.mission.setCurrentIndex(page.mission.findData("M2"))
    qtbot.waitUntil(lambda: page.grid.pending == 0)
    whole = page.grid.plots[0].titleLabel.text
    page.place.setCurrentIndex(page.place.findData("Wales"))
    qtbot.waitUntil(lambda: page.grid.pending == 0 and len(page.grid.plots) == 1)
    # MT13 is the only M2 metric with readings for Wales: 33% then 36%, off track
    assert _column(page.metric_table, "id") == ["MT13"]
    assert _column(page.metric_table, "status") == ["off track"]
    title = page.grid.plots[0].titleLabel.text
    assert "(Wales)" in title and "off track" in title and title != whole
    assert page.grid.widgets[0].accessibleName() == (
        "MT13 Clean power share of Great Britain generation (CP2030 metric) (Wales): off track"
    )
    assert page.grid.widgets[0].toolTip().startswith("Wales: off track: latest actual 36%")
    text = page.summary.text()
    assert text.startswith("Wales: 1 metric(s) shown. 1 off track.")
    assert "no readings for Wales (MT14, MT15" in text
    qtmodeltester.check(page.metric_table)


def test_a_place_with_no_readings_in_the_mission_is_said_in_words(
    qtbot: QtBot, sample_copy
) -> None:  # type: ignore[no-untyped-def]
    _window, page = _page(qtbot, sample_copy())
    page.mission.setCurrentIndex(page.mission.findData("M1"))
    page.place.setCurrentIndex(page.place.findData("Wales"))
    qtbot.waitUntil(lambda: page.grid.pending == 0 and not page.grid.plots)
    assert page.metric_table.rowCount() == 0
    assert (
        page.summary.text() == "No readings for Wales in this mission: nothing to chart for Wales."
    )
    # back to the whole UK: the mission's charts return
    page.place.setCurrentIndex(page.place.findData(""))
    qtbot.waitUntil(lambda: page.grid.pending == 0 and len(page.grid.plots) > 0)
    assert "metric(s) shown" in page.summary.text()


def test_a_places_line_of_sight_shows_its_initiatives_and_its_own_gap(
    qtbot: QtBot, sample_copy
) -> None:  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, sample_copy())
    wb = window.session.workbook
    everyone = page.initiative_table.rowCount()
    assert everyone == len(wb.initiatives)
    page.mission.setCurrentIndex(page.mission.findData("M2"))
    page.place.setCurrentIndex(page.place.findData("Wales"))
    qtbot.waitUntil(lambda: page.grid.pending == 0 and _column(page.metric_table, "id") == ["MT13"])
    # MT13 in Wales: I-024 lies in Wales (no size stated); I-020 works in Wales and
    # Northern Ireland, so its +6.2 points are not counted in Wales's share.
    assert _column(page.metric_table, "initiatives") == ["I-020; I-024"]
    reason = _column(page.metric_table, "reason")[0]
    assert reason.startswith("Wales: 1 initiative(s) in Wales (1 with no size stated)")
    assert "1 UK-wide or wider initiative(s) also move it" in reason
    # the by-initiative table lists those relied on in Wales: there, UK-wide, or across it
    relied = {
        iid
        for iid, i in wb.initiatives.items()
        if not i.places or "Wales" in i.places or "United Kingdom" in i.places
    }
    assert set(_column(page.initiative_table, "id")) == relied and len(relied) < everyone
    assert "in Wales (or UK-wide)" in page.flags.text()
    page.place.setCurrentIndex(page.place.findData(""))
    qtbot.waitUntil(lambda: page.initiative_table.rowCount() == everyone)
    assert not _column(page.metric_table, "reason")[0].startswith("Wales")
