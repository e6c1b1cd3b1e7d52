"""``[Content_Types].xml``: the type of every part, by override or by extension default."""

from __future__ import annotations

import posixpath
import re

from stocktake.excel.writer import xmltext as xt

T_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
T_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
T_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
T_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
T_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
T_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
T_RELS = "application/vnd.openxmlformats-package.relationships+xml"


def type_of(data: bytes, part: str) -> str | None:
    root = xt.parse(data)
    name = "/" + part
    for el in root.iter(f"{{{xt.CT_NS}}}Override"):
        if (el.get("PartName") or "").lower() == name.lower():
            return el.get("ContentType")
    ext = posixpath.splitext(part)[1].lstrip(".").lower()
    for el in root.iter(f"{{{xt.CT_NS}}}Default"):
        if (el.get("Extension") or "").lower() == ext:
            return el.get("ContentType")
    return None


def ensure(data: bytes, part: str, content_type: str) -> bytes:
    """Make ``part`` have ``content_type``, adding an Override only if it is not so already."""
    if type_of(data, part) == content_type:
        return data
    data = remove(data, part)
    prefix = xt.prefix_of(xt.parse(data), xt.CT_NS)
    tag = xt.qname(prefix, "Override")
    frag = f'<{tag} PartName="/{xt.attr(part)}" ContentType="{xt.attr(content_type)}"/>'
    out = xt.insert_before_close(data, prefix, "Types", frag.encode())
    if out is None:
        raise ValueError("[Content_Types].xml has no <Types> element")
    return out


def remove(data: bytes, part: str) -> bytes:
    """Drop the Override for ``part`` (a removed part must not keep one)."""
    pat = re.compile(
        rb"<(?:[\w.-]+:)?Override\b[^>]*\bPartName\s*=\s*[\"']/"
        + re.escape(part.encode())
        + rb"[\"'][^>]*?(?:/>|>\s*</(?:[\w.-]+:)?Override\s*>)",
        re.IGNORECASE,
    )
    return pat.sub(b"", data, count=1)
