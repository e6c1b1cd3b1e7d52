"""Protective markings: the highest classification of what a page shows, and its caveat.

Why one module: a sheet, a PDF page, a chart image and a manifest must never be marked
lower than the most sensitive thing on them. Every producer (the surgical writer's owned
sheets, the board pack, PNG exports) asks here, so the rule and the wording are one.
"""

from __future__ import annotations

from collections.abc import Iterable

from stocktake.model.vocab import Classification

_RANK = {Classification.OFFICIAL: 0, Classification.OFFICIAL_SENSITIVE: 1}

CAVEATS: dict[Classification, str] = {
    Classification.OFFICIAL: "Handle under normal OFFICIAL rules; not for publication "
    "without clearance.",
    Classification.OFFICIAL_SENSITIVE: "Share only with those who need to know; do not "
    "forward, print or publish without the owner's permission.",
}


def highest(*levels: Classification | str | Iterable[Classification | str]) -> Classification:
    """The highest of the classifications given (singly or as iterables); OFFICIAL if none."""
    best = Classification.OFFICIAL
    for item in levels:
        group = [item] if isinstance(item, Classification | str) else list(item)
        for level in group:
            cls = level if isinstance(level, Classification) else Classification(str(level))
            if _RANK[cls] > _RANK[best]:
                best = cls
    return best


def caveat(level: Classification | str) -> str:
    """The handling caveat printed beside a marking."""
    cls = level if isinstance(level, Classification) else Classification(str(level))
    return CAVEATS[cls]


def marking_line(level: Classification | str) -> str:
    """``OFFICIAL-SENSITIVE - Share only with ...``: the marking and its caveat in one line."""
    cls = level if isinstance(level, Classification) else Classification(str(level))
    return f"{cls.value} - {CAVEATS[cls]}"
