"""Each mission's critical success factors: the latest self-assessment in words, and its
trend against the assessment before it.

Why here and not in a view: the board pack and the window say the same words, and the
rule for "latest" (by date where the workbook gives one, else the later row) must be
one rule.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from stocktake.model import CSFScore, Workbook

FACTORS: tuple[tuple[str, str], ...] = (
    ("Teams and accountabilities", r"team|accountab|multidisciplin"),
    ("Stakeholders activated across the delivery pathway", r"stakeholder|pathway|partner"),
    ("Long-term flexible funding", r"fund|settlement|budget"),
    ("Psychological safety and collective ownership", r"psycholog|safety|ownership|truth"),
    ("Data and insight with a small basket", r"data|insight|basket|metric"),
)
"""The five factors of mission-led government, each with the words that recognise it."""

RATING_WORDS = {1: "Not in place", 2: "Emerging", 3: "Developing", 4: "Established", 5: "Embedded"}


def rating_words(score: float) -> str:
    """``3`` -> ``3 Developing``; ``2.5`` -> ``2.5 (between Emerging and Developing)``."""
    low = math.floor(score)
    if abs(score - low) < 1e-9:
        return f"{score:g} {RATING_WORDS.get(low, '')}".strip()
    below, above = RATING_WORDS.get(low, ""), RATING_WORDS.get(low + 1, "")
    return f"{score:g} (between {below} and {above})"


def factor_of(text: str) -> str:
    """The canonical factor a workbook's wording stands for (its own words if none)."""
    for name, pattern in FACTORS:
        if re.search(pattern, text, re.IGNORECASE):
            return name
    return text.strip()


@dataclass(frozen=True, slots=True)
class FactorStatus:
    mission_id: str
    mission: str
    factor: str
    latest: CSFScore | None
    previous: CSFScore | None
    assessments: int

    @property
    def rating(self) -> str:
        return "not assessed" if self.latest is None else rating_words(self.latest.score)

    @property
    def trend(self) -> str:
        """Improving / steady / worse against the previous assessment, with the step:
        ``improving: up 2 from 2``. The window's table and the board pack both print
        this, so the two never disagree on a trend."""
        if self.latest is None:
            return "not assessed"
        if self.previous is None:
            return "first assessment"
        diff = self.latest.score - self.previous.score
        if abs(diff) < 1e-9:
            return "steady"
        if diff > 0:
            return f"improving: up {diff:g} from {self.previous.score:g}"
        return f"worse: down {-diff:g} from {self.previous.score:g}"

    @property
    def evidence(self) -> str:
        return "" if self.latest is None else self.latest.evidence

    @property
    def date(self) -> str:
        if self.latest is None or self.latest.date is None:
            return ""
        return self.latest.date.strftime("%d/%m/%Y")


def factor_statuses(workbook: Workbook) -> list[FactorStatus]:
    """One row per mission and factor (the five, then any other a workbook names).

    Assessments are ordered by date; rows without a date keep their sheet order after
    the dated ones, since a sheet usually grows downwards in time.
    """
    by_key: dict[tuple[str, str], list[CSFScore]] = {}
    for s in workbook.csf_scores:
        by_key.setdefault((s.mission_id, factor_of(s.factor)), []).append(s)
    missions = list(workbook.missions) or sorted({m for m, _ in by_key})
    out = []
    for mid in missions:
        names = [f for f, _ in FACTORS] + sorted(
            {f for m, f in by_key if m == mid} - {f for f, _ in FACTORS}
        )
        for factor in names:
            rows = sorted(
                by_key.get((mid, factor), []),
                key=lambda s: (s.date is None, s.date or 0, s.row),
            )
            m = workbook.missions.get(mid)
            out.append(
                FactorStatus(
                    mid,
                    m.name if m else mid,
                    factor,
                    rows[-1] if rows else None,
                    rows[-2] if len(rows) > 1 else None,
                    len(rows),
                )
            )
    return out
