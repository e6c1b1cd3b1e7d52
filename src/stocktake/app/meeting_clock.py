"""The meeting's timers: time on each agenda item and for the whole meeting, against a plan.

Why the clock is injected: a meeting lead trusts "over by 1 min 20 s" only if it is right,
and tests prove it with a clock they move by hand instead of sleeping. The window only
reads these numbers once a second to show them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_ITEM_SECONDS = 180.0
"""Planned time per agenda item: 20 items in an hour."""


@dataclass(slots=True)
class MeetingClock:
    """Accumulates running time per item; stopping pauses both the item and the meeting."""

    now: Callable[[], float] = time.monotonic
    planned_item: float = DEFAULT_ITEM_SECONDS
    planned_meeting: float | None = None
    """The meeting's planned length; None means the planned items added up."""
    planned_by_item: dict[str, float] = field(default_factory=dict)
    current: str | None = None
    _spent: dict[str, float] = field(default_factory=dict)
    _meeting: float = 0.0
    _since: float | None = None
    """When the clock last started (None while stopped)."""

    @property
    def running(self) -> bool:
        return self._since is not None

    def _bank(self) -> None:
        """Add the time since the last start (or bank) to the current item and meeting."""
        if self._since is None:
            return
        now = self.now()
        gone = max(0.0, now - self._since)
        self._meeting += gone
        if self.current is not None:
            self._spent[self.current] = self._spent.get(self.current, 0.0) + gone
        self._since = now

    def start(self) -> None:
        if self._since is None:
            self._since = self.now()

    def stop(self) -> None:
        self._bank()
        self._since = None

    def toggle(self) -> bool:
        """Start or stop; True when now running."""
        if self.running:
            self.stop()
        else:
            self.start()
        return self.running

    def switch_to(self, item: str | None) -> None:
        """Time from now on counts for ``item`` (the time so far stays with the last one)."""
        self._bank()
        self.current = item

    def item_seconds(self) -> dict[str, float]:
        """Seconds spent on each item so far (for the minutes)."""
        self._bank()
        return {k: v for k, v in self._spent.items() if v > 0}

    def spent(self, item: str | None = None) -> float:
        item = self.current if item is None else item
        return self.item_seconds().get(item or "", 0.0)

    def meeting_seconds(self) -> float:
        self._bank()
        return self._meeting

    def planned(self, item: str | None = None) -> float:
        item = self.current if item is None else item
        return self.planned_by_item.get(item or "", self.planned_item)

    def over(self, item: str | None = None) -> float:
        """Seconds over the item's plan (0 while within it)."""
        return max(0.0, self.spent(item) - self.planned(item))

    def meeting_plan(self, items: int) -> float:
        """The meeting's planned length, or ``items`` planned items when none is set."""
        if self.planned_meeting is not None:
            return self.planned_meeting
        return self.planned_item * items

    def meeting_over(self, items: int) -> float:
        """Seconds over the meeting's plan."""
        return max(0.0, self.meeting_seconds() - self.meeting_plan(items))


def duration_words(seconds: float) -> str:
    """'45 s', '2 min 05 s', '1 h 02 min' — whole seconds, as a wall clock reads."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def is_over(spent: float, planned: float) -> bool:
    """Over by at least a whole second (so "over by 0 s" is never shown)."""
    return int(spent) > int(planned)


def timer_words(spent: float, planned: float) -> str:
    """'2 min 05 s of 3 min 00 s' or 'Over by 1 min 20 s (planned 3 min 00 s)'."""
    if is_over(spent, planned):
        return f"Over by {duration_words(spent - planned)} (planned {duration_words(planned)})"
    return f"{duration_words(spent)} of {duration_words(planned)}"
