"""Reports: the engine's answers composed into what the writer saves.

Why a package of its own: the writer (``stocktake.excel``) must not import the engine,
and the desktop app (``stocktake.ui``) and the command line (``stocktake.cli``) must not
import each other; both need the same Scores, Portfolio and Charts content,
so it is composed here, once, between them and the layers below (see the import-linter
layers contract in pyproject.toml).
"""

from stocktake.reports.analysis import analysis_plan

__all__ = ["analysis_plan"]
