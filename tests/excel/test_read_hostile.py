"""Hostile and odd files: each is read as Excel would, or refused by name, never a crash.

Cases are generated from the sample workbook (tests/fuzz/mutations.py holds the
same kinds of damage for the fuzz run).
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from stocktake.cli import main
from stocktake.excel import safety
from stocktake.excel.reader import read_workbook
from stocktake.excel.safety import WorkbookRefused
from tests.conftest import SAMPLES
from tests.fuzz.mutations import rezip, unzip

SAMPLE = SAMPLES / "plan_for_change.xlsx"
INITIATIVES = "xl/worksheets/sheet7.xml"  # the sample's Initiatives sheet
MILESTONES = "xl/worksheets/sheet3.xml"


def _variant(tmp_path: Path, name: str, change) -> Path:
    parts = unzip(SAMPLE.read_bytes())
    change(parts)
    path = tmp_path / name
    path.write_bytes(rezip(parts))
    return path


def _far_cell(ref: bytes):
    def change(parts: dict[str, bytes]) -> None:
        row = re.sub(rb"[A-Z]", b"", ref)
        cell = b'<row r="%s"><c r="%s"><v>1</v></c></row></sheetData>' % (row, ref)
        parts[INITIATIVES] = parts[INITIATIVES].replace(b"</sheetData>", cell)

    return change


def test_utf16_parts_are_read_like_utf8(tmp_path: Path) -> None:
    def to_utf16(parts: dict[str, bytes]) -> None:
        for name in list(parts):
            if name.endswith((".xml", ".rels")):
                text = parts[name].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
                parts[name] = text.encode("utf-16-be" if "sheet" in name else "utf-16")

    wb = read_workbook(_variant(tmp_path, "u16.xlsx", to_utf16))
    assert wb.counts() == read_workbook(SAMPLE).counts()
    assert not wb.errors


def test_backslashes_in_part_names_are_read_like_slashes(tmp_path: Path) -> None:
    def backslashes(parts: dict[str, bytes]) -> None:
        renamed = {n.replace("/", "\\"): d for n, d in parts.items()}
        parts.clear()
        parts.update(renamed)

    wb = read_workbook(_variant(tmp_path, "bs.xlsx", backslashes))
    assert wb.counts() == read_workbook(SAMPLE).counts()


def test_a_doctype_in_a_utf16_part_or_behind_a_comment_is_refused(tmp_path: Path) -> None:
    bomb = '<!DOCTYPE r [<!ENTITY a "aaaa">]>'

    def utf16_bomb(parts: dict[str, bytes]) -> None:
        text = parts["xl/styles.xml"].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        parts["xl/styles.xml"] = text.replace("?>", "?>" + bomb, 1).encode("utf-16-le")

    def hidden(parts: dict[str, bytes]) -> None:
        data = parts["xl/styles.xml"]
        parts["xl/styles.xml"] = data.replace(b"?>", b"?><!-- <a --> " + bomb.encode(), 1)

    for name, change in (("u.xlsx", utf16_bomb), ("c.xlsx", hidden)):
        with pytest.raises(WorkbookRefused, match=r"styles\.xml declares a DOCTYPE"):
            read_workbook(_variant(tmp_path, name, change))


def test_a_cell_at_excels_last_cell_is_reported_in_bounded_memory(tmp_path: Path) -> None:
    """The sheet is not read (the rest is), the cell is named, and memory stays small."""
    path = _variant(tmp_path, "far.xlsx", _far_cell(b"XFD1048576"))
    assert path.stat().st_size < 80_000
    # The child reports its own peak: VmHWM (this process image's high-water mark) where
    # Linux has it, since ru_maxrss survives exec and would carry pytest's own peak.
    probe = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from stocktake.excel.reader import read_workbook\n"
        "wb = read_workbook(sys.argv[1])\n"
        "status = Path('/proc/self/status')\n"
        "hwm = [l for l in status.read_text().splitlines() if l.startswith('VmHWM')]\n"
        "peak = int(hwm[0].split()[1]) if hwm else "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'peak_kb': peak, 'errors': [[p.sheet, p.cell] for p in wb.errors]}))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )
    result = json.loads(out.stdout)
    assert ["Initiatives", "XFD1048576"] in result["errors"]
    assert result["peak_kb"] / 1024 < 200


def test_a_far_cell_by_column_names_that_cell(tmp_path: Path) -> None:
    wb = read_workbook(_variant(tmp_path, "far5000.xlsx", _far_cell(b"XFD5000")))
    [far] = [p for p in wb.errors if p.sheet == "Initiatives"]
    assert far.cell == "XFD5000" and "not read" in far.message
    assert wb.counts()["missions"] == read_workbook(SAMPLE).counts()["missions"]


def test_a_date_no_calendar_holds_is_a_problem_at_its_cell(tmp_path: Path) -> None:
    def minus_infinity(parts: dict[str, bytes]) -> None:
        parts[MILESTONES] = re.sub(
            rb'(<c r="F2"[^>]*>)<v>[^<]*</v>', rb"\1<v>-1e999</v>", parts[MILESTONES]
        )

    wb = read_workbook(_variant(tmp_path, "date.xlsx", minus_infinity))
    assert [(p.sheet, p.cell) for p in wb.errors] == [("Milestones", "F2")]


def test_costs_too_large_to_be_real_are_errors_by_cell(tmp_path: Path) -> None:
    def huge(parts: dict[str, bytes]) -> None:
        parts[INITIATIVES] = re.sub(
            rb'(<c r="J2"(?: s="\d+")?>)<v>[^<]*</v>', rb"\1<v>1.79e308</v>", parts[INITIATIVES]
        )

    wb = read_workbook(_variant(tmp_path, "huge.xlsx", huge))
    [problem] = wb.errors
    assert (problem.sheet, problem.cell) == ("Initiatives", "J2")
    assert "too large" in problem.message


def test_damaged_zip_entries_are_refused_by_part(tmp_path: Path) -> None:
    data = bytearray(SAMPLE.read_bytes())
    with zipfile.ZipFile(SAMPLE) as zf:
        info = zf.getinfo("xl/sharedStrings.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 100 : start + 140] = b"\x00" * 40  # inside the deflate stream
    path = tmp_path / "crc.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookRefused, match=r"damaged.*sharedStrings\.xml"):
        read_workbook(path)


def test_declared_sizes_that_lie_are_refused(tmp_path: Path) -> None:
    data = bytearray(SAMPLE.read_bytes())
    for m in re.finditer(rb"PK\x01\x02", bytes(data)):
        data[m.start() + 24 : m.start() + 28] = struct.pack("<I", 7)  # uncompressed size
    path = tmp_path / "sizes.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookRefused, match=r"sizes\.xlsx: the workbook is damaged"):
        read_workbook(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_pipe_named_like_a_workbook_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "x.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(WorkbookRefused, match="not a regular file"):
        read_workbook(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_link_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.xlsx"
    link.symlink_to("/dev/zero")
    with pytest.raises(WorkbookRefused, match="not a regular file"):
        read_workbook(link)


def test_a_file_over_the_byte_cap_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    with pytest.raises(WorkbookRefused, match="reads workbooks of up to"):
        read_workbook(SAMPLE)


# -- the command line's boundary -------------------------------------------------------
def test_an_unexpected_fault_is_one_plain_line_and_a_logged_traceback(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("STOCKTAKE_DATA_DIR", str(tmp_path / "data"))

    def broken(path, *args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr("stocktake.excel.reader.read_workbook", broken)
    assert main(["check", str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "plan_for_change.xlsx" in err and "Traceback" not in err
    log = (tmp_path / "data" / "logs" / "stocktake.log").read_text()
    assert "IndexError: list index out of range" in log
    assert main(["check", str(SAMPLE), "--debug"]) == 2
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_json_output_is_valid_json_when_values_are_huge(tmp_path: Path, capsys) -> None:
    def huge(parts: dict[str, bytes]) -> None:
        parts[INITIATIVES] = re.sub(
            rb'(<c r="[J-N]\d+"(?: s="\d+")?>)<v>[^<]*</v>',
            rb"\1<v>1.79e308</v>",
            parts[INITIATIVES],
        )

    path = _variant(tmp_path, "huge.xlsx", huge)
    main(["score", str(path), "--json"])

    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    result = json.loads(capsys.readouterr().out, parse_constant=no_constants)
    assert result["initiatives"]


def test_an_empty_new_workbook_can_be_optimised(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.xlsx"
    assert main(["init", str(path)]) == 0
    assert main(["optimise", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["chosen"] == []


def test_bad_numbers_and_text_on_the_command_line_get_plain_messages(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["optimise", str(SAMPLE), "--fte-cap=-5"])
    assert exit_.value.code == 2
    assert "expected a number of 0 or more" in capsys.readouterr().err
    code = main(
        [
            *("decide", str(SAMPLE), "--initiative", "I-001", "--decision", "Stop"),
            *("--rationale", b"\xff\xfe".decode("utf-8", "surrogateescape")),
        ]
    )
    assert code == 2
    assert "--rationale value is not valid text" in capsys.readouterr().err
