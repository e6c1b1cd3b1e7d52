"""``stocktake check``: exit codes, human output by cell, and the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stocktake import __version__
from stocktake.cli import main
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives

COUNT_KEYS = {
    "missions",
    "milestones",
    "metrics",
    "readings",
    "criteria",
    "initiatives",
    "decisions",
}


def _bad_workbook(tmp_path: Path) -> Path:
    return build(
        tmp_path / "bad.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(
                ["I-1", "M1", "A", "Green", "Test", 1, 1, 3, 3, "", ""],
                ["I-2", "M8", "B", "Blue", "Test", 1, 1, 3, 3, "", ""],
            ),
        },
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"stocktake {__version__}"


def test_errors_exit_1_and_are_listed_by_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(_bad_workbook(tmp_path))]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("Initiatives!B3: error:") and "M8" in line for line in out)
    assert any(line.startswith("Initiatives!D3: warning:") and "Blue" in line for line in out)
    assert out[-1] == (
        "bad.xlsx: 2 missions, 0 milestones, 0 metrics, 0 readings, "
        "2 criteria, 1 initiatives, 0 decisions; 1 error(s), 1 warning(s)."
    )


def test_json_is_one_object_with_counts_and_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(_bad_workbook(tmp_path)), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"counts", "problems"}
    assert set(report["counts"]) == COUNT_KEYS
    assert report["counts"]["initiatives"] == 1
    by_cell = {(p["sheet"], p["cell"]): p for p in report["problems"]}
    assert by_cell[("Initiatives", "B3")]["severity"] == "error"
    assert by_cell[("Initiatives", "D3")]["severity"] == "warning"
    assert all(set(p) == {"sheet", "cell", "severity", "message"} for p in report["problems"])


def test_clean_workbook_exits_0(tmp_path: Path) -> None:
    path = build(tmp_path / "ok.xlsx", {"Missions": MISSIONS, "Criteria": CRITERIA})
    assert main(["check", str(path)]) == 0


def test_refused_file_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_text("just text")
    assert main(["check", str(bad)]) == 2
    assert "not an Excel workbook" in capsys.readouterr().err


def test_console_script_runs_as_a_module(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stocktake", "check", str(_bad_workbook(tmp_path)), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["counts"]["initiatives"] == 1
    assert "Traceback" not in done.stderr
