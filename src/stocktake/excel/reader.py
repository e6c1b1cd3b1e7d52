"""Read a stock-take workbook into a :class:`~stocktake.model.Workbook`.

Fast: python-calamine reads every value (it also answers Excel table ranges and
merged cells), so no openpyxl is needed on the read path. Forgiving: sheets and
columns are recognised by synonyms, headers can sit under title rows, numbers and
dates arrive as text. Safe: :func:`~stocktake.excel.safety.inspect_package` vets the
file first. Every problem is collected with its cell; nothing raises except a
refusal of the whole file (:class:`WorkbookRefused`).
"""

from __future__ import annotations

import gc
import io
import math
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine as calamine

from stocktake.excel import schema
from stocktake.excel.extent import MAX_SHEET_CELLS
from stocktake.excel.formulas import bad_formula_cells
from stocktake.excel.headers import find_header
from stocktake.excel.rows import Columns, Record, read_records
from stocktake.excel.safety import PackageInfo, WorkbookRefused, inspect_package
from stocktake.excel.schema import FieldSpec, Parse, SheetSpec, norm
from stocktake.excel.values import MAX_EXCEL_SERIAL
from stocktake.model import (
    Criterion,
    CSFScore,
    Decision,
    Initiative,
    Metric,
    Milestone,
    Mission,
    Problem,
    Reading,
    Severity,
    SheetLayout,
    Stakeholder,
    Workbook,
)
from stocktake.model.integrity import check_readings, check_references
from stocktake.model.vocab import Classification, ReadingKind
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
    schema.INITIATIVES,
    schema.READINGS,
    schema.CSF,
    schema.STAKEHOLDERS,
    schema.DECISIONS,
)


@dataclass(slots=True)
class _Source:
    """Where one kind's rows are: a sheet, or an Excel table inside a sheet."""

    sheet: str
    table: str = ""
    header_row: int | None = None  # 0-based, known for tables
    end_row: int | None = None  # 0-based exclusive, for tables


def is_panic(exc: BaseException) -> bool:
    """python-calamine's Rust panics arrive as ``pyo3_runtime.PanicException``, a
    ``BaseException`` (so ``except Exception`` misses them) from a module that cannot
    be imported by name; it is recognised by its class name."""
    return type(exc).__name__ == "PanicException"


# What python-calamine raises on a package it cannot make sense of (besides panics).
_CALAMINE_ERRORS = (
    calamine.CalamineError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    OSError,
)


class _SheetUnreadable(Exception):
    """One sheet could not be read; the message (a problem for that sheet) says why."""

    def __init__(self, cell: str, message: str) -> None:
        super().__init__(message)
        self.cell = cell
        self.message = message


def _locate(book: calamine.CalamineWorkbook, wb: Workbook) -> dict[str, _Source]:
    """Assign sheets (and Excel tables) to record kinds; note sheets nobody claims."""
    found: dict[str, _Source] = {}
    name = wb.path.name if wb.path else "the workbook"
    try:
        worksheets = [
            m.name for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet
        ]
        table_names = list(book.table_names or [])
    except _CALAMINE_ERRORS as exc:
        raise WorkbookRefused(f"{name}: the list of sheets cannot be read ({exc}).") from None
    except BaseException as exc:
        if not is_panic(exc):
            raise
        raise WorkbookRefused(f"{name}: the list of sheets cannot be read ({exc}).") from None
    tables_by_sheet: dict[str, list[calamine.CalamineTable]] = {}
    for tname in table_names:
        try:
            table = book.get_table_by_name(tname)
        except BaseException as exc:
            if not (isinstance(exc, _CALAMINE_ERRORS) or is_panic(exc)):
                raise
            wb.problems.append(
                Problem(
                    "",
                    "",
                    Severity.WARNING,
                    f"the Excel table {tname!r} cannot be read ({exc}); its sheet is read "
                    "without it.",
                )
            )
            continue
        tables_by_sheet.setdefault(table.sheet, []).append(table)

    def source_for(sheet: str, kind: str) -> _Source:
        for table in tables_by_sheet.get(sheet, []):
            if schema.sheet_kind(schema.strip_table_prefix(table.name)) in (kind, None) and (
                table.start is not None
            ):
                end = table.end[0] + 1 if table.end else None
                return _Source(sheet, table.name, table.start[0] - 1, end)
        return _Source(sheet)

    for name in worksheets:
        kind = schema.sheet_kind(name)
        if kind is None:
            continue
        if kind in found:
            wb.problems.append(
                Problem(
                    name,
                    "",
                    Severity.WARNING,
                    f"this sheet also looks like {kind}, but "
                    f"'{found[kind].sheet}' is read for that; this one "
                    "is kept but not read.",
                )
            )
            continue
        found[kind] = source_for(name, kind)
    # An Excel table named like a kind counts as that kind's sheet.
    for sheet, tables in tables_by_sheet.items():
        for table in tables:
            kind = schema.sheet_kind(schema.strip_table_prefix(table.name))
            if kind and kind not in found and table.start is not None:
                end = table.end[0] + 1 if table.end else None
                found[kind] = _Source(sheet, table.name, table.start[0] - 1, end)
    claimed = {s.sheet for s in found.values()}
    wb.unrecognised_sheets = [
        n
        for n in wb.sheet_names
        if n not in claimed
        and norm(n) not in schema.OUTPUT_SHEETS
        and norm(n) not in schema.INFORMATIONAL_SHEETS
    ]
    return found


