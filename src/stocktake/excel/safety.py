"""Refuse, before any parser sees it, a file that is not a workbook we can read safely.

python-calamine and openpyxl are fast and good, but they trust the zip and XML they are
given. A stock-take workbook arrives by e-mail or from a shared drive, so the checks
here run first and cheaply (zip directory and the first bytes of each XML part only):

* not a zip at all, an encrypted workbook (an OLE container), an old ``.xls``,
  a binary ``.xlsb`` or a Strict Open XML workbook -> a plain message saying what to do;
* a zip bomb (too many parts, too many bytes once inflated, absurd ratios);
* an XML part that declares a DOCTYPE or entities (Excel never writes one; it is how
  "billion laughs" entity bombs work) -> refused without expanding anything.

Hand-written because no library answers "is this .xlsx safe to hand to a parser?";
defusedxml protects one parse, not the package around it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

MAX_PARTS = 10_000
MAX_TOTAL_UNCOMPRESSED = 1 << 30  # 1 GiB: far beyond any real stock-take workbook
MAX_PART_UNCOMPRESSED = 512 << 20
MAX_RATIO = 200  # deflate tops out near 1000:1 only on pathological input
RATIO_FLOOR = 8 << 20  # small parts may compress very well (blank styles); ignore them
PROLOG_SCAN_LIMIT = 1 << 20

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = re.compile(r"/officeDocument$")
_XML_LIKE = (".xml", ".rels", ".vml")


class WorkbookRefused(Exception):
    """The file cannot (or must not) be read; ``str()`` is a message for a person."""


@dataclass(slots=True)
class PackageInfo:
    """What the cheap checks learned about the package, for the reader and the writer."""

    path: Path
    workbook_part: str
    sheet_parts: dict[str, str] = field(default_factory=dict)
    part_names: list[str] = field(default_factory=list)
    has_vba: bool = False


def _refuse(path: Path, why: str) -> WorkbookRefused:
    return WorkbookRefused(f"{path.name}: {why}")


def _sniff_ole(path: Path, head: bytes) -> str:
    """An OLE container is either an encrypted OOXML workbook or a legacy binary file."""
    with path.open("rb") as fh:
        blob = fh.read(1 << 20)
    if "EncryptionInfo".encode("utf-16-le") in blob or "EncryptedPackage".encode("utf-16-le") in (
        blob + head
    ):
        return (
            "this workbook is password-protected (encrypted). Open it in Excel, remove the "
            "password (File > Info > Protect Workbook), save it, and open that copy."
        )
    return (
        "this is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as "
        "'Excel Workbook (.xlsx)', then open that copy."
    )


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Read an XML part only up to its root element and refuse any DOCTYPE/ENTITY."""
    seen = b""
    with zf.open(info) as fh:
        while len(seen) < PROLOG_SCAN_LIMIT:
            chunk = fh.read(8192)
            if not chunk:
                break
            seen += chunk
            # The root element starts at the first '<' followed by a name character.
            if re.search(rb"<[A-Za-z_]", seen):
                break
    root = re.search(rb"<[A-Za-z_]", seen)
    prolog = seen[: root.start()] if root else seen
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise _refuse(
            path,
            f"the part {info.filename} declares a DOCTYPE or XML entities, which Excel never "
            "writes and which can be used to exhaust memory ('XML bomb'). The file was refused "
            "unread. If it came from a trusted tool, open it in Excel and save it again.",
        )


def _read_xml(zf: zipfile.ZipFile, name: str) -> SafeET.Element | None:
    try:
        data = zf.read(name)
    except KeyError:
        return None
    return SafeET.fromstring(data, forbid_dtd=True)


