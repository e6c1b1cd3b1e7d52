"""What the Funding and Evaluations rows mean, an initiative's funding-pot cell, and a
reading's place.

Split from :mod:`stocktake.excel.builders` (which builds the core records) because
these tables are newer and optional: a pot year is refused when its year is not a
financial year, a flexibility over 100% is refused, and an initiative's share of a pot
that is not on the Funding sheet is said at its cell, never guessed.
"""

from __future__ import annotations

import re

from stocktake.excel.rows import Columns, Record
from stocktake.excel.values import financial_year
from stocktake.model import Evaluation, FundingPot, Problem, Severity, Workbook
from stocktake.model.places import NATIONS, WHOLE_UK, canonical

_POOLED = ("pooled", "pool", "shared", "flexible", "yes", "y", "true")
_FENCED = ("ringfenced", "ringfence", "fenced", "ring", "no", "n", "false", "")


def _norm(text: object) -> str:
    return re.sub(r"[^a-z]+", "", str(text).lower())


def _problem(wb: Workbook, kind: str, row: int, key: str, severity: Severity, text: str) -> None:
    layout = wb.layouts[kind]
    cell = layout.cell(row, key)
    wb.problems.append(Problem(layout.sheet, cell.a1 if cell else "", severity, text))


def build_funding(wb: Workbook, records: list[Record]) -> None:
    """Pot years from the Funding sheet; a pot and year given twice keeps the first."""
    seen: dict[tuple[str, str], int] = {}
    for rec in records:
        v = rec.values
        pot = str(v["pot_id"])
        year = financial_year(v["year"])
        if year is None:
            _problem(
                wb,
                "funding",
                rec.row,
                "year",
                Severity.ERROR,
                f"Year: found '{v['year']}', expected a financial year such as 2025-26; "
                "this pot row is not used.",
            )
            continue
        if (pot, year) in seen:
            _problem(
                wb,
                "funding",
                rec.row,
                "year",
                Severity.ERROR,
                f"Pot {pot} already has a {year} envelope (row {seen[pot, year]}); "
                "this row is not used.",
            )
            continue
        envelope = float(v["envelope"])
        if envelope < 0:
            _problem(
                wb,
                "funding",
                rec.row,
                "envelope",
                Severity.ERROR,
                f"Envelope: found {envelope:g}; an envelope cannot be negative; "
                "this pot row is not used.",
            )
            continue
        pooled_text = _norm(v.get("pooled", ""))
        pooled = pooled_text in _POOLED
        if pooled_text not in _POOLED and pooled_text not in _FENCED:
            _problem(
                wb,
                "funding",
                rec.row,
                "pooled",
                Severity.WARNING,
                f"Pooled or ring-fenced: found '{v['pooled']}', expected Pooled or "
                "Ring-fenced; treated as ring-fenced.",
            )
        flex = float(v.get("flexibility") or 0.0)
        # "10" is not read as 10%: 150% and 1.5 would then differ by a hundredfold.
        if not 0.0 <= flex <= 1.0:
            _problem(
                wb,
                "funding",
                rec.row,
                "flexibility",
                Severity.WARNING,
                f"Flexibility: found {flex:.0%}, expected a share of the year's envelope "
                "from 0% to 100% (10% or 0.1); no money may move from this year.",
            )
            flex = 0.0
        seen[pot, year] = rec.row
        wb.funding_pots.append(
            FundingPot(
                pot,
                year,
                envelope,
                str(v.get("name", "")),
                str(v.get("department", "")),
                str(v.get("spend_type", "")),
                pooled,
                flex,
                rec.row,
            )
        )


def build_evaluations(wb: Workbook, records: list[Record]) -> None:
    """Evaluation plans; one for an initiative the workbook does not have is an error."""
    for rec in records:
        v = rec.values
        iid = str(v["initiative_id"])
        if wb.initiatives and iid not in wb.initiatives:
            _problem(
                wb,
                "evaluations",
                rec.row,
                "initiative_id",
                Severity.ERROR,
                f"Initiative ID: found '{iid}', which is not on the initiatives sheet; "
                "this evaluation is not used.",
            )
            continue
        wb.evaluations.append(
            Evaluation(
                iid,
                str(v["question"]),
                str(v.get("measure", "")),
                str(v.get("threshold", "")),
                v.get("decision_date"),
                str(v.get("result", "")),
                str(v.get("decision", "")),
                rec.row,
            )
        )


