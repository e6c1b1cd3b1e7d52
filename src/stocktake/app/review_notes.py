"""What a reviewer writes: their notes, and the Review sheet they write them on.

Split from :mod:`stocktake.app.review` (which makes and opens copies): a
:class:`Note` and the reviewer's Review sheet are read and written in both the copy
and the merge, so they live apart from the copy's identity and settings. The sheet is
read back by header, so sorted rows and moved columns do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stocktake.excel.writer import SheetContent
from stocktake.model import DecisionKind, Workbook

REVIEW_SHEET = "Review"
"""The reviewer's sheet in a copy, and the collected reviews' sheet in the master."""

ID_HEADER = "Initiative ID"
FIXED_HEADERS = (ID_HEADER, "Initiative", "Proposed decision", "Why", "Comment")
SCORE_HEADER = "My score "


def _key(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text or "").casefold())


@dataclass(frozen=True, slots=True)
class Note:
    """One reviewer's words on one initiative: a proposal (never in force), why, a
    comment, and private scores (collected by the merge, never applied)."""

    proposal: str = ""
    why: str = ""
    comment: str = ""
    scores: tuple[tuple[str, float], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.proposal or self.why or self.comment or self.scores)

    def score_map(self) -> dict[str, float]:
        return dict(self.scores)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("proposal", "why", "comment"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.scores:
            out["scores"] = dict(self.scores)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Note:
        scores = data.get("scores") or {}
        return cls(
            str(data.get("proposal") or ""),
            str(data.get("why") or ""),
            str(data.get("comment") or ""),
            tuple(sorted((str(k), float(v)) for k, v in scores.items())),
        )


SHEET_TITLE = "Stocktake review"
"""Cell A1 of every Review sheet, the copy's and the master's alike: the writer replaces a
sheet only when its first cell is what Stocktake put there."""


def review_sheet(wb: Workbook, notes: Mapping[str, Note]) -> SheetContent:
    """The reviewer's sheet: one row per initiative, their notes beside it."""
    crits = list(wb.criteria)
    headers = [*FIXED_HEADERS, *(SCORE_HEADER + c for c in crits)]
    rows: list[list[object]] = [
        [SHEET_TITLE],
        [
            "Your proposals, comments and private scores: collected by the merge into the "
            "master, never in force. Sort, filter or add rows as you like."
        ],
        list[object](headers),
    ]
    for iid, ini in wb.initiatives.items():
        n = notes.get(iid, Note())
        scores = n.score_map()
        rows.append(
            [iid, ini.name, n.proposal or None, n.why or None, n.comment or None]
            + [scores.get(c) for c in crits]
        )
    return SheetContent(
        REVIEW_SHEET,
        (),
        rows,
        widths=[14, 40, 18, 40, 40, *([12] * len(crits))],
        header_row=0,
        bold_rows=[0, 2],
        classification=wb.classification.value,
    )


def read_notes(rows: list[list[object]], wb: Workbook) -> tuple[dict[str, Note], list[str]]:
    """The notes on a Review sheet, found by header (any order, rows in any order, blank
    or inserted rows skipped), and problems naming their cell."""
    from stocktake.model.workbook import column_letter

    problems: list[str] = []
    head = next((i for i, r in enumerate(rows[:20]) if _key(ID_HEADER) in map(_key, r)), None)
    if head is None:
        return {}, ([f"{REVIEW_SHEET}: no '{ID_HEADER}' column was found"] if rows else [])
    crits = {c.casefold(): c for c in wb.criteria}
    cols: dict[str, int] = {}
    for j, h in enumerate(rows[head]):
        k = _key(h)
        name = {
            _key(ID_HEADER): "id",
            "proposeddecision": "proposal",
            "proposal": "proposal",
            "why": "why",
            "rationale": "why",
            "comment": "comment",
            "comments": "comment",
        }.get(k)
        if name is None and k.startswith("myscore"):
            cid = crits.get(str(h)[len(SCORE_HEADER) :].strip().casefold())
            name = f"score:{cid}" if cid else None
        if name is not None:
            cols.setdefault(name, j)
    notes: dict[str, Note] = {}
    for i, row in enumerate(rows[head + 1 :], start=head + 2):

        def cell(name: str, row: list[object] = row) -> object:
            j = cols.get(name)
            return row[j] if j is not None and j < len(row) else None

        iid = str(cell("id") or "").strip()
        if not iid:
            continue
        if iid not in wb.initiatives:
            problems.append(f"{REVIEW_SHEET}!A{i}: there is no initiative {iid!r}; row left out")
            continue
        text = {n: str(cell(n) or "").strip() for n in ("proposal", "why", "comment")}
        if text["proposal"]:
            kind = DecisionKind.parse(text["proposal"])
            if kind is None:
                where = f"{REVIEW_SHEET}!{column_letter(cols['proposal'])}{i}"
                problems.append(
                    f"{where}: {text['proposal']!r} is not a decision "
                    f"({', '.join(DecisionKind.choices())}); left out"
                )
            text["proposal"] = kind.value if kind else ""
        scores: list[tuple[str, float]] = []
        for name, j in cols.items():
            if not name.startswith("score:") or cell(name) in (None, ""):
                continue
            cid = name.split(":", 1)[1]
            crit = wb.criteria[cid]
            where = f"{REVIEW_SHEET}!{column_letter(j)}{i}"
            try:
                value = float(str(cell(name)))
            except ValueError:
                problems.append(f"{where}: {cell(name)!r} is not a score; left out")
                continue
            if not crit.scale_lo <= value <= crit.scale_hi:
                problems.append(
                    f"{where}: {value:g} is outside {cid}'s scale "
                    f"({crit.scale_lo:g} to {crit.scale_hi:g}); left out"
                )
                continue
            scores.append((cid, value))
        note = Note(text["proposal"], text["why"], text["comment"], tuple(sorted(scores)))
        if not note.empty:
            notes[iid] = note
    return notes, problems


def note_rows(notes: Iterable[tuple[str, Note]]) -> list[dict[str, Any]]:
    """Notes as JSON rows (for ``--json`` and the state sheet)."""
    return [{"initiative": iid, **n.to_json()} for iid, n in notes]
