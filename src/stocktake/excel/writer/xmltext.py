"""Small, surgical text edits on XML parts, and a safe parser to look before editing.

The parts Stocktake must touch (``[Content_Types].xml``, ``workbook.xml``, rels,
``styles.xml``, a user's sheet) are edited as text, not re-serialised: a parse and
dump through any library would re-quote the declaration, drop redundant namespace
declarations or rewrite character references, and the rule is that a touched part
changes *only* by the elements Stocktake adds or edits. The safe parser (lxml with
entities and network off) is used to learn prefixes and structure; the edits are made
on the bytes, using the prefix the file itself uses for each element.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from xml.sax.saxutils import escape

from lxml import etree

from stocktake.excel.writer.errors import UnreadablePart

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False, remove_blank_text=False
)
# Characters XML 1.0 cannot hold at all (even as references).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse(data: bytes, part: str = "") -> etree._Element:
    """Parse an untrusted part: no entity expansion, no DTD loading, no network.

    A part that cannot be parsed raises :class:`UnreadablePart` (a ``WriteRefused``),
    never a parser's own exception: libxml2 stops at 2,048 levels of nesting even with
    ``huge_tree`` (the readers accept deeper parts), and a DOCTYPE is refused outright.
    ``part`` names the part when the caller knows it; otherwise the save finds it.
    """
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise UnreadablePart("it declares a DOCTYPE or entities", part, data)
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadablePart(_why(exc), part, data) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise UnreadablePart(f"its XML could not be read: {exc}", part, data) from None


def iter_elements(data: bytes, tag: str, part: str = "") -> Iterator[etree._Element]:
    """Each ``tag`` element of an untrusted part, parsed as a stream and freed once used.

    For large parts read once (a Charts sheet of 600,000 cells): a whole tree of it took
    550 MB where the stream holds one row. Same safety and errors as :func:`parse`.
    """
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise UnreadablePart("it declares a DOCTYPE or entities", part, data)
    events = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
    )
    try:
        for _, element in events:
            yield element
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise UnreadablePart(_why(exc), part, data) from None
    except (RecursionError, MemoryError) as exc:
        raise UnreadablePart(f"its XML could not be read: {exc}", part, data) from None


def _why(exc: etree.XMLSyntaxError) -> str:
    """The parser's complaint in words, with where it was found."""
    msg = str(exc.msg or exc)
    where = f" at line {exc.lineno}" if exc.lineno else ""
    if "depth" in msg.lower():
        return (
            f"its XML is nested more than 2,048 levels deep{where}, "
            "which no spreadsheet program writes"
        )
    return f"its XML is not well formed{where}: {msg}"


