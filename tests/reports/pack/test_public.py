"""The public pack withholds every OFFICIAL-SENSITIVE item everywhere, and its manifest
lists each one, marked at the highest level."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pikepdf
import pytest

from stocktake.app.document import Document
from stocktake.reports.pack import PackFiles
from tests.reports.pack.test_pack_pdf import page_texts, struct_elements

pytestmark = pytest.mark.slow


def withheld_strings(doc: Document) -> list[str]:
    sensitive = [i for i in doc.workbook.initiatives.values() if i.is_sensitive]
    return [s for i in sensitive for s in (i.id, i.name)]


def pdf_strings(path: Path) -> str:
    """Every page's text, the metadata and every decompressed stream of the PDF."""
    out = ["\n".join(page_texts(path))]
    with pikepdf.open(path) as pdf:
        out.append(repr(dict(pdf.docinfo)))
        out.append(pdf.Root.Metadata.read_bytes().decode("utf-8", "replace"))
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    out.append(obj.read_bytes().decode("latin-1"))
                except pikepdf.PdfError:
                    continue
            elif isinstance(obj, pikepdf.Dictionary | pikepdf.String):
                out.append(str(obj))
    return "\n".join(out)


def workbook_strings(path: Path) -> str:
    """Every part of the workbook (sheets, hidden or not, defined names, chart caches,
    document properties), decoded."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_no_withheld_id_or_name_anywhere_in_the_public_files(packs: dict) -> None:
    public: PackFiles = packs["public"]
    doc: Document = packs["doc"]
    needles = withheld_strings(doc)
    assert public.withheld == len(needles) // 2 > 0
    haystacks = {
        "workbook": workbook_strings(public.workbook),
        "pdf": pdf_strings(public.pdf),
    }
    for where, text in haystacks.items():
        found = [n for n in needles if n in text]
        assert not found, f"{where} holds withheld {found[:3]}"
    # the check can fail: the full pack does hold them
    assert all(n in workbook_strings(packs["full"].workbook) for n in needles)


def test_public_totals_are_over_the_published_items_only(packs: dict) -> None:
    public: PackFiles = packs["public"]
    doc: Document = packs["doc"]
    shown = [i for i in doc.workbook.initiatives.values() if not i.is_sensitive]
    text = " ".join(" ".join(page_texts(public.pdf)).split())
    assert f"chooses {public_chosen(public)} of {len(shown)} initiatives" in text
    with pikepdf.open(public.pdf) as pdf:
        alts = [str(e.get("/Alt")) for e in struct_elements(pdf) if str(e["/S"]) == "/Figure"]
    assert alts[0].startswith(f"Ruthless-choice matrix: {len(shown)} initiatives;")


def public_chosen(public: PackFiles) -> int:
    """How many the public workbook's Scores sheet marks In (its own portfolio)."""
    import openpyxl

    wb = openpyxl.load_workbook(public.workbook, read_only=True)
    rows = list(wb["Scores"].iter_rows(min_row=2, values_only=True))
    wb.close()
    return sum(1 for r in rows if r[8] == "In")


def test_manifest_lists_each_withheld_item_and_is_marked_highest(packs: dict) -> None:
    public: PackFiles = packs["public"]
    doc: Document = packs["doc"]
    assert public.manifest is not None and "manifest" in public.manifest.name
    rows = list(csv.reader(public.manifest.read_text("utf-8").splitlines()))
    assert rows[0][0].startswith("OFFICIAL-SENSITIVE")
    assert rows[-1][0].startswith("OFFICIAL-SENSITIVE")
    listed = {r[1]: r for r in rows if r and r[0] == "initiative"}
    sensitive = {i.id: i for i in doc.workbook.initiatives.values() if i.is_sensitive}
    assert set(listed) == set(sensitive)
    for iid, row in listed.items():
        assert row[2] == sensitive[iid].name
        assert row[3] and row[4] == "classified OFFICIAL-SENSITIVE"
    assert {p.parent for p in public.all} == {public.workbook.parent}
    assert all(p.exists() for p in public.all)
