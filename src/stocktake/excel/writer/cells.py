"""One cell's XML from a Python value: numbers as numbers, dates as serials, text as text.

Text is always a string cell (``t="s"``, an index into the workbook's shared-string
table), never a formula, whatever it starts with (``=``, ``+``, ``-``, ``@``): the cell
has no ``<f>`` element, so Excel cannot evaluate it.
Characters XML cannot hold are removed and the cell is reported; text longer than
Excel's 32,767-character cell limit is cut and reported.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import Enum

from stocktake.excel.writer import xmltext as xt
from stocktake.excel.writer.shared_strings import SharedStrings
from stocktake.excel.writer.styles import StyleIds

EXCEL_TEXT_LIMIT = 32_767
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


@dataclass(slots=True)
class CellContext:
    """What cell rendering needs to know about the workbook, and what it noticed."""

    styles: StyleIds | None
    strings: SharedStrings
    prefix: str | None = None
    date1904: bool = False
    notes: list[str] = field(default_factory=list)


def serial(value: dt.date | dt.datetime, date1904: bool = False) -> float:
    """Excel's day number for a date (1900 or 1904 date system)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    delta = value - (_EPOCH_1904 if date1904 else _EPOCH_1900)
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000


def _num(x: float) -> str:
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e15):
        return str(int(x))
    return repr(float(x))


def cell_xml(
    ref: str, value: object, ctx: CellContext, style: int | None = None, place: str = ""
) -> str:
    """The ``<c>`` element for ``value`` at ``ref``; ``style`` overrides the default style."""
    tag = xt.qname(ctx.prefix, "c")
    v = xt.qname(ctx.prefix, "v")
    s_attr = "" if style is None else f' s="{style}"'
    # Tested in order of frequency on a long sheet (numbers, then text); a bool is an
    # int, so it is tested before int.
    if isinstance(value, float):
        if not math.isfinite(value):
            return f'<{tag} r="{ref}"{s_attr}/>' if style is not None else ""
        return f'<{tag} r="{ref}"{s_attr}><{v}>{_num(value)}</{v}></{tag}>'
    if type(value) is str:
        return _text_xml(tag, v, ref, s_attr, value, ctx, place)
    if isinstance(value, Enum):
        value = value.value
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return f'<{tag} r="{ref}"{s_attr}/>' if style is not None else ""
    if isinstance(value, bool):
        return f'<{tag} r="{ref}"{s_attr} t="b"><{v}>{int(value)}</{v}></{tag}>'
    if isinstance(value, int | float):
        return f'<{tag} r="{ref}"{s_attr}><{v}>{_num(value)}</{v}></{tag}>'
    if isinstance(value, dt.date):
        if style is None and ctx.styles is not None:
            style = ctx.styles.datetime if isinstance(value, dt.datetime) else ctx.styles.date
            s_attr = f' s="{style}"'
        return f'<{tag} r="{ref}"{s_attr}><{v}>{_num(serial(value, ctx.date1904))}</{v}></{tag}>'
    return _text_xml(tag, v, ref, s_attr, str(value), ctx, place)


def _text_xml(
    tag: str, v: str, ref: str, s_attr: str, value: str, ctx: CellContext, place: str
) -> str:
    """A text cell: cleaned of what XML cannot hold, cut to Excel's limit (both noted)."""
    text, changed = xt.clean_text(value)
    if changed:
        ctx.notes.append(f"{place or ref}: removed characters that Excel files cannot hold")
    if len(text) > EXCEL_TEXT_LIMIT:
        text = text[:EXCEL_TEXT_LIMIT]
        ctx.notes.append(f"{place or ref}: text cut to Excel's limit of 32,767 characters")
    return f'<{tag} r="{ref}"{s_attr} t="s"><{v}>{ctx.strings.index(text)}</{v}></{tag}>'


def stored_value(value: object, ctx: CellContext) -> object:
    """What a reader gets back from :func:`cell_xml`'s cell for ``value``: a float for a
    number or a date (its serial), a bool, the cleaned text, or None for no value.

    The digest of what a save wrote on an owned sheet is taken over these as the sheet is
    rendered (see :mod:`.sheet_digest`), instead of parsing the written part back: on a
    long sheet that parse cost as much as the rendering.
    """
    if isinstance(value, float):  # the commonest first, as in cell_xml
        return float(value) if math.isfinite(value) else None
    if type(value) is str:
        return xt.clean_text(value)[0][:EXCEL_TEXT_LIMIT]
    if isinstance(value, Enum):
        value = value.value
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.date):
        return serial(value, ctx.date1904)
    return xt.clean_text(str(value))[0][:EXCEL_TEXT_LIMIT]
