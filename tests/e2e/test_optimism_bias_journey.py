"""An analyst's journey with optimism bias: set a type's uplift in the workbook, save
the analysis, reopen, and find the figures a board reads worked out from it (checked
against present values summed by hand in exact fractions)."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from stocktake.app.document import Document
from stocktake.cli import main
from tests.conftest import SAMPLES

CIVILS = "I-033"  # Port upgrades supply chain fund: Standard civil engineering
BUILDINGS = "I-022"  # Rooftop solar for public buildings: Standard buildings


def _pv(costs: dict[str, float], uplift: Fraction) -> Fraction:
    """Σ_t c_t (1 + u) / 1.035^t, t counted from 2025-26 (the first cost year)."""
    return sum(
        (
            Fraction(str(c)) * (1 + uplift) / Fraction(1035, 1000) ** (int(y[:4]) - 2025)
            for y, c in costs.items()
        ),
        Fraction(0),
    )


def _table(rows: list[list[Any]], first: str) -> dict[str, dict[str, Any]]:
    """The block whose header row starts with ``first``, by its first cell."""
    top = next(i for i, r in enumerate(rows) if r and r[0] == first)
    header = rows[top]
    out: dict[str, dict[str, Any]] = {}
    for r in rows[top + 1 :]:
        if not r or r[0] in ("", None):
            break
        out[str(r[0])] = dict(zip(header, r, strict=False))
    return out


def test_a_type_uplift_set_in_the_workbook_reaches_the_saved_figures(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stocktake.xlsx"
    shutil.copy(SAMPLES / "plan_for_change.xlsx", path)
    # The analyst edits the settings in Excel: civil engineering down to 12 % after
    # mitigation, and a row of the department's own for standard buildings.
    book = openpyxl.load_workbook(path)
    ws = book["Stocktake settings"]
    row = next(r for r in ws.iter_rows(min_row=2) if str(r[0].value).startswith("optimism"))
    assert row[0].value == "optimism_bias:Standard civil engineering"
    row[1].value = "12%"
    ws.append(["optimism_bias:standard building", 0.1])
    ws.tables["Stocktake_settings"].ref = f"A1:B{ws.max_row}"
    book.save(path)

    assert main(["save-analysis", str(path)]) == 0
    capfd.readouterr()

    doc = Document.open(path)
    costs = {i: dict(doc.workbook.initiatives[i].costs) for i in (CIVILS, BUILDINGS)}
    want = {
        CIVILS: _pv(costs[CIVILS], Fraction(12, 100)),
        BUILDINGS: _pv(costs[BUILDINGS], Fraction(10, 100)),
    }
    saved = CalamineWorkbook.from_path(str(path))
    scores = _table(saved.get_sheet_by_name("Scores").to_python(), "Initiative ID")
    for iid, pv in want.items():
        assert scores[iid]["Present value of cost (£m)"] == pytest.approx(float(pv), abs=1e-4)
        assert scores[iid]["Total cost (£m)"] == pytest.approx(sum(costs[iid].values()))
    assert scores[CIVILS]["Optimism bias (%)"] == 12
    assert scores[BUILDINGS]["Optimism bias (%)"] == 10

    portfolio = saved.get_sheet_by_name("Portfolio").to_python()
    bias = _table(portfolio, "Project type")
    assert bias["Standard civil engineering"]["Uplift on costs"] == "12%"
    assert bias["Standard civil engineering"]["Why this uplift"].startswith(
        "12% for Standard civil engineering: the settings' optimism_bias row "
        "('Stocktake settings'!B9)"
    )
    assert bias["Standard buildings"]["Uplift on costs"] == "10%"
    assert bias["Outsourcing"]["Why this uplift"].startswith("41% for Outsourcing: the Green")

    # Reopened, the settings are as the analyst typed them, and explain agrees.
    rows = doc.settings.rows()
    assert rows["optimism_bias:Standard civil engineering"] == "12%"
    assert rows["optimism_bias:standard building"] == 0.1
    explain = ["explain", str(path), "--initiative", CIVILS, "--json", "--path-seconds", "0"]
    assert main(explain) == 0
    working = json.loads(capfd.readouterr().out)["initiative"]["working"]
    assert working["optimism_bias"] == pytest.approx(0.12)
    assert working["total_cost_pv"] == pytest.approx(float(want[CIVILS]), rel=1e-12)
    assert "settings' optimism_bias row" in working["optimism_bias_why"]
