"""Reading the data rows under a recognised header into parsed field values.

One bad cell never stops the rest: each cell either parses, or becomes a problem at
its own address (an error when the field is required and the row cannot be used, a
warning when the field is optional and the value is dropped).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from stocktake.excel.field_specs import FieldSpec, Parse, SheetSpec, norm
from stocktake.excel.values import (
    MAX_MAGNITUDE,
    AbsurdNumber,
    ValueProblem,
    is_blank,
    parse_date,
    parse_id_list,
    parse_int,
    parse_money_m,
    parse_number,
    parse_scale,
    text,
)
from stocktake.model.problems import Problem, Severity
from stocktake.model.vocab import (
    DCA,
    Classification,
    DecisionKind,
    Direction,
    Evidence,
    Horizon,
    ReadingKind,
    Stage,
)
from stocktake.model.workbook import column_letter


def _vocab(
    cls: type[DCA]
    | type[Stage]
    | type[Evidence]
    | type[Classification]
    | type[Horizon]
    | type[DecisionKind]
    | type[Direction]
    | type[ReadingKind],
) -> Callable[[object], object]:
    def parse(value: object) -> object:
        if is_blank(value):
            return None
        found = cls.parse(value)
        if found is None:
            raise ValueProblem(
                f"found '{text(value)[:40]}', expected one of {', '.join(cls.choices())}"
            )
        return found

    return parse


def _text_or_none(value: object) -> str | None:
    return text(value) or None


def _id(value: object) -> str | None:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text(value) or None


def _number_or_text(value: object) -> float | str | None:
    if is_blank(value):
        return None
    try:
        return parse_number(value)
    except ValueProblem:
        return text(value)


def _datetime(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    day = parse_date(value)
    return None if day is None else dt.datetime(day.year, day.month, day.day)


def _text_list(value: object) -> tuple[str, ...] | None:
    return parse_id_list(value) or None


PARSERS: dict[Parse, Callable[[object], object]] = {
    Parse.ID: _id,
    Parse.TEXT: _text_or_none,
    Parse.NUMBER: parse_number,
    Parse.MONEY_M: parse_money_m,
    Parse.INT: parse_int,
    Parse.DATE: parse_date,
    Parse.DATETIME: _datetime,
    Parse.DCA: _vocab(DCA),
    Parse.STAGE: _vocab(Stage),
    Parse.EVIDENCE: _vocab(Evidence),
    Parse.CLASSIFICATION: _vocab(Classification),
    Parse.HORIZON: _vocab(Horizon),
    Parse.DECISION: _vocab(DecisionKind),
    Parse.DIRECTION: _vocab(Direction),
    Parse.READING_KIND: _vocab(ReadingKind),
    Parse.SCALE: parse_scale,
    Parse.ID_LIST: lambda v: parse_id_list(v) or None,
    Parse.TEXT_LIST: _text_list,
    Parse.NUMBER_OR_TEXT: _number_or_text,
}


@dataclass(slots=True)
class Record:
    """One usable data row: Excel row number and parsed values by field key."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Columns:
    """The usable rows of a sheet, column-wise: ``values[key][i]`` belongs to ``rows[i]``.

    Column-wise because large sheets (200k readings) are built into records far faster
    from aligned lists than from a dict per row; ``None`` marks a blank or dropped cell.
    """

    rows: list[int]
    values: dict[str, list[Any]]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, key: str) -> list[Any]:
        """The column for ``key``, or all ``None`` when the sheet has no such column."""
        found = self.values.get(key)
        return found if found is not None else [None] * len(self.rows)

    def records(self) -> list[Record]:
        """Row-wise records, for the small sheets where convenience wins."""
        items = list(self.values.items())
        return [
            Record(row, {k: v[i] for k, v in items if v[i] is not None})
            for i, row in enumerate(self.rows)
        ]


_FAILED = object()  # marks a cell the fast path could not parse


