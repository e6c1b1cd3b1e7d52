"""Shared test set-up: headless Qt, the real-world corpus, temp copies of workbooks.

QT_QPA_PLATFORM must be set before anything imports Qt, otherwise Qt looks for a
display and aborts the process on a headless machine.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Hypothesis: in CI (the CI variable set) every run tries the same examples, so a
# build cannot fail on one day's random draw; local runs keep exploring new ones.
# HYPOTHESIS_PROFILE=ci reproduces the CI run locally.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_workbooks"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real-world Excel files shipped beside the project (read-only)."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside this checkout ({CORPUS.name} missing)")
    return CORPUS


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".xlsx", ".xlsm"))


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test's settings and app data in a temp dir of its own: the journeys in
    tests/e2e once wrote the real user's settings (window state, recent files), and a
    later test's window started from them."""
    from PySide6.QtCore import QSettings

    root = tmp_path_factory.mktemp("appdata")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(root))
    monkeypatch.setenv("STOCKTAKE_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "config"))  # a child process's
    yield root


@pytest.fixture
def sample_copy(tmp_path: Path):
    """Copy a sample workbook into a temp dir so a test may write to it."""

    def copy(name: str = "plan_for_change.xlsx") -> Path:
        target = tmp_path / name
        shutil.copyfile(SAMPLES / name, target)
        return target

    return copy
