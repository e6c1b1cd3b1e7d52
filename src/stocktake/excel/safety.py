"""Refuse, before any parser sees it, a file that is not a workbook we can read safely.

python-calamine and openpyxl are fast and good, but they trust the zip and XML they are
given. A stock-take workbook arrives by e-mail or from a shared drive, so the checks
here run first, on one snapshot of the file's bytes (so a file replaced while it is
read cannot slip a different package past them), and every resource is bounded
before a parser runs (the bounds are listed in ``docs/workbook.md``):

* not a regular file (a folder, a pipe, a device such as ``/dev/zero``), or larger
  than :data:`MAX_FILE_BYTES` -> refused before it is opened or read;
* not a zip at all, an encrypted workbook (an OLE container), an old ``.xls``,
  a binary ``.xlsb`` or a Strict Open XML workbook -> a plain message saying what to do;
* a zip bomb (too many parts, too many bytes once inflated, absurd ratios) or a damaged
  zip (bad CRC, sizes that lie, a broken deflate stream) -> refused naming the part;
* an XML part that declares a DOCTYPE or entities, in whatever encoding (Excel never
  writes one; it is how "billion laughs" entity bombs work) -> refused unexpanded;
* a sheet whose cells reach so far that reading it would mean allocating more than
  :data:`~stocktake.excel.extent.MAX_SHEET_CELLS` cells -> that sheet is blanked for
  the parser and reported by its farthest cell (see :mod:`stocktake.excel.extent`).

Parts in UTF-16 (or another declared encoding) and part names with backslashes are
read as Excel reads them: the readers get a normalised in-memory copy of the package.

Hand-written because no library answers "is this .xlsx safe to hand to a parser?";
defusedxml protects one parse, not the package around it.
"""

from __future__ import annotations

import dataclasses
import io
import os
import posixpath
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from stocktake.excel.extent import MAX_SHEET_CELLS, Extent, ExtentScanner, scan_extent
from stocktake.excel.xml_prolog import PrologProblem, check_prolog, is_utf8, sniff_encoding, to_utf8

MAX_FILE_BYTES = 256 << 20  # the file itself; a 200,000-reading workbook is 6 MB
MAX_PARTS = 10_000
MAX_TOTAL_UNCOMPRESSED = 1 << 30  # 1 GiB: far beyond any real stock-take workbook
MAX_PART_UNCOMPRESSED = 512 << 20
MAX_RATIO = 200  # deflate tops out near 1000:1 only on pathological input
RATIO_FLOOR = 8 << 20  # small parts may compress very well (blank styles); ignore them
PROLOG_SCAN_LIMIT = 1 << 20  # characters before an XML part's root element
CHUNK = 1 << 20

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = re.compile(r"/officeDocument$")
# Parts never parsed as XML (pictures, VBA, printer settings); every other part is vetted.
_BINARY = (".bin", ".png", ".jpeg", ".jpg", ".gif", ".emf", ".wmf", ".tif", ".tiff", ".bmp")
_BLANK_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="' + _MAIN_NS.encode() + b'"><sheetData/></worksheet>'
)
# What a damaged zip or deflate stream raises inside zipfile (and nothing else does).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # an unsupported compression method
    RuntimeError,  # "File is encrypted, password required"
    ValueError,
    OSError,
    OverflowError,
    UnicodeDecodeError,
    KeyError,
)


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
    # The bytes every reader parses: the file's snapshot, or a normalised copy of it
    # (parts re-encoded to UTF-8, '/' in names, oversized sheets blanked).
    data: bytes = b""
    # Sheets not handed to the parser because their cells reach too far, by name.
    oversized: dict[str, Extent] = field(default_factory=dict)
    normalised: bool = False
    # Part names written with '\' (read as '/', as Excel does).
    renamed: bool = False

    def open_zip(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data))


def _refuse(path: Path, why: str) -> WorkbookRefused:
    return WorkbookRefused(f"{path.name}: {why}")


def _sniff_ole(blob: bytes) -> str:
    """An OLE container is either an encrypted OOXML workbook or a legacy binary file."""
    head = blob[: 1 << 20]
    if (
        "EncryptionInfo".encode("utf-16-le") in head
        or "EncryptedPackage".encode("utf-16-le") in head
    ):
        return (
            "this workbook is password-protected (encrypted). Open it in Excel, remove the "
            "password (File > Info > Protect Workbook), save it, and open that copy."
        )
    return (
        "this is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as "
        "'Excel Workbook (.xlsx)', then open that copy."
    )


