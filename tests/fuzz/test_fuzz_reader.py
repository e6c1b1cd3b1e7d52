"""A short, deterministic fuzz budget in the suite: hostile mutants of real workbooks
through the reader and ``stocktake check`` never end in a traceback.

The long run (thousands of mutants through four commands, with time and memory
limits) is ``scripts/fuzz.py``.
"""

from __future__ import annotations

import contextlib
import io
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stocktake.cli import main
from stocktake.cli.boundary import UNEXPECTED
from stocktake.excel.reader import read_workbook
from stocktake.excel.safety import WorkbookRefused
from tests.fuzz.mutations import PART_MUTATIONS, RAW_MUTATIONS, mutate, seed_files

SEEDS = seed_files()
assert SEEDS, "the fuzz tests need the sample workbooks as seeds"
N_OPS = len(PART_MUTATIONS) + len(RAW_MUTATIONS)


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    seed = draw(st.sampled_from(SEEDS))
    ops = draw(st.lists(st.integers(0, N_OPS - 1), min_size=1, max_size=3))
    rng = random.Random(draw(st.integers(0, 2**32)))
    return mutate(seed.read_bytes(), ops, rng)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=mutants())
def test_a_mutant_is_read_refused_or_reported_never_a_crash(tmp_path_factory, data: bytes) -> None:
    path: Path = tmp_path_factory.mktemp("fuzz") / "mutant.xlsx"
    path.write_bytes(data)
    try:
        wb = read_workbook(path)
    except WorkbookRefused as exc:
        assert str(exc).startswith("mutant.xlsx: ")
        assert path.read_bytes() == data
    else:
        for problem in wb.problems:
            assert problem.message
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path)])
    assert code in (0, 1, 2)
    assert UNEXPECTED not in err.getvalue()
    assert "Traceback" not in err.getvalue() + out.getvalue()
