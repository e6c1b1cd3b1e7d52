"""Where an initiative works, seen from one place: the rule the line of sight by place
counts initiatives by (``docs/delivery.md``).

An initiative's Place cell lists the nations or regions it works in; none means
UK-wide. Seen from a place, an initiative is

* **within** it when every place it names lies in the place (Wales in Wales; North East
  and London in England): its expected change happens there, so its full size counts
  towards the place's share of its gap;
* **beyond** it when it is UK-wide, or names the place (or a wider area holding it) but
  also somewhere else: it is relied on there, but the workbook does not say how much of
  its change falls in the place, so its size is not counted (never guessed as a split);
* **elsewhere** when it names only places apart from this one: left out.

So over places that do not overlap (the four nations, say), each sized contribution is
counted in at most one place, and the places' expected changes plus those of UK-wide and
cross-border initiatives add up to the whole UK's.
"""

from __future__ import annotations

from enum import Enum

from stocktake.model import Workbook
from stocktake.model.places import WHOLE_UK, official, within


class Reach(Enum):
    WITHIN = "within"
    BEYOND = "beyond"
    ELSEWHERE = "elsewhere"


def reach(places: tuple[str, ...], place: str) -> Reach:
    """How an initiative naming ``places`` stands in ``place`` (see the module doc)."""
    if place == WHOLE_UK:
        return Reach.WITHIN
    named = [official(p) for p in places if p.strip()]
    if not named or WHOLE_UK in named:
        return Reach.BEYOND  # UK-wide
    if all(within(p, place) for p in named):
        return Reach.WITHIN
    if any(within(place, p) or within(p, place) for p in named):
        return Reach.BEYOND
    return Reach.ELSEWHERE


def reaches(wb: Workbook, place: str) -> dict[str, Reach]:
    """Every initiative's reach in ``place`` (all within, for the whole UK)."""
    seen: dict[tuple[str, ...], Reach] = {}  # thousands of initiatives, a few place lists
    out = {}
    for iid, init in wb.initiatives.items():
        found = seen.get(init.places)
        if found is None:
            found = seen[init.places] = reach(init.places, place)
        out[iid] = found
    return out


def where(wb: Workbook, iid: str, found: dict[str, Reach]) -> str:
    """Where an initiative works, in words, for a line-of-sight sentence."""
    init = wb.initiatives.get(iid)
    named = [p for p in init.places if p.strip()] if init is not None else []
    if not named or WHOLE_UK in map(official, named):
        return "UK-wide"
    shown = ", ".join(named)
    return f"in {shown}" if found.get(iid) is Reach.WITHIN else f"across {shown}"
