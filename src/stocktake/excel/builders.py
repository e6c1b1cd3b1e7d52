"""Turn the rows read from each sheet into the model's records, one builder per kind.

Split from :mod:`stocktake.excel.reader`: reading cells (and finding where they
are) is one job, deciding what a row *means* — duplicate IDs refused, scores outside
a criterion's scale dropped, negative weights refused — is another. Each refusal is
a :class:`~stocktake.model.Problem` naming its cell; nothing raises.
"""

from __future__ import annotations

from typing import Any

from stocktake.excel import schema
from stocktake.excel.programme_builders import (
    build_evaluations,
    build_funding,
    initiative_places,
    initiative_pots,
    reading_places,
)
from stocktake.excel.rows import Columns, Record
from stocktake.model import (
    Contribution,
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
    Stakeholder,
    Workbook,
)
from stocktake.model.actions import Action, ActionStatus
from stocktake.model.value_scale import missing_phrase, value_scale
from stocktake.model.vocab import Classification, ReadingKind


def _int(value: int | None) -> int | None:
    return None if value is None else int(value)


class RecordBuilder:
    """Adds the records of one kind at a time to ``wb`` (its layouts already known)."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb

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
        if kind == "actions":
            self._build_actions(records, seen)
            return
        if kind == "funding":
            build_funding(wb, records)
            return
        if kind == "evaluations":
            build_evaluations(wb, records)
            return
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
                    tuple(v.get("milestone_ids") or ()),
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
                        v.get("date"),
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
        elif kind == "contributions":
            wb.contributions.extend(
                Contribution(
                    str(rec.values["initiative_id"]),
                    str(rec.values["metric_id"]),
                    rec.values.get("expected_change"),
                    rec.values.get("by"),
                    str(rec.values.get("confidence", "")),
                    rec.row,
                )
                for rec in records
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
                        str(v.get("dissent", "")),
                    )
                )

    def _build_actions(self, records: list[Record], seen: dict[str, int]) -> None:
        """Actions as typed in the sheet; a status that is neither open nor done is named
        by its cell and the action counted open (so it is still chased)."""
        layout = self.wb.layouts["actions"]
        for rec in records:
            v = rec.values
            if (ident := self._unique("actions", "Action ID", rec, "action_id", seen)) is None:
                continue
            typed = v.get("status")
            status = ActionStatus.parse(typed) if typed not in (None, "") else ActionStatus.OPEN
            if status is None:
                cell = layout.cell(rec.row, "status")
                self.wb.problems.append(
                    Problem(
                        layout.sheet,
                        cell.a1 if cell else "",
                        Severity.WARNING,
                        f"Status '{typed}' is neither Open nor Done; the action is counted open.",
                    )
                )
                status = ActionStatus.OPEN
            self.wb.actions.append(
                Action(
                    ident,
                    str(v["what"]),
                    str(v.get("owner", "")),
                    v.get("due"),
                    str(v.get("initiative_id", "")),
                    str(v.get("decision_id", "")),
                    status,
                    v.get("raised"),
                    v.get("completed"),
                    str(v.get("meeting", "")),
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
            note = ""
            if v.get("scale") is None:
                cell = wb.layouts["criteria"].cell(rec.row, "scale")
                said = cell is not None and any(
                    p.sheet == cell.sheet and p.cell == cell.a1 for p in wb.problems
                )
                note = "unreadable" if said else "blank"
            elif hi < lo:
                lo, hi, note = hi, lo, "reversed"
            do_nothing = v.get("do_nothing")
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
                direction=v.get("direction"),
                value_function=str(v.get("value_function") or ""),
                do_nothing=None if do_nothing is None else float(do_nothing),
                scale_note=note,
            )

    def _build_readings(self, table: Columns) -> None:
        """Column-wise, because a metric's time series can run to 200k rows."""
        kinds = [k or ReadingKind.ACTUAL for k in table.column("kind")]
        sources = [s or "" for s in table.column("source")]
        args = [
            table.column("metric_id"),
            table.column("date"),
            table.column("value"),
            kinds,
            sources,
            table.rows,
        ]
        if "place" in table.values:  # no Place column: every reading is whole-UK, as before
            args.append(reading_places(self.wb, table))
        self.wb.readings.extend(map(Reading, *args))

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
            counted = missing_phrase(value_scale(crit)[0])
            for i, score in enumerate(col):
                if score is not None and not crit.scale_lo <= score <= crit.scale_hi:
                    cell = layout.cell(table.rows[i], key)
                    problems.append(
                        Problem(
                            layout.sheet,
                            cell.a1 if cell else "",
                            Severity.WARNING,
                            f"{cid} score: found {score:g}, outside the scale "
                            f"{crit.scale_lo:g}-{crit.scale_hi:g}; left out of the value: "
                            f"{counted}.",
                        )
                    )
                    col[i] = None
            score_columns.append((cid, col))
        cids = [cid for cid, _col in score_columns]
        score_rows = list(zip(*(col for _cid, col in score_columns), strict=True)) or [
            () for _ in table.rows
        ]
        cost_columns = [(y, table.column(f"cost:{y}")) for y in years]
        benefit_keys = [k for k in layout.columns if k.startswith("benefit:")]
        benefit_columns = [(k.split(":", 1)[1], table.column(k)) for k in benefit_keys]
        known = {f.key for f in schema.INITIATIVES.fields}
        extra_columns = [
            (k, table.column(k)) for k in table.values if k not in known and ":" not in k
        ]
        c = table.column
        ids, missions, names = c("id"), c("mission_id"), c("name")
        lead, partners, sector, stage = c("lead_department"), c("partners"), c("sector"), c("stage")
        dca, evidence, fte, cls = c("dca"), c("evidence"), c("fte"), c("classification")
        depends, excludes, notes = c("depends_on"), c("excludes"), c("notes")
        bias = c("optimism_bias")
        pots, places, since = c("funding_pot"), c("places"), c("stage_since")
        kinds = c("project_type")
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
                optimism_bias=bias[i],
                funding=initiative_pots(wb, ident, row, pots[i]),
                places=initiative_places(wb, ident, row, places[i] or ()),
                stage_since=since[i],
                project_type=kinds[i] or None,
                benefits={y: col[i] for y, col in benefit_columns if col[i] is not None},
            )
