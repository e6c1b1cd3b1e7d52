"""The main window a mission team works in during a stock-take: wiring only.

Workbook views as tabs, problems in a dock, menus (:mod:`stocktake.ui.menus`), and the
file conversations (:mod:`stocktake.ui.file_actions`: open, save, reload, close, crash
recovery, "save first?"). The window holds no workbook logic: the session's document
(:mod:`stocktake.app`) does. Questions to the user go through :meth:`MainWindow.ask`
and :meth:`MainWindow.tell` so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stocktake.model import Problem
from stocktake.ui import help_text
from stocktake.ui.app_settings import AppSettings
from stocktake.ui.file_actions import FileActions
from stocktake.ui.icon import app_icon
from stocktake.ui.menus import build_menus
from stocktake.ui.models.roles import ObjectRole
from stocktake.ui.models.simple_tables import ProblemsModel, criteria_model, metrics_model
from stocktake.ui.session import Session
from stocktake.ui.views.initiatives_view import InitiativesView
from stocktake.ui.views.tables_view import RecordTableView
from stocktake.ui.workspace import (
    LazyTab,
    MatrixPage,
    analysis_first,
    delivery_page,
    matrix_page,
    panel,
    portfolio_of,
)

AUTOSAVE_MS = 5_000


class MainWindow(QMainWindow):
    # set by stocktake.ui.menus.build_menus
    new_action: QAction
    open_action: QAction
    recent_menu: QMenu
    save_action: QAction
    save_copy_action: QAction
    reload_action: QAction
    close_action: QAction
    export_action: QAction
    send_review_action: QAction
    merge_review_action: QAction
    pack_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    find_action: QAction
    name_action: QAction
    view_menu: QMenu
    large_text_action: QAction
    # set by stocktake.ui.meeting_records.install
    actions_panel: Any
    new_action_item: QAction
    since_last_item: QAction
    export_minutes_item: QAction
    since_last_dialog: Any
    previous_task: Any
    minutes_dialog: Any

    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.session = Session(self)
        self.setAcceptDrops(True)
        self.setWindowIcon(app_icon())
        self._build_tabs()
        self._build_status()
        self.files = FileActions(self)
        build_menus(self)
        from stocktake.ui.meeting.menu import install as install_meeting_mode

        self.meeting_action = install_meeting_mode(self)
        from stocktake.ui.meeting_records import install as install_meeting_records

        install_meeting_records(self)  # the Actions tab, new action, what changed, minutes
        if self.settings.large_text:
            self.large_text_action.setChecked(True)
        self.session.dirty_changed.connect(self._update_title)
        self.session.workbook_loaded.connect(self._update_title)
        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.files.autosave)
        self.autosave.start()
        if not self.settings.restore_window(self):
            self._default_size()
        self._update_title()

    def _build_tabs(self) -> None:
        s = self.session
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Workbook views")
        self.tabs.setDocumentMode(True)
        self.initiatives = InitiativesView(s)
        self.criteria = RecordTableView(criteria_model(s), "Criteria")
        self.metrics = RecordTableView(metrics_model(s), "Metrics")
        self.matrix_tab = LazyTab(
            matrix_page(s, self.settings),
            "Ruthless-choice matrix",
            analysis_first(s, "matrix_view"),  # pyqtgraph, arrays and scores in a worker
        )
        self.portfolio_tab = LazyTab(
            panel("portfolio_panel", "PortfolioPanel", s),
            "Optimal portfolio",
            analysis_first(s, "portfolio_panel"),  # arrays and imports in a worker
        )
        self.robustness_tab = LazyTab(
            panel("robustness_panel", "RobustnessPanel", s),
            "Robustness",
            analysis_first(s, "robustness_panel"),
        )
        self.log_tab = LazyTab(panel("decision_log", "DecisionLog", s), "Decision log")
        self.scenarios_tab = LazyTab(
            panel("scenarios", "ScenariosPanel", s), "Scenarios", analysis_first(s, "scenarios")
        )
        self.health_tab = LazyTab(mission_health_page(s), "Mission health")
        for widget, title in (
            (self.initiatives, "&Initiatives"),
            (self.matrix_tab, "&Matrix"),
            (self.portfolio_tab, "&Portfolio"),
            (self.robustness_tab, "R&obustness"),
            (self.log_tab, "&Decision log"),
            (self.scenarios_tab, "&Scenarios"),
            (self.criteria, "&Criteria"),
            (self.metrics, "Me&trics"),  # Alt+E is the Edit menu's
            (self.health_tab, "Missio&n health"),
        ):
            self.tabs.addTab(widget, title)
        table = self.initiatives.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._initiative_menu)
        from stocktake.ui.review.panel import ReviewPanel

        self.review_tab = ReviewPanel(s)
        self.tabs.addTab(self.review_tab, "Revie&w")
        self.delivery_tab = LazyTab(delivery_page(s), "Delivery")
        self.tabs.insertTab(self.tabs.indexOf(self.metrics) + 1, self.delivery_tab, "De&livery")
        self.banner = QLabel()
        self.banner.setAccessibleName("Review copy banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel { padding: 6px; background: palette(highlight); "
            "color: palette(highlighted-text); }"
        )
        self.banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        s.workbook_loaded.connect(self._load_review)
        s.review_changed.connect(self._show_banner)
        for model in (self.initiatives.model, self.criteria.model):
            model.edit_rejected.connect(self._edit_rejected)
        self.problems_model = ProblemsModel(s)
        self.problems = RecordTableView(self.problems_model, "Problems")
        self.problems.table.activated.connect(
            lambda index: self.go_to_problem(index.data(ObjectRole))
        )
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problems")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)

    def _load_review(self) -> None:
        from stocktake.ui.review.actions import load_review

        load_review(self)

    def _show_banner(self) -> None:
        """Across a review copy: whose it is and where it came from."""
        review = self.session.document.review
        text = review.banner() if hasattr(review, "banner") else ""
        self.banner.setText(text)
        self.banner.setVisible(bool(text) and self.session.workbook is not None)

    def _build_status(self) -> None:
        self.summary = QLabel("Open a stock-take workbook to begin (File > Open, Ctrl+O).")
        self.summary.setAccessibleName("Workbook summary")
        self.summary.setWordWrap(True)  # a long file name must not widen the window
        self.statusBar().addWidget(self.summary, 1)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the running task")
        self.cancel_button.clicked.connect(self.cancel_task)
        for w in (self.progress, self.cancel_button):
            self.statusBar().addPermanentWidget(w)
            w.hide()

    def _default_size(self) -> None:
        """Most of the screen on first start (no fixed pixel sizes anywhere)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        metrics = self.fontMetrics()
        if screen is not None and screen.width() > 0:
            self.resize(int(screen.width() * 0.85), int(screen.height() * 0.85))
        else:
            self.resize(metrics.averageCharWidth() * 160, metrics.height() * 45)

    def _update_title(self) -> None:
        path = self.session.path
        self.setWindowTitle(f"{path.name}[*] — Stocktake" if path else "Stocktake")
        self.setWindowModified(self.session.is_dirty)

    def show_summary(self) -> None:
        """The status line for the open workbook: counts, errors, warnings."""
        wb, path = self.session.workbook, self.session.path
        if wb is None or path is None:
            return
        counts = wb.counts()
        self.summary.setText(
            f"{path.name}: {counts['initiatives']:,} initiatives in {counts['missions']} "
            f"missions, {counts['criteria']} criteria, {counts['metrics']} metrics "
            f"({counts['readings']:,} readings). {len(wb.errors)} error(s), "
            f"{len(wb.warnings)} warning(s)."
            + (" Reading the metric readings…" if self.files.task is not None else "")
        )
        self.problems_dock.setVisible(bool(wb.problems))

    # -- file actions (the menu's, and the tests' way in) ----------------------------------
    def open_path(self, path: Path, *, ask_first: bool = True) -> None:
        self.files.open(Path(path), ask_first=ask_first)

    def save(self, target: Path | None = None) -> None:
        self.files.save(target)

    def cancel_task(self) -> None:
        self.files.cancel()

    def is_idle(self) -> bool:
        """No background task running and no staged view update waiting."""
        return self.files.is_idle()

    # -- views ---------------------------------------------------------------------------
    def focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.initiatives)
        self.initiatives.filter.setFocus()
        self.initiatives.filter.selectAll()

    def set_large_text(self, on: bool) -> None:
        """Every control and chart 1.6 times larger (they follow the window's font)."""
        font = self.font()
        base = QWidget().font().pointSizeF()
        font.setPointSizeF(base * (1.6 if on else 1.0))
        self.setFont(font)
        self.settings.large_text = on

    def matrix_page(self) -> MatrixPage:
        page = self.matrix_tab.build()
        assert isinstance(page, MatrixPage)
        return page

    def _initiative_menu(self, pos: QPoint) -> None:
        from stocktake.ui.matrix.actions import initiative_menu

        table = self.initiatives.table
        initiative_menu(self, self.session, self.session.selection).exec(
            table.viewport().mapToGlobal(pos)
        )

    def export_charts(self, folder: Path | None = None) -> list[Path]:
        """Write the matrix, rank-vs-balance and frontier charts as PNG images."""
        if self.session.workbook is None:
            return []
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "Export charts to folder")
            if not chosen:
                return []
            folder = Path(chosen)
        from stocktake.ui.matrix.export import export_charts, frames_for

        stem = self.session.path.stem if self.session.path else "stocktake"
        page = self.matrix_page()
        try:
            written = export_charts(
                page,
                portfolio_of(self.portfolio_tab).frontier_plot,
                folder,
                stem,
                frames_for(self.session.document, page.matrix.legend.text()),
            )
        except OSError as exc:
            self.tell("Charts not exported", str(exc))
            return []
        self.statusBar().showMessage(f"Exported {len(written)} charts to {folder}", 8000)
        return written

    def ask_user_name(self) -> str:
        """The name decisions are recorded under; asked once, remembered in settings."""
        name, ok = QInputDialog.getText(
            self, "Your name", "Name for the decision log:", text=self.settings.user_name
        )
        if ok and name.strip():
            self.settings.user_name = name
        return self.settings.user_name

    def go_to_problem(self, problem: Problem | None) -> None:
        """Show the row (and cell) a problem names, where the app shows that sheet."""
        wb = self.session.workbook
        if problem is None or wb is None:
            return
        layout = wb.layouts.get("initiatives")
        if layout is not None and problem.sheet == layout.sheet and problem.cell:
            from stocktake.model.workbook import parse_a1

            row, col = parse_a1(problem.cell)
            key = next((k for k, c in layout.columns.items() if c == col), None)
            ident = next((i.id for i in wb.initiatives.values() if i.row == row), None)
            if ident is not None:
                self.tabs.setCurrentWidget(self.initiatives)
                self.initiatives.focus_initiative(ident, key)
                return
        self.statusBar().showMessage(
            f"{problem.place} is not a row Stocktake could use; fix it in Excel and reload.", 8000
        )

    def _edit_rejected(self, message: str) -> None:
        self.statusBar().showMessage(f"Not changed: {message}", 8000)

    def show_help(self) -> None:
        help_text.show_help(self)

    def show_about(self) -> None:
        help_text.show_about(self)

    # -- asking ------------------------------------------------------------------------------
    def ask(
        self,
        title: str,
        text: str,
        buttons: QMessageBox.StandardButton,
        default: QMessageBox.StandardButton,
    ) -> QMessageBox.StandardButton:
        """Ask the user; tests replace this to answer without a modal dialog."""
        return QMessageBox.question(self, title, text, buttons, default)

    def tell(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    # -- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].toLocalFile().lower().endswith((".xlsx", ".xlsm")):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls:
            event.acceptProposedAction()
            self.open_path(Path(urls[0].toLocalFile()))

    # -- closing -------------------------------------------------------------------------------
    def _stop_analysis(self) -> None:
        """Cancel the analysis tasks without waiting for them: a portfolio solve in HiGHS
        cannot be interrupted, and waiting for it made quitting take seconds. Their
        answers are no longer wanted; the thread pool lets them finish after the window
        has gone."""
        from stocktake.ui.matrix.analysis import Analysis

        found = self.session.findChild(Analysis, "stocktake-analysis")
        if isinstance(found, Analysis):
            found.cancel_all()

    def _close_again(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close, asking first about unsaved changes; answering Save closes the window
        once the save has finished (and keeps it open, with the reason, if it failed)."""
        if not self.files.keep_changes_then(self._close_again):
            event.ignore()
            return
        self.settings.save_window(self)  # while the window still has its geometry
        self.hide()  # gone at once; what follows must not keep a person waiting
        self._stop_analysis()
        self.files.cancel()
        self.files.wait(10)  # a save in progress ends (atomically) before the app does
        self.autosave.stop()
        self.settings.last_balance = self.session.balance
        self.settings.sync()
        super().closeEvent(event)


def mission_health_page(session: Session) -> Callable[[], QWidget]:
    """The mission-health tab (CSF, contribution map, test and learn, place), made when
    first shown so pyqtgraph is loaded only then."""

    def make() -> QWidget:
        from stocktake.ui.views.mission_health import MissionHealthPage

        return MissionHealthPage(session)

    from stocktake.ui.workers import preload

    def load() -> object:
        import stocktake.app.mission_health

        return stocktake.app.mission_health

    session.workbook_loaded.connect(lambda: preload("stocktake.app.mission_health", load))
    return make
