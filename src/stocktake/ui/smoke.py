"""``stocktake-gui FILE --smoke``: drive the real window through a short meeting and exit.

Made for the frozen app (``scripts/smoke_app.sh`` runs it on the PyInstaller bundle),
where a missing module, plugin or data file shows up only when the code that needs it
runs: it opens ``FILE``, visits every tab, records a decision, saves into ``FILE`` (give
it a copy), reads the saved file back with the bundled reader, and quits. Each step
prints one line; any Qt warning, Python warning, uncaught exception, question the app
would ask the user, or step that does not finish in time makes the exit status 1, with
the reason on stderr.
"""

from __future__ import annotations

import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from stocktake.engine.milp import say_on_stdout
from stocktake.ui.main_window import MainWindow
from stocktake.ui.workspace import LazyTab

STEP_TIMEOUT_S = 90.0
POLL_MS = 20

# A step yields a condition; the next step runs once it holds.
Condition = Callable[[], bool]


class SmokeTest:
    """Runs the steps from the event loop, one condition at a time, and keeps the verdict."""

    def __init__(self, app: QApplication, window: MainWindow, path: Path) -> None:
        self.app = app
        self.window = window
        self.path = path
        self.failures: list[str] = []
        self.step = "start"
        self._steps = self._run()
        self._waiting: Condition = lambda: True
        self._deadline = 0.0
        self._watch()

    @property
    def status(self) -> int:
        return 1 if self.failures else 0

    # -- watching for anything a user would see go wrong ---------------------------------
    def _watch(self) -> None:
        def on_qt_message(kind: QtMsgType, _context: QMessageLogContext, text: str) -> None:
            if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
                return
            if "does not support propagateSizeHints" in text:
                return  # the offscreen platform cannot size windows to hints: expected
            self.fail(f"Qt said: {text}")

        def on_warning(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: object = None,
            line: str | None = None,
        ) -> None:
            self.fail(f"Python warning at {Path(filename).name}:{lineno}: {message}")

        def on_exception(
            kind: type[BaseException], value: BaseException, tb: TracebackType | None
        ) -> None:
            where = traceback.extract_tb(tb)[-1] if tb else None
            place = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
            self.fail(f"uncaught {kind.__name__}{place}: {value}")

        def on_question(title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
            self.fail(f"the app asked {title!r}: {text}")
            return QMessageBox.StandardButton.Cancel

        qInstallMessageHandler(on_qt_message)
        warnings.showwarning = on_warning  # the default filters: what a user would see
        sys.excepthook = on_exception
        self.window.ask = on_question  # type: ignore[method-assign,assignment]
        self.window.tell = on_question  # type: ignore[method-assign,assignment]

    def fail(self, reason: str) -> None:
        self.failures.append(reason)
        print(f"smoke test: FAILED at {self.step}: {reason}", file=sys.stderr, flush=True)
        if len(self.failures) == 1:
            QTimer.singleShot(0, self._quit)

    # -- running the steps --------------------------------------------------------------
    def start(self) -> None:
        QTimer.singleShot(0, self._advance)

    def _advance(self) -> None:
        if self.failures:
            return
        try:
            if not self._waiting():
                if time.monotonic() > self._deadline:
                    self.fail(f"it did not finish within {STEP_TIMEOUT_S:.0f} s")
                    return
                QTimer.singleShot(POLL_MS, self._advance)
                return
            self._waiting = next(self._steps)
        except StopIteration:
            say_on_stdout("smoke test: passed")
            self._quit()
            return
        except Exception as exc:
            self.fail(f"{type(exc).__name__}: {exc}")
            return
        self._deadline = time.monotonic() + STEP_TIMEOUT_S
        QTimer.singleShot(0, self._advance)

    def _quit(self) -> None:
        self.window.session.undo_stack.setClean()  # never ask about unsaved changes
        self.window.close()
        self.app.quit()

    def _say(self, text: str) -> None:
        say_on_stdout(f"smoke test: {text}")

    def _run(self) -> Iterator[Condition]:
        window = self.window
        self.step = f"opening {self.path.name}"
        if window.windowIcon().isNull():
            self.fail("the window has no icon (the packaged stocktake.svg was not found)")
        yield (
            lambda: (
                window.session.path == self.path
                and window.is_idle()
                and window.initiatives.proxy.rowCount() > 0
            )
        )
        workbook = window.session.workbook
        assert workbook is not None
        self._say(f"opened {self.path.name}: {len(workbook.initiatives)} initiatives")

        from stocktake.ui.matrix.analysis import Analysis

        analysis = Analysis.of(window.session)
        # Background analyses (the portfolio solve, robustness, scenarios) report failure
        # by signal, not by exception: a solver missing from the bundle shows up here.
        analysis.task_failed.connect(lambda job, message: self.fail(f"the {job} job: {message}"))
        for index in range(window.tabs.count()):
            name = window.tabs.tabText(index).replace("&", "")
            self.step = f"the {name} tab"
            window.tabs.setCurrentIndex(index)
            page = window.tabs.widget(index)

            def shown(page: QWidget | None = page) -> bool:
                return (
                    (not isinstance(page, LazyTab) or page.content is not None)
                    and window.is_idle()
                    and analysis.answer is not None
                )

            yield shown
            self._say(f"visited the {name} tab")

        self.step = "recording a decision"
        window.tabs.setCurrentWidget(window.matrix_tab)
        panel = window.matrix_page().decisions
        panel.step(1)
        chosen = window.session.selection[0]
        from stocktake.model import DecisionKind

        panel.choose(DecisionKind.PRIORITISE)
        panel.rationale.setPlainText("Recorded by the smoke test of the desktop app.")
        panel.decided_by.setText("Smoke test")
        decision = panel.record()
        if decision is None:
            raise RuntimeError(f"the decision panel refused: {panel.message.text()}")
        self._say(f"recorded {decision.decision.value} for {chosen} as {decision.decision_id}")

        self.step = f"saving {self.path.name}"
        window.save()
        yield lambda: window.is_idle() and not window.isWindowModified()
        self._say(f"saved {self.path.name}")

        self.step = f"reading {self.path.name} back"
        from stocktake.app.document import Document

        reread = Document.open(self.path).workbook
        ids = [d.decision_id for d in reread.decisions]
        if decision.decision_id not in ids:
            raise RuntimeError(f"the saved Decisions sheet lacks {decision.decision_id}")
        self._say(f"read back {len(ids)} decisions, including {decision.decision_id}")

        self.step = "exporting a board pack"
        yield from self._board_pack()

        self.step = "closing"
        analysis.cancel_all()
        yield window.is_idle

    def _board_pack(self) -> Iterator[Condition]:
        """Export the board pack (File > Export board pack, with the folder given): in a
        frozen app this exercises the PDF library and its native parts (Pango, HarfBuzz)."""
        from stocktake.ui.pack_dialog import export_board_pack

        window = self.window
        folder = self.path.parent / f"{self.path.stem} board pack"
        export_board_pack(window.files, folder)
        if window.files.task is None:
            raise RuntimeError("the board pack did not start")
        yield window.is_idle
        pdfs = sorted(folder.glob("*.pdf"))
        books = sorted(folder.glob("*.xlsx"))
        if not pdfs or not pdfs[0].read_bytes().startswith(b"%PDF-"):
            raise RuntimeError(f"no PDF in {folder.name}: {window.summary.text()}")
        if not books or not books[0].read_bytes().startswith(b"PK"):
            raise RuntimeError(f"no workbook in {folder.name}: {window.summary.text()}")
        self._say(
            f"board pack: {pdfs[0].name} ({pdfs[0].stat().st_size:,} bytes) and {books[0].name}"
        )


def start(app: QApplication, window: MainWindow, path: Path) -> SmokeTest:
    """Begin the smoke test on ``window`` once the event loop runs; read ``.status`` after."""
    test = SmokeTest(app, window, path)
    test.start()
    return test
