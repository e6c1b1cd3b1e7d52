"""``docProps/custom.xml``: the workbook's custom document properties, edited as text.

Stocktake keeps a few facts about its own sheets here (see :mod:`.sheet_digest`):
custom properties are the standard place for an application's notes on a document,
shown in Excel under File > Info > Properties > Advanced > Custom, and kept by Excel
and LibreOffice when they save. A user's own properties are left byte for byte; only
Stocktake's are added or their values replaced.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import unescape

from stocktake.excel.writer import xmltext as xt

PART = "docProps/custom.xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
T_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
R_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one every custom property uses

EMPTY = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}"></Properties>'
).encode()


def read(data: bytes, part: str = PART) -> dict[str, str]:
    """The text-valued properties, by name (other value types are left out)."""
    root = xt.parse(data, part)
    out: dict[str, str] = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        name = prop.get("name")
        value = next((v for v in prop if isinstance(v.tag, str)), None)
        if name and value is not None and value.tag == f"{{{VT_NS}}}lpwstr":
            out[name] = value.text or ""
    return out


def set_text(data: bytes, values: dict[str, str], part: str = PART) -> bytes:
    """Set text properties ``values`` (replacing ones of the same name), keeping the rest."""
    root = xt.parse(data, part)
    p = xt.prefix_of(root, CUSTOM_NS)
    vt = xt.prefix_of(root, VT_NS)
    vt_decl = "" if vt else f' xmlns:vt="{VT_NS}"'
    vt = vt or "vt"
    tag = re.escape(xt.qname(p, "property").encode())
    pat = re.compile(rb"<" + tag + rb"(?=[\s/>])[^>]*?(?:/>|>.*?</" + tag + rb"\s*>)", re.DOTALL)
    pids = [int(x) for x in (e.get("pid") for e in root) if x and x.isdigit()]
    next_pid = max([1, *pids]) + 1
    pending = dict(values)

    def element(name: str, value: str, pid: str) -> bytes:
        return (
            f'<{xt.qname(p, "property")} fmtid="{_FMTID}" pid="{pid}" name="{xt.attr(name)}">'
            f"<{vt}:lpwstr{vt_decl}>{xt.esc(value)}</{vt}:lpwstr>"
            f"</{xt.qname(p, 'property')}>"
        ).encode()

    def replace(m: re.Match[bytes]) -> bytes:
        head = m.group(0)[: m.group(0).find(b">") + 1]
        name = unescape(xt.get_attr(head, "name") or "", {"&quot;": '"', "&apos;": "'"})
        if name not in pending:
            return m.group(0)
        return element(name, pending.pop(name), xt.get_attr(head, "pid") or "2")

    out = pat.sub(replace, data)
    frag = b""
    for name, value in pending.items():
        frag += element(name, value, str(next_pid))
        next_pid += 1
    if frag:
        done = xt.insert_before_close(out, p, "Properties", frag)
        if done is None:
            raise ValueError("custom.xml has no <Properties>")
        out = done
    return out
