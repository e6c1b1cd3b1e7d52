"""The places a reading can be for: the UK's nations and England's ITL1 regions.

Why a table of our own: the names are a short, stable official list (ONS International
Territorial Levels, level 1, 2021), and no maintained Python package offers them with
the spellings workbooks actually use ("North East", "the North East", "North East
(England)"). A reading's place is matched against this list case-blind and ignoring
"(England)" and a leading "the"; a known place is kept in its official spelling, an
unknown one as typed (the reader warns at its cell).

"United Kingdom" and "UK" mean the whole-UK series, the same as no place at all.
"""

from __future__ import annotations

import re
from functools import lru_cache

WHOLE_UK = ""
"""The place of a reading with no place: the whole-UK (or total) series."""

NATIONS: tuple[str, ...] = ("England", "Scotland", "Wales", "Northern Ireland")

ITL1_ENGLAND: tuple[str, ...] = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
"""England's nine ITL1 regions (Scotland, Wales and Northern Ireland are ITL1 regions too)."""

GROUPS: tuple[str, ...] = ("Great Britain", "England and Wales")
"""Groupings official statistics are published for (GB generation, E&W crime)."""

KNOWN: tuple[str, ...] = (*NATIONS, *ITL1_ENGLAND, *GROUPS)

_ALIASES = {
    "gb": "Great Britain",
    "e&w": "England and Wales",
    "ni": "Northern Ireland",
    "east": "East of England",
    "eastofengland": "East of England",
    "yorkshireandthehumber": "Yorkshire and The Humber",
    "yorkshirehumber": "Yorkshire and The Humber",
    "yorkshire": "Yorkshire and The Humber",
    "cymru": "Wales",
    "alba": "Scotland",
}
_WHOLE = {"uk", "unitedkingdom", "wholeuk", "total", "alluk"}


def _key(text: str) -> str:
    s = re.sub(r"\(\s*england\s*\)", " ", text.lower())
    s = re.sub(r"^\s*the\s+", "", s)
    return re.sub(r"[^a-z]+", "", s.replace("&", "and"))


_CANON = {_key(p): p for p in KNOWN} | {_key(k): v for k, v in _ALIASES.items()}


def canonical(text: str) -> str | None:
    """The official spelling of a place, ``""`` for the whole UK, or ``None`` if unknown.

    >>> canonical("the north east (England)"), canonical("UK"), canonical("Atlantis")
    ('North East', '', None)
    """
    key = _key(text)
    if not key or key in _WHOLE:
        return WHOLE_UK
    return _CANON.get(key)


def place_label(place: str) -> str:
    """How a place is named to people: the whole-UK series says so."""
    return place or "Whole UK"


_CONTAINS: dict[str, frozenset[str]] = {
    "England": frozenset(ITL1_ENGLAND),
    "Great Britain": frozenset(("England", "Scotland", "Wales", *ITL1_ENGLAND)),
    "England and Wales": frozenset(("England", "Wales", *ITL1_ENGLAND)),
}
"""Which known places lie inside a wider one (a region in its nation, a nation in GB)."""


@lru_cache(maxsize=4096)  # a workbook spells a few places tens of thousands of times
def official(text: str) -> str:
    """A place in its official spelling, ``""`` for the whole UK, an unknown one as typed."""
    found = canonical(text)
    return text.strip() if found is None else found


def within(place: str, area: str) -> bool:
    """Whether ``place`` lies inside ``area`` (itself included; everything lies inside the
    whole UK). Unknown places compare as typed, case-blind.

    >>> within("north east", "England"), within("England", "North East"), within("Wales", "")
    (True, False, True)
    """
    p, a = official(place), official(area)
    if a == WHOLE_UK:
        return True
    return p.casefold() == a.casefold() or p in _CONTAINS.get(a, frozenset())
