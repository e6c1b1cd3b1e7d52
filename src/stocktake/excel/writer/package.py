"""The OOXML package as zip entries: read parts, replace a few, copy the rest raw.

Entries Stocktake does not change are copied as their *compressed bytes*, local
header and any data descriptor included, in their original order: no inflate and
re-deflate, so they come out byte-identical whatever compressor made them (and the
copy costs little more than reading the file). Only changed or new entries are
deflated here. The central directory is rebuilt from the original records with just
their offsets patched, so flags, extra fields (ZIP64 included) and attributes survive.
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from stocktake.excel.writer.errors import WriteRefused

_LOCAL_SIG = b"PK\x03\x04"
_CENTRAL_SIG = b"PK\x01\x02"
_U32_MAX = 0xFFFFFFFF
_U16_MAX = 0xFFFF
MAX_PART_BYTES = 512 << 20


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
        self._changed: dict[str, bytes] = {}
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
            return self._changed[name]
        if name in self._removed or name not in self._entries:
            raise KeyError(name)
        entry = self._entries[name]
        if entry.info.file_size > MAX_PART_BYTES:
            raise WriteRefused(f"{self.path.name}: the part {name} is too large to edit safely.")
        start = entry.span[0]
        n, m = struct.unpack_from("<HH", self._data, start + 26)
        data_start = start + 30 + n + m
        raw = self._data[data_start : data_start + entry.info.compress_size]
        if entry.info.compress_type == zipfile.ZIP_STORED:
            return bytes(raw)
        if entry.info.compress_type != zipfile.ZIP_DEFLATED:
            raise WriteRefused(f"{self.path.name}: the part {name} uses an unknown compression.")
        out = zlib.decompressobj(-15).decompress(raw, MAX_PART_BYTES + 1)
        if len(out) > MAX_PART_BYTES:
            raise WriteRefused(f"{self.path.name}: the part {name} inflates too far.")
        return out

    def raw_entry(self, name: str) -> bytes:
        """The compressed bytes of an unchanged entry (tests compare these)."""
        entry = self._entries[name]
        return self._data[entry.span[0] : entry.span[1]]

    # -- changing ----------------------------------------------------------------
    def write(self, name: str, data: bytes) -> None:
        if name not in self._entries and name not in self._added:
            self._added.append(name)
        self._removed.discard(name)
        self._changed[name] = data

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
                local, central = _new_entry(name, self._changed[name], pos, stamp)
                out.write(local)
                centrals.append(central)
                pos += len(local)
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


def _new_entry(name: str, data: bytes, offset: int, stamp: tuple[int, int]) -> tuple[bytes, bytes]:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = comp.compress(data) + comp.flush()
    crc = zlib.crc32(data)
    fname = name.encode("utf-8")
    flags = 0x800 if not name.isascii() else 0
    if len(body) >= _U32_MAX or len(data) >= _U32_MAX or offset >= _U32_MAX:
        raise WriteRefused("the workbook is too large (over 4 GB) to save.")
    local = struct.pack(
        "<4sHHHHHIIIHH", _LOCAL_SIG, 20, flags, 8, stamp[0], stamp[1], crc, len(body),
        len(data), len(fname), 0,
    ) + fname + body
    central = struct.pack(
        "<4sHHHHHHIIIHHHHHII", _CENTRAL_SIG, 20, 20, flags, 8, stamp[0], stamp[1], crc,
        len(body), len(data), len(fname), 0, 0, 0, 0, 0, offset,
    ) + fname
    return local, central


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
        out.write(struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count,
                              size, cd_start))
        out.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, cd_end, 1))
        out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, min(count, _U16_MAX),
                              min(count, _U16_MAX), min(size, _U32_MAX),
                              min(cd_start, _U32_MAX), 0))
    else:
        out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, size,
                              cd_start, 0))