def _fast_column(parse: Parse) -> Callable[[list[Any]], tuple[list[Any], list[int]]]:
    """A column parser for the common case, where the cells already have the right type.

    Returns the parsed column and the indices of the cells that need the careful
    per-cell path (text to parse, blanks, oddities). On a 200k-row sheet this keeps the
    reader within a small factor of python-calamine's own parse.
    """
    # Each checks the whole column's types first (map/set run at C speed) and only
    # walks it in Python when something is not already of the right type.
    if parse in (Parse.ID, Parse.TEXT):

        def texts(col: list[Any]) -> tuple[list[Any], list[int]]:
            if set(map(type, col)) == {str}:
                out = list(map(str.strip, col))
                if all(out):
                    return out, []
            else:
                out = [v.strip() if type(v) is str else v for v in col]
            return out, [i for i, v in enumerate(out) if type(v) is not str or not v]

        return texts
    if parse in (Parse.NUMBER, Parse.MONEY_M):

        def numbers(col: list[Any]) -> tuple[list[Any], list[int]]:
            # Three C-speed passes prove every float finite and of sane size (NaN makes
            # the sum NaN); otherwise the odd ones take the careful path and say why.
            floats_only = set(map(type, col)) == {float}
            if floats_only and (
                not col
                or (
                    math.isfinite(sum(col))
                    and min(col) >= -MAX_MAGNITUDE
                    and max(col) <= MAX_MAGNITUDE
                )
            ):
                return list(col), []
            return list(col), [
                i
                for i, v in enumerate(col)
                if type(v) is not float or not -MAX_MAGNITUDE <= v <= MAX_MAGNITUDE
            ]

        return numbers
    if parse is Parse.DATE:

        def dates(col: list[Any]) -> tuple[list[Any], list[int]]:
            if set(map(type, col)) == {dt.datetime}:
                return list(map(dt.datetime.date, col)), []
            out = [v.date() if type(v) is dt.datetime else v for v in col]
            return out, [i for i, v in enumerate(out) if type(v) is not dt.date]

        return dates
    parser = PARSERS[parse]

    def distinct(col: list[Any]) -> tuple[list[Any], list[int]]:
        """Vocabularies and lists repeat a few values: parse each distinct one once."""
        mapping: dict[Any, Any] = {}
        for value in set(col):
            try:
                mapping[value] = parser(value) if value != "" else _FAILED
            except ValueProblem:
                mapping[value] = _FAILED
        out = [mapping[v] for v in col]
        return out, [i for i, v in enumerate(out) if v is _FAILED or v is None]

    return distinct


# Kinds whose blank cells may hide a formula error worth naming (numbers and dates);
# a blank text cell is just blank.
_FORMULA_PRONE = {Parse.NUMBER, Parse.MONEY_M, Parse.INT, Parse.DATE, Parse.DATETIME}


def _blank_row(row: Sequence[object]) -> bool:
    return all(is_blank(c) for c in row)


def _note_or_total(row: Sequence[object]) -> bool:
    """Stray notes ("Source: illustrative") and total rows are not records."""
    filled = [c for c in row if not is_blank(c)]
    if len(filled) == 1 and isinstance(filled[0], str) and " " in filled[0].strip():
        return True
    return any(isinstance(c, str) and norm(c) in ("total", "totals", "grandtotal") for c in filled)


FormulaIssues = Callable[[], dict[tuple[int, int], str]]


