"""What a person reads from the command line: names beside IDs, warnings grouped by kind,
bad arguments explained in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stocktake.cli import EXIT_OK, main
from stocktake.excel.reader import read_workbook
from tests.conftest import SAMPLES
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives

PLAN = SAMPLES / "plan_for_change.xlsx"
MESSY = SAMPLES / "messy_layout.xlsx"


def test_score_on_a_messy_workbook_says_each_kind_of_warning_once(
    capfd: pytest.CaptureFixture[str],
) -> None:
    main(["score", str(MESSY)])
    warnings = [line for line in capfd.readouterr().err.splitlines() if line.startswith("warning:")]
    assert warnings and len(set(warnings)) == len(warnings)
    # A zero-weight criterion (C09, weight to be agreed) has no scores: nothing is assumed
    # that moves a value, so nothing is said about it.
    assert not any("C09" in line for line in warnings)


def test_the_same_gap_in_many_rows_is_said_once(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    criteria = [*CRITERIA, ["C3", "Places", "Ambition", 10, "0-5"]]  # no C3 column at all
    rows = [
        [f"I-{k:02d}", "M1", f"Item {k}", "Green", "Test", 1, 1, 3, 3, "", ""] for k in range(12)
    ]
    path = build(
        tmp_path / "gap.xlsx",
        {"Missions": MISSIONS, "Criteria": criteria, "Initiatives": initiatives(*rows)},
    )
    main(["score", str(path)])
    warnings = [line for line in capfd.readouterr().err.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: 12 initiatives (I-00, I-01, I-02 and 9 more) have no score for C3; counted "
        "as 0, the no-contribution level (no benefit claimed)"
    ]


def test_score_and_optimise_print_names_beside_ids(capfd: pytest.CaptureFixture[str]) -> None:
    wb = read_workbook(PLAN)
    assert main(["score", str(PLAN)]) == EXIT_OK
    out = capfd.readouterr().out
    first = next(line for line in out.splitlines() if re.match(r"\s+1\s+I-", line))
    ident = first.split()[1]
    assert wb.initiatives[ident].name[:20] in first
    main(["optimise", str(PLAN)])
    out = capfd.readouterr().out
    listed = [line.split(maxsplit=1) for line in out.splitlines() if line.startswith("  I-")]
    # every initiative is listed once, chosen or not, its name (cut to the column) beside it
    assert sorted(i for i, _ in listed) == sorted(wb.initiatives)
    assert all(rest.startswith(wb.initiatives[i].name[:20]) for i, rest in listed)


def test_a_budget_that_is_not_a_number_is_explained(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["optimise", str(PLAN), "--budget", "2025-26=abc"])
    assert exited.value.code == 2
    err = capfd.readouterr().err
    assert "the envelope for 2025-26 must be an amount in £m" in err and "'abc'" in err
    assert "invalid budget_arg value" not in err


def test_init_on_a_new_file_mentions_no_previous_version(
    tmp_path, capfd: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    assert main(["init", str(tmp_path / "new.xlsx")]) == EXIT_OK
    out = capfd.readouterr().out
    assert "new.xlsx: added" in out and "previous version" not in out


def test_decide_continue_needs_no_rationale(sample_copy, capfd: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    assert main(["decide", str(path), "--initiative", "I-005", "--decision", "Continue"]) == 0
    name = read_workbook(path).initiatives["I-005"].name
    assert f"recorded D-0004: Continue I-005 {name}" in capfd.readouterr().out


def test_check_names_the_initiative_of_a_problem_in_its_row(
    capfd: pytest.CaptureFixture[str],
) -> None:
    wb = read_workbook(MESSY)
    main(["check", str(MESSY)])
    out = capfd.readouterr().out
    line = next(x for x in out.splitlines() if "C02 score: found 7" in x)
    row = int(re.search(r"![A-Z]+(\d+):", line).group(1))  # type: ignore[union-attr]
    init = next(i for i in wb.initiatives.values() if i.row == row)
    assert line.endswith(f"({init.id} {init.name})")


def test_binding_and_conflict_sentences_name_each_initiative_once(
    capfd: pytest.CaptureFixture[str],
) -> None:
    from stocktake.cli.optimise import named

    names = {"I-1": "Homes", "I-10": "Growth"}
    said = named("I-10 and I-1 exclude each other, so I-1 cannot be added (XI-1 is not one)", names)
    assert said == (
        "I-10 (Growth) and I-1 (Homes) exclude each other, so I-1 cannot be added (XI-1 is not one)"
    )
    wb = read_workbook(PLAN)
    main(["optimise", str(PLAN)])
    binds = [x for x in capfd.readouterr().out.splitlines() if x.startswith("Binds: I-")]
    assert binds
    for line in binds:
        first = line.split()[1]
        assert f"{first} ({wb.initiatives[first].name})" in line
