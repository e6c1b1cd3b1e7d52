"""The workbook document is generated from the reader's schema and must be current."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

ROOT = REPO


def test_workbook_doc_matches_the_schema() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_workbook_doc.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
