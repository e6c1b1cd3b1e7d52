"""Context-menu actions on initiatives, shared by the matrix and any table the lead adds.

Why shared: force-in / force-out with a reason, and "explain this number", must read
the same wherever a person right-clicks, and the reason is always asked for (a forced
choice without a reason cannot go on a board paper).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.session import Session


def ask_reason(parent: QWidget, verb: str, ids: Sequence[str]) -> str | None:
    """A modal prompt for the reason; None when cancelled or left blank."""
    label = f"Why {verb} {', '.join(ids[:5])}{' …' if len(ids) > 5 else ''}?"
    text, ok = QInputDialog.getText(parent, f"{verb.capitalize()}: reason", label)
    text = text.strip()
    return text if ok and text else None


def initiative_menu(parent: QWidget, session: Session, ids: Sequence[str]) -> QMenu:
    """Force in, force out, stop forcing, explain: for the given initiatives."""
    analysis = Analysis.of(session)
    menu = QMenu(parent)
    ids = list(ids)
    if not ids:
        menu.addAction("Select initiatives first").setEnabled(False)
        return menu

    def force(verb: str, into: bool) -> None:
        reason = ask_reason(parent, verb, ids)
        if reason is None:
            return
        stack = session.undo_stack
        stack.beginMacro(f"{verb.capitalize()} {len(ids)} initiative(s)")
        for iid in ids:
            (analysis.force_in if into else analysis.force_out)(iid, reason)
        stack.endMacro()

    def release() -> None:
        stack = session.undo_stack
        stack.beginMacro("Stop forcing")
        for iid in ids:
            analysis.release(iid)
        stack.endMacro()

    menu.addAction("Force into the portfolio…", lambda: force("force into the portfolio", True))
    menu.addAction(
        "Force out of the portfolio…", lambda: force("force out of the portfolio", False)
    )
    forced = [i for i in ids if i in analysis.state.force_in or i in analysis.state.force_out]
    act = menu.addAction("Stop forcing", release)
    act.setEnabled(bool(forced))
    if len(ids) == 1:
        from stocktake.ui.matrix.explain_dialog import ExplainDialog

        menu.addSeparator()
        menu.addAction(
            "Explain the value…", lambda: ExplainDialog.show_for(parent, session, ids[0])
        )
    return menu
