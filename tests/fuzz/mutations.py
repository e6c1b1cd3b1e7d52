"""Hostile variants of real workbooks: zip structure and part contents, seeded and repeatable.

Each mutation takes the package as an ordered ``{name: bytes}`` (or the raw file
bytes, for damage below the zip layer) and a :class:`random.Random`, so a mutant is
fully determined by (seed file, operations, random seed). The test suite draws those
with Hypothesis (:mod:`tests.fuzz.test_fuzz_reader`); ``scripts/fuzz.py`` draws them
from a seeded RNG for long runs. Hand-written: no library mutates OOXML packages.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO

SEED_DIRS = (REPO / "sample_workbooks", REPO.parent / "shared" / "corpus")

Parts = dict[str, bytes]
HOSTILE_NUMBERS = (b"-1e999", b"1e999", b"NaN", b"inf", b"1.79e308", b"-1.79e308", b"1e20", b"-1")
FAR_CELLS = (b"XFD1048576", b"XFD5000", b"A1048576", b"ZZ99999", b"AAA1")


def seed_files() -> list[Path]:
    """The sample workbooks and the real-world corpus beside the repository."""
    found: list[Path] = []
    for folder in SEED_DIRS:
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*") if p.suffix in (".xlsx", ".xlsm"))
    return found


def unzip(data: bytes) -> Parts:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(parts: Parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def _xml_names(parts: Parts) -> list[str]:
    return [n for n in parts if n.endswith((".xml", ".rels"))]


def _sheets(parts: Parts) -> list[str]:
    return [n for n in parts if "worksheets/" in n and n.endswith(".xml")] or _xml_names(parts)


# -- part contents ------------------------------------------------------------------
def hostile_number(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(_sheets(parts))
    values = list(re.finditer(rb"<v>([^<]*)</v>", parts[name]))
    if values:
        m = rng.choice(values)
        data = parts[name]
        parts[name] = data[: m.start(1)] + rng.choice(HOSTILE_NUMBERS) + data[m.end(1) :]


def far_cell(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(_sheets(parts))
    ref = rng.choice(FAR_CELLS)
    row = re.sub(rb"[A-Z]", b"", ref)
    cell = b'<row r="%s"><c r="%s"><v>1</v></c></row>' % (row, ref)
    parts[name] = parts[name].replace(b"</sheetData>", cell + b"</sheetData>", 1)


def cells_without_refs(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(_sheets(parts))
    cells = b"<c><v>1</v></c>" * rng.choice((10, 3000, 20000))
    parts[name] = parts[name].replace(b"</sheetData>", b"<row>" + cells + b"</row></sheetData>", 1)


def utf16(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(_xml_names(parts))
    text = parts[name].decode("utf-8", "replace").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    codec = rng.choice(("utf-16", "utf-16-le", "utf-16-be"))  # utf-16 writes a BOM
    parts[name] = text.encode(codec)


def doctype(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(_xml_names(parts))
    data = parts[name]
    bomb = b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    pad = b"<!-- " + b"x" * rng.choice((0, 5000, 70000)) + b" -->"
    end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
    parts[name] = data[:end] + pad + bomb + data[end:]


def deep_nesting(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(_xml_names(parts))
    depth = rng.choice((300, 3000, 50000))
    nest = b"<x>" * depth + b"</x>" * depth
    data = parts[name]
    close = data.rfind(b"</")
    if close > 0:
        parts[name] = data[:close] + nest + data[close:]


def shared_string_index(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(_sheets(parts))
    parts[name] = re.sub(
        rb'(t="s"[^>]*><v>)\d+',
        rb"\g<1>" + str(rng.choice((99999, -1))).encode(),
        parts[name],
        count=1,
    )


def unknown_cell_type(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(_sheets(parts))
    parts[name] = parts[name].replace(b't="s"', rng.choice((b't="zz"', b't="d"', b't="e"')), 3)


def external_target(parts: Parts, rng: random.Random) -> None:
    rels = [n for n in parts if n.endswith(".rels")]
    if rels:
        name = rng.choice(rels)
        target = rng.choice((b"file:///etc/passwd", b"../../../../etc/passwd", b"http://x/y.xml"))
        parts[name] = re.sub(rb'Target="[^"]*"', b'Target="' + target + b'"', parts[name], count=1)


def truncate_part(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(_xml_names(parts))
    parts[name] = parts[name][: rng.randrange(len(parts[name]) + 1)]


def garble_part(parts: Parts, rng: random.Random) -> None:
    name = rng.choice(list(parts))
    data = bytearray(parts[name])
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    parts[name] = bytes(data)


def drop_part(parts: Parts, rng: random.Random) -> None:
    parts.pop(rng.choice(list(parts)))


def backslash_names(parts: Parts, rng: random.Random) -> None:
    renamed = {n.replace("/", "\\"): d for n, d in parts.items()}
    parts.clear()
    parts.update(renamed)


PART_MUTATIONS: tuple[Callable[[Parts, random.Random], None], ...] = (
    hostile_number,
    far_cell,
    cells_without_refs,
    utf16,
    doctype,
    deep_nesting,
    shared_string_index,
    unknown_cell_type,
    external_target,
    truncate_part,
    garble_part,
    drop_part,
    backslash_names,
)


# -- below the zip layer --------------------------------------------------------------
def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate_file(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def lying_sizes(data: bytes, rng: random.Random) -> bytes:
    """Rewrite declared sizes in the central directory (and local headers) to lie."""
    out = bytearray(data)
    for m in re.finditer(rb"PK\x01\x02", data):
        at = m.start()
        if rng.random() < 0.5 and at + 28 <= len(out):
            size = rng.choice((0, 1, 0xFFFFFFF, rng.randrange(1 << 20)))
            field = rng.choice((20, 24))  # compressed / uncompressed size
            out[at + field : at + field + 4] = struct.pack("<I", size)
    return bytes(out)


RAW_MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    flip_bytes,
    truncate_file,
    lying_sizes,
)


def mutate(seed: bytes, ops: list[int], rng: random.Random) -> bytes:
    """Apply ``ops`` (indices into part then raw mutations) to the seed workbook."""
    n_part = len(PART_MUTATIONS)
    part_ops = [o % (n_part + len(RAW_MUTATIONS)) for o in ops]
    parts = unzip(seed)
    for op in part_ops:
        if op < n_part and parts:
            PART_MUTATIONS[op](parts, rng)
    data = rezip(parts)
    for op in part_ops:
        if op >= n_part and data:
            data = RAW_MUTATIONS[op - n_part](data, rng)
    return data
