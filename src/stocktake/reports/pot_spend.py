"""The spend of a chosen portfolio by funding pot and year, with each envelope and a
status in words: shown on the Portfolio tab and saved on the Portfolio sheet.

Why in reports: the saved sheet (this layer) and the window (above it) show the same
rows; the rule for "over" (allowed by the pool or by money carried in) is written once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from stocktake.model import Initiative, Workbook


@dataclass(frozen=True, slots=True)
class PotSpend:
    """One pot in one year: its envelope, what the chosen portfolio spends from it."""

    pot_id: str
    name: str
    year: str
    envelope: float | None
    spend: float
    fencing: str
    spend_type: str

    @property
    def left(self) -> float | None:
        return None if self.envelope is None else self.envelope - self.spend

    @property
    def status(self) -> str:
        """In words, never colour alone: within, at (within £0.05m), or over the envelope,
        and what makes "over" allowed (the pool, or money carried from the year before)."""
        if self.envelope is None:
            return "no envelope"
        left = self.envelope - self.spend
        if left < -0.05:
            if self.fencing == "pooled":
                return "over its own envelope: met from the pool or carried money"
            return "over: uses money carried from the year before"
        return "at the envelope" if left <= 0.05 else "within"


def spend_by_pot(workbook: Workbook, chosen: Iterable[str]) -> list[PotSpend]:
    """Each pot's spend per year on the chosen initiatives, with its envelope.

    A year with spend over the envelope is possible only when money was carried in from
    the year before (the pot's flexibility): its status says so.
    """
    pots = {p.pot_id: p for p in workbook.funding_pots}
    envelopes = {(p.pot_id, p.year): p.envelope for p in workbook.funding_pots}
    spend: dict[tuple[str, str], float] = {}
    picked: list[Initiative] = [
        workbook.initiatives[i] for i in chosen if i in workbook.initiatives
    ]
    for init in picked:
        for pot, share in init.funding.items():
            for year, cost in init.costs.items():
                spend[pot, year] = spend.get((pot, year), 0.0) + cost * share
    keys = sorted(set(envelopes) | set(spend))
    out = []
    for pot_id, year in keys:
        p = pots.get(pot_id)
        out.append(
            PotSpend(
                pot_id,
                p.label if p else pot_id,
                year,
                envelopes.get((pot_id, year)),
                spend.get((pot_id, year), 0.0),
                "" if p is None else ("pooled" if p.pooled else "ring-fenced"),
                p.spend_type if p else "",
            )
        )
    return out


def pot_spend_rows(rows: list[PotSpend]) -> list[list[object]]:
    """The Portfolio sheet's "Spend by funding pot" block (five columns, as the sheet's):
    nothing when the workbook has no pots."""
    if not rows:
        return []
    out: list[list[object]] = [[], ["Spend by funding pot", "", "", "", ""]]
    out.append(["Pot and year", "Spend (£m)", "Envelope (£m)", "Status", "Pot"])
    for r in rows:
        detail = ", ".join(x for x in (r.name, r.fencing, r.spend_type) if x)
        out.append([f"{r.pot_id} {r.year}", round(r.spend, 6), r.envelope, r.status, detail])
    return out