_SHARE = re.compile(r"^(?P<pot>.+?)\s*[:=]?\s*(?P<share>\d+(?:\.\d+)?)\s*%$")


def parse_pot_split(cell: str) -> dict[str, float]:
    """``DFE-CAP`` -> all of it; ``DFE-CAP 60%; DHSC-RES 40%`` -> shares 0.6 and 0.4.

    Raises ValueError, in words, for a split that does not add up to 100% or less.
    """
    parts = [p.strip() for p in re.split(r"[;\n]", cell) if p.strip()]
    if len(parts) == 1 and not _SHARE.match(parts[0]):
        return {parts[0]: 1.0}
    out: dict[str, float] = {}
    for part in parts:
        m = _SHARE.match(part)
        if not m:
            raise ValueError(
                f"'{part}' has no share; with more than one pot write each as 'POT 60%'"
            )
        out[m.group("pot").strip()] = (
            out.get(m.group("pot").strip(), 0.0) + float(m.group("share")) / 100.0
        )
    total = sum(out.values())
    if total > 1.0 + 1e-9:
        raise ValueError(f"the shares add up to {total:.0%}, more than 100%")
    return out


def initiative_pots(wb: Workbook, iid: str, row: int, cell: object) -> dict[str, float]:
    """An initiative's funding-pot cell as shares, or nothing with a warning at the cell."""
    if cell is None or not str(cell).strip():
        return {}
    try:
        split = parse_pot_split(str(cell))
    except ValueError as exc:
        _problem(
            wb,
            "initiatives",
            row,
            "funding_pot",
            Severity.WARNING,
            f"Funding pot: {exc}; {iid}'s costs fall on no pot.",
        )
        return {}
    known = {p.pot_id for p in wb.funding_pots}
    unknown = [p for p in split if p not in known]
    if unknown:
        _problem(
            wb,
            "initiatives",
            row,
            "funding_pot",
            Severity.WARNING,
            f"Funding pot: {', '.join(unknown)} is not on the Funding sheet; "
            f"that share of {iid}'s costs falls on no pot.",
        )
        split = {p: s for p, s in split.items() if p in known}
    return split


def reading_places(wb: Workbook, table: Columns) -> list[str]:
    """Each reading's place in its official spelling (``""``: the whole UK).

    An unknown place is a warning at its cell and kept as typed, so a series for a
    place Stocktake does not know (a combined authority, say) is still judged on its own
    rather than silently merged into the whole-UK one. Worked per distinct spelling, as a
    readings sheet can run to 200k rows with a handful of places.
    """
    known: dict[str, str | None] = {}
    out: list[str] = []
    for row, typed in zip(table.rows, table.column("place"), strict=True):
        if typed is None:
            out.append(WHOLE_UK)
            continue
        if typed not in known:
            known[typed] = canonical(typed)
        found = known[typed]
        if found is None:
            _problem(
                wb,
                "readings",
                row,
                "place",
                Severity.WARNING,
                f"Place: found '{typed[:40]}', which is not a UK nation or ITL1 region "
                f"(for example {', '.join(NATIONS)}, London, North East); the reading is "
                "kept as a series for that place as typed.",
            )
            found = typed
        out.append(found)
    return out


def initiative_places(wb: Workbook, iid: str, row: int, typed: tuple[str, ...]) -> tuple[str, ...]:
    """An initiative's places as typed (saved back as they were), each unknown one a
    warning at the cell, as for a reading's place: the line of sight by place would
    otherwise silently leave the initiative out of every nation and region."""
    unknown = [p for p in typed if p.strip() and canonical(p) is None]
    if unknown:
        shown = ", ".join(f"'{p[:40]}'" for p in unknown)
        _problem(
            wb,
            "initiatives",
            row,
            "places",
            Severity.WARNING,
            f"Place: found {shown}, which is not a UK nation or ITL1 region (for example "
            f"{', '.join(NATIONS)}, London, North East); {iid} is kept as working there as "
            "typed, so it counts only in a place of that name.",
        )
    return typed
