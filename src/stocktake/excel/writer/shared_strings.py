"""The workbook's shared-string table: Stocktake's text goes there, appended, never rewritten.

Why not inline strings: Excel itself keeps text in ``xl/sharedStrings.xml``; a package
whose text cells are inline strings while its table is empty or missing is one Excel
converts on its next save, and the Open XML SDK rules (``openxml-audit``) flag it. So
text Stocktake writes becomes a ``t="s"`` cell pointing into the table.

Why appending is safe: every existing ``<si>`` keeps its position, so every index in
every user sheet still points to the same string; new entries go after the last one
(before an ``extLst``, in schema order), and only ``count``/``uniqueCount`` change in
the start tag. Text that already has a plain entry (one ``<t>``, no formatting runs)
reuses it, so saving the same analysis again adds nothing. Strings that only a replaced
owned sheet used stay in the table unreferenced, which Excel accepts (it drops them on
its own next save).
"""

from __future__ import annotations

import re

from lxml import etree

from stocktake.excel.writer import xmltext as xt

_NS = f"{{{xt.MAIN_NS}}}"
# Excel reads ``_xHHHH_`` in a string as the character U+HHHH; a literal one is written
# with its underscore escaped as ``_x005F_`` (as Excel and XlsxWriter do).
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LITERAL = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


class SharedStrings:
    """The strings of one package's table, with the ones this save adds."""

    def __init__(self, data: bytes | None) -> None:
        self._source = data
        self.items: list[str] = []
        self._plain: dict[str, int] = {}
        self._added = 0
        self._refs = 0
        self.prefix: str | None = ""
        if data is None:
            return
        root = xt.parse(data)
        self.prefix = xt.prefix_of(root, xt.MAIN_NS)
        for si in root.iterchildren(f"{_NS}si"):
            self.items.append(_si_text(si))
            if len(si) == 1 and si[0].tag == f"{_NS}t":
                self._plain.setdefault(self.items[-1], len(self.items) - 1)

    @property
    def exists(self) -> bool:
        """Whether the package already had a table (else :meth:`to_bytes` makes one)."""
        return self._source is not None

    @property
    def changed(self) -> bool:
        return self._added > 0

    def index(self, text: str) -> int:
        """The table index for ``text``: an existing plain entry, or a new one appended."""
        self._refs += 1
        i = self._plain.get(text)
        if i is None:
            i = len(self.items)
            self.items.append(text)
            self._plain[text] = i
            self._added += 1
        return i

    def to_bytes(self) -> bytes:
        """The table with the new entries: the old part spliced, or a new part."""
        new = self.items[len(self.items) - self._added:]
        frag = "".join(_si(self.prefix, s) for s in new).encode()
        if self._source is None:
            return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<sst xmlns="{xt.MAIN_NS}" count="{self._refs}" '
                    f'uniqueCount="{len(self.items)}">').encode() + frag + b"</sst>"
        data = xt.insert_before_first(self._source, self.prefix, ["extLst"], "sst", frag)
        start = xt.find_start(data, self.prefix, "sst")
        assert start is not None
        count = xt.get_attr(start.group(0), "count")
        if count is not None and count.isdigit():
            data = xt.set_attr(data, start, "count", str(int(count) + self._refs))
            start = xt.find_start(data, self.prefix, "sst")
            assert start is not None
        if xt.get_attr(start.group(0), "uniqueCount") is not None:
            data = xt.set_attr(data, start, "uniqueCount", str(len(self.items)))
        return data


def _si_text(si: etree._Element) -> str:
    """The visible text of one ``<si>``: its ``<t>``, or its runs' ``<t>``s (not phonetics)."""
    raw = "".join(t.text or "" for t in si.iter(f"{_NS}t")
                  if (parent := t.getparent()) is si
                  or (parent is not None and parent.tag == f"{_NS}r"))
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), raw)


def _si(prefix: str | None, text: str) -> str:
    t = xt.qname(prefix, "t")
    body = xt.esc(_LITERAL.sub("_x005F_", text))
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f"<{xt.qname(prefix, 'si')}><{t}{space}>{body}</{t}></{xt.qname(prefix, 'si')}>"
