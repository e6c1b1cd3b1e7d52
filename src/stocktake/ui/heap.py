"""Keep an open workbook out of the cyclic garbage collector's full passes.

A 10k-initiative, 200k-reading workbook is a quarter of a million long-lived Python
objects. CPython's full (generation 2) collection walks every one of them, and it runs
on whichever thread happens to allocate when the threshold trips, holding the
interpreter lock throughout: a view's worker building its tables tripped a 140 ms
collection in which the window could neither paint nor take a click (``bench_gui``,
Mission health's first show).

:func:`settle` moves everything alive now into the collector's permanent generation
(``gc.freeze``), so later collections walk only what was made since. Frozen objects are
still freed by reference counting when the workbook is replaced; only garbage that
forms reference cycles would wait for :func:`release`. The workbook model and the
engine's arrays form none (``tests/ui/test_heap.py`` checks that a dropped workbook
leaves nothing for the collector), so freezing them loses nothing.

Used from the GUI layer only: the core (and the command line) runs one job and exits.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """A workbook (or a view's large result) has just been made: keep what exists now
    out of later full collections."""
    gc.freeze()


def release() -> None:
    """A workbook is about to be replaced: let the collector see the old objects again,
    so anything cyclic among them is collected in the normal course."""
    gc.unfreeze()
