"""The reader refuses unsafe or unreadable files in bounded memory, with a plain message.

(How fast is measured in benchmarks/, not asserted here.)
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from stocktake.excel.reader import read_workbook
from stocktake.excel.safety import WorkbookRefused, inspect_package
from tests.conftest import corpus_files

MB = 1 << 20


def test_xml_bomb_is_refused_in_bounded_memory(corpus_dir: Path) -> None:
    bomb = corpus_dir / "security" / "poc-xmlbomb.xlsx"
    probe = (
        "import json, resource, sys\n"
        "from stocktake.excel.reader import read_workbook\n"
        "from stocktake.excel.safety import WorkbookRefused\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    read_workbook(sys.argv[1]); msg = None\n"
        "except WorkbookRefused as e:\n"
        "    msg = str(e)\n"
        "print(json.dumps({'msg': msg,\n"
        "    'extra_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(bomb)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["msg"] is not None and "XML bomb" in result["msg"]
    assert "sharedStrings.xml" in result["msg"]
    assert result["extra_kb"] < 200 * 1024


def test_strict_ooxml_is_refused_with_what_to_do(corpus_dir: Path) -> None:
    with pytest.raises(WorkbookRefused, match=r"Strict Open XML.*Save As"):
        read_workbook(corpus_dir / "SampleSS.strict.xlsx")


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_gets_a_clear_answer(path: Path) -> None:
    """Corpus files are not stock-take workbooks: refused, or 'no stock-take sheets'."""
    try:
        wb = read_workbook(path)
    except WorkbookRefused as exc:
        assert path.name in str(exc)
        return
    assert [p.message.split(":")[0] for p in wb.problems] == ["no stock-take sheets found"]
    assert wb.problems[0].is_error
    assert wb.counts()["initiatives"] == 0


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.xlsx", b"", "empty"),
        ("notes.xlsx", b"Mission,Initiative\nM1,Thing\n", "not an Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "97-2003"),
        (
            "locked.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + "EncryptionInfo".encode("utf-16-le")
            + b"\0" * 600,
            "password-protected",
        ),
        ("broken.xlsx", b"PK\x03\x04" + b"\0" * 100, "damaged"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(WorkbookRefused, match=message):
        inspect_package(_write(tmp_path / name, data))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(WorkbookRefused, match="does not exist"):
        inspect_package(tmp_path / "nope.xlsx")
    with pytest.raises(WorkbookRefused, match="folder"):
        inspect_package(tmp_path)


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def test_binary_workbook_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "b.xlsb", {"xl/workbook.bin": b"\0" * 10})
    with pytest.raises(WorkbookRefused, match=r"\.xlsb"):
        inspect_package(path)


def test_zip_bomb_by_ratio_is_refused_before_inflating(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": b"\0" * (40 * MB)})
    with pytest.raises(WorkbookRefused, match="zip bomb"):
        inspect_package(path)


def test_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "many.xlsx", {f"p/{i}": b"" for i in range(10_001)})
    with pytest.raises(WorkbookRefused, match="10,001 parts"):
        inspect_package(path)


def test_a_word_document_is_named_as_such(tmp_path: Path) -> None:
    path = _zip(tmp_path / "doc.xlsx", {"word/document.xml": b"<w/>"})
    with pytest.raises(WorkbookRefused, match="Word document"):
        inspect_package(path)


def test_doctype_anywhere_before_the_root_is_refused(tmp_path: Path) -> None:
    sneaky = b'<?xml version="1.0"?>\n<!-- ' + b"x" * 20000 + b" -->\n<!DOCTYPE a []><a/>"
    path = _zip(tmp_path / "d.xlsx", {"xl/workbook.xml": b"<workbook/>", "xl/styles.xml": sneaky})
    with pytest.raises(WorkbookRefused, match=r"styles\.xml"):
        inspect_package(path)


def test_a_file_changed_after_it_was_inspected_is_inspected_again(
    tmp_path: Path, corpus_dir: Path
) -> None:
    """A save reuses the verdict on bytes it has inspected; a file that changed since
    (here: the same name now holds a zip bomb) is refused all the same."""
    sample = Path(__file__).resolve().parents[2] / "sample_workbooks" / "plan_for_change.xlsx"
    path = tmp_path / "book.xlsx"
    path.write_bytes(sample.read_bytes())
    first = inspect_package(path)
    first.sheet_parts.clear()  # a caller changing its copy changes no later answer
    again = inspect_package(tmp_path / "book.xlsx")
    assert again.sheet_parts and again.part_names == first.part_names
    assert again.data == sample.read_bytes()
    bomb = corpus_dir / "security" / "poc-xmlbomb.xlsx"
    path.write_bytes(bomb.read_bytes())
    with pytest.raises(WorkbookRefused, match=r"book\.xlsx"):
        inspect_package(path)