def _fill_merged(
    rows: list[list[object]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] | None
) -> None:
    """Give every cell of a merged range its top-left value, as a reader of the sheet
    sees it (a Mission ID merged down a block of initiatives belongs to each).

    The cells filled are bounded like a sheet's (overlapping merges could otherwise ask
    for billions of fills); merges beyond that budget are left as they are."""
    budget = MAX_SHEET_CELLS
    for (r0, c0), (r1, c1) in merged or ():
        budget -= max(r1 - r0 + 1, 0) * max(c1 - c0 + 1, 0)
        if budget < 0:
            return
        if r0 >= len(rows):
            continue
        top = rows[r0]
        value = top[c0] if c0 < len(top) else ""
        if value == "":
            continue
        for r in range(r0, min(r1 + 1, len(rows))):
            row = rows[r]
            for c in range(c0, min(c1 + 1, len(row))):
                if row[c] == "":
                    row[c] = value


class _Reader:
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
    def _rows(self, sheet: str) -> list[list[object]]:
        extent = self.info.oversized.get(sheet)
        if extent is not None:
            raise _SheetUnreadable(
                extent.far_cell,
                f"a cell this far out makes the sheet {extent.rows:,} rows by "
                f"{extent.columns:,} columns ({extent.cells:,} cells), more than the "
                f"{MAX_SHEET_CELLS:,} Stocktake reads in one sheet, so the sheet was not "
                "read. Delete the cells beyond your data and save the workbook again.",
            )
        try:
            data = self.book.get_sheet_by_name(sheet)
            # iter_rows, not to_python: it yields the GIL between rows, so a GUI thread
            # stays responsive while a worker reads (to_python holds it for the whole
            # sheet, 300 ms on 200k rows); same speed. Its rows start at row 1 but its
            # columns at the first used column, so pad them back to column A.
            # A comprehension, not list(): bytecode between rows lets other threads run.
            rows: list[list[Any]] = [row for row in data.iter_rows()]
            start = data.start
            merged = data.merged_cell_ranges
        except _CALAMINE_ERRORS as exc:
            raise _SheetUnreadable("", f"the sheet cannot be read ({exc}).") from None
        except BaseException as exc:
            if not is_panic(exc):
                raise
            cell, why = self._suspect_cell(sheet)
            raise _SheetUnreadable(
                cell, f"the sheet cannot be read: {why}. Correct the cell and save again."
            ) from None
        if start is not None and start[1] > 0:
            pad = [""] * start[1]
            rows = [pad + row for row in rows]
        _fill_merged(rows, merged)
        return rows

    def _suspect_cell(self, sheet: str) -> tuple[str, str]:
        """After a panic in the Rust reader: the cell most likely to blame (a number no
        date can hold, such as -1e999), found by a plain scan of the sheet's XML."""
        part = self.info.sheet_parts.get(sheet)
        if part is None:
            return "", "a cell holds a value the reader cannot convert"
        try:
            with self.info.open_zip() as zf:
                xml = zf.read(part)
        except (KeyError, OSError, ValueError):
            return "", "a cell holds a value the reader cannot convert"
        worst: tuple[str, str] | None = None
        for ref, raw in _CELL_VALUE.findall(xml):
            try:
                number = float(raw)
            except ValueError:
                continue
            if not math.isfinite(number):
                return (
                    ref.decode(),
                    f"the cell holds {raw.decode()[:20]}, which is not a finite number",
                )
            if worst is None and abs(number) > MAX_EXCEL_SERIAL:
                worst = (
                    ref.decode(),
                    f"the cell holds {raw.decode()[:20]}, too large for the date it is "
                    "formatted as",
                )
        return worst or ("", "a cell holds a value the reader cannot convert")

    def _score_columns(self) -> dict[str, str]:
        extra: dict[str, str] = {}
        for cid, crit in self.wb.criteria.items():
            extra.setdefault(norm(cid), f"score:{cid}")
            extra.setdefault(norm(crit.name), f"score:{cid}")
        return extra

    def read_kind(self, spec: SheetSpec, source: _Source) -> Columns:
        sheet = source.sheet
        try:
            rows = self._rows(sheet)
        except _SheetUnreadable as exc:
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
            if key.startswith("cost:"):
                fields[key] = Parse.MONEY_M
            elif key.startswith("score:"):
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

    # -- kinds ---------------------------------------------------------------------
    def _duplicate(
        self, kind: str, label: str, key: str, ident: str, row: int, first_row: int
    ) -> None:
        layout = self.wb.layouts[kind]
        cell, first = layout.cell(row, key), layout.cell(first_row, key)
        self.wb.problems.append(
            Problem(
                layout.sheet,
                cell.a1 if cell else "",
                Severity.ERROR,
                f"Duplicate {label} '{ident}' (first at {first}); this row is not used.",
            )
        )

    def _unique(
        self, kind: str, label: str, rec: Record, key: str, seen: dict[str, int]
    ) -> str | None:
        ident = str(rec.values[key])
        if ident in seen:
            self._duplicate(kind, label, key, ident, rec.row, seen[ident])
            return None
        seen[ident] = rec.row
        return ident

    def build(self, kind: str, table: Columns) -> None:
        wb = self.wb
        seen: dict[str, int] = {}
        if kind == "readings":
            self._build_readings(table)
            return
        if kind == "initiatives":
            self._build_initiatives(table, seen)
            return
        records = table.records()
        if kind == "settings":
            for rec in records:
                # Keys compare case-blind ("Balance" is "balance") but what follows a
                # colon keeps its case: "scenario:Milestones first" is a name.
                prefix, colon, rest = str(rec.values["key"]).strip().partition(":")
                key = prefix.strip().lower() + colon + rest.strip()
                wb.settings[key] = str(rec.values["value"])
                wb.setting_rows[key] = rec.row
            cls = Classification.parse(wb.settings.get("classification", ""))
            wb.classification = cls or Classification.OFFICIAL
        elif kind == "missions":
            for rec in records:
                v = rec.values
                if (ident := self._unique(kind, "Mission ID", rec, "id", seen)) is None:
                    continue
                wb.missions[ident] = Mission(
                    ident,
                    str(v["name"]),
                    str(v.get("ambition", "")),
                    _int(v.get("horizon")),
                    str(v.get("lead_department", "")),
                    str(v.get("sro", "")),
                    str(v.get("board_chair", "")),
                    rec.row,
                )
        elif kind == "milestones":
            for rec in records:
                v = rec.values
                if (ident := self._unique(kind, "Milestone ID", rec, "id", seen)) is None:
                    continue
                wb.milestones[ident] = Milestone(
                    ident,
                    str(v["mission_id"]),
                    str(v["name"]),
                    str(v.get("metric_id", "")),
                    v.get("target"),
                    v.get("target_date"),
                    rec.row,
                )
        elif kind == "metrics":
            for rec in records:
                v = rec.values
                if (ident := self._unique(kind, "Metric ID", rec, "id", seen)) is None:
                    continue
                wb.metrics[ident] = Metric(
                    ident,
                    str(v["mission_id"]),
                    str(v["name"]),
                    str(v.get("unit", "")),
                    v.get("direction"),
                    v.get("baseline"),
                    v.get("baseline_date"),
                    v.get("target"),
                    v.get("target_date"),
                    str(v.get("source", "")),
                    rec.row,
                )
        elif kind == "criteria":
            self._build_criteria(records, seen)
        elif kind == "csf":
            for rec in records:
                v = rec.values
                score = float(v["score"])
                if not 1 <= score <= 5:
                    cell = wb.layouts[kind].cell(rec.row, "score")
                    wb.problems.append(
                        Problem(
                            cell.sheet if cell else "",
                            cell.a1 if cell else "",
                            Severity.WARNING,
                            f"Score: found {score:g}, expected 1 to 5; the value is ignored.",
                        )
                    )
                    continue
                wb.csf_scores.append(
                    CSFScore(
                        str(v["mission_id"]),
                        str(v["factor"]),
                        score,
                        str(v.get("evidence", "")),
                        rec.row,
                    )
                )
        elif kind == "stakeholders":
            for rec in records:
                v = rec.values
                wb.stakeholders.append(
                    Stakeholder(
                        str(v["organisation"]),
                        str(v["sector"]),
                        str(v.get("mission_id", "")),
                        str(v.get("initiative_id", "")),
                        str(v.get("role", "")),
                        str(v.get("engagement", "")),
                        rec.row,
                    )
                )
        elif kind == "decisions":
            for rec in records:
                v = rec.values
                if (ident := self._unique(kind, "Decision ID", rec, "decision_id", seen)) is None:
                    continue
                wb.decisions.append(
                    Decision(
                        ident,
                        str(v["initiative_id"]),
                        v["decision"],
                        str(v.get("rationale", "")),
                        str(v.get("owner", "")),
                        v.get("review_date"),
                        str(v.get("meeting", "")),
                        v.get("decided_at"),
                        str(v.get("decided_by", "")),
                        v.get("balance"),
                        str(v.get("supersedes", "")),
                        rec.row,
                    )
                )

    def _build_criteria(self, records: list[Record], seen: dict[str, int]) -> None:
        wb = self.wb
        for rec in records:
            v = rec.values
            if (ident := self._unique("criteria", "Criterion ID", rec, "id", seen)) is None:
                continue
            weight = float(v["weight"])
            if weight < 0:
                cell = wb.layouts["criteria"].cell(rec.row, "weight")
                wb.problems.append(
                    Problem(
                        cell.sheet if cell else "",
                        cell.a1 if cell else "",
                        Severity.ERROR,
                        f"Weight: found {weight:g}; a swing weight cannot be "
                        "negative; this criterion is not used.",
                    )
                )
                continue
            lo, hi = v.get("scale") or (0.0, 5.0)
            wb.criteria[ident] = Criterion(
                ident,
                str(v["name"]),
                v["horizon"],
                weight,
                str(v.get("milestone_id", "")),
                float(lo),
                float(hi),
                str(v.get("rubric", "")),
                rec.row,
            )

    def _build_readings(self, table: Columns) -> None:
        """Column-wise, because a metric's time series can run to 200k rows."""
        kinds = [k or ReadingKind.ACTUAL for k in table.column("kind")]
        sources = [s or "" for s in table.column("source")]
        self.wb.readings.extend(
            map(
                Reading,
                table.column("metric_id"),
                table.column("date"),
                table.column("value"),
                kinds,
                sources,
                table.rows,
            )
        )

    def _build_initiatives(self, table: Columns, seen: dict[str, int]) -> None:
        wb = self.wb
        layout = wb.layouts["initiatives"]
        years = sorted(k.split(":", 1)[1] for k in layout.columns if k.startswith("cost:"))
        wb.financial_years = years
        problems = wb.problems
        # Scores: check each column against its criterion's scale once, column-wise.
        score_columns: list[tuple[str, list[Any]]] = []
        for key in layout.columns:
            if not key.startswith("score:"):
                continue
            cid = key.split(":", 1)[1]
            crit = wb.criteria[cid]
            col = table.column(key)
            for i, score in enumerate(col):
                if score is not None and not crit.scale_lo <= score <= crit.scale_hi:
                    cell = layout.cell(table.rows[i], key)
                    problems.append(
                        Problem(
                            layout.sheet,
                            cell.a1 if cell else "",
                            Severity.WARNING,
                            f"{cid} score: found {score:g}, outside the scale "
                            f"{crit.scale_lo:g}-{crit.scale_hi:g}; treated as not scored.",
                        )
                    )
                    col[i] = None
            score_columns.append((cid, col))
        cids = [cid for cid, _col in score_columns]
        score_rows = list(zip(*(col for _cid, col in score_columns), strict=True)) or [
            () for _ in table.rows
        ]
        cost_columns = [(y, table.column(f"cost:{y}")) for y in years]
        known = {f.key for f in schema.INITIATIVES.fields}
        extra_columns = [
            (k, table.column(k)) for k in table.values if k not in known and ":" not in k
        ]
        c = table.column
        ids, missions, names = c("id"), c("mission_id"), c("name")
        lead, partners, sector, stage = c("lead_department"), c("partners"), c("sector"), c("stage")
        dca, evidence, fte, cls = c("dca"), c("evidence"), c("fte"), c("classification")
        depends, excludes, notes = c("depends_on"), c("excludes"), c("notes")
        official = Classification.OFFICIAL
        for i, row in enumerate(table.rows):
            ident = ids[i]
            if ident in seen:
                self._duplicate("initiatives", "Initiative ID", "id", ident, row, seen[ident])
                continue
            seen[ident] = row
            wb.initiatives[ident] = Initiative(
                id=ident,
                mission_id=missions[i],
                name=names[i],
                lead_department=lead[i] or "",
                partners=partners[i] or (),
                sector=sector[i] or "",
                stage=stage[i],
                dca=dca[i],
                evidence=evidence[i],
                costs={y: col[i] for y, col in cost_columns if col[i] is not None},
                fte=fte[i],
                classification=cls[i] or official,
                depends_on=depends[i] or (),
                excludes=excludes[i] or (),
                notes=notes[i] or "",
                scores=dict(zip(cids, score_rows[i], strict=True)),
                extra={k: col[i] for k, col in extra_columns if col[i] is not None},
                row=row,
            )

    # -- whole workbook ------------------------------------------------------------
    def run(self, skip: frozenset[str] = frozenset()) -> Workbook:
        wb = self.wb
        sources = _locate(self.book, wb)
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
                self.build(spec.kind, records)
        wb.problems.extend(check_references(wb))
        if self.progress is not None:
            self.progress(len(todo), len(todo))
        return wb


_CELL_VALUE = re.compile(
    rb"""<c\b[^>]*?\sr=["']([A-Z]{1,3}[0-9]{1,7})["'][^>]*>(?:<f\b[^<]*(?:</f>)?)?<v>([^<]{1,40})</v>"""
)


class ReadCancelled(Exception):
    """The progress callback asked to stop."""


def _int(value: int | None) -> int | None:
    return None if value is None else int(value)


@contextmanager
def _reader(path: Path, progress: Progress | None) -> Iterator[_Reader]:
    info = inspect_package(path)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(info.data), load_tables=True)
    except _CALAMINE_ERRORS as exc:
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
            except _CALAMINE_ERRORS as exc:
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
        source = _locate(reader.book, part).get("readings")
        if source is not None:
            table = reader.read_kind(schema.READINGS, source)
            if "readings" in part.layouts:
                reader.build("readings", table)
        part.problems = [
            p
            for p in part.problems
            if p.sheet == getattr(part.layouts.get("readings"), "sheet", None)
        ]
        part.problems.extend(check_readings(part))
        part.latest_actuals()
        return part
