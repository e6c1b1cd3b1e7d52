"""``stocktake pack`` on a small workbook of its own: where the files go, what the
public version leaves out, and the plain refusals."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from stocktake.cli import main
from tests.reports.pack.test_pack_pdf import page_texts
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives

pytestmark = pytest.mark.slow

SECRET_ID, SECRET_NAME = "I-7", "Project Nightjar"


def _book(path: Path, classification: str = "OFFICIAL") -> Path:
    return build(
        path,
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(
                ["I-1", "M1", "Homes", "Amber", "Test", 10, 12, 4, 2, "OFFICIAL", ""],
                ["I-2", "M2", "NHS", "Green", "Scale", 20, 5, 1, 5, "OFFICIAL", ""],
                [SECRET_ID, "M1", SECRET_NAME, "Red", "Idea", 5, 5, 3, 3, "OFFICIAL-SENSITIVE", ""],
            ),
            "Stocktake settings": [
                ["Key", "Value"],
                ["classification", classification],
                ["budget:2025-26", 30],
            ],
        },
    )


def test_public_pack_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path / "small.xlsx")
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    out = tmp_path / "board"
    assert main(["pack", str(book), "--out", str(out), "--public", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["classification"] == "OFFICIAL" and result["withheld"] == 1
    files = [Path(result[k]) for k in ("workbook", "pdf", "manifest")]
    assert all(f.parent == out and f.exists() for f in files)
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before
    with zipfile.ZipFile(files[0]) as z:
        parts = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    text = "\n".join(page_texts(files[1]))
    for needle in (SECRET_ID, SECRET_NAME):
        assert needle not in parts and needle not in text
    assert "1 item withheld" in " ".join(text.split())
    assert f"initiative,{SECRET_ID},{SECRET_NAME}," in files[2].read_text("utf-8")


def test_plain_pack_prints_where_each_file_went(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path / "small.xlsx")
    assert main(["pack", str(book)]) == 0
    printed = capsys.readouterr().out
    assert "board pack written (OFFICIAL-SENSITIVE)" in printed
    assert str(tmp_path / "small board pack.xlsx") in printed
    assert str(tmp_path / "small board pack.pdf") in printed


def test_refusals_say_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = _book(tmp_path / "secret.xlsx", classification="OFFICIAL-SENSITIVE")
    assert main(["pack", str(secret), "--public"]) == 1
    err = capsys.readouterr().err
    assert "secret.xlsx is marked OFFICIAL-SENSITIVE as a whole" in err
    empty = build(tmp_path / "empty.xlsx", {"Missions": MISSIONS})
    assert main(["pack", str(empty)]) == 1
    assert "empty.xlsx has no initiatives or no criteria" in capsys.readouterr().err
    assert not list(tmp_path.glob("* board pack*"))
