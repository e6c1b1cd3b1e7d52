"""``stocktake metrics --place``: each metric judged on its readings for one place, and
the per-place judgements listed beside the whole-UK ones without it (sample workbook)."""

from __future__ import annotations

import json

import pytest

from stocktake.cli import main
from tests.conftest import REPO

SAMPLE = REPO / "sample_workbooks" / "plan_for_change.xlsx"


def test_place_switches_every_metric_to_that_places_series(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["metrics", str(SAMPLE), "--place", "wales", "--mission", "M2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["place"] == "Wales"  # named as the readings name it, whatever the case
    rows = {r["metric_id"]: r for r in out["metrics"]}
    assert set(rows) >= {"MT13", "MT14"} and {r["place"] for r in rows.values()} == {"Wales"}
    mt13 = rows["MT13"]
    # Wales (illustrative): 33% (2023), 36% (2024); its own target 80% by Dec 2030, joined
    # from its first actual: planned Dec 2024 = 33 + 47 * 366/2557 = 39.7, so 36 is
    # 3.7 of 47 behind (8%); the trend (+3 a year) reaches 54 by 2030: 55% short.
    assert mt13["latest_actual"] == 36.0
    assert mt13["trajectory_now"] == pytest.approx(39.73, abs=0.01)
    assert mt13["target"] == 80.0 and mt13["target_date"] == "2030-12-31"
    assert mt13["status"] == "off track"
    assert mt13["reason"].startswith("Wales: off track: latest actual 36% (Dec 2024)")
    assert rows["MT14"]["status"] == "not enough data"
    assert rows["MT14"]["reason"] == "Wales: not enough data: no readings for Wales."


def test_without_a_place_each_metric_lists_its_places(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(SAMPLE), "--mission", "M3", "--json"]) == 0
    rows = {r["metric_id"]: r for r in json.loads(capsys.readouterr().out)["metrics"]}
    mt09 = rows["MT09"]
    assert mt09["place"] is None and mt09["latest_actual"] == 50430  # the E&W total
    by_place = {p["place"]: p for p in mt09["by_place"]}
    assert list(by_place) == ["England", "Wales", "London"]  # nations, then regions
    assert by_place["London"]["status"] == "not enough data"
    assert "London has no trajectory of its own" in by_place["London"]["reason"]
    assert by_place["Wales"]["reason"].startswith("Wales: ")
    assert "by_place" not in rows["MT10"]  # no readings by place
    assert main(["metrics", str(SAMPLE), "--mission", "M3"]) == 0
    assert "    By place: Wales [" in capsys.readouterr().out


def test_a_place_that_is_neither_known_nor_in_the_readings_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["metrics", str(SAMPLE), "--place", "Narnia"]) == 1
    err = capsys.readouterr().err
    assert "'Narnia' is not a UK nation or region" in err
    assert "England, Scotland, Wales, London" in err


def test_place_line_of_sight_uses_its_initiatives_and_its_own_gap(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["metrics", str(SAMPLE), "--place", "England", "--mission", "M3", "--json"]) == 0
    rows = {r["metric_id"]: r for r in json.loads(capsys.readouterr().out)["metrics"]}
    mt09 = rows["MT09"]
    # England's own gap: latest 47,860 to its target 26,140 = 21,720 offences; the four
    # initiatives in England expect falls of 1,219 + 6,653 + 4,818 (one unsized) = 12,690.
    assert mt09["initiatives"] == ["I-040", "I-042", "I-043", "I-049"]
    assert mt09["share_of_gap_expected_closed"] == pytest.approx(12_690 / 21_720, abs=1e-6)
    assert mt09["line_of_sight"].startswith(
        "England: 4 initiative(s) in England (1 with no size stated) are expected to close "
        "58% of the 21,720 offences gap to England's target"
    )
    assert main(["metrics", str(SAMPLE), "--place", "Wales", "--mission", "M3"]) == 0
    text = capsys.readouterr().out
    assert (
        "    Line of sight: Wales: no initiative in Wales, nor any UK-wide one, is expected "
        "to move MT09." in text
    )
