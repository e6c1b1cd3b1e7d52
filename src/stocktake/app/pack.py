"""Export a board pack: the one job behind ``stocktake pack`` and File > Export board pack.

The document's own settings (balance, cut lines, envelopes, forced items and decision
exclusions) decide the analysis, so the pack shows what the window shows. The source
workbook is only read; the files go to ``out_dir``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stocktake.app import errors
from stocktake.app.document import Document

Progress = Callable[[float, str], None]


def export_pack(
    doc: Document,
    out_dir: Path,
    *,
    public: bool = False,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
):  # -> PackFiles (imported lazily: the solver and WeasyPrint load only when packing)
    """Compute and write the pack; every failure is an :class:`errors.AppError`."""
    from stocktake.excel.writer.errors import Cancelled
    from stocktake.reports.pack import build_content, write_pack

    wb = doc.workbook
    if doc.path is None:
        raise errors.InvalidInput("the workbook has not been saved yet: save it, then pack it")
    if not wb.initiatives or not wb.criteria:
        raise errors.InvalidInput(
            f"{doc.path.name} has no initiatives or no criteria to put in a board pack"
        )
    try:
        content = build_content(
            wb,
            balance=doc.balance,
            problem=doc.effective_problem(),
            cuts=doc.cuts,
            public=public,
            progress=progress,
        )
        return write_pack(content, out_dir, doc.path.stem, progress=progress, cancel=cancel)
    except Cancelled as exc:
        raise errors.Cancelled(str(exc)) from exc
    except errors.AppError:
        raise
    except ValueError as exc:
        raise errors.InvalidInput(str(exc)) from exc
    except Exception as exc:
        raise errors.from_exception(exc, out_dir) from exc
