"""Relationship parts (``*.rels``): read them, add to them, remove from them as text."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from stocktake.excel.writer import xmltext as xt

R_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
R_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
R_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
R_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
R_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"
R_SHARED_STRINGS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)
R_CALC_CHAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"


@dataclass(frozen=True, slots=True)
class Rel:
    id: str
    type: str
    target: str
    external: bool

    def part(self, source: str) -> str | None:
        """The package part this relationship points at, or None if external."""
        return None if self.external else resolve(source, self.target)


def rels_name(part: str) -> str:
    """``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels`` (``""`` is the package)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative(source: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


def parse(data: bytes) -> list[Rel]:
    root = xt.parse(data)
    return [
        Rel(
            el.get("Id", ""),
            el.get("Type", ""),
            el.get("Target", ""),
            (el.get("TargetMode") or "") == "External",
        )
        for el in root.iter(f"{{{xt.PKG_REL_NS}}}Relationship")
    ]


def next_id(rels: list[Rel]) -> str:
    used = {r.id for r in rels}
    n = len(rels) + 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


def _element(prefix: str | None, rel_id: str, rel_type: str, target: str) -> bytes:
    tag = xt.qname(prefix, "Relationship")
    return (
        f'<{tag} Id="{xt.attr(rel_id)}" Type="{xt.attr(rel_type)}" Target="{xt.attr(target)}"/>'
    ).encode()


def add(data: bytes, rel_id: str, rel_type: str, target: str) -> bytes:
    prefix = xt.prefix_of(xt.parse(data), xt.PKG_REL_NS)
    out = xt.insert_before_close(
        data, prefix, "Relationships", _element(prefix, rel_id, rel_type, target)
    )
    if out is None:
        raise ValueError("relationships part has no <Relationships> element")
    return out


def new(rels: list[tuple[str, str, str]]) -> bytes:
    body = "".join(_element(None, i, t, g).decode() for i, t, g in rels)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{xt.PKG_REL_NS}">{body}</Relationships>'
    ).encode()


def remove(data: bytes, rel_id: str) -> bytes:
    pat = re.compile(
        rb"<(?:[\w.-]+:)?Relationship\b[^>]*\bId\s*=\s*[\"']"
        + re.escape(rel_id.encode())
        + rb"[\"'][^>]*?(?:/>|>\s*</(?:[\w.-]+:)?Relationship\s*>)"
    )
    return pat.sub(b"", data, count=1)