def read_snapshot(path: Path) -> bytes:
    """The file's bytes, read once, after checking it is a regular file of sane size.

    The type is checked before opening (opening a FIFO blocks until a writer comes;
    reading ``/dev/zero`` never ends) and again on the open descriptor, in case the
    name was swapped in between; the read itself stops one byte past the cap.
    """
    try:
        st = path.stat()  # follows a symbolic link to what it points at
    except FileNotFoundError:
        raise _refuse(path, "the file does not exist.") from None
    except OSError as exc:
        raise _refuse(path, f"the file cannot be opened ({exc.strerror or exc}).") from None
    if stat.S_ISDIR(st.st_mode):
        raise _refuse(path, "this is a folder, not a workbook.")
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(
            path,
            "this is not a regular file (it is a device, a pipe or a socket), so it "
            "cannot be a workbook.",
        )
    if st.st_size > MAX_FILE_BYTES:
        raise _refuse(path, _too_big(st.st_size))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _refuse(path, f"the file cannot be opened ({exc.strerror or exc}).") from None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise _refuse(path, "the file was replaced by something that is not a file.")
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _refuse(path, f"the file cannot be read ({exc.strerror or exc}).") from None
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(path, _too_big(len(data)))
    return data


def _too_big(size: int) -> str:
    return (
        f"the file is {size / (1 << 20):,.0f} MB; Stocktake reads workbooks of up to "
        f"{MAX_FILE_BYTES >> 20} MB."
    )


@dataclass(slots=True)
class _Part:
    """One XML part, vetted: its UTF-8 bytes if it had to be re-encoded."""

    info: zipfile.ZipInfo
    utf8: bytes | None = None


