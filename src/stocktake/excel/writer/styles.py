"""Stocktake's few cell styles, found in or appended once to the workbook's ``styles.xml``.

Each style Stocktake needs (bold header, date, date-time, two decimals,
wrapped text) is looked for
first among the workbook's own fonts, number formats and cell formats; only what is
missing is appended. So a second save finds everything the first one added, and ten
saves in a row leave ``styles.xml`` exactly as it was after the first. Containers an
unusual producer left out (an empty ``<styleSheet/>``) are created in schema order with
Excel's defaults first, so existing cells keep meaning "style 0".
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from stocktake.excel.writer import xmltext as xt

_ORDER = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
]
_DEFAULTS = {
    "fonts": '<{font}><{sz} val="11"/><{name} val="Calibri"/><{family} val="2"/></{font}>',
    "fills": '<{fill}><{patternFill} patternType="none"/></{fill}>'
    '<{fill}><{patternFill} patternType="gray125"/></{fill}>',
    "borders": "<{border}><{left}/><{right}/><{top}/><{bottom}/><{diagonal}/></{border}>",
    "cellStyleXfs": '<{xf} numFmtId="0" fontId="0" fillId="0" borderId="0"/>',
    "cellXfs": '<{xf} numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
}
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_NUMFMT = 14  # built-in short date: shown in the reader's locale (dd/mm/yyyy in the UK)
DECIMAL_NUMFMT = 2  # built-in "0.00"
EMPTY_STYLESHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{xt.MAIN_NS}"></styleSheet>'
).encode()


@dataclass(frozen=True, slots=True)
class StyleIds:
    """Indexes into ``cellXfs`` for the ``s`` attribute of Stocktake's cells."""

    header: int
    date: int
    datetime: int
    decimal: int
    wrap: int


def _canon(el: etree._Element) -> tuple[object, ...]:
    return (
        etree.QName(el).localname,
        tuple(sorted(el.attrib.items())),
        tuple(sorted(_canon(c) for c in el if isinstance(c.tag, str))),
    )


def _fmt(template: str, prefix: str | None) -> str:
    names = {
        "font",
        "sz",
        "name",
        "family",
        "fill",
        "patternFill",
        "border",
        "left",
        "right",
        "top",
        "bottom",
        "diagonal",
        "xf",
    }
    return template.format(**{n: xt.qname(prefix, n) for n in names})


