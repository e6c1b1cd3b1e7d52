"""Read a stock-take workbook into a :class:`~stocktake.model.Workbook`.

Fast: python-calamine reads every value (it also answers Excel table ranges and
merged cells), so no openpyxl is needed on the read path. Forgiving: sheets and
columns are recognised by synonyms, headers can sit under title rows, numbers and
dates arrive as text. Safe: :func:`~stocktake.excel.safety.inspect_package` vets the
file first. Every problem is collected with its cell; nothing raises except a
refusal of the whole file (:class:`WorkbookRefused`).

This module holds the order of reading (sheet by sheet, header found, records read);
where the sheets are and their cells come from :mod:`stocktake.excel.sheets`, and
what each row means from :mod:`stocktake.excel.builders`.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

import python_calamine as calamine

from stocktake.excel import schema, score_ranges
from stocktake.excel.builders import RecordBuilder
from stocktake.excel.field_specs import FieldSpec, Parse, SheetSpec, norm
from stocktake.excel.formulas import bad_formula_cells
from stocktake.excel.headers import find_header
from stocktake.excel.rows import Columns, read_records
from stocktake.excel.safety import PackageInfo, WorkbookRefused, inspect_package
from stocktake.excel.sheets import (
    CALAMINE_ERRORS,
    SheetUnreadable,
    Source,
    is_panic,
    locate,
    sheet_rows,
)
from stocktake.model import Problem, Severity, SheetLayout, Workbook
from stocktake.model.integrity import check_contributions, check_readings, check_references
from stocktake.model.score_checks import check_scores
from stocktake.model.workbook import column_letter

__all__ = ["WorkbookRefused", "read_workbook"]

Progress = Callable[[int, int], bool]

# Order matters: criteria before initiatives (score columns are criterion IDs).
READ_ORDER: tuple[SheetSpec, ...] = (
    schema.SETTINGS,
    schema.MISSIONS,
    schema.MILESTONES,
    schema.METRICS,
    schema.CRITERIA,
    schema.FUNDING,  # before initiatives: their funding-pot cells name its pots
    schema.INITIATIVES,
    schema.READINGS,
    schema.CSF,
    schema.STAKEHOLDERS,
    schema.DECISIONS,
    schema.CONTRIBUTIONS,
    schema.ACTIONS,
    schema.EVALUATIONS,
)


class _Reader:
    """One read of one package: finds the sheets, reads each kind in order, builds records."""

    def __init__(
        self,
        path: Path,
        info: PackageInfo,
        book: calamine.CalamineWorkbook,
        progress: Progress | None,
    ) -> None:
        self.path = path
        self.info = info
        self.book = book
        self.progress = progress
        self.wb = Workbook(path=path, sheet_names=list(book.sheet_names))

    # -- sheet level -------------------------------------------------------------
    def _score_columns(self) -> dict[str, str]:
        extra: dict[str, str] = {}
        for cid, crit in self.wb.criteria.items():
            extra.setdefault(norm(cid), f"score:{cid}")
            extra.setdefault(norm(crit.name), f"score:{cid}")
        for header, key in score_ranges.range_headers(self.wb.criteria.values()).items():
            extra.setdefault(header, key)
        return extra

    def read_kind(self, spec: SheetSpec, source: Source) -> Columns:
        sheet = source.sheet
        try:
            rows = sheet_rows(self.book, self.info, sheet)
        except SheetUnreadable as exc:
            self.wb.problems.append(Problem(sheet, exc.cell, Severity.ERROR, exc.message))
            return Columns([], {})
        is_initiatives = spec.kind == "initiatives"
        extra = self._score_columns() if is_initiatives else None
        match = find_header(rows, spec, extra, costs=is_initiatives, only_row=source.header_row)
        problems = self.wb.problems
        if match is None:
            problems.append(
                Problem(
                    sheet,
                    "",
                    Severity.ERROR,
                    f"no header row found for {spec.label.lower()}; expected "
                    f"columns such as {', '.join(f.label for f in spec.fields[:4])}"
                    " in one of the first rows.",
                )
            )
            return Columns([], {})
        header_cell = f"A{match.row_index + 1}"
        missing = match.missing(spec)
        if missing:
            problems.append(
                Problem(
                    sheet,
                    header_cell,
                    Severity.ERROR,
                    f"the header row has no {' or '.join(missing)} column, so "
                    f"the {spec.label.lower()} on this sheet cannot be read.",
                )
            )
            return Columns([], {})
        for label, col in match.duplicates.items():
            problems.append(
                Problem(
                    sheet,
                    f"{column_letter(col)}{match.row_index + 1}",
                    Severity.WARNING,
                    f"'{label}' repeats a column already read; this one is ignored.",
                )
            )
        layout = SheetLayout(
            spec.kind,
            sheet,
            match.row_index + 1,
            dict(match.columns),
            dict(match.unknown),
            source.table,
        )
        self.wb.layouts[spec.kind] = layout
        fields: dict[str, FieldSpec | Parse] = {f.key: f for f in spec.fields}
        for key in match.columns:
            if key.startswith(("cost:", "benefit:")):
                fields[key] = Parse.MONEY_M
            elif key.startswith(("score:", "low:", "high:")):
                fields[key] = Parse.NUMBER
        part = self.info.sheet_parts.get(sheet, "")

        def issues() -> dict[tuple[int, int], str]:
            return bad_formula_cells(self.info.data, part) if part else {}

        return read_records(
            sheet,
            rows,
            match.row_index,
            fields,
            match.columns,
            spec,
            issues,
            problems,
            source.end_row,
        )

    def _read_score_ranges(self, skip: frozenset[str]) -> None:
        """The optional ``Score ranges`` sheet, once the initiatives are known."""
        wb = self.wb
        name = next((n for n in wb.unrecognised_sheets if score_ranges.is_ranges_sheet(n)), None)
        if name is None or "initiatives" not in wb.layouts or "initiatives" in skip:
            return
        wb.unrecognised_sheets.remove(name)
        records = self.read_kind(score_ranges.SCORE_RANGES, Source(name))
        score_ranges.attach_table(wb, records)

    # -- whole workbook ------------------------------------------------------------
    def run(self, skip: frozenset[str] = frozenset()) -> Workbook:
        wb = self.wb
        sources = locate(self.book, wb)
        if not any(kind in sources for kind in schema.CORE_KINDS):
            # Not a stock-take workbook: one clear answer, not a list of guesses.
            wb.problems = [
                Problem(
                    "",
                    "",
                    Severity.ERROR,
                    "no stock-take sheets found: expected sheets (or Excel tables) named "
                    "Missions, Initiatives and Criteria (or synonyms such as Interventions, "
                    f"Programmes, Scoring criteria); this workbook has "
                    f"{', '.join(wb.sheet_names) or 'no sheets'}.",
                )
            ]
            return wb
        for kind in schema.CORE_KINDS:
            if kind not in sources:
                wb.problems.append(
                    Problem(
                        "",
                        "",
                        Severity.WARNING,
                        f"no {kind} sheet found; the analysis will have no {kind}.",
                    )
                )
        todo = [spec for spec in READ_ORDER if spec.kind in sources and spec.kind not in skip]
        for done, spec in enumerate(todo):
            if self.progress is not None and not self.progress(done, len(todo)):
                raise ReadCancelled("reading was cancelled")
            records = self.read_kind(spec, sources[spec.kind])
            if spec.kind in wb.layouts:  # no layout: the sheet's problem is already said
                RecordBuilder(wb).build(spec.kind, records)
                if spec.kind == "initiatives":
                    score_ranges.attach(wb, records)
        self._read_score_ranges(skip)
        wb.problems.extend(check_references(wb))
        wb.problems.extend(check_scores(wb))
        wb.problems.extend(check_contributions(wb))
        if self.progress is not None:
            self.progress(len(todo), len(todo))
        return wb


class ReadCancelled(Exception):
    """The progress callback asked to stop."""


@contextmanager
def _reader(path: Path, progress: Progress | None) -> Iterator[_Reader]:
    info = inspect_package(path)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(info.data), load_tables=True)
    except CALAMINE_ERRORS as exc:
        raise WorkbookRefused(f"{path.name}: the workbook cannot be read ({exc}).") from None
    except BaseException as exc:
        if not is_panic(exc):
            raise
        raise WorkbookRefused(
            f"{path.name}: the workbook's structure cannot be read ({exc})."
        ) from None
    # Building hundreds of thousands of small records trips the cyclic garbage
    # collector over and over while nothing here can form a cycle; pausing it for the
    # read roughly halves the time spent outside calamine on a 200k-reading workbook.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with book:
            try:
                reader = _Reader(path, info, book, progress)
            except CALAMINE_ERRORS as exc:
                raise WorkbookRefused(
                    f"{path.name}: the workbook cannot be read ({exc})."
                ) from None
            yield reader
    finally:
        if was_enabled:
            gc.enable()


def read_workbook(
    path: str | Path, progress: Progress | None = None, *, defer: Collection[str] = ()
) -> Workbook:
    """Read and check a stock-take workbook.

    ``progress(done, total)`` is called between sheets; returning ``False`` cancels
    with :class:`ReadCancelled`. Raises :class:`WorkbookRefused` when the file cannot
    or must not be read; every other fault is a :class:`Problem` in the result.
    ``defer=("readings",)`` leaves the (often huge) readings out, so an app can show
    the rest at once and add them with :func:`read_deferred`.
    """
    with _reader(Path(path), progress) as reader:
        return reader.run(frozenset(defer))


def read_deferred(path: str | Path, wb: Workbook) -> Workbook:
    """Read the readings left out by ``read_workbook(..., defer=("readings",))``.

    Returns a separate :class:`Workbook` holding only the readings, their layout and
    their problems (checked against ``wb``'s metrics, which are only read), so a
    worker thread can build it while another thread shows ``wb``; attach it with
    :meth:`Workbook.attach_readings`.
    """
    with _reader(Path(path), None) as reader:
        part = reader.wb
        part.metrics = wb.metrics
        source = locate(reader.book, part).get("readings")
        if source is not None:
            table = reader.read_kind(schema.READINGS, source)
            if "readings" in part.layouts:
                RecordBuilder(part).build("readings", table)
        part.problems = [
            p
            for p in part.problems
            if p.sheet == getattr(part.layouts.get("readings"), "sheet", None)
        ]
        part.problems.extend(check_readings(part))
        part.latest_actuals()
        return part
