"""The contribution map as a chart in the board pack: the PDF's bars read back from its
text, and the pack workbook's native chart, both checked against counts worked out here
with pandas from the workbook's own *Contribution map* sheet (one row per organisation),
not from the app's functions; each bar's sector and count in words, the alt text from
the same counts, and a fill pattern beside each colour in the native chart."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pikepdf
import pytest

from tests.reports.pack.test_pack_pdf import struct_elements

pytestmark = pytest.mark.slow

TITLE = "Organisations contributing to each mission, by sector"


def _rows(xlsx: Path, sheet: str) -> list[tuple]:
    """A sheet's values; the read-only workbook is closed (it holds its file open)."""
    book = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        return list(book[sheet].values)
    finally:
        book.close()


def _oracle(xlsx: Path) -> dict[str, dict[str, int]]:
    """Mission -> sector -> organisations, counted from the sheet's rows."""
    rows = _rows(xlsx, "Contribution map")
    start = next(k for k, r in enumerate(rows) if r[:3] == ("Mission", "Sector", "Organisation"))
    frame = pd.DataFrame(
        [r[:3] for r in rows[start + 1 :] if r[0] and r[2]],
        columns=["mission", "sector", "organisation"],
    )
    counted = frame.groupby(["mission", "sector"], sort=False)["organisation"].nunique()
    out: dict[str, dict[str, int]] = {}
    for (mission, sector), n in counted.items():
        out.setdefault(str(mission), {})[str(sector)] = int(n)
    return out


def _pdf_bars(pdf: Path) -> dict[str, dict[str, int]]:
    """The chart's bars as the PDF draws them: a heading per mission, then one
    "sector count" line per bar (pdftotext in content order)."""
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    first = next(k for k, line in enumerate(raw) if line == TITLE and raw[k + 1].startswith("M1 "))
    end = next(k for k in range(first, len(raw)) if raw[k].startswith("Organisations (one"))
    out: dict[str, dict[str, int]] = {}
    mission = ""
    for line in raw[first + 1 : end]:
        bar = re.fullmatch(r"(.+) (\d+)", line)
        if bar and mission:
            out[mission][bar.group(1)] = int(bar.group(2))
        else:
            mission = line
            out[mission] = {}
    return out


def test_the_pdf_chart_shows_each_missions_sectors_as_counted_from_the_sheet(
    packs: dict,
) -> None:
    full = packs["full"]
    expected = _oracle(full.workbook)
    assert len(expected) == 5 and sum(len(s) for s in expected.values()) > 20
    assert _pdf_bars(full.pdf) == expected
    totals = {m: sum(s.values()) for m, s in expected.items()}
    top = min(totals, key=lambda m: (-totals[m], m))  # ties: the first by name
    with pikepdf.open(full.pdf) as pdf:
        alts = [str(e.get("/Alt")) for e in struct_elements(pdf) if str(e["/S"]) == "/Figure"]
    alt = [a for a in alts if a.startswith(TITLE)]
    assert len(alt) == 1
    assert (
        f"the most organisations for {top} ({totals[top]} across {len(expected[top])} sectors)"
        in alt[0]
    )


def test_the_pack_workbook_has_a_native_stacked_bar_chart_of_the_same_counts(
    packs: dict,
) -> None:
    xlsx = packs["full"].workbook
    expected = _oracle(xlsx)
    rows = _rows(xlsx, "Charts")
    at = next(k for k, r in enumerate(rows) if r[0] == TITLE)
    headers = [h for h in rows[at + 1] if h]
    assert headers[0] == "Mission"
    block = {}
    for r in rows[at + 2 : at + 2 + len(expected)]:
        block[r[0]] = {s: n for s, n in zip(headers[1:], r[1:], strict=False) if n}
    assert block == expected
    # the first mission on top: Excel draws the first row at the bottom
    assert [r[0] for r in rows[at + 2 : at + 2 + len(expected)]] == list(expected)[::-1]
    with zipfile.ZipFile(xlsx) as z:
        charts = [
            z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        ]
        drawings = "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/drawing")
        )
    chart = next(c for c in charts if TITLE in c)
    assert '<c:grouping val="stacked"/>' in chart
    series = re.findall(r"<c:ser>.*?</c:ser>", chart, re.S)
    assert [re.search(r"<c:v>(.*?)</c:v>", s).group(1) for s in series] == headers[1:]  # type: ignore[union-attr]
    patterns = [re.search(r'<a:pattFill prst="(\w+)"', s) for s in series]
    assert all(patterns) and len({p.group(1) for p in patterns if p}) == len(series)
    assert all('<c:showVal val="1"/>' in s for s in series)  # each count written on its bar
    assert f'descr="{TITLE}: {len(expected)} missions;' in drawings
