"""LibreOffice prints Stocktake's own sheets of the sample in at most 20 pages, with no
chart split across a page break (the issue measured 51 pages before page setup)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from stocktake.app.usecases import save_analysis
from tests.excel.writer.helpers import soffice
from tests.reports.pack.conftest import SAMPLE
from tests.reports.pack.test_pack_pdf import page_texts

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def to_pdf(path: Path, out: Path) -> Path:
    subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation=file://{out}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out / f"{path.stem}.pdf"


def test_owned_sheets_print_in_twenty_pages_and_no_chart_is_split(tmp_path: Path) -> None:
    original = tmp_path / "original.xlsx"
    analysed = tmp_path / "analysed.xlsx"
    shutil.copy(SAMPLE, original)
    shutil.copy(SAMPLE, analysed)
    save_analysis(analysed)
    before = page_texts(to_pdf(original, tmp_path))
    after = page_texts(to_pdf(analysed, tmp_path))
    owned = after[len(before) :]  # the owned sheets come after the workbook's own sheets
    assert 0 < len(owned) <= 20, f"owned sheets print as {len(owned)} pages"
    # A chart's title is at its top and its x-axis title at its bottom: a split chart
    # would leave them on different pages.
    for title, axis in (
        ("Ruthless-choice matrix", "Near-term (milestone) value"),
        ("Efficient frontier", "Envelope, all years (£m)"),
    ):
        pages = [n for n, t in enumerate(owned) if axis in t]
        assert len(pages) == 1 and title in owned[pages[0]], f"{title} split or missing"
    for text in owned:
        assert text.strip().splitlines()[0].strip() == "OFFICIAL-SENSITIVE"
        assert "1189.28780487805" not in text
