"""Turning what people type into cells into numbers, dates and periods.

Each parser takes a raw cell value as python-calamine returns it (``str``, ``float``,
``int``, ``bool``, ``date``/``datetime``, or ``""`` for a blank cell) and returns the
parsed value, ``None`` for a blank, or raises :class:`ValueProblem` whose message says
what was found and what was expected. Parsing follows what Excel itself would store
if the text had been typed into a cell (``"12%"`` is 0.12), so a messy workbook and
its clean twin read the same.

Hand-written: no library parses UK financial years, quarters and "£1.2m" together.
"""

from __future__ import annotations

import datetime as dt
import math
import re

EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_EXCEL_SERIAL = 2_958_465  # 31/12/9999
# No figure in a stock-take (a cost in £m, a score, a metric reading) comes near a
# thousand million million; anything larger is a typing or export error, and letting
# it through would make sums overflow to infinity (1.79e308 + 1.79e308).
MAX_MAGNITUDE = 1e15


class ValueProblem(ValueError):
    """A cell value that does not parse; the message is for a person."""


class AbsurdNumber(ValueProblem):
    """A number that is not finite or too large to be real (reported as an error)."""


Raw = object


def is_blank(value: Raw) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Raw) -> str:
    """Any cell as trimmed text; numbers that are whole print without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _show(value: Raw) -> str:
    shown = text(value)
    return f"'{shown[:40]}…'" if len(shown) > 40 else f"'{shown}'"


_NUMBER = re.compile(
    r"""^(?P<neg1>[-−])?\s*(?P<cur>£)?\s*(?P<neg2>[-−])?\s*
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)\s*
        (?P<suffix>%|bn|billion|b|m|mn|million|k|thousand)?$""",
    re.VERBOSE | re.IGNORECASE,
)
_SCALE = {
    "%": 0.01,
    "bn": 1e9,
    "billion": 1e9,
    "b": 1e9,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "k": 1e3,
    "thousand": 1e3,
}


def _number_parts(value: Raw) -> tuple[float, str]:
    """(number as typed, lower-case suffix) for numeric text, else raise."""
    if isinstance(value, bool):
        raise ValueProblem(f"found {value!s}, expected a number")
    if isinstance(value, int | float):
        return _sane(float(value)), ""
    if not isinstance(value, str):
        raise ValueProblem(f"found {_show(value)}, expected a number")
    s = value.strip().replace("\u00a0", " ")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    m = _NUMBER.match(s)
    if not m:
        raise ValueProblem(f"found {_show(value)}, expected a number")
    number = _sane(float(m.group("num").replace(",", "")))
    if negative or m.group("neg1") or m.group("neg2"):
        number = -number
    return number, (m.group("suffix") or "").lower()


def _sane(number: float) -> float:
    """``number`` if it is finite and of a believable size, else a :class:`ValueProblem`."""
    if not math.isfinite(number):
        raise AbsurdNumber("found a value that is not a finite number")
    if abs(number) > MAX_MAGNITUDE:
        raise AbsurdNumber(f"found {number:.3g}, too large to be a real figure")
    return number


def parse_number(value: Raw) -> float | None:
    """A plain number: ``1,200`` -> 1200, ``12%`` -> 0.12, ``(3)`` -> -3, ``£1.2m`` -> 1.2e6."""
    if is_blank(value):
        return None
    number, suffix = _number_parts(value)
    return _sane(number * _SCALE[suffix]) if suffix else number


def parse_money_m(value: Raw) -> float | None:
    """An amount in £ million, as cost columns hold: ``£1.2m`` -> 1.2, ``£800k`` -> 0.8,
    ``£1.2bn`` -> 1200, a bare ``1,200`` -> 1200 (already in £m)."""
    if is_blank(value):
        return None
    number, suffix = _number_parts(value)
    if suffix == "%":
        raise ValueProblem(f"found {_show(value)}, expected an amount in £m")
    if suffix:
        return _sane(number * _SCALE[suffix] / 1e6)
    return number


def parse_int(value: Raw) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if not float(number).is_integer():
        raise ValueProblem(f"found {_show(value)}, expected a whole number")
    return int(number)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_UK = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_FY = re.compile(
    r"^(?:FY\s*)?(?P<y1>(?:19|20)?\d{2})\s*[-/_–]\s*(?P<y2>(?:19|20)?\d{2})$", re.IGNORECASE
)
_QUARTER = re.compile(
    r"^(?P<y>\d{4})\s*[-/ ]?\s*Q(?P<q>[1-4])$|^Q(?P<q2>[1-4])\s*[-/ ]?\s*(?P<y2>\d{4})$",
    re.IGNORECASE,
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_WORDY = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$")


def _full_year(two_or_four: str) -> int:
    year = int(two_or_four)
    return year + 2000 if year < 100 else year


def financial_year(value: Raw) -> str | None:
    """``2025-26``, ``2025/26``, ``FY25/26``, ``2025-2026``, ``cost_2025_26`` -> ``"2025-26"``.

    Only consecutive years make a UK financial year (April to March); anything else
    is not one, so ``2025-27`` is ``None``.
    """
    if is_blank(value):
        return None
    s = text(value)
    m = _FY.match(s)
    if not m:
        found = re.search(r"(?:19|20)\d{2}\s*[-/_–]\s*(?:(?:19|20)?\d{2})(?!\d)", s) or re.search(
            r"(?<!\d)FY\s*\d{2}\s*[-/_–]\s*\d{2}(?!\d)", s, re.IGNORECASE
        )
        if not found:
            return None
        m = _FY.match(found.group(0).strip())
        if not m:
            return None
    start = _full_year(m.group("y1"))
    end_raw = m.group("y2")
    end = _full_year(end_raw) if len(end_raw) == 4 else (start // 100) * 100 + int(end_raw)
    if end != start + 1:
        return None
    return f"{start}-{end % 100:02d}"


def fy_end(label: str) -> dt.date:
    """The last day of a financial year label: ``2025-26`` -> 31 March 2026."""
    return dt.date(int(label[:4]) + 1, 3, 31)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def _quarter_end(year: int, quarter: int) -> dt.date:
    """Calendar quarters (Q1 = January to March), as the ``2025-Q3`` notation means."""
    return _month_end(year, quarter * 3)


def parse_date(value: Raw) -> dt.date | None:
    """A date from an Excel date, a serial number, ISO or UK text (``31/03/2029``),
    ``31 March 2029``, a financial year (its last day) or a quarter (its last day)."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem(f"found {value!s}, expected a date")
    if isinstance(value, int | float):
        if 1 <= value <= MAX_EXCEL_SERIAL:
            if float(value).is_integer() and 1900 <= value <= 2200:
                return dt.date(int(value), 12, 31)  # a bare year: its last day
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueProblem(f"found {_show(value)}, expected a date")
    s = text(value)
    try:
        if m := _ISO.match(s):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _UK.match(s):
            return dt.date(_full_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _QUARTER.match(s):
            year = int(m.group("y") or m.group("y2"))
            return _quarter_end(year, int(m.group("q") or m.group("q2")))
        if _FY.match(s) and (label := financial_year(s)):
            return fy_end(label)
        if m := _WORDY.match(s):
            month = _MONTHS.get(m.group(2)[:3].lower())
            if month is not None:
                year = int(m.group(3))
                if m.group(1):
                    return dt.date(year, month, int(m.group(1)))
                return _month_end(year, month)  # "March 2029": the month's last day
        if re.fullmatch(r"\d{4}", s):
            return dt.date(int(s), 12, 31)
    except ValueError:
        raise ValueProblem(f"found {_show(value)}, which is not a real date") from None
    raise ValueProblem(
        f"found {_show(value)}, expected a date such as 31/03/2029, 2029-03-31, 2025-26 or 2025-Q3"
    )


def parse_scale(value: Raw) -> tuple[float, float] | None:
    """A scoring scale such as ``0-5``, ``1 to 10``, ``0–100``."""
    if is_blank(value):
        return None
    m = re.match(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|to|\.\.)\s*(-?\d+(?:\.\d+)?)\s*$", text(value))
    if not m:
        raise ValueProblem(f"found {_show(value)}, expected a scale such as 0-5")
    lo, hi = float(m.group(1)), float(m.group(2))
    if hi == lo:
        raise ValueProblem(f"found {_show(value)}: the top of a scale must be above its bottom")
    # Written top first ("5-1") comes back as typed; the criteria builder reads it as
    # 1-5 and says so (model.score_checks), rather than dropping the scale.
    return lo, hi


def parse_id_list(value: Raw) -> tuple[str, ...]:
    """``I-001; I-002``, ``I-001, I-002`` or one per line -> ``("I-001", "I-002")``."""
    if is_blank(value):
        return ()
    parts = re.split(r"[;,\n]+", text(value))
    return tuple(p.strip() for p in parts if p.strip())
