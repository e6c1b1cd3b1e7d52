"""Independent checks for written workbooks: raw zip entries, LibreOffice, openxml-audit."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

OWNED_OR_EDITED = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                   "xl/styles.xml", "docProps/app.xml", "docProps/core.xml"}


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


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise AssertionError(
            "LibreOffice (soffice) is not installed: the test set-up installs it "
            "(apt-get install -y --no-install-recommends libreoffice-calc)")
    return exe


def convert_all(files: list[Path], tmp: Path) -> None:
    """Convert each file to PDF with LibreOffice (private profile); every one must succeed."""
    out = tmp / "pdf"
    profile = tmp / "lo-profile"
    proc = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
        capture_output=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    for f in files:
        pdf = out / (f.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 0, f"LibreOffice did not convert {f.name}"


def audit(path: Path) -> set[tuple[str, str]]:
    """openxml-audit findings as (part, description) pairs, for before/after comparison."""
    proc = subprocess.run([sys.executable, "-m", "openxml_audit", "-f", "microsoft365", "-o",
                           "json", str(path)], capture_output=True, timeout=120, check=False)
    report = json.loads(proc.stdout.decode())
    items = report[0] if isinstance(report, list) else report
    found = set()
    for key in ("errors", "warnings"):
        for e in items.get(key, []):
            part = str(e.get("part") or e.get("part_uri") or e.get("path") or "")
            desc = str(e.get("description") or e.get("message") or e.get("id") or e)
            # Judged, not a fault: Excel moves inline strings into a shared-string table
            # on its *next save* of a package that had none (a rewrite, not a repair).
            # Stocktake writes user text inline so it can never become a formula.
            if "inline-string cell(s)" in desc:
                continue
            found.add((part, desc))
    return found
