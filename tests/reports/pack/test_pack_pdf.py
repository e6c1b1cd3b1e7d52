"""The board pack's PDF and workbook: markings on every page, a real structure tree with
alt text on every figure, the same alt text on the Excel charts, the original untouched."""

from __future__ import annotations

import hashlib
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest

from stocktake.app.document import Document
from stocktake.reports.pack import PackFiles

pytestmark = pytest.mark.slow


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, by pdftotext (form feeds separate the pages)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")[:-1]


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The structure tree's elements, depth first in reading order."""
    found: list[pikepdf.Dictionary] = []
    stack: list[object] = [pdf.Root.StructTreeRoot]
    while stack:
        el = stack.pop()
        if isinstance(el, pikepdf.Array):
            stack.extend(reversed(list(el)))  # popped in document (reading) order
        elif isinstance(el, pikepdf.Dictionary):
            if "/S" in el:
                found.append(el)
            kids = el.get("/K")
            if kids is not None:
                stack.append(kids)
    return found


def test_every_page_is_marked_top_and_bottom_with_the_highest_level(packs: dict) -> None:
    full: PackFiles = packs["full"]
    doc: Document = packs["doc"]
    sensitive = [i.id for i in doc.workbook.initiatives.values() if i.is_sensitive]
    assert sensitive, "the sample should hold OFFICIAL-SENSITIVE initiatives"
    assert full.classification == "OFFICIAL-SENSITIVE"
    pages = page_texts(full.pdf)
    assert len(pages) > 5
    for n, text in enumerate(pages, 1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        assert lines[0] == "OFFICIAL-SENSITIVE", f"page {n} top: {lines[0]!r}"
        bottom = " ".join(" ".join(lines[-3:]).split())  # the caveat may wrap
        assert "OFFICIAL-SENSITIVE - Share only" in bottom, f"page {n} bottom"
    shown = [n for n, t in enumerate(pages, 1) if any(re.search(rf"\b{i}\b", t) for i in sensitive)]
    assert shown, "sensitive rows appear in the full pack"


def test_public_pack_is_marked_official_and_says_how_many_were_withheld(packs: dict) -> None:
    public: PackFiles = packs["public"]
    pages = page_texts(public.pdf)
    for n, text in enumerate(pages, 1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        assert lines[0] == "OFFICIAL", f"page {n}"
        assert "OFFICIAL - Handle under normal" in " ".join(lines[-3:]), f"page {n}"
    assert f"{public.withheld} items withheld" in " ".join(" ".join(pages).split())


def test_pdf_is_tagged_ua_with_title_language_tables_and_alt_on_every_figure(
    packs: dict,
) -> None:
    full: PackFiles = packs["full"]
    doc: Document = packs["doc"]
    with pikepdf.open(full.pdf) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo["/Title"]) == "Mission board pack"
        assert b"pdfuaid:part" in pdf.Root.Metadata.read_bytes()
        elements = struct_elements(pdf)
        kinds = {str(e["/S"]) for e in elements}
        assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= kinds
        alts = [str(e.get("/Alt", "")) for e in elements if str(e["/S"]) == "/Figure"]
    metrics_with_readings = {r.metric_id for r in doc.workbook.readings}
    # matrix, frontier, each metric, the contribution map and cost by place
    assert len(alts) == 2 + len(metrics_with_readings) + 2
    assert all(alts), "every figure has alt text"
    n = len(doc.workbook.initiatives)
    assert alts[0].startswith(f"Ruthless-choice matrix: {n} initiatives;")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_workbook_sheets_are_marked_and_charts_carry_the_pdf_alt_text(packs: dict) -> None:
    full: PackFiles = packs["full"]
    parts = _parts(full.workbook)
    sheets = [p for n, p in parts.items() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
    assert len(sheets) >= 7  # cover, scores, portfolio, robustness, log, method, charts
    for xml in sheets:
        head = re.search(rb"<oddHeader>(.*?)</oddHeader>", xml)
        foot = re.search(rb"<oddFooter>(.*?)</oddFooter>", xml)
        assert head and b"OFFICIAL-SENSITIVE" in head.group(1)
        assert foot and b"OFFICIAL-SENSITIVE" in foot.group(1)
    with pikepdf.open(full.pdf) as pdf:
        alts = [str(e.get("/Alt")) for e in struct_elements(pdf) if str(e["/S"]) == "/Figure"]
    drawing = b"".join(p for n, p in parts.items() if n.startswith("xl/drawings/drawing"))
    descr = {m.decode() for m in re.findall(rb'descr="([^"]*)"', drawing)}
    from html import unescape

    assert {unescape(d) for d in descr} >= set(alts)


def test_matrix_is_a_bubble_chart_sized_by_cost_with_axes_at_the_cut_lines(packs: dict) -> None:
    full: PackFiles = packs["full"]
    doc: Document = packs["doc"]
    charts = [p for n, p in _parts(full.workbook).items() if n.startswith("xl/charts/chart")]
    bubble = [c for c in charts if b"<c:bubbleChart>" in c]
    assert len(bubble) == 1
    xml = bubble[0]
    assert b'<c:sizeRepresents val="area"/>' in xml
    sizes = sorted(
        float(v)
        for v in re.findall(rb"<c:bubbleSize>.*?</c:bubbleSize>", xml, re.S)
        for v in re.findall(rb"<c:v>([^<]*)</c:v>", v)
    )
    costs = sorted(max(round(i.total_cost, 2), 0.1) for i in doc.workbook.initiatives.values())
    assert sizes == pytest.approx(costs)
    crosses = sorted(float(v) for v in re.findall(rb'<c:crossesAt val="([^"]+)"/>', xml))
    assert crosses == sorted([doc.cuts.near_term, doc.cuts.long_term])


def test_the_source_workbook_is_untouched(packs: dict) -> None:
    source: Path = packs["source"]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == packs["source_digest"]


def test_openxml_audit_finds_nothing_in_either_pack_workbook(packs: dict) -> None:
    from tests.excel.writer.helpers import audit

    for key in ("full", "public"):
        assert audit(packs[key].workbook) == set(), key


def test_the_pack_prints_the_latest_minutes_and_open_actions_but_not_in_public(
    packs: dict,
) -> None:
    full = " ".join(" ".join(page_texts(packs["full"].pdf)).split())
    assert "Meeting: March board (3 Mar 2026)" in full
    assert "Time: I-041" in full and "5 min" in full
    assert "A-0001: Re-cost the pilot" in full
    public = " ".join(" ".join(page_texts(packs["public"].pdf)).split())
    assert "March board" not in public and "Re-cost the pilot" not in public
