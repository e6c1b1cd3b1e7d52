"""The OOXML package as zip entries: read parts, replace a few, copy the rest raw.

Entries Stocktake does not change are copied as their *compressed bytes*, local
header and any data descriptor included, in their original order: no inflate and
re-deflate, so they come out byte-identical whatever compressor made them (and the
copy costs little more than reading the file). Only changed or new entries are
deflated here. A large part can be read and written as a stream of chunks
(:meth:`Package.chunks`, :meth:`Package.write_stream`): inflated piece by piece and
deflated into the output as it comes, so no whole copy of it is held in memory. The
central directory is rebuilt from the original records with just their offsets
patched, so flags, extra fields (ZIP64 included) and attributes survive.
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from stocktake.excel.writer import xmltext as xt
from stocktake.excel.writer.errors import MissingPart, WriteRefused

_LOCAL_SIG = b"PK\x03\x04"
_CENTRAL_SIG = b"PK\x01\x02"
_U32_MAX = 0xFFFFFFFF
_U16_MAX = 0xFFFF
MAX_PART_BYTES = 512 << 20
_IN_CHUNK = 64 << 10  # compressed bytes fed to the inflater at a time
_OUT_CHUNK = 1 << 20  # at most this many inflated bytes per chunk

Chunks = Callable[[], Iterable[bytes]]
"""A part's content as chunks; each call starts again from the beginning."""


@dataclass(slots=True, frozen=True)
class _Stream:
    produce: Chunks


@dataclass(slots=True)
class _Entry:
    info: zipfile.ZipInfo
    span: tuple[int, int]  # raw bytes of local header + data (+ descriptor) in the source
    central: bytes  # the original central directory record


