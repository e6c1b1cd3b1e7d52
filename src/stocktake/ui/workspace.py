"""The analysis tabs (matrix, portfolio, robustness, decisions, scenarios), built lazily.

pyqtgraph and the engine's solvers are only loaded when a person first opens one of
these tabs, so the window with a workbook's tables appears quickly; each tab is a
:class:`LazyTab` holding a factory until it is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from stocktake.ui.app_settings import AppSettings
from stocktake.ui.session import Session
from stocktake.ui.staging import later
from stocktake.ui.views.scrolling import VerticalScroll
from stocktake.ui.workers import Task

FEEDBACK_MS = 6_000
"""How long what a meeting key did stays on the status line."""

if TYPE_CHECKING:
    from stocktake.ui.matrix.balance_dial import RankChart
    from stocktake.ui.matrix.matrix_view import MatrixView
    from stocktake.ui.matrix.portfolio_panel import PortfolioPanel


Preparation = tuple[Callable[[], Any], Callable[[Any], None]]
"""Work for a worker thread, and what to do with its result on the GUI thread."""


class LazyTab(QWidget):
    """A tab page whose content is made by ``factory`` the first time it is shown.

    ``prepare`` (optional) is asked on first show for a :data:`Preparation`: its work
    (imports, the engine's arrays) runs in a worker while the tab says "Opening…", its
    result is installed, and the content is made in the pass after. :meth:`build`
    called directly (a menu that needs the page now) does the work at once instead.
    """

    def __init__(
        self,
        factory: Callable[[], QWidget],
        name: str,
        prepare: Callable[[], Preparation] | None = None,
    ) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self._factory: Callable[[], QWidget] | None = factory
        self._prepare = prepare
        self._task: Task | None = None
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._waiting: QLabel | None = None

    def build(self) -> QWidget:
        if self.content is None and self._factory is not None:
            if self._prepare is not None:  # not prepared in the background: do it now
                prepare, self._prepare = self._prepare, None
                work, install = prepare()
                install(work())
            if self._task is not None:
                self._task.cancel()  # its result is no longer wanted
                self._task = None
            factory, self._factory = self._factory, None
            self.content = factory()
            if self._waiting is not None:
                self._waiting.deleteLater()
                self._waiting = None
            self._layout.addWidget(self.content)
        assert self.content is not None
        return self.content

    def showEvent(self, event: QShowEvent) -> None:
        if self._prepare is not None and self.content is None:
            self._prepare_in_background()
        else:
            self.build()
        super().showEvent(event)

    def _prepare_in_background(self) -> None:
        prepare, self._prepare = self._prepare, None
        assert prepare is not None
        work, install = prepare()
        self._waiting = QLabel("Opening…", self)
        self._waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._waiting)
        task = Task(lambda _progress: work(), f"opening the {self.accessibleName()} tab")

        def ready(result: Any) -> None:
            if shiboken6.isValid(self) and self._task is task:
                self._task = None
                install(result)
                later(self, self.build)  # the content in a pass of its own

        def failed(_error: object) -> None:  # made on the GUI thread after all
            if shiboken6.isValid(self) and self._task is task:
                self._task = None
                self.build()

        task.signals.finished.connect(ready)
        task.signals.failed.connect(failed)
        self._task = task
        task.start()

    @property
    def busy(self) -> bool:
        """Whether the content is still working on what it shows (if it says)."""
        if self.content is None:
            return self._task is not None
        return bool(getattr(self.content, "busy", False))


def remembered(splitter: QSplitter, name: str, settings: AppSettings) -> bool:
    """A splitter that comes back where the person left it (saved on every move);
    True when it was restored."""
    splitter.setObjectName(name)
    splitter.setChildrenCollapsible(False)
    splitter.splitterMoved.connect(lambda _pos, _index: settings.save_splitter(splitter))
    return settings.restore_splitter(splitter)


class MatrixPage(QWidget):
    """The meeting view: balance dial over the matrix, decisions and rank chart beside.

    Each panel (dial, matrix, decisions, ranks) is a widget of its own bound only to the
    session, so a meeting-mode view can lay the same panels out differently.
    """

    def __init__(self, session: Session, settings: AppSettings) -> None:
        super().__init__()
        from stocktake.ui.matrix.actions import initiative_menu
        from stocktake.ui.matrix.balance_dial import BalanceDial, RankChart
        from stocktake.ui.matrix.decision_panel import DecisionPanel
        from stocktake.ui.matrix.matrix_view import MatrixView

        self.session = session
        self.dial = BalanceDial(session)
        self.matrix: MatrixView = MatrixView(session)
        self.decisions = DecisionPanel(session)
        self.ranks: RankChart = RankChart(session)
        if settings.user_name:
            self.decisions.decided_by.setText(settings.user_name)
        self.decisions.recorded.connect(
            lambda _d: setattr(settings, "user_name", self.decisions.decided_by.text())
        )

        def menu(ids: list[str], where: QPointF) -> None:
            initiative_menu(self, session, ids).exec(QPoint(int(where.x()), int(where.y())))

        self.matrix.context_requested.connect(menu)
        self.decisions.install_keys(self)  # the meeting keys work anywhere on the page
        self.decisions.recorded.connect(lambda _d: self._leave_the_form())
        self.decisions.feedback.connect(self._tell)
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.addWidget(VerticalScroll(self.decisions))
        self.side.addWidget(self.ranks)
        self.side.setStretchFactor(0, 3)  # the form first; the chart reads small
        self.side.setStretchFactor(1, 1)
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(self.matrix)
        self.body.addWidget(self.side)
        self.body.setStretchFactor(0, 3)
        self.body.setStretchFactor(1, 2)
        self._first_show = not remembered(self.side, "matrix-side", settings)
        remembered(self.body, "matrix-body", settings)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.dial)
        layout.addWidget(self.body, 1)

    def showEvent(self, event: QShowEvent) -> None:
        """The first time, give the decision form the room it asks for (up to two
        thirds of the height) so its Record button shows without scrolling."""
        super().showEvent(event)
        if self._first_show:
            QTimer.singleShot(0, self._size_side)  # once the splitter has its height

    def _size_side(self) -> None:
        total = sum(self.side.sizes())
        if self._first_show and total > 0:
            self._first_show = False
            form = min(self.decisions.sizeHint().height(), total * 2 // 3)
            self.side.setSizes([form, total - form])

    def first_sizing_pending(self) -> bool:
        """True until the page has sized its side column on first show (meeting mode
        sizes the column after that, or its sizes would be overwritten)."""
        return self._first_show

    def _leave_the_form(self) -> None:
        """A decision recorded from the rationale (or another text field) hands the
        keyboard back to the matrix: the form is empty now, and the next key pressed is
        N, P or a decision for the next item, which a text field would take as typing."""
        focus = QApplication.focusWidget()
        typing = isinstance(focus, QLineEdit | QPlainTextEdit)
        if typing and focus is not None and self.decisions.isAncestorOf(focus):
            self.matrix.plot.setFocus(Qt.FocusReason.OtherFocusReason)

    def _tell(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, FEEDBACK_MS)


def matrix_page(session: Session, settings: AppSettings) -> Callable[[], QWidget]:
    return lambda: MatrixPage(session, settings)


def tab_module(module: str) -> ModuleType:
    """Import the tab module ``stocktake.ui.matrix.<module>`` (on first use of its tab).

    Each import is written out, not ``importlib.import_module(f"...{module}")``, so that
    a freezer (PyInstaller) sees every tab's module in the bytecode and bundles it; a tab
    whose module is missing here fails in the source-tree tests, not only when frozen.
    """
    if module == "portfolio_panel":
        from stocktake.ui.matrix import portfolio_panel

        return portfolio_panel
    if module == "robustness_panel":
        from stocktake.ui.matrix import robustness_panel

        return robustness_panel
    if module == "decision_log":
        from stocktake.ui.matrix import decision_log

        return decision_log
    if module == "scenarios":
        from stocktake.ui.matrix import scenarios

        return scenarios
    if module == "matrix_view":  # the Matrix tab's page (MatrixPage) is made from these
        from stocktake.ui.matrix import actions, balance_dial, decision_panel, matrix_view

        del actions, balance_dial, decision_panel
        return matrix_view
    raise LookupError(f"no tab module stocktake.ui.matrix.{module}")


def panel(module: str, cls: str, session: Session) -> Callable[[], QWidget]:
    """A factory importing ``stocktake.ui.matrix.<module>.<cls>`` only when needed."""

    def make() -> QWidget:
        widget: QWidget = getattr(tab_module(module), cls)(session)
        return widget

    return make


def analysis_first(session: Session, module: str) -> Callable[[], Preparation]:
    """A :class:`LazyTab`'s preparation for a panel over the session's ``Analysis``:
    in a worker, its module imported (pyqtgraph with it: about a second the first time)
    and, when no ``Analysis`` is made yet, the engine's arrays and scores worked out
    (``analysis_prep``); on the GUI thread, the ``Analysis`` made from them."""

    def prepare() -> Preparation:
        from stocktake.ui.matrix.analysis_prep import Inputs

        made = session.findChild(QObject, "stocktake-analysis") is not None
        inputs = None if made else Inputs.of(session)

        def work() -> Any:
            tab_module(module)
            if module == "portfolio_panel":  # the pages it makes on first show
                from stocktake.ui.matrix import caps_box, pot_spend  # noqa: F401
            return None if inputs is None else inputs.work()

        def install(prepared: Any) -> None:
            if prepared is not None:
                from stocktake.ui.matrix.analysis import Analysis

                Analysis.of(session, prepared)

        return work, install

    return prepare


def portfolio_of(tab: LazyTab) -> PortfolioPanel:
    widget = tab.build()
    from stocktake.ui.matrix.portfolio_panel import PortfolioPanel

    assert isinstance(widget, PortfolioPanel)
    return widget


def delivery_page(session: Session) -> Callable[[], QWidget]:
    """The Delivery tab's factory (pyqtgraph and pandas load when it is first shown)."""

    def make() -> QWidget:
        from stocktake.ui.delivery.page import DeliveryPage

        return DeliveryPage(session)

    return make