class _Sheet:
    """The stylesheet text plus its prefix, re-parsed after each edit (it is small)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.root = xt.parse(data)
        self.p = xt.prefix_of(self.root, xt.MAIN_NS)
        if self.p is None:
            raise ValueError("styles.xml is not a SpreadsheetML stylesheet")

    def children(self, container: str) -> list[etree._Element]:
        el = self.root.find(f"{{{xt.MAIN_NS}}}{container}")
        return [] if el is None else [c for c in el if isinstance(c.tag, str)]

    def has(self, container: str) -> bool:
        return self.root.find(f"{{{xt.MAIN_NS}}}{container}") is not None

    def ensure_container(self, container: str, body: str = "") -> None:
        if self.has(container):
            return
        tag = xt.qname(self.p, container)
        count = body.count("<" + xt.qname(self.p, "xf")) if "xf" in container.lower() else None
        if count is None:
            count = {"fonts": 1, "fills": 2, "borders": 1}.get(container, 0)
        frag = f'<{tag} count="{count}">{body}</{tag}>'.encode()
        later = _ORDER[_ORDER.index(container) + 1 :]
        self.data = xt.insert_before_first(self.data, self.p, later, "styleSheet", frag)
        self.root = xt.parse(self.data)

    def append(self, container: str, fragment: str) -> int:
        """Append one child; return its index and keep ``count`` right."""
        index = len(self.children(container))
        out = xt.insert_before_close(self.data, self.p, container, fragment.encode())
        assert out is not None
        start = xt.find_start(out, self.p, container)
        assert start is not None
        self.data = xt.set_attr(out, start, "count", str(index + 1))
        self.root = xt.parse(self.data)
        return index


def _find_or_add(sheet: _Sheet, container: str, fragment: str) -> int:
    wanted = _canon(xt.parse(_wrap(fragment, sheet.p)))
    for i, el in enumerate(sheet.children(container)):
        if _canon(el) == wanted:
            return i
    return sheet.append(container, fragment)


def _wrap(fragment: str, prefix: str | None) -> bytes:
    """Parse a prefixed fragment on its own by declaring the prefix around it."""
    decl = f"xmlns:{prefix}" if prefix else "xmlns"
    # Parse the fragment directly, with the namespace declared on it.
    head = fragment.split(">", maxsplit=1)[0]
    first_end = fragment.index(" ") if " " in head else fragment.index(">")
    return (fragment[:first_end] + f' {decl}="{xt.MAIN_NS}"' + fragment[first_end:]).encode()


def _num_fmt(sheet: _Sheet, code: str) -> int:
    for el in sheet.children("numFmts"):
        if el.get("formatCode") == code:
            return int(el.get("numFmtId", "0"))
    sheet.ensure_container("numFmts")
    used = [int(el.get("numFmtId", "0")) for el in sheet.children("numFmts")]
    new_id = max([163, *used]) + 1
    tag = xt.qname(sheet.p, "numFmt")
    sheet.append("numFmts", f'<{tag} numFmtId="{new_id}" formatCode="{xt.attr(code)}"/>')
    return new_id


def _bold_font(sheet: _Sheet) -> int:
    fonts = sheet.children("fonts")
    base = [c for c in fonts[0] if isinstance(c.tag, str)] if fonts else []
    parts = [f"<{xt.qname(sheet.p, 'b')}/>"]
    for child in base:
        local = etree.QName(child).localname
        if local in ("b", "i", "u", "strike"):
            continue
        attrs = "".join(f' {k}="{xt.attr(v)}"' for k, v in child.attrib.items())
        parts.append(f"<{xt.qname(sheet.p, local)}{attrs}/>")
    tag = xt.qname(sheet.p, "font")
    return _find_or_add(sheet, "fonts", f"<{tag}>{''.join(parts)}</{tag}>")


def _xf(sheet: _Sheet, num_fmt: int, font: int, wrap: bool = False) -> int:
    tag = xt.qname(sheet.p, "xf")
    extra = (' applyNumberFormat="1"' if num_fmt else "") + (' applyFont="1"' if font else "")
    head = f'<{tag} numFmtId="{num_fmt}" fontId="{font}" fillId="0" borderId="0" xfId="0"{extra}'
    if wrap:
        align = xt.qname(sheet.p, "alignment")
        frag = f'{head} applyAlignment="1"><{align} vertical="top" wrapText="1"/></{tag}>'
    else:
        frag = f"{head}/>"
    return _find_or_add(sheet, "cellXfs", frag)


def ensure_styles(data: bytes | None) -> tuple[bytes, StyleIds]:
    """Return ``styles.xml`` holding Stocktake's styles (added once) and their ids."""
    sheet = _Sheet(data if data is not None else EMPTY_STYLESHEET)
    for container in ("fonts", "fills", "borders", "cellStyleXfs", "cellXfs"):
        sheet.ensure_container(container, _fmt(_DEFAULTS[container], sheet.p))
    dt_fmt = _num_fmt(sheet, DATETIME_FORMAT)
    bold = _bold_font(sheet)
    ids = StyleIds(
        header=_xf(sheet, 0, bold),
        date=_xf(sheet, DATE_NUMFMT, 0),
        datetime=_xf(sheet, dt_fmt, 0),
        decimal=_xf(sheet, DECIMAL_NUMFMT, 0),
        wrap=_xf(sheet, 0, 0, wrap=True),
    )
    return sheet.data, ids
