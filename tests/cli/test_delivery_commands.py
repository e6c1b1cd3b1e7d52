"""``stocktake metrics`` and ``stocktake basket`` on the sample workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stocktake.cli import main
from tests.conftest import REPO

SAMPLE = REPO / "sample_workbooks" / "plan_for_change.xlsx"
STATUSES = {"on track", "at risk", "off track", "not enough data"}


def test_every_sample_metric_gets_a_status_and_a_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["metrics", str(SAMPLE), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = out["metrics"]
    assert len(rows) >= 15
    for row in rows:
        assert row["status"] in STATUSES
        assert row["reason"].startswith(row["status"])
    judged = [r for r in rows if r["status"] != "not enough data"]
    assert len(judged) >= len(rows) // 2
    for r in judged:
        assert r["latest_actual"] is not None and r["trajectory_now"] is not None
        assert r["target"] is not None


def test_mission_filter_and_an_unknown_mission(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(SAMPLE), "--mission", "M5", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["metrics"]
    assert rows and {r["mission_id"] for r in rows} == {"M5"}
    assert main(["metrics", str(SAMPLE), "--mission", "M99"]) == 1
    err = capsys.readouterr().err
    assert "no mission 'M99'" in err and "M1" in err


def test_human_output_names_each_metric_with_its_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["metrics", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "MT05  [" in out and "e+0" not in out  # numbers as people write them


def test_basket_advice_has_a_reason_for_each_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["basket", str(SAMPLE), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["smallest_basket"]
    kinds = {a["kind"] for a in out["advice"]}
    assert "keep" in kinds
    assert all(a["reason"] for a in out["advice"])
    assert main(["basket", str(SAMPLE)]) == 0
    assert "Advice only" in capsys.readouterr().out


def test_bad_rule_settings_are_named_by_cell(tmp_path: Path, capsys) -> None:
    from tests.workbooks import CRITERIA, MISSIONS, build, initiatives

    path = build(
        tmp_path / "s.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(["I-1", "M1", "A", "Green", "Scale", 1, 1, 1, 1, "", ""]),
            "Stocktake settings": [["Setting", "Value"], ["trajectory:recent", "one"]],
        },
    )
    assert main(["metrics", str(path), "--json"]) == 0
    err = capsys.readouterr().err
    assert "'Stocktake settings'!B2" in err and "trajectory:recent" in err
