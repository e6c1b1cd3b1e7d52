"""The ruthless-choice matrix and the decision workflow (issue 6).

Every panel takes the :class:`~stocktake.ui.session.Session` and shares one
:class:`~stocktake.ui.matrix.analysis.Analysis` (``Analysis.of(session)``), which keeps
the engine's answers current as the dial, the envelopes and the scores move.
"""
