"""The workbook's shared-string table: Stocktake's text goes there, appended, never rewritten.

Why not inline strings: Excel itself keeps text in ``xl/sharedStrings.xml``; a package
whose text cells are inline strings while its table is empty or missing is one Excel
converts on its next save, and the Open XML SDK rules (``openxml-audit``) flag it. So
text Stocktake writes becomes a ``t="s"`` cell pointing into the table.

Why appending is safe: every existing ``<si>`` keeps its position, so every index in
every user sheet still points to the same string; new entries go after the last one
(before an ``extLst``, in schema order), and only ``count``/``uniqueCount`` change in
the start tag. Strings that only a replaced owned sheet used stay in the table
unreferenced, which Excel accepts (it drops them on its own next save).

Why the table is not parsed: a workbook Excel saved can hold hundreds of thousands of
strings (tens of MB of XML), and parsing them into Python cost seconds per save. The
table is read as a stream of inflated chunks instead, cut only where an entry starts,
and learnt from the raw bytes: the root's start tag (prefix, counts), the number of
entries (``<si>``/``<si ...>`` openings counted in C, not ``uniqueCount``, which some
writers get wrong) and where the new entries go. Only the last ``TAIL_WINDOW`` bytes of
entries are kept, and an entry there written exactly as Stocktake writes that text
(one ``<t>``, no runs) is reused: Stocktake's own strings from earlier saves are at the
end of the table, so saving the same analysis again adds nothing. Older entries are not
searched; text that only exists there (or that another program wrote differently) is
added again, which costs a little space and nothing else. The new table is streamed to
the package: the old bytes pass through with the start tag and the insertion point
spliced (:meth:`SharedStrings.chunks`). A table with anything the byte scan does not
handle (comments, CDATA, processing instructions or a DOCTYPE after the root, another
encoding than UTF-8, a root outside the main namespace) is parsed whole instead, as
before.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator

from lxml import etree

from stocktake.excel.writer import xmltext as xt

TAIL_WINDOW = 2 << 20
"""Bytes of entries at the end of the table searched for text to reuse."""

Chunks = Callable[[], Iterable[bytes]]

_NS = f"{{{xt.MAIN_NS}}}"
# Excel reads ``_xHHHH_`` in a string as the character U+HHHH; a literal one is written
# with its underscore escaped as ``_x005F_`` (as Excel and XlsxWriter do).
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LITERAL = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
# The root start tag (attribute values may hold ``>``), before which may stand only the
# declaration, comments and white space.
_ROOT = re.compile(
    rb"<(?:([A-Za-z_][\w.-]*):)?sst((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)"
    rb"\s*(/?)>"
)
_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_HEAD_LIMIT = 1 << 16


class _Odd(Exception):
    """The table holds something the byte scan does not handle; parse it whole."""


class SharedStrings:
    """The package's table (its old entries counted, not parsed) and the ones this save adds.

    ``source`` is the old part, as bytes or as a function giving its chunks afresh on
    each call (:meth:`stocktake.excel.writer.package.Package.chunks`); None when the
    package has no table.
    """

    def __init__(self, source: bytes | Chunks | None) -> None:
        if isinstance(source, bytes):
            data = source
            source = lambda: (data,)  # noqa: E731
        self._source: Chunks | None = source
        self.prefix: str | None = ""
        self.existing = 0
        """How many entries the old table has."""
        self._new: list[str] = []
        self._index: dict[str, int] = {}  # text this save asked for -> its index
        self._refs = 0
        # learnt by the scan
        self._root = b""  # the old start tag
        self._root_span = (0, 0)
        self._insert_at = 0
        self._window = b""  # the last entries of the table, whole
        self._window_base = 0  # index of the first entry in the window
        self._window_starts: list[int] | None = None
        self._reusable: dict[bytes, int] = {}  # entry bytes as Stocktake writes them -> index
        # an odd table, parsed whole (as before)
        self._parsed: list[str] | None = None
        self._parsed_plain: dict[str, int] = {}
        self._data = b""
        if source is None:
            return
        try:
            self._scan(source)
        except _Odd:
            self._parse_whole(b"".join(source()))

    # -- reading the old table ---------------------------------------------------------
    def _scan(self, source: Chunks) -> None:
        chunks = iter(source())
        head = b""
        m = None
        for chunk in chunks:
            head += chunk
            m = _ROOT.search(head)
            if m is not None or len(head) > _HEAD_LIMIT:
                break
        if m is None:
            raise _Odd
        before = head[: m.start()]
        enc = _ENCODING.match(before)
        if (
            (enc is not None and enc.group(1).lower() not in (b"utf-8", b"utf8"))
            or b"<!DOCTYPE" in before
            or b"<!ENTITY" in before
        ):
            raise _Odd
        prefix = m.group(1).decode() if m.group(1) else ""
        if xt.get_attr(m.group(0), f"xmlns:{prefix}" if prefix else "xmlns") != xt.MAIN_NS:
            raise _Odd
        self.prefix = prefix
        self._root = m.group(0)
        self._root_span = m.span()
        si = b"<" + xt.qname(prefix, "si").encode()
        if m.group(3):  # <sst .../>: an empty table; only white space or comments may follow
            rest = head[m.end() :] + b"".join(chunks)
            if si in rest or b"<" + xt.qname(prefix, "sst").encode() in rest:
                raise _Odd
            return

        # The body, cut into segments that start where an entry starts: each holds whole
        # entries, so they are counted (and the last ones kept) without a parser.
        window: deque[tuple[int, bytes]] = deque()
        kept = 0
        count = 0

        def take(segment: bytes) -> None:
            nonlocal kept, count
            if b"<!" in segment or b"<?" in segment:
                raise _Odd
            n = _count_entries(segment, si)
            window.append((count, segment))
            kept += len(segment)
            while len(window) > 1 and kept - len(window[0][1]) >= TAIL_WINDOW:
                kept -= len(window.popleft()[1])
            count += n

        pending = head[m.end() :]
        offset = m.end()  # where ``pending`` starts in the part
        for chunk in chunks:
            buf = pending + chunk
            cut = buf.rfind(si)
            if cut <= 0:
                pending = buf
                continue
            take(buf[:cut])
            offset += cut
            pending = buf[cut:]
        # The last segment: the last entry, then an extLst, then the end tag.
        if b"<!" in pending or b"<?" in pending:
            raise _Odd
        ext = xt.find_start(pending, prefix, "extLst")
        ends = list(
            re.finditer(rb"</" + re.escape(xt.qname(prefix, "sst").encode()) + rb"\s*>", pending)
        )
        if not ends or pending[ends[-1].end() :].strip():
            raise _Odd
        at = ext.start() if ext is not None and ext.start() < ends[-1].start() else ends[-1].start()
        if si in pending[at:]:
            raise _Odd
        take(pending[:at])
        self._insert_at = offset + at
        self.existing = count
        self._learn_window(si, window)

    def _learn_window(self, si: bytes, window: deque[tuple[int, bytes]]) -> None:
        """Keep the table's last entries, and which of them Stocktake could have written."""
        if not window:
            return
        self._window_base = window[0][0]
        self._window = b"".join(seg for _, seg in window)
        t = re.escape(xt.qname(self.prefix, "t").encode())
        plain = re.compile(
            re.escape(si)
            + rb"(?:><"
            + t
            + rb"(?: xml:space=\"preserve\")?>[^<]*</"
            + t
            + rb"></"
            + re.escape(si[1:])
            + rb">|[\s/>])"
        )
        found = plain.findall(self._window)
        if len(found) != self.existing - self._window_base:
            raise _Odd
        # entry -> its first index (a non-plain entry's key is just its opening, which no
        # entry Stocktake writes equals)
        indices = range(self._window_base, self.existing)
        self._reusable = dict(zip(reversed(found), reversed(indices), strict=True))

    def _parse_whole(self, data: bytes) -> None:
        """An odd table: parse it all (slow on a large table, but those are rare)."""
        root = xt.parse(data)
        self.prefix = xt.prefix_of(root, xt.MAIN_NS)
        self._parsed = []
        for si in root.iterchildren(f"{_NS}si"):
            self._parsed.append(_si_text(si))
            if len(si) == 1 and si[0].tag == f"{_NS}t":
                self._parsed_plain.setdefault(self._parsed[-1], len(self._parsed) - 1)
        self.existing = len(self._parsed)
        self._data = data

    @property
    def exists(self) -> bool:
        """Whether the package already had a table (else :meth:`chunks` makes one)."""
        return self._source is not None

    @property
    def parsed_whole(self) -> bool:
        """Whether the table was odd enough to be parsed whole instead of scanned."""
        return self._parsed is not None

    @property
    def changed(self) -> bool:
        return bool(self._new)

    def index(self, text: str) -> int:
        """The table index for ``text``: a reusable entry, or a new one appended."""
        self._refs += 1
        i = self._index.get(text)
        if i is None:
            if self._parsed is not None:
                i = self._parsed_plain.get(text)
            else:
                i = self._reusable.get(_si(self.prefix, text).encode())
            if i is None:
                i = self.existing + len(self._new)
                self._new.append(text)
            self._index[text] = i
        return i

    def texts(self, indices: Collection[int]) -> dict[int, str]:
        """The text of the entries at ``indices`` (those in the table; others left out).

        New and recent entries are at hand; any older one costs one pass over the table.
        """
        out: dict[int, str] = {}
        old: set[int] = set()
        for i in indices:
            if i < 0:
                continue
            if i >= self.existing:
                if i - self.existing < len(self._new):
                    out[i] = self._new[i - self.existing]
            elif self._parsed is not None:
                out[i] = self._parsed[i]
            else:
                old.add(i)
        if not old:
            return out
        assert self._source is not None
        si = b"<" + xt.qname(self.prefix, "si").encode()
        if self._window_starts is None:
            self._window_starts = _starts(self._window, si)
        starts = self._window_starts
        for i in sorted(old):
            j = i - self._window_base
            if j >= 0:
                end = starts[j + 1] if j + 1 < len(starts) else len(self._window)
                out[i] = self._entry_text(self._window[starts[j] : end])
                old.discard(i)
        if old:
            out.update(self._find(old, si))
        return out

    def _find(self, wanted: set[int], si: bytes) -> dict[int, str]:
        """Entries before the window: one pass over the chunks, cut as the scan cuts them."""
        assert self._source is not None
        out: dict[int, str] = {}
        last = max(wanted)
        count = 0
        pending = b""
        first = True
        for chunk in self._source():
            buf = pending + chunk
            if first:
                at = buf.find(si, self._root_span[1])
                if at < 0:
                    pending = buf
                    continue
                buf = buf[at:]
                first = False
            cut = buf.rfind(si)
            if cut <= 0:
                pending = buf
                continue
            segment, pending = buf[:cut], buf[cut:]
            n = _count_entries(segment, si)
            if any(count <= i < count + n for i in wanted):
                starts = _starts(segment, si)
                for k, s in enumerate(starts):
                    if count + k in wanted:
                        end = starts[k + 1] if k + 1 < len(starts) else len(segment)
                        out[count + k] = self._entry_text(segment[s:end])
            count += n
            if count > last:
                break
        return out

    def _entry_text(self, entry: bytes) -> str:
        root = self._root if not self._root.endswith(b"/>") else self._root[:-2] + b">"
        close = b"</" + xt.qname(self.prefix, "sst").encode() + b">"
        parsed = xt.parse(root + entry + close)
        return _si_text(parsed[0]) if len(parsed) else ""

    # -- the new table -----------------------------------------------------------------
    def chunks(self) -> Iterator[bytes]:
        """The table with the new entries: the old part streamed with two splices, or a new
        part. Call again for a fresh pass."""
        frag = "".join(_si(self.prefix, s) for s in self._new).encode()
        total = self.existing + len(self._new)
        if self._source is None:
            yield (
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<sst xmlns="{xt.MAIN_NS}" count="{self._refs}" '
                    f'uniqueCount="{total}">'
                ).encode()
                + frag
                + b"</sst>"
            )
            return
        if self._parsed is not None:
            yield self._spliced_whole(frag, total)
            return
        tag = self._counted(self._root, total)
        a, b = self._root_span
        if tag.endswith(b"/>"):
            opened = tag[:-2].rstrip() + b">"
            close = b"</" + xt.qname(self.prefix, "sst").encode() + b">"
            edits = [(a, b, opened + frag + close)]
        else:
            edits = [(a, b, tag), (self._insert_at, self._insert_at, frag)]
        yield from _splice(self._source(), edits)

    def to_bytes(self) -> bytes:
        """The whole new table (tests; a save streams :meth:`chunks`)."""
        return b"".join(self.chunks())

    def _counted(self, data: bytes, total: int) -> bytes:
        """``data`` with ``count``/``uniqueCount`` of its first ``sst`` start tag updated."""
        start = xt.find_start(data, self.prefix, "sst")
        assert start is not None
        count = xt.get_attr(start.group(0), "count")
        if count is not None and count.isdigit():
            data = xt.set_attr(data, start, "count", str(int(count) + self._refs))
            start = xt.find_start(data, self.prefix, "sst")
            assert start is not None
        if xt.get_attr(start.group(0), "uniqueCount") is not None:
            data = xt.set_attr(data, start, "uniqueCount", str(total))
        return data

    def damaged(self) -> str:
        """Why new entries cannot be added to the table read whole ("" when they can)."""
        if self.parsed_whole and xt.find_start(self._data, self.prefix, "sst") is None:
            return "it has no <sst> element to add text to"
        return ""

    def _spliced_whole(self, frag: bytes, total: int) -> bytes:
        data = xt.insert_before_first(self._data, self.prefix, ["extLst"], "sst", frag)
        return self._counted(data, total)


