"""The sample-workbook generators write what sample_workbooks/README.md documents.

Fast and Qt-free: the generators are imported from ``scripts/`` and run into a temp dir.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from stocktake.model.vocab import DCA, Classification, DecisionKind, Evidence, Horizon, Stage
from tests.conftest import REPO

ROOT = REPO
SCRIPTS = ROOT / "scripts"
COMMITTED = {
    "clean": ROOT / "sample_workbooks" / "plan_for_change.xlsx",
    "messy": ROOT / "sample_workbooks" / "messy_layout.xlsx",
    "manifest": ROOT / "tests" / "data" / "messy_expected_problems.json",
}
SECTORS = {"central government", "local government", "NHS", "private", "third sector", "public"}
ENGAGEMENT = {"inform", "consult", "involve", "collaborate", "empower"}
A1 = re.compile(r"^([A-Z]{1,3})([1-9]\d*)$")


def _script(name: str) -> ModuleType:
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def samples() -> ModuleType:
    return _script("make_samples")


@pytest.fixture(scope="module")
def generated(samples: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return samples.generate(tmp_path_factory.mktemp("samples"))


def _sheets(path: Path) -> dict[str, list[list[Any]]]:
    wb = CalamineWorkbook.from_path(str(path), load_tables=True)
    try:
        return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}
    finally:
        wb.close()


def _records(rows: list[list[Any]]) -> list[dict[str, Any]]:
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


@pytest.fixture(scope="module")
def clean(generated: dict[str, Path]) -> dict[str, list[list[Any]]]:
    return _sheets(generated["clean"])


@pytest.fixture(scope="module")
def manifest(generated: dict[str, Path]) -> dict[str, Any]:
    return json.loads(generated["manifest"].read_text(encoding="utf-8"))


# --- the clean sample ---------------------------------------------------------


def test_clean_sheets_in_order_with_exact_headers(
    samples: ModuleType, generated: dict[str, Path], clean: dict[str, list[list[Any]]]
) -> None:
    assert list(clean) == list(samples.SHEET_ORDER)
    criteria = [r["Criterion ID"] for r in _records(clean["Criteria"])]
    for sheet, headers in samples.HEADERS.items():
        expected = [*headers, *criteria] if sheet == "Initiatives" else list(headers)
        assert clean[sheet][0] == expected, sheet
    wb = CalamineWorkbook.from_path(str(generated["clean"]), load_tables=True)
    try:
        assert sorted(wb.table_names) == sorted(s.replace(" ", "_") for s in samples.HEADERS)
        table = wb.get_table_by_name("Initiatives")
        assert table.sheet == "Initiatives"
        assert len(table.to_python()) == len(clean["Initiatives"]) - 1
    finally:
        wb.close()


def test_cover_says_official_and_illustrative(clean: dict[str, list[list[Any]]]) -> None:
    text = " ".join(str(c) for row in clean["Cover"] for c in row)
    assert "OFFICIAL" in text
    assert "Illustrative data" in text
    assert "Sources" in text


def test_clean_counts_are_as_documented(clean: dict[str, list[list[Any]]]) -> None:
    count = {sheet: len(rows) - 1 for sheet, rows in clean.items()}
    assert count["Missions"] == 5
    assert count["Milestones"] == 7
    assert count["Metrics"] == 15
    # 137 real and trajectory, 12 illustrative forecasts, 22 illustrative by place
    assert count["Readings"] == 171
    assert count["Criteria"] == 8
    assert count["Initiatives"] == 90
    assert count["CSF"] == 50
    assert count["Funding"] == 30
    assert count["Evaluations"] == 56
    assert count["Stakeholders"] == 30
    assert count["Decisions"] == 3
    assert count["Stocktake settings"] == 8
    missions = [r["Mission ID"] for r in _records(clean["Missions"])]
    assert missions == ["M1", "M2", "M3", "M4", "M5"]


def test_milestones_and_metrics_link_up(clean: dict[str, list[list[Any]]]) -> None:
    missions = {r["Mission ID"] for r in _records(clean["Missions"])}
    metrics = {r["Metric ID"]: r for r in _records(clean["Metrics"])}
    for ms in _records(clean["Milestones"]):
        assert ms["Mission ID"] in missions
        assert ms["Metric ID"] in metrics
        assert isinstance(ms["Target date"], dt.date)
    targets = {r["Milestone ID"]: r["Target"] for r in _records(clean["Milestones"])}
    assert targets["MS2"] == 1_500_000
    assert targets["MS4"] == 92
    assert targets["MS5"] == 13_000
    assert targets["MS6"] == 75
    assert targets["MS7"] == 95
    for m in metrics.values():
        assert m["Mission ID"] in missions
        assert m["Direction"] in ("Higher is better", "Lower is better")
        assert m["Source"]


def test_real_figures_carry_a_source(clean: dict[str, list[list[Any]]]) -> None:
    sources = _records(clean["Sources"])
    titles = {s["Source title"] for s in sources}
    for s in sources:
        assert s["Source title"] and str(s["URL"]).startswith("http"), s["Ref"]
    readings = _records(clean["Readings"])
    kinds = Counter(r["Kind"] for r in readings)
    assert set(kinds) == {"Actual", "Trajectory", "Forecast"}
    metric_ids = {r["Metric ID"] for r in _records(clean["Metrics"])}
    for r in readings:
        assert r["Metric ID"] in metric_ids
        assert isinstance(r["Date"], dt.date)
        assert isinstance(r["Value"], float)
        if r["Place"]:  # no published split by nation or region: marked illustrative
            assert r["Source"] == "Illustrative place reading (not a published figure)", r
        elif r["Kind"] == "Actual":
            assert r["Source"] in titles, r
        else:  # planned and forecast figures are marked illustrative
            assert r["Source"] == f"Illustrative {r['Kind'].lower()}"
    # every actual reading is also listed, value for value, on the Sources sheet
    listed = {(s["Item"], s["Value"]) for s in sources}
    names = {r["Metric ID"]: r["Metric"] for r in _records(clean["Metrics"])}
    for r in readings:
        if r["Kind"] == "Actual" and not r["Place"]:
            assert (names[r["Metric ID"]], r["Value"]) in listed, r


def test_criteria_horizons_weights_and_rubrics(clean: dict[str, list[list[Any]]]) -> None:
    criteria = _records(clean["Criteria"])
    milestones = {r["Milestone ID"] for r in _records(clean["Milestones"])}
    horizons = Counter(Horizon.parse(c["Horizon"]) for c in criteria)
    # generic near-term criteria: every initiative is scored on all of them
    assert horizons[Horizon.MILESTONE] == 3
    assert 3 <= horizons[Horizon.AMBITION] <= 4
    assert horizons[Horizon.DELIVERABILITY] == 2
    for c in criteria:
        assert re.fullmatch(r"C\d\d", c["Criterion ID"])
        assert 0 <= c["Weight"] <= 100
        assert c["Scale"] == "0-5"
        levels = [line for line in c["Rubric"].splitlines() if re.match(r"\d = ", line)]
        assert [line[0] for line in levels] == list("012345"), c["Criterion ID"]
        assert c["Milestone ID"] == "" or c["Milestone ID"] in milestones
        if c["Horizon"] == "Milestone":
            assert "own mission" in c["Rubric"]


def test_initiatives_use_the_vocabularies(
    samples: ModuleType, clean: dict[str, list[list[Any]]]
) -> None:
    rows = _records(clean["Initiatives"])
    ids = [r["Initiative ID"] for r in rows]
    assert ids == [f"I-{i:03d}" for i in range(1, len(ids) + 1)]
    criteria = [r["Criterion ID"] for r in _records(clean["Criteria"])]
    for r in rows:
        assert r["Mission ID"] in {"M1", "M2", "M3", "M4", "M5"}
        assert Stage(r["Stage"]) and DCA(r["DCA"]) and Evidence(r["Evidence"])
        assert Classification(r["Classification"])
        assert r["Sector"] in SECTORS
        assert "Illustrative" in r["Notes"]
        for h in samples.COST_HEADERS:
            assert r[h] >= 0 and round(r[h], 1) == r[h]
        for c in criteria:
            assert r[c] in (0, 1, 2, 3, 4, 5)
    sensitive = sum(r["Classification"] == "OFFICIAL-SENSITIVE" for r in rows)
    assert 0.05 <= sensitive / len(rows) <= 0.15
    # every quadrant of the matrix (cut lines 50/50) is well populated
    crit = _records(clean["Criteria"])

    def value(r: dict[str, Any], horizon: str) -> float:
        group = [c for c in crit if c["Horizon"] == horizon]
        return sum(c["Weight"] * 20 * r[c["Criterion ID"]] for c in group) / sum(
            c["Weight"] for c in group
        )

    quadrants = Counter((value(r, "Milestone") >= 50, value(r, "Ambition") >= 50) for r in rows)
    assert len(quadrants) == 4
    assert all(0.15 <= k / len(rows) <= 0.3 for k in quadrants.values()), quadrants


def _links(value: str) -> list[str]:
    return [p.strip() for p in value.split(";") if p.strip()]


def test_dependencies_and_exclusions_are_sound(clean: dict[str, list[list[Any]]]) -> None:
    rows = _records(clean["Initiatives"])
    ids = {r["Initiative ID"] for r in rows}
    depends = {r["Initiative ID"]: _links(r["Depends on"]) for r in rows}
    excludes = {r["Initiative ID"]: _links(r["Excludes"]) for r in rows}
    assert 12 <= sum(map(len, depends.values())) <= 18
    assert sum(map(len, excludes.values())) == 5
    for iid, needs in {**depends, **excludes}.items():
        assert set(needs) <= ids - {iid}

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(depends[start])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo += depends[x]
        return seen

    for iid in ids:
        assert iid not in reach(iid), f"dependency cycle through {iid}"
        for other in excludes[iid]:
            assert other not in reach(iid) and iid not in reach(other)


def test_budget_envelopes_force_a_choice(
    samples: ModuleType, clean: dict[str, list[list[Any]]]
) -> None:
    settings = {r["Setting"]: r["Value"] for r in _records(clean["Stocktake settings"])}
    assert settings["balance"] == 0.5
    assert settings["classification"] == "OFFICIAL"
    rows = _records(clean["Initiatives"])
    for year, header in zip(samples.YEARS, samples.COST_HEADERS, strict=True):
        total = sum(r[header] for r in rows)
        assert 0.55 <= settings[f"budget:{year}"] / total <= 0.65, year


def test_csf_stakeholders_and_decisions(clean: dict[str, list[list[Any]]]) -> None:
    csf = _records(clean["CSF"])
    # two dated self-assessments of the five factors per mission, so a trend shows
    assert Counter(r["Mission ID"] for r in csf) == dict.fromkeys(
        ["M1", "M2", "M3", "M4", "M5"], 10
    )
    assert len({r["Factor"] for r in csf}) == 5
    assert Counter(r["Date"] for r in csf) == {
        dt.date(2025, 6, 30): 25,
        dt.date(2025, 12, 31): 25,
    }
    assert all(r["Score"] in (1, 2, 3, 4, 5) for r in csf)
    initiatives = {r["Initiative ID"] for r in _records(clean["Initiatives"])}
    for s in _records(clean["Stakeholders"]):
        assert s["Sector"] in SECTORS and s["Engagement"] in ENGAGEMENT
        assert s["Initiative ID"] == "" or s["Initiative ID"] in initiatives
    decisions = _records(clean["Decisions"])
    assert [d["Decision ID"] for d in decisions] == ["D-0001", "D-0002", "D-0003"]
    assert all(DecisionKind(d["Decision"]) and d["Initiative ID"] in initiatives for d in decisions)
    assert [d["Supersedes"] for d in decisions] == ["", "", "D-0001"]
    assert all(isinstance(d["Decided at"], dt.datetime) for d in decisions)


# --- the messy twin and its manifest -----------------------------------------------


def test_messy_twin_layout(samples: ModuleType, generated: dict[str, Path]) -> None:
    wb = CalamineWorkbook.from_path(str(generated["messy"]), load_tables=True)
    try:
        assert wb.sheet_names == list(samples.MESSY_ORDER)
        hidden = [m.name for m in wb.sheets_metadata if m.visible != SheetVisibleEnum.Visible]
        assert hidden == ["Data"]
        assert wb.table_names == ["tblInterventions"]
        assert wb.get_table_by_name("tblInterventions").sheet == "Interventions"
        banners = wb.get_sheet_by_name("Interventions").merged_cell_ranges
        assert banners
    finally:
        wb.close()


def test_messy_twin_holds_the_same_entities(
    generated: dict[str, Path], clean: dict[str, list[list[Any]]], manifest: dict[str, Any]
) -> None:
    messy = _sheets(generated["messy"])

    def column(sheet: str, header: str) -> list[Any]:
        rows = messy[sheet]
        hr = next(i for i, r in enumerate(rows) if header in r and i < 10)
        col = rows[hr].index(header)
        return [r[col] for r in rows[hr + 1 :] if any(c != "" for c in r)]

    clean_ids = [r["Initiative ID"] for r in _records(clean["Initiatives"])]
    messy_ids = column("Interventions", "ID")
    assert messy_ids[: len(clean_ids)] == clean_ids
    twin = manifest["twin_counts"]
    assert twin["initiatives"] == len(clean_ids)
    assert column("Decision log", "Decision ID")[: twin["decisions"]] == [
        "D-0001",
        "D-0002",
        "D-0003",
    ]
    assert column("Mission list", "ID")[:5] == ["M1", "M2", "M3", "M4", "M5"]
    # costs: numbers, "£1.2m" text or formulas with cached values, all equal to the twin's
    costs = column("Interventions", "2025/26 cost")[: len(clean_ids)]
    for want, cell in zip(
        (r["Cost 2025-26 (£m)"] for r in _records(clean["Initiatives"])), costs, strict=True
    ):
        got = (
            float(cell.strip().removeprefix("£").removesuffix("m"))
            if isinstance(cell, str)
            else cell
        )
        assert got == pytest.approx(want)
    dcas = column("Interventions", "Delivery confidence")[: len(clean_ids)]
    assert [DCA.parse(d) for d in dcas] == [DCA(r["DCA"]) for r in _records(clean["Initiatives"])]


def test_manifest_is_well_formed(
    clean: dict[str, list[list[Any]]], manifest: dict[str, Any]
) -> None:
    problems = manifest["problems"]
    # About one fault of each kind (scoring: off-scale, blank, reversed; 3 on line of sight;
    # 3 in funding and evaluations).
    assert 10 <= len(problems) <= 24
    for p in problems:
        assert set(p) >= {"sheet", "cell", "severity", "what"}
        assert p["severity"] in ("error", "warning")
        assert A1.match(p["cell"]), p
        assert p["what"]
    assert len({(p["sheet"], p["cell"]) for p in problems}) == len(problems)
    counts = manifest["twin_counts"]
    assert counts == {
        "missions": len(clean["Missions"]) - 1,
        "milestones": len(clean["Milestones"]) - 1,
        "metrics": len(clean["Metrics"]) - 1,
        "readings": len(clean["Readings"]) - 1,
        "criteria": len(clean["Criteria"]) - 1,
        "initiatives": len(clean["Initiatives"]) - 1,
        "decisions": len(clean["Decisions"]) - 1,
    }


def test_every_manifest_cell_holds_its_planted_value(
    generated: dict[str, Path], manifest: dict[str, Any]
) -> None:
    # openpyxl, not calamine: calamine reads a cached error value (#REF!) as "".
    wb = openpyxl.load_workbook(generated["messy"], data_only=True)
    try:
        for p in manifest["problems"]:
            assert p["sheet"] in wb.sheetnames, p
            ws = wb[p["sheet"]]
            match = A1.match(p["cell"])
            assert match is not None
            assert int(match.group(2)) <= ws.max_row, p
            value = ws[p["cell"]].value
            shown = "" if value is None else str(value)
            assert shown == p["found"], (p, value)
    finally:
        wb.close()


def test_generation_is_deterministic(
    samples: ModuleType, generated: dict[str, Path], tmp_path: Path
) -> None:
    again = samples.generate(tmp_path)
    for kind, path in generated.items():
        assert again[kind].read_bytes() == path.read_bytes(), kind


def test_committed_samples_are_up_to_date(generated: dict[str, Path]) -> None:
    for kind in ("clean", "messy"):
        assert COMMITTED[kind].stat().st_size < 200_000
        assert _sheets(COMMITTED[kind]) == _sheets(generated[kind]), (
            f"{COMMITTED[kind].name} is stale: run python scripts/make_samples.py"
        )
    assert json.loads(COMMITTED["manifest"].read_text(encoding="utf-8")) == json.loads(
        generated["manifest"].read_text(encoding="utf-8")
    )


# --- the large benchmark workbook ----------------------------------------------------


def test_large_generator_writes_the_requested_counts(samples: ModuleType, tmp_path: Path) -> None:
    large = _script("make_large_workbook")
    out = tmp_path / "large.xlsx"
    assert large.main([str(out), "--initiatives", "200", "--readings", "1000", "--seed", "3"]) == 0
    sheets = _sheets(out)
    assert list(sheets) == list(samples.SHEET_ORDER)
    count = {sheet: len(rows) - 1 for sheet, rows in sheets.items()}
    assert count["Initiatives"] == 200
    assert count["Readings"] == 1000
    assert count["Missions"] == 5
    assert 25 <= count["Criteria"] <= 35
    criteria = [r["Criterion ID"] for r in _records(sheets["Criteria"])]
    for sheet, headers in samples.HEADERS.items():
        expected = [*headers, *criteria] if sheet == "Initiatives" else list(headers)
        assert sheets[sheet][0] == expected, sheet
    rows = _records(sheets["Initiatives"])
    ids = {r["Initiative ID"] for r in rows}
    assert len(ids) == 200
    for r in rows:
        assert set(_links(r["Depends on"]) + _links(r["Excludes"])) <= ids - {r["Initiative ID"]}
        assert all(r[c] in (0, 1, 2, 3, 4, 5) for c in criteria)
        assert all(isinstance(r[h], float) for h in samples.COST_HEADERS)
    metrics = {r["Metric ID"] for r in _records(sheets["Metrics"])}
    assert {r["Metric ID"] for r in _records(sheets["Readings"])} <= metrics
