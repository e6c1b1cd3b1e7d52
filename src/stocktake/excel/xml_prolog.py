"""An XML part's encoding and prolog, read the way an XML parser would, before one runs.

Excel writes UTF-8, but it *reads* parts in UTF-16 (with or without a byte-order
mark) and any encoding an XML declaration names, so other tools write them.
python-calamine only reads UTF-8, and a byte search for ``<!DOCTYPE`` misses a
UTF-16 one. So each part's head is decoded first (BOM, then the 4-byte patterns of
XML 1.0 Appendix F, then the declaration's ``encoding``), its prolog is walked token
by token (declaration, comments, processing instructions) up to the root element,
and a DOCTYPE or ENTITY anywhere in it is refused. A part not in UTF-8 is re-encoded
to UTF-8 for the parsers.

Hand-written because the standard library's and lxml's parsers either expand what
we want to refuse or stop at the first problem without saying what it was; the
sniffing rules are short and fixed by the XML specification.
"""

from __future__ import annotations

import codecs
import re

# (byte pattern at the start, codec, bytes to skip): the BOMs first, then the
# BOM-less patterns of "<?" in each encoding (XML 1.0, Appendix F).
_SNIFF: tuple[tuple[bytes, str, int], ...] = (
    (b"\xef\xbb\xbf", "utf-8", 3),
    (b"\xff\xfe\x00\x00", "utf-32-le", 4),
    (b"\x00\x00\xfe\xff", "utf-32-be", 4),
    (b"\xff\xfe", "utf-16-le", 2),
    (b"\xfe\xff", "utf-16-be", 2),
    (b"<\x00\x00\x00", "utf-32-le", 0),
    (b"\x00\x00\x00<", "utf-32-be", 0),
    (b"<\x00?\x00", "utf-16-le", 0),
    (b"\x00<\x00?", "utf-16-be", 0),
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_DECLARATION = re.compile(r"""^<\?xml[^>]*\?>""")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}


class PrologProblem(Exception):
    """Why a part's start cannot be accepted; the message names no file (the caller does)."""


def sniff_encoding(head: bytes) -> tuple[str, int]:
    """``(codec name, bytes of BOM to skip)`` for a part starting with ``head``."""
    for pattern, codec, skip in _SNIFF:
        if head.startswith(pattern):
            return codec, skip
    declared = _DECLARED.match(head)
    if declared is None:
        return "utf-8", 0
    name = declared.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise PrologProblem(f"declares the unknown text encoding {name!r}") from None
    # A declaration read in ASCII can only truthfully name an ASCII-compatible encoding.
    if codec.startswith(("utf-16", "utf-32")):
        raise PrologProblem(f"declares {name} but is not written in it")
    return codec, 0


def is_utf8(codec: str) -> bool:
    return codec in _UTF8_NAMES or codecs.lookup(codec).name == "utf-8"


def check_prolog(text: str) -> bool:
    """Walk the prolog of ``text`` (decoded); ``True`` once the root element is reached.

    Raises :class:`PrologProblem` on a DOCTYPE or ENTITY declaration. ``False`` means
    the text ended before the root element (the caller decides whether that is too long).
    """
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n\ufeff":
            i += 1
        if i >= n:
            return False
        if text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end < 0:
                return False
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return False
            i = end + 3
        elif text.startswith("<!", i):
            raise PrologProblem(
                "declares a DOCTYPE or XML entities, which Excel never writes and which can "
                "be used to exhaust memory ('XML bomb')"
            )
        else:
            # The root element (or text that is not XML, which the parser will refuse).
            return True
    return False


def to_utf8(data: bytes, codec: str, skip: int) -> bytes:
    """The whole part re-encoded as UTF-8 with its declaration saying so."""
    try:
        text = data[skip:].decode(codec)
        text = _DECLARATION.sub('<?xml version="1.0" encoding="UTF-8"?>', text, count=1)
        return text.encode("utf-8")
    except (UnicodeError, LookupError) as exc:
        raise PrologProblem(f"is not valid {codec} text ({exc.__class__.__name__})") from None
