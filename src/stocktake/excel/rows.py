"""Reading the data rows under a recognised header into parsed field values.

One bad cell never stops the rest: each cell either parses, or becomes a problem at
its own address (an error when the field is required and the row cannot be used, a
warning when the field is optional and the value is dropped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from stocktake.excel.schema import FieldSpec, Parse, SheetSpec, norm
from stocktake.excel.values import (
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


def _is_note_or_total(row: Sequence[object]) -> bool:
    """Stray notes ("Source: illustrative") and total rows are not records."""
    filled = [c for c in row if not is_blank(c)]
    if not filled:
        return True
    if len(filled) == 1 and isinstance(filled[0], str) and " " in filled[0].strip():
        return True
    return any(isinstance(c, str) and norm(c) in ("total", "totals", "grandtotal") for c in filled)


def read_records(
    sheet: str,
    rows: Sequence[Sequence[object]],
    header_index: int,
    columns: dict[str, FieldSpec | Parse],
    column_index: dict[str, int],
    spec: SheetSpec,
    formula_issues: dict[tuple[int, int], str],
    problems: list[Problem],
    end_index: int | None = None,
) -> Iterator[Record]:
    """Yield the usable records below the header; append problems as they are found.

    ``columns`` maps each field key to its spec (or a bare :class:`Parse` for derived
    keys such as ``cost:2025-26``); ``column_index`` maps the key to its column.
    """
    required = {f.key for f in spec.required}
    labels = {f.key: f.label for f in spec.fields}
    plan = [
        (key, column_index[key], PARSERS[c if isinstance(c, Parse) else c.parse], key in required)
        for key, c in columns.items()
        if key in column_index
    ]
    stop = len(rows) if end_index is None else min(end_index, len(rows))
    for index in range(header_index + 1, stop):
        row = rows[index]
        if _is_note_or_total(row):
            continue
        excel_row = index + 1
        record = Record(excel_row)
        usable = True
        width = len(row)
        for key, col, parse, is_required in plan:
            raw = row[col] if col < width else ""
            try:
                if raw == "" and (excel_row, col) in formula_issues:
                    raise ValueProblem(formula_issues[(excel_row, col)])
                value = parse(raw)
            except ValueProblem as exc:
                label = labels.get(key, key.split(":", 1)[-1])
                if is_required:
                    usable = False
                    problems.append(
                        Problem(
                            sheet,
                            f"{column_letter(col)}{excel_row}",
                            Severity.ERROR,
                            f"{label}: {exc}; this row is not used.",
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            sheet,
                            f"{column_letter(col)}{excel_row}",
                            Severity.WARNING,
                            f"{label}: {exc}; the value is ignored.",
                        )
                    )
                continue
            if value is None:
                if is_required:
                    usable = False
                    problems.append(
                        Problem(
                            sheet,
                            f"{column_letter(col)}{excel_row}",
                            Severity.ERROR,
                            f"{labels.get(key, key)} is missing; this row is not used.",
                        )
                    )
                continue
            record.values[key] = value
        if usable:
            yield record
