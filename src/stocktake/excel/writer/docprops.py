"""``docProps/core.xml`` (the modified stamp) and ``docProps/app.xml`` (sheet titles).

Both are edited as text and only where they already say something: the modified date
is refreshed if present, and a new sheet's name is added to the ``Worksheets`` group
of the titles Excel lists in File > Info. A file without those elements keeps none.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from stocktake.excel.writer import xmltext as xt

DCTERMS = "http://purl.org/dc/terms/"
EXT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def touch_modified(data: bytes, now: dt.datetime | None = None) -> bytes:
    root = xt.parse(data)
    el = root.find(f"{{{DCTERMS}}}modified")
    if el is None:
        return data
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    tag = re.escape(xt.qname(el.prefix, "modified").encode())
    pat = re.compile(rb"(<" + tag + rb"(?:\s[^>]*)?>)[^<]*(</" + tag + rb">)")
    return pat.sub(lambda m: m.group(1) + stamp.encode() + m.group(2), data, count=1)


def _region(data: bytes, prefix: str | None, local: str) -> tuple[int, int] | None:
    m = xt.find_start(data, prefix, local)
    if m is None or m.group(0).endswith(b"/>"):
        return None
    end = data.find(b"</" + xt.qname(prefix, local).encode() + b">", m.end())
    return (m.end(), end) if end >= 0 else None


def add_sheet_titles(data: bytes, names: list[str]) -> bytes:
    """Add sheet names to the ``Worksheets`` heading of app.xml, if it has one."""
    if not names:
        return data
    root = xt.parse(data)
    hp = root.find(f"{{{EXT_NS}}}HeadingPairs/{{{VT_NS}}}vector")
    tp = root.find(f"{{{EXT_NS}}}TitlesOfParts/{{{VT_NS}}}vector")
    if hp is None or tp is None:
        return data
    values: list[etree._Element] = [v[0] for v in hp if isinstance(v.tag, str) and len(v)]
    pairs = list(zip(values[0::2], values[1::2], strict=False))
    before = 0
    pair_index = None
    for i, (label, count) in enumerate(pairs):
        if (label.text or "") == "Worksheets":
            pair_index = i
            before += int(count.text or "0")
            break
        before += int(count.text or "0")
    if pair_index is None:
        return data
    # Count: the pair_index-th <i4> inside HeadingPairs.
    ep = xt.prefix_of(root, EXT_NS)
    hp_region = _region(data, ep, "HeadingPairs")
    tp_region = _region(data, ep, "TitlesOfParts")
    if hp_region is None or tp_region is None:
        return data
    count_el = pairs[pair_index][1]
    i4 = re.escape(xt.qname(count_el.prefix, etree.QName(count_el).localname).encode())
    counts = list(
        re.finditer(rb"(<" + i4 + rb">)(\d+)(</" + i4 + rb">)", data[hp_region[0] : hp_region[1]])
    )
    if len(counts) <= pair_index:
        return data
    cm = counts[pair_index]
    new_count = str(int(cm.group(2)) + len(names)).encode()
    a, b = hp_region[0] + cm.start(2), hp_region[0] + cm.end(2)
    data = data[:a] + new_count + data[b:]
    shift = len(new_count) - (b - a)
    tp_region = (tp_region[0] + shift, tp_region[1] + shift)
    # Titles: insert after the `before`-th lpstr of TitlesOfParts, then fix the size.
    lp = tp[0] if len(tp) else None
    lp_prefix = lp.prefix if lp is not None else tp.prefix
    lpstr = xt.qname(lp_prefix, "lpstr")
    region = data[tp_region[0] : tp_region[1]]
    closes = [m.end() for m in re.finditer(rb"</" + re.escape(lpstr.encode()) + rb">", region)]
    vec_m = xt.find_start(data, tp.prefix, "vector", tp_region[0])
    if vec_m is None:
        return data
    at = tp_region[0] + (closes[before - 1] if before else vec_m.end() - tp_region[0])
    frag = "".join(f"<{lpstr}>{xt.esc(n)}</{lpstr}>" for n in names).encode()
    data = data[:at] + frag + data[at:]
    vec_m = xt.find_start(data, tp.prefix, "vector", tp_region[0])
    assert vec_m is not None
    size = int(xt.get_attr(vec_m.group(0), "size") or "0") + len(names)
    return xt.set_attr(data, vec_m, "size", str(size))
