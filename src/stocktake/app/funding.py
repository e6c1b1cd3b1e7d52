"""The workbook's funding pots as the engine's :class:`~stocktake.engine.pots.Funding`
(the spend of a chosen portfolio by pot is :mod:`stocktake.reports.pot_spend`).

Why in the application layer: the reader keeps pots as rows of a sheet and shares as
cells; the engine wants aligned figures. Both the window and the CLI solve the same
problem, so this translation is written once, here.
"""

from __future__ import annotations

from stocktake.engine.pots import Funding, PotYear
from stocktake.model import Workbook


def funding_of(workbook: Workbook) -> Funding | None:
    """The pots the optimisation must respect, or None when the workbook has none."""
    if not workbook.funding_pots:
        return None
    return Funding(
        tuple(PotYear(p.pot_id, p.year, p.envelope, p.flexibility) for p in workbook.funding_pots),
        {i.id: dict(i.funding) for i in workbook.initiatives.values() if i.funding},
        frozenset(p.pot_id for p in workbook.funding_pots if p.pooled),
        {p.pot_id: p.label for p in workbook.funding_pots},
    )
