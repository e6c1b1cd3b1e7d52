"""The saved Portfolio sheet shows the optimal portfolio's spend by funding pot, and the
portfolio it saves respects every ring-fenced pot."""

from __future__ import annotations

from python_calamine import CalamineWorkbook

from stocktake.app.document import Document


def test_portfolio_sheet_has_spend_by_pot_within_each_ring_fenced_envelope(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    doc = Document.open(path)
    pots = {(p.pot_id, p.year): p for p in doc.workbook.funding_pots}
    doc.save_job().run()
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name("Portfolio").to_python(skip_empty_area=False)
    top = next(i for i, r in enumerate(rows) if r[0] == "Spend by funding pot")
    assert rows[top + 1][:4] == ["Pot and year", "Spend (£m)", "Envelope (£m)", "Status"]
    block = []
    for r in rows[top + 2 :]:  # the block runs to its first blank row
        if r[0] in ("", None):
            break
        block.append(r)
    assert len(block) == len(pots) == 30
    years = sorted({y for _p, y in pots})
    for label, spend, envelope, status, detail in (r[:5] for r in block):
        pot_id, year = label.rsplit(" ", 1)
        pot = pots[pot_id, year]
        assert envelope == pot.envelope
        assert pot.label in detail
        if pot.pooled:
            continue
        k = years.index(year)
        before = pots.get((pot_id, years[k - 1])) if k else None
        carried = before.envelope * before.flexibility if before else 0.0
        assert spend <= envelope + carried + 1e-6, label
        if spend > envelope + 0.05:
            assert status == "over: uses money carried from the year before"
