"""The CLI and the reader name sheets the same way: decisions land in the log that is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from stocktake.cli import main


def _counts(path: Path, capfd: pytest.CaptureFixture[str]) -> dict[str, int]:
    capfd.readouterr()
    main(["check", str(path), "--json"])
    return json.loads(capfd.readouterr().out)["counts"]


def test_decide_on_the_messy_sample_lands_in_its_decision_log(
    sample_copy,
    capfd: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    path: Path = sample_copy("messy_layout.xlsx")
    before = _counts(path, capfd)["decisions"]
    sheets = CalamineWorkbook.from_path(str(path)).sheet_names
    code = main(
        [
            "decide",
            str(path),
            "--initiative",
            "I-004",
            "--decision",
            "Stop",
            "--rationale",
            "No evidence it works",
            "--by",
            "Test",
        ]
    )
    out = capfd.readouterr().out
    assert code == 0 and "recorded D-" in out
    assert _counts(path, capfd)["decisions"] == before + 1
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == sheets  # no new "Decisions" sheet beside "Decision log"
    log = book.get_sheet_by_name("Decision log").to_python()
    assert any(r[:3] == [r[0], "I-004", "Stop"] and str(r[0]).startswith("D-") for r in log)


def test_init_on_the_messy_sample_adds_nothing_the_reader_finds(
    sample_copy,
    capfd: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    path: Path = sample_copy("messy_layout.xlsx")
    sheets = CalamineWorkbook.from_path(str(path)).sheet_names
    assert main(["init", str(path)]) == 0
    out = capfd.readouterr().out
    assert "added no sheets" in out and "Decisions (as 'Decision log')" in out
    assert CalamineWorkbook.from_path(str(path)).sheet_names == sheets


def test_init_on_a_new_file_keeps_no_backup_of_a_file_that_was_not_there(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.xlsx"
    assert main(["init", str(path)]) == 0
    out = capfd.readouterr().out
    assert "added Missions" in out and "previous version" not in out


def test_score_uses_the_cut_lines_saved_in_the_workbook(
    sample_copy,
    capfd: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    from stocktake.app.document import Document
    from stocktake.engine import CutLines, arrays_from_workbook, quadrants

    path: Path = sample_copy()
    doc = Document.open(path)
    change = doc.set_cuts(80, 20)
    assert change is not None
    doc.apply(change)
    doc.save()
    capfd.readouterr()
    assert main(["score", str(path), "--json"]) == 0
    rows = json.loads(capfd.readouterr().out)["initiatives"]
    arrays = arrays_from_workbook(Document.open(path).workbook)
    expected = dict(
        zip(arrays.ids, (q.value for q in quadrants(arrays, CutLines(80, 20))), strict=True)
    )
    assert {r["id"]: r["quadrant"] for r in rows} == expected
    assert expected != dict(zip(arrays.ids, (q.value for q in quadrants(arrays)), strict=True))


def test_decide_refuses_an_initiative_the_workbook_does_not_have(
    sample_copy,
    capfd: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    path: Path = sample_copy()
    before = path.read_bytes()
    code = main(["decide", str(path), "--initiative", "I-999", "--decision", "Scale"])
    assert code == 1 and path.read_bytes() == before
    assert "there is no initiative 'I-999' in plan_for_change.xlsx" in capfd.readouterr().err
