"""Independent checks for written workbooks: raw zip entries, LibreOffice, openxml-audit."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

SHARED_STRINGS = "xl/sharedStrings.xml"
# Parts a save only *adds to* (a relationship, Stocktake's custom properties): checked
# by assert_only_appended, which keeps every byte the user's file had.
APPENDED_TO = {"_rels/.rels", "docProps/custom.xml"}
OWNED_OR_EDITED = APPENDED_TO | {
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "docProps/app.xml",
    "docProps/core.xml",
    SHARED_STRINGS,
}


def raw_entries(path: Path) -> dict[str, bytes]:
    """Each entry's local header + compressed bytes, read without this project's code."""
    out = {}
    data = path.read_bytes()
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            n, m = struct.unpack_from("<HH", data, info.header_offset + 26)
            start = info.header_offset + 30 + n + m
            out[info.filename] = data[info.header_offset : start + info.compress_size]
    return out


def assert_untouched(before: Path, after: Path, allowed: set[str]) -> None:
    """Every entry of ``before`` not in ``allowed`` is byte-identical in ``after``, in order."""
    a, b = raw_entries(before), raw_entries(after)
    changed = [n for n in a if n not in allowed and a[n] != b.get(n)]
    assert not changed, f"non-owned parts changed or lost: {changed}"
    kept = [n for n in b if n in a and n not in allowed]
    assert kept == [n for n in a if n not in allowed], "entry order changed"


def assert_only_appended(before: Path, after: Path, parts: set[str] = APPENDED_TO) -> None:
    """Each of ``parts`` that ``before`` has is, in ``after``, the same bytes with new
    elements inserted just before the root's closing tag, and nothing else changed."""
    with zipfile.ZipFile(before) as za, zipfile.ZipFile(after) as zb:
        for part in parts & set(za.namelist()):
            old, new = za.read(part), zb.read(part)
            close = old.rstrip().rfind(b"</")
            assert close > 0, f"{part}: no closing tag"
            assert new.startswith(old[:close]), f"{part}: the user's content changed"
            assert new.endswith(old[close:]), f"{part}: its end changed"


def assert_strings_only_appended(before: Path, after: Path) -> None:
    """The shared-string table kept every old entry byte for byte, in place (so every
    existing cell's index still means the same text); only new entries and the two
    counts in the start tag changed."""
    with zipfile.ZipFile(before) as z:
        old = z.read(SHARED_STRINGS) if SHARED_STRINGS in z.namelist() else None
    with zipfile.ZipFile(after) as z:
        new = z.read(SHARED_STRINGS)
    if old is None:
        return

    def uncounted(data: bytes) -> bytes:
        return re.sub(rb'\s(?:count|uniqueCount)="\d*"', b"", data, count=2)

    old_text, new_text = uncounted(old), uncounted(new)
    end = re.search(rb"<(?:\w+:)?extLst[\s>]|</(?:\w+:)?sst\s*>", old_text)
    if end is None:  # an empty, self-closing table: only its start tag is opened up
        opened = re.sub(rb"\s*/>$", b">", old_text.rstrip())
        assert new_text.startswith(opened), "empty shared-string table's start tag changed"
        return
    assert new_text.startswith(old_text[: end.start()]), "old shared strings changed"
    assert new_text.endswith(old_text[end.start() :]), "shared-string table's end changed"


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise AssertionError(
            "LibreOffice (soffice) is not installed: the test set-up installs it "
            "(apt-get install -y --no-install-recommends libreoffice-calc)"
        )
    return exe


def convert_all(files: list[Path], tmp: Path) -> None:
    """Convert each file to PDF with LibreOffice (private profile); every one must succeed."""
    out = tmp / "pdf"
    profile = tmp / "lo-profile"
    proc = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    for f in files:
        pdf = out / (f.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 0, f"LibreOffice did not convert {f.name}"


def audit(path: Path) -> set[tuple[str, str]]:
    """openxml-audit findings as (part, description) pairs, for before/after comparison."""
    proc = subprocess.run(
        [sys.executable, "-m", "openxml_audit", "-f", "microsoft365", "-o", "json", str(path)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    report = json.loads(proc.stdout.decode())
    items = report[0] if isinstance(report, list) else report
    found = set()
    for key in ("errors", "warnings"):
        for e in items.get(key, []):
            part = str(e.get("part") or e.get("part_uri") or e.get("path") or "")
            desc = str(e.get("description") or e.get("message") or e.get("id") or e)
            found.add((part, desc))
    return found
