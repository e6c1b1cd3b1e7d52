"""The three writing commands end to end."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from stocktake.cli import main


def test_init_new_decide_and_save_analysis(stock: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.xlsx"
    assert main(["init", str(new)]) == 0
    assert "Initiatives" in CalamineWorkbook.from_path(str(new)).sheet_names
    assert (
        main(
            [
                "decide",
                str(stock),
                "--initiative",
                "I-2",
                "--decision",
                "stop",
                "--rationale",
                "=1+1",
                "--by",
                "Sam",
            ]
        )
        == 0
    )
    assert main(["save-analysis", str(stock), "--budget", "2025-26=25"]) == 0
    assert main(["save-analysis", str(stock), "--balance", "0.7"]) == 0
    wb = CalamineWorkbook.from_path(str(stock))
    assert wb.sheet_names[-5:] == [
        "Scores",
        "Portfolio",
        "Stocktake settings",
        "Charts",
        "Stocktake snapshot",  # very hidden: what "changed since last time" compares with
    ]
    log = wb.get_sheet_by_name("Decisions").to_python()
    assert log[2][:4] == ["D-0002", "I-2", "Stop", "=1+1"]
    assert (
        main(
            ["decide", str(stock), "--initiative", "I-2", "--decision", "maybe", "--rationale", "x"]
        )
        == 1
    )
    assert (
        main(
            [
                "decide",
                str(tmp_path / "missing.xlsx"),
                "--initiative",
                "I-2",
                "--decision",
                "stop",
                "--rationale",
                "x",
            ]
        )
        == 2
    )
