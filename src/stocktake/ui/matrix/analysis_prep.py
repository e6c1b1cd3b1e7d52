"""The engine's arrays and scores for a new :class:`~stocktake.ui.matrix.analysis.Analysis`,
worked out in the background before it is made.

Why: the first analysis tab a person opens makes the session's one ``Analysis``, and
making it built the arrays and the exact scores of every initiative on the GUI thread:
over half a second on the 10k-initiative workbook, with nothing drawn meanwhile
(``benchmarks/bench_gui.py``). A lazy tab now snapshots the inputs on the GUI thread,
has :meth:`Inputs.work` run in a worker, and hands the :class:`Prepared` result to
``Analysis.of``, which uses it only if nothing it depends on changed in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from stocktake import engine
from stocktake.engine.matrix import quadrant_codes_of
from stocktake.model import Workbook

if TYPE_CHECKING:
    from stocktake.ui.session import Session


def _key(session: Session) -> tuple[Any, ...]:
    """What the arrays and scores depend on, besides the workbook object itself: the
    undo history's place (every edit of a score or weight is a step), the balance, the
    cut lines and the discounting."""
    doc = session.document
    return (session.undo_stack.index(), session.balance, doc.cuts, doc.settings.discounting)


@dataclass(frozen=True, slots=True)
class Prepared:
    workbook: Workbook
    key: tuple[Any, ...]
    arrays: engine.ScoreArrays
    table: engine.ScoreTable
    quadrant_codes: np.ndarray

    def fits(self, session: Session) -> bool:
        """Still the session's workbook, as it was when the work started."""
        return session.workbook is self.workbook and _key(session) == self.key


@dataclass(frozen=True, slots=True)
class Inputs:
    """A snapshot taken on the GUI thread; :meth:`work` may run on any thread."""

    workbook: Workbook
    key: tuple[Any, ...]

    @classmethod
    def of(cls, session: Session) -> Inputs | None:
        wb = session.workbook
        return None if wb is None else cls(wb, _key(session))

    def work(self) -> Prepared:
        _undo, balance, cuts, discounting = self.key
        arrays = engine.arrays_from_workbook(self.workbook, discounting)
        table = engine.score(arrays, balance)
        return Prepared(self.workbook, self.key, arrays, table, quadrant_codes_of(arrays, cuts))