class Package:
    """A workbook package opened for a surgical save.

    ``read`` gives a part's current bytes; ``write`` replaces or adds one; ``remove``
    drops one. :meth:`save_to` streams the result. Nothing touches the source file.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._data = self.path.read_bytes()
        try:
            zf = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as exc:
            raise WriteRefused(f"{self.path.name}: the workbook is damaged ({exc}).") from None
        with zf:
            infos = zf.infolist()
            start_dir = zf.start_dir
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise WriteRefused(f"{self.path.name}: the zip holds two parts with one name.")
        self._entries: dict[str, _Entry] = {}
        self._order: list[str] = names
        centrals = self._central_records(start_dir, len(infos))
        by_offset = sorted(infos, key=lambda i: i.header_offset)
        ends = [i.header_offset for i in by_offset[1:]] + [start_dir]
        spans = {i.filename: (i.header_offset, end) for i, end in zip(by_offset, ends, strict=True)}
        for info, central in zip(infos, centrals, strict=True):
            self._entries[info.filename] = _Entry(info, spans[info.filename], central)
        self._changed: dict[str, bytes | _Stream] = {}
        self._removed: set[str] = set()
        self._added: list[str] = []

    def _central_records(self, start: int, count: int) -> list[bytes]:
        out: list[bytes] = []
        pos = start
        for _ in range(count):
            if self._data[pos : pos + 4] != _CENTRAL_SIG:
                raise WriteRefused(f"{self.path.name}: the zip directory is damaged.")
            n, m, k = struct.unpack_from("<HHH", self._data, pos + 28)
            end = pos + 46 + n + m + k
            out.append(self._data[pos:end])
            pos = end
        return out

    @property
    def source_bytes(self) -> bytes:
        """The file as read (for the change-on-disk stamp)."""
        return self._data

    # -- reading -----------------------------------------------------------------
    def names(self) -> list[str]:
        return [n for n in self._order if n not in self._removed] + list(self._added)

    def has(self, name: str) -> bool:
        return name in self._changed or (name in self._entries and name not in self._removed)

    def read(self, name: str) -> bytes:
        if name in self._changed:
            data = self._changed[name]
            return b"".join(data.produce()) if isinstance(data, _Stream) else data
        data = b"".join(self.chunks(name)())
        return xt.to_utf8(data, name) if name.endswith((".xml", ".rels")) else data

    def chunks(self, name: str) -> Chunks:
        """The part's current content as chunks of at most about 1 MB, inflated on demand.

        For an unchanged entry the chunks come from the source file however the part is
        changed later, so a stream written with :meth:`write_stream` may read its own
        old content through this.
        """
        if name in self._changed:
            current = self._changed[name]
            if isinstance(current, _Stream):
                return current.produce
            return lambda: (current,)
        if name in self._removed or name not in self._entries:
            raise MissingPart(
                f"{self.path.name}: the workbook is damaged: it has no part {name}, which "
                "Stocktake must read to save into it, so nothing was written. Excel may "
                "be able to repair it: open it there, save it, and try again.",
                name,
            )
        entry = self._entries[name]
        if entry.info.file_size > MAX_PART_BYTES:
            raise WriteRefused(f"{self.path.name}: the part {name} is too large to edit safely.")
        if entry.info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WriteRefused(f"{self.path.name}: the part {name} uses an unknown compression.")
        start = entry.span[0]
        n, m = struct.unpack_from("<HH", self._data, start + 26)
        data_start = start + 30 + n + m
        size = entry.info.compress_size
        stored = entry.info.compress_type == zipfile.ZIP_STORED
        where = self.path.name

        def produce() -> Iterator[bytes]:
            raw = memoryview(self._data)[data_start : data_start + size]
            if stored:
                for i in range(0, len(raw), _OUT_CHUNK):
                    yield bytes(raw[i : i + _OUT_CHUNK])
                return
            inflater = zlib.decompressobj(-15)
            total = 0
            for i in range(0, len(raw), _IN_CHUNK):
                piece: bytes | memoryview = raw[i : i + _IN_CHUNK]
                while piece:
                    out = inflater.decompress(piece, _OUT_CHUNK)
                    total += len(out)
                    if total > MAX_PART_BYTES:
                        raise WriteRefused(f"{where}: the part {name} inflates too far.")
                    if out:
                        yield out
                    piece = inflater.unconsumed_tail
                if inflater.eof:
                    break
            out = inflater.flush()
            if total + len(out) > MAX_PART_BYTES:
                raise WriteRefused(f"{where}: the part {name} inflates too far.")
            if out:
                yield out

        return produce

    def part_holding(self, data: bytes) -> str | None:
        """The name of the part whose current content is ``data`` (to name it in an error).

        Only parts of the same inflated size are read, so this is cheap enough for the
        error path it serves.
        """
        if not data:
            return None
        for name in self.names():
            entry = self._entries.get(name)
            if name not in self._changed and entry and entry.info.file_size != len(data):
                continue
            try:
                if self.read(name) == data:
                    return name
            except WriteRefused:
                continue
        return None

    # -- changing ----------------------------------------------------------------
    def write(self, name: str, data: bytes) -> None:
        if name not in self._entries and name not in self._added:
            self._added.append(name)
        self._removed.discard(name)
        self._changed[name] = data

    def write_stream(self, name: str, produce: Chunks) -> None:
        """Replace or add a part given as chunks; deflated into the output as they come."""
        if name not in self._entries and name not in self._added:
            self._added.append(name)
        self._removed.discard(name)
        self._changed[name] = _Stream(produce)

    def remove(self, name: str) -> None:
        self._changed.pop(name, None)
        if name in self._added:
            self._added.remove(name)
        elif name in self._entries:
            self._removed.add(name)

    def changed_names(self) -> list[str]:
        return list(self._changed)

    # -- writing -----------------------------------------------------------------
    def save_to(self, out: BinaryIO) -> None:
        """Stream the package: raw copies for unchanged entries, deflate for the rest."""
        centrals: list[bytes] = []
        pos = 0
        stamp = _dos_now()
        for name in self.names():
            entry = self._entries.get(name)
            if name in self._changed or entry is None:
                data = self._changed[name]
                chunks = data.produce() if isinstance(data, _Stream) else (data,)
                written, central = _write_entry(out, name, chunks, pos, stamp)
                centrals.append(central)
                pos += written
            else:
                a, b = entry.span
                out.write(memoryview(self._data)[a:b])
                centrals.append(_patch_offset(entry.central, pos))
                pos += b - a
        _write_directory(out, centrals, pos)


def _dos_now() -> tuple[int, int]:
    t = time.localtime()
    dos_time = (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2)
    dos_date = ((max(t.tm_year, 1980) - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday
    return dos_time, dos_date


def _write_entry(
    out: BinaryIO, name: str, chunks: Iterable[bytes], offset: int, stamp: tuple[int, int]
) -> tuple[int, bytes]:
    """Deflate ``chunks`` into a new entry at ``offset``; its length and central record.

    The local header goes first with the sizes and CRC filled in afterwards (a seek back
    when ``out`` can seek; else the deflated bytes are held until the end, which is a
    fraction of the part's size).
    """
    fname = name.encode("utf-8")
    flags = 0x800 if not name.isascii() else 0
    seekable = out.seekable()
    header_at = out.tell() if seekable else 0
    if seekable:
        out.write(_local_header(fname, flags, stamp, 0, 0, 0))
    held: list[bytes] = []
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    crc = usize = csize = 0
    emit = out.write if seekable else held.append
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        usize += len(chunk)
        body = comp.compress(chunk)
        if body:
            csize += len(body)
            emit(body)
    body = comp.flush()
    csize += len(body)
    emit(body)
    if csize >= _U32_MAX or usize >= _U32_MAX or offset >= _U32_MAX:
        raise WriteRefused("the workbook is too large (over 4 GB) to save.")
    if seekable:
        end = out.tell()
        out.seek(header_at + 14)
        out.write(struct.pack("<III", crc, csize, usize))
        out.seek(end)
    else:
        out.write(_local_header(fname, flags, stamp, crc, csize, usize))
        for body in held:
            out.write(body)
    central = (
        struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            _CENTRAL_SIG,
            20,
            20,
            flags,
            8,
            stamp[0],
            stamp[1],
            crc,
            csize,
            usize,
            len(fname),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + fname
    )
    return 30 + len(fname) + csize, central


def _local_header(
    fname: bytes, flags: int, stamp: tuple[int, int], crc: int, csize: int, usize: int
) -> bytes:
    return (
        struct.pack(
            "<4sHHHHHIIIHH",
            _LOCAL_SIG,
            20,
            flags,
            8,
            stamp[0],
            stamp[1],
            crc,
            csize,
            usize,
            len(fname),
            0,
        )
        + fname
    )


def _patch_offset(central: bytes, offset: int) -> bytes:
    """Point a copied central record at the entry's new place (ZIP64 extra if it uses one)."""
    old = struct.unpack_from("<I", central, 42)[0]
    if old != _U32_MAX:
        if offset >= _U32_MAX:
            raise WriteRefused("the workbook is too large (over 4 GB) to save.")
        return central[:42] + struct.pack("<I", offset) + central[46:]
    n, m = struct.unpack_from("<HH", central, 28)
    usize, csize = struct.unpack_from("<II", central, 20)
    extra_start = 46 + n
    i = extra_start
    buf = bytearray(central)
    while i + 4 <= extra_start + m:
        hid, size = struct.unpack_from("<HH", central, i)
        if hid == 1:
            field = i + 4
            if usize == _U32_MAX:
                field += 8
            if csize == _U32_MAX:
                field += 8
            struct.pack_into("<Q", buf, field, offset)
            return bytes(buf)
        i += 4 + size
    raise WriteRefused("the zip directory has a ZIP64 offset without its extra field.")


def _write_directory(out: BinaryIO, centrals: Iterable[bytes], cd_start: int) -> None:
    records = list(centrals)
    size = sum(len(c) for c in records)
    for c in records:
        out.write(c)
    count = len(records)
    cd_end = cd_start + size
    if count >= _U16_MAX or cd_start >= _U32_MAX or size >= _U32_MAX:
        out.write(
            struct.pack(
                "<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, cd_start
            )
        )
        out.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, cd_end, 1))
        out.write(
            struct.pack(
                "<4sHHHHIIH",
                b"PK\x05\x06",
                0,
                0,
                min(count, _U16_MAX),
                min(count, _U16_MAX),
                min(size, _U32_MAX),
                min(cd_start, _U32_MAX),
                0,
            )
        )
    else:
        out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, size, cd_start, 0))