class _Package:
    """The zip being vetted, with every read turned into a refusal naming the part."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        self.infos = self.zf.infolist()
        # Excel reads names written with backslashes; so do we, as '/'.
        self.by_name: dict[str, zipfile.ZipInfo] = {}
        for info in self.infos:
            name = info.filename.replace("\\", "/").lstrip("/")
            if name in self.by_name:
                raise _refuse(path, f"the workbook has two parts named {name}; it is damaged.")
            self.by_name[name] = info
        self.renamed = any(i.filename != n for n, i in self.by_name.items())
        self.vetted: dict[str, _Part] = {}
        self.current = ""  # the part being read, for a message if the zip is damaged

    def chunks(self, name: str) -> Iterator[bytes]:
        """The part's bytes, inflated a chunk at a time; the CRC is checked at the end."""
        self.current = name
        with self.zf.open(self.by_name[name]) as fh:
            while chunk := fh.read(CHUNK):
                yield chunk

    def vetted_chunks(self, name: str) -> Iterator[bytes]:
        """A vetted part's bytes as the parsers will see them (re-encoded if it was)."""
        utf8 = self.vetted[name].utf8
        if utf8 is None:
            yield from self.chunks(name)
        else:
            for i in range(0, len(utf8), CHUNK):
                yield utf8[i : i + CHUNK]

    def vet(self, name: str, scanner: ExtentScanner | None = None) -> None:
        """Read an XML part to its end: prolog checked in its own encoding, zip
        integrity checked, and (for a sheet) its extent scanned."""
        if name in self.vetted:
            return
        info = self.by_name[name]
        chunks = self.chunks(name)
        head = b""
        for chunk in chunks:
            head += chunk
            if len(head) >= 4096:
                break
        try:
            codec, skip = sniff_encoding(head)
        except PrologProblem as exc:
            raise self._part_problem(name, str(exc)) from None
        if not is_utf8(codec) or skip:
            # Re-encoded whole: such parts are rare and were written by small tools.
            data = head + b"".join(chunks)
            try:
                utf8 = to_utf8(data, codec, skip)
            except PrologProblem as exc:
                raise self._part_problem(name, str(exc)) from None
            self._prolog(name, utf8[:PROLOG_SCAN_LIMIT].decode("utf-8", "replace"))
            if scanner is not None:
                for i in range(0, len(utf8), CHUNK):
                    scanner.feed(utf8[i : i + CHUNK])
            self.vetted[name] = _Part(info, utf8)
            return
        text = head.decode("utf-8", "replace")
        if scanner is not None:
            scanner.feed(head)
        done = self._walk(name, text)
        for chunk in chunks:
            if not done:
                text += chunk.decode("utf-8", "replace")
                if len(text) > PROLOG_SCAN_LIMIT:
                    self._prolog(name, text[:PROLOG_SCAN_LIMIT])
                done = self._walk(name, text)
            if scanner is not None:
                scanner.feed(chunk)
        if not done:
            self._prolog(name, text)
        self.vetted[name] = _Part(info)

    def _walk(self, name: str, text: str) -> bool:
        """:func:`check_prolog`, with a DOCTYPE turned into a refusal naming the part."""
        try:
            return check_prolog(text)
        except PrologProblem as exc:
            raise self._part_problem(
                name,
                f"{exc}. The file was refused unread. If it came from a trusted tool, "
                "open it in Excel and save it again",
            ) from None

    def _prolog(self, name: str, text: str) -> None:
        """The prolog seen so far is all there is (or all we read): refuse if unfinished."""
        if self._walk(name, text):
            return
        if len(text) >= PROLOG_SCAN_LIMIT:
            raise self._part_problem(
                name, f"has more than {PROLOG_SCAN_LIMIT:,} characters before its first element"
            )

    def _part_problem(self, name: str, why: str) -> WorkbookRefused:
        return _refuse(self.path, f"the part {name} {why}.")

    def xml(self, name: str) -> SafeET.Element | None:
        """Parse a small structural part (relationships, workbook.xml) after vetting it."""
        if name not in self.by_name:
            return None
        self.vet(name)
        part = self.vetted[name]
        data = part.utf8 if part.utf8 is not None else self.zf.read(part.info)
        try:
            return SafeET.fromstring(data, forbid_dtd=True)
        except SafeET.ParseError as exc:
            raise _refuse(
                self.path, f"the workbook's structure is damaged ({name}: {exc})."
            ) from None

    def normalised(self, blank: set[str]) -> bytes:
        """A copy with every part under its '/' name, XML in UTF-8, ``blank`` sheets empty."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
            for name, info in self.by_name.items():
                part = self.vetted.get(name)
                if name in blank:
                    data = _BLANK_SHEET
                elif part is not None and part.utf8 is not None:
                    data = part.utf8
                else:
                    self.current = name
                    data = self.zf.read(info)
                zout.writestr(name, data)
        return out.getvalue()


def _workbook_part(pkg: _Package) -> str | None:
    root = pkg.xml("_rels/.rels")
    if root is not None:
        for rel in root.iter(f"{{{_PKG_REL_NS}}}Relationship"):
            if _OFFICE_DOCUMENT.search(rel.get("Type", "")):
                target = rel.get("Target", "").replace("\\", "/").lstrip("/")
                if target in pkg.by_name:
                    return target
    return "xl/workbook.xml" if "xl/workbook.xml" in pkg.by_name else None


def _sheet_parts(pkg: _Package, workbook_part: str) -> dict[str, str]:
    """Map sheet names to their part paths via workbook.xml and its relationships."""
    base = posixpath.dirname(workbook_part)
    rels_name = posixpath.join(base, "_rels", posixpath.basename(workbook_part) + ".rels")
    rels = pkg.xml(rels_name)
    targets: dict[str, str] = {}
    if rels is not None:
        for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode", "") == "External":
                continue  # a link to another file or a web address: never followed
            target = rel.get("Target", "").replace("\\", "/")
            full = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(base, target))
            )
            targets[rel.get("Id", "")] = full
    wb = pkg.xml(workbook_part)
    if wb is not None and wb.tag.startswith(f"{{{_STRICT_NS}}}"):
        raise _refuse(
            pkg.path,
            "this workbook is saved as 'Strict Open XML Spreadsheet', which "
            "Stocktake does not read. In Excel use File > Save As > 'Excel "
            "Workbook (.xlsx)' and open that copy.",
        )
    parts: dict[str, str] = {}
    if wb is not None:
        for sheet in wb.iter(f"{{{_MAIN_NS}}}sheet"):
            rid = sheet.get(f"{{{_REL_NS}}}id", "")
            if targets.get(rid) in pkg.by_name:
                parts[sheet.get("name", "")] = targets[rid]
    return parts


def _check_sizes(pkg: _Package) -> None:
    path, infos = pkg.path, pkg.infos
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
            info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
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


def inspect_package(path: str | Path) -> PackageInfo:
    """Check that ``path`` is a readable, safe .xlsx/.xlsm and describe its parts.

    Raises :class:`WorkbookRefused` with a message for a person otherwise.
    """
    path = Path(path)
    data = read_snapshot(path)
    limits = (MAX_PARTS, MAX_TOTAL_UNCOMPRESSED, MAX_PART_UNCOMPRESSED, MAX_RATIO, RATIO_FLOOR)
    last = _last_inspected[0]
    if last is not None and last[:2] == (data, limits):  # same bytes: same verdict
        return _copy(last[2], path)
    info = _inspect(path, data)
    _last_inspected[0] = (data, limits, info)
    return _copy(info, path)


_last_inspected: list[tuple[bytes, tuple[int, ...], PackageInfo] | None] = [None]
"""The last package that passed, with its bytes. A save inspects the file it opened
up to three times (open, the since-last-time snapshot, the save's own check), and on a
5,000-initiative workbook each inspection cost most of a second. The file is still read
every time; only the verdict on identical bytes is reused (refusals are never kept)."""


def _copy(info: PackageInfo, path: Path) -> PackageInfo:
    """A copy a caller may change without changing the kept one."""
    return dataclasses.replace(
        info,
        path=path,
        sheet_parts=dict(info.sheet_parts),
        part_names=list(info.part_names),
        oversized=dict(info.oversized),
    )


def _inspect(path: Path, data: bytes) -> PackageInfo:
    """:func:`inspect_package` on the file's bytes ``data``."""
    if not data:
        raise _refuse(path, "the file is empty.")
    if data.startswith(_OLE_MAGIC):
        raise _refuse(path, _sniff_ole(data))
    if not data.startswith(_ZIP_MAGICS):
        raise _refuse(
            path,
            "this is not an Excel workbook (.xlsx or .xlsm); it may be a CSV, a PDF or a "
            "damaged file.",
        )
    pkg: _Package | None = None
    try:
        pkg = _Package(path, data)
        with pkg.zf:
            _check_sizes(pkg)
            names = pkg.by_name
            if any(n.endswith(".bin") and n.startswith("xl/workbook") for n in names):
                raise _refuse(
                    path,
                    "this is a binary workbook (.xlsb). Open it in Excel and save "
                    "it as 'Excel Workbook (.xlsx)', then open that copy.",
                )
            workbook_part = _workbook_part(pkg)
            if workbook_part is None:
                kind = (
                    "a Word document"
                    if "word/document.xml" in names
                    else (
                        "a PowerPoint file" if "ppt/presentation.xml" in names else "not a workbook"
                    )
                )
                raise _refuse(path, f"this zip file is {kind}: it has no Excel workbook part.")
            sheet_parts = _sheet_parts(pkg, workbook_part)
            sheet_of = {part: sheet for sheet, part in sheet_parts.items()}
            oversized: dict[str, Extent] = {}
            for name in names:
                if name.lower().endswith(_BINARY) and name not in sheet_of:
                    continue
                scanner = ExtentScanner() if name in sheet_of else None
                pkg.vet(name, scanner)
                if scanner is not None and (extent := scanner.extent()).too_large:
                    if extent.approximate:  # confirm with the exact (slower) scan
                        extent = scan_extent(pkg.vetted_chunks(name), exact=True)
                    if extent.too_large:
                        oversized[sheet_of[name]] = extent
            blank = {sheet_parts[s] for s in oversized}
            needs_copy = (
                bool(blank) or pkg.renamed or any(p.utf8 is not None for p in pkg.vetted.values())
            )
            readable = pkg.normalised(blank) if needs_copy else data
    except WorkbookRefused:
        raise
    except _ZIP_ERRORS as exc:
        where = f" (in the part {pkg.current})" if pkg is not None and pkg.current else ""
        raise _refuse(
            path, f"the workbook is damaged and cannot be opened{where}: {_plain(exc)}."
        ) from None
    return PackageInfo(
        path=path,
        workbook_part=workbook_part,
        sheet_parts=sheet_parts,
        part_names=[i.filename for i in pkg.infos],
        has_vba=any(n.endswith("vbaProject.bin") for n in names),
        data=readable,
        oversized=oversized,
        normalised=needs_copy,
        renamed=bool(pkg.renamed),
    )


def _plain(exc: BaseException) -> str:
    """A library's error in a few plain words (no class names, no Python reprs)."""
    text = str(exc).strip().rstrip(".") or "unreadable data"
    if isinstance(exc, zlib.error):
        return "a compressed part is corrupt"
    if isinstance(exc, EOFError):
        return "a compressed part ends early"
    if isinstance(exc, NotImplementedError):
        return "a part is compressed in a way Excel does not use"
    return text[:200]


__all__ = [
    "MAX_FILE_BYTES",
    "MAX_SHEET_CELLS",
    "PackageInfo",
    "WorkbookRefused",
    "inspect_package",
    "read_snapshot",
]
