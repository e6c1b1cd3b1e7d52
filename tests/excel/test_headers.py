"""Header-row detection under title rows, banners and spelling variants."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.excel.headers import find_header
from stocktake.excel.schema import INITIATIVES, MISSIONS, sheet_kind, strip_table_prefix


def _noisy(label: str, rng: random.Random) -> str:
    """Spell a header the way people do: other case, spaces, punctuation, units."""
    out = label.upper() if rng.random() < 0.3 else label.lower() if rng.random() < 0.5 else label
    if rng.random() < 0.3:
        out = out.replace(" ", "_")
    if rng.random() < 0.3:
        out = f"  {out} "
    if rng.random() < 0.2:
        out = f"{out} (text)"
    return out


@settings(max_examples=60, deadline=None)
@given(
    title_rows=st.integers(min_value=0, max_value=12),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_header_found_below_any_title_rows(title_rows: int, seed: int) -> None:
    rng = random.Random(seed)
    fields = list(INITIATIVES.fields)
    rng.shuffle(fields)
    header = [_noisy(rng.choice(f.synonyms[:2]), rng) for f in fields]
    header += ["Cost 2025-26 (£m)", "2026/27 cost", "RAG comment"]
    above: list[list[object]] = []
    for i in range(title_rows):
        kind = i % 3
        above.append(
            ["Mission stock-take: interventions (OFFICIAL)", "", ""]
            if kind == 0
            else [""] * 5
            if kind == 1
            else ["Note: figures illustrative", 3, "x"]
        )
    rows = [*above, header, ["I-001", "M1", "A thing"] + [""] * (len(header) - 3)]
    match = find_header(rows, INITIATIVES, {}, costs=True)
    assert match is not None
    assert match.row_index == title_rows
    for col, field in enumerate(fields):
        assert match.columns[field.key] == col
    assert match.columns["cost:2025-26"] == len(fields)
    assert match.columns["cost:2026-27"] == len(fields) + 1
    assert match.unknown == {"RAG comment": len(fields) + 2}


def test_no_header_row_when_nothing_matches() -> None:
    rows = [["Budget", "Jan", "Feb"], [1, 2, 3]]
    assert find_header(rows, MISSIONS) is None


def test_a_data_row_does_not_win_over_the_header() -> None:
    rows = [["Mission ID", "Mission", "Lead department"], ["M1", "Mission", "Lead department"]]
    match = find_header(rows, MISSIONS)
    assert match is not None and match.row_index == 0


def test_sheet_and_table_names_by_synonym() -> None:
    assert sheet_kind("Interventions") == "initiatives"
    assert sheet_kind("PfC milestones") == "milestones"
    assert sheet_kind("  mission LIST ") == "missions"
    assert sheet_kind("Data") == "readings"
    assert sheet_kind(strip_table_prefix("tblInterventions")) == "initiatives"
    assert sheet_kind("Stocktake settings") == "settings"
    for not_input in ("Scores", "Portfolio", "Charts", "Cover", "Sheet1"):
        assert sheet_kind(not_input) is None
