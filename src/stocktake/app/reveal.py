"""Reviewers' private scores for one agenda item: hidden first, then revealed with the spread.

Why hidden first: a room that sees the scores before it talks anchors on them. The
meeting says only how many reviewers scored the item; once revealed it shows min,
median and max per criterion and names the outlier, so the room discusses the
disagreement before it decides. The arithmetic is :func:`review_record.spread`'s; this
module only picks one initiative's rows and puts them into words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stocktake.app.review_record import Spread, spread


@dataclass(frozen=True, slots=True)
class PrivateScores:
    """The private scores collected for one initiative."""

    initiative: str
    reviewers: tuple[str, ...]
    spreads: tuple[Spread, ...]

    def hidden_words(self) -> str:
        n = len(self.reviewers)
        who = "1 reviewer has" if n == 1 else f"{n} reviewers have"
        return f"{who} scored this — press R to reveal"

    def lines(self, criterion_names: Mapping[str, str]) -> list[str]:
        """One line per criterion: 'Impact (C1): min 1, median 3, max 5 — Ana stands out
        at 5'."""
        out = []
        for s in self.spreads:
            name = criterion_names.get(s.criterion, "")
            label = f"{name} ({s.criterion})" if name else s.criterion
            text = f"{label}: min {s.low:g}, median {s.median:g}, max {s.high:g}"
            if s.outlier:
                value = dict(s.scores)[s.outlier]
                text += f" — {s.outlier} stands out at {value:g}"
            elif s.low == s.high:
                text += " — all agree"
            out.append(text)
        return out

    def outliers(self) -> list[str]:
        return list(dict.fromkeys(s.outlier for s in self.spreads if s.outlier))


def private_scores(notes: Iterable[Mapping[str, Any]], initiative: str) -> PrivateScores | None:
    """The private scores reviewers gave ``initiative``; None when nobody scored it."""
    mine = [n for n in notes if n.get("initiative") == initiative and n.get("scores")]
    if not mine:
        return None
    reviewers = tuple(sorted({str(n["reviewer"]) for n in mine}))
    return PrivateScores(initiative, reviewers, tuple(spread(mine)))