def _workbook_part(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    root = _read_xml(zf, "_rels/.rels")
    if root is not None:
        for rel in root.iter(f"{{{_PKG_REL_NS}}}Relationship"):
            if _OFFICE_DOCUMENT.search(rel.get("Type", "")):
                target = rel.get("Target", "").lstrip("/")
                if target in names:
                    return target
    return "xl/workbook.xml" if "xl/workbook.xml" in names else None


def _sheet_parts(zf: zipfile.ZipFile, workbook_part: str) -> dict[str, str]:
    """Map sheet names to their part paths via workbook.xml and its relationships."""
    base = posixpath.dirname(workbook_part)
    rels_name = posixpath.join(base, "_rels", posixpath.basename(workbook_part) + ".rels")
    rels = _read_xml(zf, rels_name)
    targets: dict[str, str] = {}
    if rels is not None:
        for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            full = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(base, target))
            )
            targets[rel.get("Id", "")] = full
    wb = _read_xml(zf, workbook_part)
    parts: dict[str, str] = {}
    if wb is not None:
        for sheet in wb.iter(f"{{{_MAIN_NS}}}sheet"):
            rid = sheet.get(f"{{{_REL_NS}}}id", "")
            if rid in targets:
                parts[sheet.get("name", "")] = targets[rid]
    return parts


def inspect_package(path: str | Path) -> PackageInfo:
    """Check that ``path`` is a readable, safe .xlsx/.xlsm and describe its parts.

    Raises :class:`WorkbookRefused` with a message for a person otherwise.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise _refuse(path, "the file does not exist.") from None
    except IsADirectoryError:
        raise _refuse(path, "this is a folder, not a workbook.") from None
    except OSError as exc:
        raise _refuse(path, f"the file cannot be opened ({exc.strerror or exc}).") from None
    if not head:
        raise _refuse(path, "the file is empty.")
    if head.startswith(_OLE_MAGIC):
        raise _refuse(path, _sniff_ole(path, head))
    if not head.startswith(_ZIP_MAGICS):
        raise _refuse(
            path,
            "this is not an Excel workbook (.xlsx or .xlsm); it may be a CSV, a PDF or a "
            "damaged file.",
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, f"the workbook is damaged and cannot be opened ({exc}).") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_PARTS:
            raise _refuse(
                path,
                f"the workbook has {len(infos):,} parts; at most "
                f"{MAX_PARTS:,} are accepted (possible zip bomb).",
            )
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise _refuse(path, "the workbook's zip entries are encrypted.")
            total += info.file_size
            if info.file_size > MAX_PART_UNCOMPRESSED or (
                info.file_size > RATIO_FLOOR
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise _refuse(
                    path,
                    f"the part {info.filename} inflates to "
                    f"{info.file_size:,} bytes from {info.compress_size:,} "
                    "(possible zip bomb); refused.",
                )
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise _refuse(
                path,
                f"the workbook inflates to {total:,} bytes, more than the "
                f"{MAX_TOTAL_UNCOMPRESSED:,} accepted (possible zip bomb).",
            )
        names = {i.filename for i in infos}
        if any(n.endswith(".bin") and n.startswith("xl/workbook") for n in names):
            raise _refuse(
                path,
                "this is a binary workbook (.xlsb). Open it in Excel and save "
                "it as 'Excel Workbook (.xlsx)', then open that copy.",
            )
        for info in infos:
            if info.filename.lower().endswith(_XML_LIKE):
                _check_prolog(zf, info, path)
        workbook_part = _workbook_part(zf, names)
        if workbook_part is None:
            kind = (
                "a Word document"
                if "word/document.xml" in names
                else ("a PowerPoint file" if "ppt/presentation.xml" in names else "not a workbook")
            )
            raise _refuse(path, f"this zip file is {kind}: it has no Excel workbook part.")
        with zf.open(workbook_part) as fh:
            wb_head = fh.read(4096)
        if _STRICT_NS in wb_head:
            raise _refuse(
                path,
                "this workbook is saved as 'Strict Open XML Spreadsheet', which "
                "Stocktake does not read. In Excel use File > Save As > 'Excel "
                "Workbook (.xlsx)' and open that copy.",
            )
        try:
            sheet_parts = _sheet_parts(zf, workbook_part)
        except SafeET.ParseError as exc:
            raise _refuse(path, f"the workbook's structure is damaged ({exc}).") from None
        return PackageInfo(
            path=path,
            workbook_part=workbook_part,
            sheet_parts=sheet_parts,
            part_names=[i.filename for i in infos],
            has_vba=any(n.endswith("vbaProject.bin") for n in names),
        )
