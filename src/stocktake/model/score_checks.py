"""Scores and scales checked cell by cell, each problem saying what the engine does.

Why here and not in the engine: a board reads the Problems list and ``stocktake check``
before any figure, so every assumption the scoring makes (a blank score, a score off
its scale, a scale typed top first or not at all, a value function that cannot be
used) must be a problem at its cell there, in the same words the engine uses
(:func:`stocktake.model.value_scale.missing_phrase`), never a silent 0 or a line on
stderr. Run by the reader after the cross-references are checked.
"""

from __future__ import annotations

from stocktake.model.problems import Problem, Severity
from stocktake.model.value_scale import below_do_nothing, below_phrase, missing_phrase, value_scale
from stocktake.model.vocab import Horizon
from stocktake.model.workbook import Workbook


def _at(wb: Workbook, kind: str, row: int, key: str, message: str) -> Problem:
    layout = wb.layouts.get(kind)
    cell = layout.cell(row, key) if layout is not None else None
    if cell is None:
        cell = layout.cell(row, "id") if layout is not None else None
    sheet = layout.sheet if layout is not None else ""
    return Problem(sheet, cell.a1 if cell else "", Severity.WARNING, message)


def _scale_note(note: str, cid: str, lo: float, hi: float) -> str:
    if note == "reversed":
        return (
            f"{cid}: the scale is written top first; it is read as {lo:g}-{hi:g} with "
            f"{hi:g} the best score. If lower scores are better, put 'Lower is better' "
            "in a Direction column."
        )
    what = "no scale is given" if note == "blank" else "the scale cannot be read"
    return f"{cid}: {what}; its scores are read on {lo:g}-{hi:g}, the default scale."


def check_scores(wb: Workbook) -> list[Problem]:
    """Problems for criteria scales and for blank scores, by cell."""
    out: list[Problem] = []
    init_layout = wb.layouts.get("initiatives")
    already = {(p.sheet, p.cell) for p in wb.problems}
    for cid, crit in wb.criteria.items():
        scale, notes = value_scale(crit)
        if crit.scale_note:
            out.append(
                _at(
                    wb,
                    "criteria",
                    crit.row,
                    "scale",
                    _scale_note(crit.scale_note, cid, scale.lo, scale.hi),
                )
            )
        for key, message in notes:
            out.append(_at(wb, "criteria", crit.row, key, message))
        if crit.horizon is Horizon.COST or crit.weight <= 0 or init_layout is None:
            continue
        key = f"score:{cid}"
        counted = missing_phrase(scale)
        if key not in init_layout.columns:
            if wb.initiatives:
                out.append(
                    _at(
                        wb,
                        "criteria",
                        crit.row,
                        "id",
                        f"{cid}: no column of {cid} scores on {init_layout.sheet}; every "
                        f"initiative's {cid} score is {counted}.",
                    )
                )
            continue
        for ini in wb.initiatives.values():
            given = ini.scores.get(cid)
            if given is not None:
                if below_do_nothing(scale, given):
                    out.append(
                        _at(
                            wb,
                            "initiatives",
                            ini.row,
                            key,
                            f"{ini.id} {below_phrase(scale, given, cid)}.",
                        )
                    )
                continue
            cell = init_layout.cell(ini.row, key)
            if cell is None or (init_layout.sheet, cell.a1) in already:
                continue  # an off-scale or unreadable score: its problem is already said
            out.append(
                Problem(
                    init_layout.sheet,
                    cell.a1,
                    Severity.WARNING,
                    f"{ini.id} has no score for {cid}; {counted}.",
                )
            )
    out.extend(_check_optimism_bias(wb))
    return out


def _check_optimism_bias(wb: Workbook) -> list[Problem]:
    """A negative uplift would make a cost look smaller than estimated: said, and the cell
    is not used (the type's uplift applies, ``engine.optimism_bias``)."""
    return [
        _at(
            wb,
            "initiatives",
            ini.row,
            "optimism_bias",
            f"{ini.id}: optimism bias {ini.optimism_bias:g} is below 0 and is not used; "
            "the uplift for its project type applies, if any.",
        )
        for ini in wb.initiatives.values()
        if ini.optimism_bias is not None and ini.optimism_bias < 0
    ]
