"""The application layer: the use cases both front ends share, with no Qt.

:mod:`~stocktake.app.document` holds the open workbook and the unsaved changes;
:mod:`~stocktake.app.changes` the changes themselves (apply, revert, words, JSON);
:mod:`~stocktake.app.settings` the one contract of the settings sheet;
:mod:`~stocktake.app.sheets` which sheet plays which role; :mod:`~stocktake.app.plan`
how decisions feed the portfolio; :mod:`~stocktake.app.errors` the typed errors;
:mod:`~stocktake.app.usecases` the command line's jobs. The window (``stocktake.ui``) and
the command line (``stocktake.cli``) call these and never the Excel layer directly.
"""
