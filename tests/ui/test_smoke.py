"""``stocktake-gui FILE --smoke``, the packaged app's smoke test, run from the source tree:
it must pass on the sample (visiting every tab and saving a decision a reader can see),
and it must fail, naming the step, when something goes wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

pytestmark = pytest.mark.slow


def _smoke(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        STOCKTAKE_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    return subprocess.run(
        [sys.executable, "-m", "stocktake.ui.app", str(path), "--smoke"],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_smoke_visits_every_tab_and_saves_a_decision(sample_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    done = _smoke(path, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    visited = [line.removeprefix("smoke test: visited the ") for line in lines if "visited" in line]
    assert visited == [
        f"{tab} tab"
        for tab in (
            "Initiatives",
            "Matrix",
            "Portfolio",
            "Robustness",
            "Decision log",
            "Scenarios",
            "Criteria",
            "Metrics",
            "Delivery",
            "Mission health",
            "Review",
            "Actions",
        )
    ]
    assert any(line.startswith("smoke test: board pack: ") and ".pdf" in line for line in lines)
    assert lines[-1] == "smoke test: passed"
    assert "Traceback" not in done.stderr and "FAILED" not in done.stderr
    [recorded] = [line for line in lines if " recorded " in line]
    decision_id = recorded.split()[-1]
    # An independent reader sees the decision in the saved workbook.
    book = openpyxl.load_workbook(path, read_only=True)
    ids = {row[0] for row in book["Decisions"].iter_rows(min_row=2, values_only=True)}
    book.close()
    assert decision_id in ids


def test_smoke_fails_naming_the_step_when_the_file_cannot_be_opened(tmp_path: Path) -> None:
    broken = tmp_path / "not-a-workbook.xlsx"
    broken.write_text("hello")
    done = _smoke(broken, tmp_path)
    assert done.returncode == 1
    assert "smoke test: FAILED at opening not-a-workbook.xlsx" in done.stderr
    assert "Traceback" not in done.stderr
    assert "smoke test: passed" not in done.stdout