def _count_entries(segment: bytes, si: bytes) -> int:
    """How many entries open in ``segment`` (``<si>``/``<si ...>``; ``<sig`` is not one)."""
    total = segment.count(si)
    n = segment.count(si + b">")
    if n != total:
        n += segment.count(si + b" ")
        if n != total:
            n = len(re.findall(re.escape(si) + rb"[\s/>]", segment))
    return n


def _starts(data: bytes, si: bytes) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(si) + rb"[\s/>]", data)]


def _splice(chunks: Iterable[bytes], edits: list[tuple[int, int, bytes]]) -> Iterator[bytes]:
    """``chunks`` with each ``(start, end, replacement)`` applied (offsets in the whole;
    sorted, not overlapping)."""
    k = 0
    a = 0  # where the current chunk starts
    skip_to = 0  # the end of the last replaced span
    for chunk in chunks:
        b = a + len(chunk)
        c = max(a, skip_to)
        while k < len(edits) and edits[k][0] < b:
            start, end, replacement = edits[k]
            if start > c:
                yield chunk[c - a : start - a]
            yield replacement
            c = skip_to = max(start, end)
            k += 1
            if c >= b:
                break
        if c < b:
            yield chunk[c - a :] if c > a else chunk
        a = b
    for _start, _end, replacement in edits[k:]:
        yield replacement


def _si_text(si: etree._Element) -> str:
    """The visible text of one ``<si>``: its ``<t>``, or its runs' ``<t>``s (not phonetics)."""
    raw = "".join(
        t.text or ""
        for t in si.iter(f"{_NS}t")
        if (parent := t.getparent()) is si or (parent is not None and parent.tag == f"{_NS}r")
    )
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), raw)


def _si(prefix: str | None, text: str) -> str:
    t = xt.qname(prefix, "t")
    body = xt.esc(_LITERAL.sub("_x005F_", text))
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f"<{xt.qname(prefix, 'si')}><{t}{space}>{body}</{t}></{xt.qname(prefix, 'si')}>"