def read_records(
    sheet: str,
    rows: Sequence[Sequence[object]],
    header_index: int,
    columns: dict[str, FieldSpec | Parse],
    column_index: dict[str, int],
    spec: SheetSpec,
    formula_issues: FormulaIssues,
    problems: list[Problem],
    end_index: int | None = None,
) -> Columns:
    """The usable rows below the header; problems are appended as they are found.

    ``columns`` maps each field key to its spec (or a bare :class:`Parse` for derived
    keys such as ``cost:2025-26``); ``column_index`` maps the key to its column.
    ``formula_issues()`` is asked (once, lazily) only when a blank cell is met, since
    a blank may really be a formula error. Work is done a column at a time (see
    :func:`_fast_column`); problems are then reported in reading order, row by row.
    """
    required = {f.key for f in spec.required}
    labels = {f.key: f.label for f in spec.fields}
    stop = len(rows) if end_index is None else min(end_index, len(rows))
    data = rows[header_index + 1 : stop]
    width = min(map(len, data), default=0)
    first_row = header_index + 2  # Excel row number of data[0]
    parsed: list[tuple[str, int, list[Any], bool]] = []
    # (key, column, message, row unusable, an error even if the row is kept)
    failures: dict[int, list[tuple[str, int, str, bool, bool]]] = {}
    missing_required: set[int] = set()
    issues: dict[tuple[int, int], str] | None = None
    for key, c in columns.items():
        if key not in column_index:
            continue
        col = column_index[key]
        kind = c if isinstance(c, Parse) else c.parse
        raw = (
            list(map(itemgetter(col), data))
            if col < width
            else [r[col] if col < len(r) else "" for r in data]
        )
        values, slow = _fast_column(kind)(raw)
        parse = PARSERS[kind]
        is_required = key in required
        check_formulas = is_required or kind in _FORMULA_PRONE
        if not check_formulas and slow:
            # Blank optional text cells are simply blank: settle them in one sweep.
            blanks = [i for i in slow if raw[i] == ""]
            for i in blanks:
                values[i] = None
            if blanks:
                slow = [i for i in slow if raw[i] != ""]
        memo: dict[object, object] = {}
        for i in slow:
            cell = raw[i]
            try:
                if cell == "":
                    if issues is None:
                        issues = formula_issues()
                    if (first_row + i, col) in issues:
                        raise ValueProblem(issues[(first_row + i, col)])
                if type(cell) is str and cell in memo:
                    value = memo[cell]
                else:
                    value = parse(cell)
                    if type(cell) is str:
                        memo[cell] = value
            except ValueProblem as exc:
                serious = isinstance(exc, AbsurdNumber)
                failures.setdefault(i, []).append((key, col, str(exc), is_required, serious))
                values[i] = None
                continue
            values[i] = value
            if value is None and is_required:
                missing_required.add(i)
        parsed.append((key, col, values, is_required))

    dropped: set[int] = set()
    for i in sorted(missing_required | failures.keys()):
        excel_row = first_row + i
        if (
            i in missing_required
            and i not in failures
            and (_blank_row(data[i]) or _note_or_total(data[i]))
        ):
            dropped.add(i)
            continue
        usable = True
        for key, col, message, is_required, serious in failures.get(i, ()):
            label = labels.get(key, key.split(":", 1)[-1])
            where = f"{column_letter(col)}{excel_row}"
            if is_required:
                usable = False
                problems.append(
                    Problem(
                        sheet, where, Severity.ERROR, f"{label}: {message}; this row is not used."
                    )
                )
            else:
                # A non-finite or absurd number is an error even where the field is
                # optional: dropping a cost silently would make the initiative look free.
                severity = Severity.ERROR if serious else Severity.WARNING
                problems.append(
                    Problem(sheet, where, severity, f"{label}: {message}; the value is ignored.")
                )
        if i in missing_required:
            failed_keys = {f[0] for f in failures.get(i, ())}
            for key, col, values, is_required in parsed:
                if is_required and values[i] is None and key not in failed_keys:
                    usable = False
                    problems.append(
                        Problem(
                            sheet,
                            f"{column_letter(col)}{excel_row}",
                            Severity.ERROR,
                            f"{labels.get(key, key)} is missing; this row is not used.",
                        )
                    )
        if not usable:
            dropped.add(i)
    keep = [i for i in range(len(data)) if i not in dropped] if dropped else range(len(data))
    if len(keep) == len(data):
        columns_out = {key: values for key, _col, values, _req in parsed}
    else:
        columns_out = {key: [values[i] for i in keep] for key, _col, values, _req in parsed}
    return Columns([first_row + i for i in keep], columns_out)