_UTF16 = {
    b"\xff\xfe": "utf-16",
    b"\xfe\xff": "utf-16",
    b"<\x00": "utf-16-le",
    b"\x00<": "utf-16-be",
}
_DECL_ENCODING = re.compile(r"""^(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


def to_utf8(data: bytes, part: str = "") -> bytes:
    """A UTF-16 part as UTF-8 (declaration updated); any other part as it is.

    Excel reads UTF-16 parts (some generators write them); the edits here are splices
    on UTF-8 bytes, so a UTF-16 part Stocktake must change is re-encoded first. It is
    only written back (as UTF-8, which every reader takes) if the save changes it.
    """
    enc = _UTF16.get(data[:2])
    if enc is None:
        return data
    try:
        text = data.decode(enc).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise UnreadablePart("it claims to be UTF-16 text but is not", part, data) from None
    return _DECL_ENCODING.sub(r'\1"UTF-8"', text, count=1).encode("utf-8")


def clean_text(text: str) -> tuple[str, bool]:
    """Remove characters XML cannot hold; say whether any were removed (to report it)."""
    cleaned = _ILLEGAL.sub("", text)
    return cleaned, cleaned != text


def esc(text: str) -> str:
    """Escape text for element content."""
    return escape(text)


def attr(text: str) -> str:
    """Escape text for a double-quoted attribute value (newlines kept as references)."""
    return escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def prefix_of(root: etree._Element, ns: str) -> str | None:
    """The prefix ``root`` binds to ``ns`` ('' for the default namespace, None if unbound)."""
    for pfx, uri in root.nsmap.items():
        if uri == ns:
            return pfx or ""
    return None


def qname(prefix: str | None, local: str) -> str:
    return f"{prefix}:{local}" if prefix else local


def _tag_re(prefix: str | None, local: str) -> bytes:
    return re.escape(qname(prefix, local).encode())


def find_start(
    data: bytes, prefix: str | None, local: str, start: int = 0
) -> re.Match[bytes] | None:
    """The first start tag ``<p:local ...>`` or ``<p:local .../>`` at or after ``start``."""
    pat = re.compile(rb"<" + _tag_re(prefix, local) + rb"(?=[\s/>])[^>]*>")
    return pat.search(data, start)


def insert_before_close(
    data: bytes, prefix: str | None, local: str, fragment: bytes
) -> bytes | None:
    """Insert ``fragment`` as the last child of the first ``local`` element.

    A self-closing ``<x/>`` is opened up to hold it. Returns None if there is no such
    element (the caller then decides where a new one may go in schema order).
    """
    start = find_start(data, prefix, local)
    if start is None:
        return None
    tag = qname(prefix, local).encode()
    if start.group(0).endswith(b"/>"):
        opened = start.group(0)[:-2].rstrip() + b">"
        return data[: start.start()] + opened + fragment + b"</" + tag + b">" + data[start.end() :]
    close = data.find(b"</" + tag + b">", start.end())
    if close < 0:
        close_m = re.compile(rb"</" + re.escape(tag) + rb"\s*>").search(data, start.end())
        if close_m is None:
            return None
        close = close_m.start()
    return data[:close] + fragment + data[close:]


def set_attr(data: bytes, start_tag: re.Match[bytes], name: str, value: str) -> bytes:
    """Set one attribute on the start tag matched by :func:`find_start`, keeping the rest."""
    tag = start_tag.group(0)
    pat = re.compile(rb"(\s" + re.escape(name.encode()) + rb"\s*=\s*)(\"[^\"]*\"|'[^']*')")
    new_val = b'"' + attr(value).encode() + b'"'
    if pat.search(tag):
        new_tag = pat.sub(lambda m: m.group(1) + new_val, tag, count=1)
    else:
        end = len(tag) - (2 if tag.endswith(b"/>") else 1)
        body = tag[:end].rstrip()
        new_tag = body + b" " + name.encode() + b"=" + new_val + tag[end:].lstrip()
        if not new_tag.endswith(b">"):
            new_tag += b">"
    return data[: start_tag.start()] + new_tag + data[start_tag.end() :]


def get_attr(start_tag: bytes, name: str) -> str | None:
    pat = rb"\s" + re.escape(name.encode()) + rb"\s*=\s*(\"([^\"]*)\"|'([^']*)')"
    m = re.search(pat, start_tag)
    if m is None:
        return None
    raw = m.group(2) if m.group(2) is not None else m.group(3)
    return raw.decode("utf-8")


def insert_before_first(
    data: bytes, prefix: str | None, candidates: list[str], parent: str, fragment: bytes
) -> bytes:
    """Insert ``fragment`` before the first present element of ``candidates`` (schema order),
    else as the last child of ``parent``."""
    best: int | None = None
    for local in candidates:
        m = find_start(data, prefix, local)
        if m is not None and (best is None or m.start() < best):
            best = m.start()
    if best is not None:
        return data[:best] + fragment + data[best:]
    out = insert_before_close(data, prefix, parent, fragment)
    if out is None:
        raise ValueError(f"no <{parent}> element to insert into")
    return out


def build(prefix: str | None) -> Callable[[str], str]:
    """A helper that prefixes local names the way the host part does."""
    return lambda local: qname(prefix, local)
