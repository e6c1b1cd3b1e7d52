"""Meeting mode (View > Meeting mode, F5): runs a stock-take from the Matrix tab by keyboard.

Why a controller of its own: the meeting (:class:`~stocktake.app.meeting.Meeting`) is
shown twice, on the laptop's agenda panel and on the presenter view, and driven by the
same keys from either; one owner keeps them in step. While meeting mode is on, N/P walk
the agenda instead of the rank order and R reveals private scores (when there are any
hidden) before it jumps to the rationale; 1-6 and Ctrl+Enter stay the decision panel's.
Qt gives a typed character to a focused text field first, so none of these keys fire
while someone types a rationale.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from stocktake.app.agenda import Mark, Walk, WalkInputs, walks_available
from stocktake.app.meeting import Meeting, collected_notes, walk_inputs
from stocktake.app.meeting_clock import duration_words, timer_words
from stocktake.engine.matrix import QUADRANT_ORDER, Quadrant
from stocktake.model import Decision
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.decision_panel import KINDS
from stocktake.ui.meeting.agenda_panel import AgendaPanel
from stocktake.ui.meeting.changed_since import ChangedSince
from stocktake.ui.meeting.facts import item_facts
from stocktake.ui.meeting.presenter import PresenterView, presenter_screen
from stocktake.ui.workspace import FEEDBACK_MS, MatrixPage

if TYPE_CHECKING:
    from stocktake.ui.main_window import MainWindow

OBJECT_NAME = "stocktake-meeting-mode"
TICK_MS = 1000
MEETING_SECONDS = 3600.0
"""A stock-take meeting's usual length (an hour), until the lead plans another."""
TAKEN_KEYS = ("N", "P", "Alt+Down", "Alt+Up", "R")
"""The decision panel's keys that meeting mode answers while it is on."""


class MeetingMode(QObject):
    """Starts and ends meeting mode and answers its keys, on the laptop and the projector."""

    def __init__(self, window: MainWindow, action: QAction) -> None:
        super().__init__(window)
        self.setObjectName(OBJECT_NAME)
        self.window = window
        self.session = window.session
        self.now: Callable[[], float] = time.monotonic
        """The clock a new meeting's timers read (tests give their own)."""
        self.meeting: Meeting | None = None
        self.panel: AgendaPanel | None = None
        self.presenter: PresenterView | None = None
        self._page: MatrixPage | None = None
        self._keys: list[QShortcut] = []
        self._told_over: set[str] = set()
        self._on = False
        self._side_before: list[int] = []
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.refresh_timers)
        self.action = action
        self.changed = ChangedSince(self.session, self)
        """What changed since last time, worked out in the background (for one walk)."""
        self.changed.found.connect(self._changed_found)
        self.changed.failed.connect(self.say)
        self._wanted: Walk | None = None
        """The walk of what changed, chosen before the worker had the answer."""
        self.session.workbook_loaded.connect(self._new_workbook)
        self.session.review_changed.connect(self._notes_changed)
        window.installEventFilter(self)

    @property
    def active(self) -> bool:
        return self._on

    # -- starting and leaving -------------------------------------------------------------
    def toggled(self, on: bool) -> None:
        """View > Meeting mode was ticked or unticked (F5)."""
        if on and not self.active:
            self.start()
        elif not on and self.active:
            self.leave()

    def start(self) -> None:
        w = self.window
        if self.session.workbook is None:
            self.say("Open a stock-take workbook first: meeting mode walks its initiatives.")
            self.action.setChecked(False)
            return
        w.tabs.setCurrentWidget(w.matrix_tab)
        page = w.matrix_page()
        self._attach(page)
        # in the background, once this pass is done (a Python worker slows the GUI
        # thread while both run); the walk list offers it when it is known
        QTimer.singleShot(0, self.changed.want)
        inputs = self._inputs()
        if self.meeting is None:
            self.meeting = Meeting.start(
                Walk.RANK,
                inputs,
                notes=collected_notes(self.session.document),
                now=self.now,
            )
        assert self.panel is not None
        clock = self.meeting.clock
        if clock.planned_meeting is None:
            clock.planned_meeting = MEETING_SECONDS
        self.panel.set_plan(clock.planned_item, clock.planned_meeting)
        self.panel.set_walks(walks_available(inputs), self.meeting.agenda.walk)
        page.ranks.hide()
        # the side column's remembered place is the normal layout's: moving it in a
        # meeting (three panels, one hidden) must not be saved over it
        page.side.blockSignals(True)
        self._side_before = page.side.sizes()
        self.panel.show()
        self._on = True
        page.decisions.set_keys_enabled(TAKEN_KEYS, False)
        for key in self._keys:
            key.setEnabled(True)
        self.action.setChecked(True)
        self.tick.start()
        QTimer.singleShot(0, self._size_side)
        self._select_current()
        self.refresh()
        self.say(
            f"Meeting mode: {self._where()}. N/P walk the agenda, 1-6 and Ctrl+Enter decide, "
            "T starts the timer, R reveals private scores, Esc leaves."
        )

    def _size_side(self, tries: int = 40) -> None:
        """The agenda takes a little under half the column (at least what it needs); the
        decision form keeps the rest and scrolls (its keys work without it in view)."""
        page, panel = self._page, self.panel
        if page is None or panel is None or not self._on:
            return
        total = sum(page.side.sizes())
        # not laid out yet, or the page's own first sizing (on its first show) still to come
        waiting = total <= 0 or not page.isVisible() or page.first_sizing_pending()
        if waiting and tries > 0:
            QTimer.singleShot(50, lambda: self._size_side(tries - 1))
            return
        agenda = max(panel.minimumSizeHint().height(), total * 9 // 20)
        sizes = [agenda, total - agenda] + [0] * (page.side.count() - 2)
        page.side.setSizes(sizes)

    def _plan_changed(self, item: float, meeting: float) -> None:
        if self.meeting is not None:
            self.meeting.clock.planned_item = item
            self.meeting.clock.planned_meeting = meeting
            self._told_over.clear()
            self.refresh_timers()
            self.say(
                f"Planned {duration_words(item)} an item and {duration_words(meeting)} "
                "for the meeting."
            )

    def leave(self) -> None:
        self._on = False
        self._wanted = None
        if self.meeting is not None:
            self.meeting.clock.stop()
        self.tick.stop()
        self.close_presenter()
        page = self._page
        if page is not None and self.panel is not None:
            self.panel.hide()
            page.ranks.show()
            if sum(self._side_before):
                page.side.setSizes(self._side_before)
            page.side.blockSignals(False)
            page.decisions.set_keys_enabled(TAKEN_KEYS, True)
        for key in self._keys:
            key.setEnabled(False)
        self.action.setChecked(False)
        if self.meeting is not None:
            counts = self.meeting.agenda.counts()
            kept = self._keep_minutes()
            self.say(
                f"Left meeting mode: {counts[Mark.DONE]} done, {counts[Mark.SKIPPED]} skipped, "
                f"{duration_words(self.meeting.clock.meeting_seconds())} timed. "
                + ("The minutes go into the Minutes sheet when you save. " if kept else "")
                + "F5 carries on where you left off."
            )

    def _keep_minutes(self) -> bool:
        """Queue this meeting's minutes for the next save when it decided or raised
        anything, so a lead who never exports them still finds them in the workbook
        (an export later, or leaving again, replaces them: one meeting, one minute)."""
        from stocktake.app.minutes import compose
        from stocktake.ui.meeting_records import keep_minutes, meeting_facts

        if self.session.workbook is None or self.session.path is None:
            return False
        started, times = meeting_facts(self.window)
        doc = self.session.document
        minutes = compose(doc, since=started or doc.opened_at, times=times)
        if not (minutes.decisions or minutes.actions):
            return False
        keep_minutes(self.session, minutes)
        return True

    def _new_workbook(self) -> None:
        """Another workbook (or a reload): the old agenda's IDs mean nothing there."""
        if self.active:
            self.leave()
        self.meeting = None
        self._told_over.clear()

    def _notes_changed(self) -> None:
        """Review copies merged during the meeting: their private scores join it."""
        if self.meeting is not None:
            self.meeting.notes = collected_notes(self.session.document)
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The presenter view goes when the main window does."""
        if watched is self.window and event.type() == QEvent.Type.Hide:
            self.close_presenter()
        return False

    def _attach(self, page: MatrixPage) -> None:
        """Build the agenda panel and the keys on the Matrix page, once."""
        if self._page is page:
            return
        self._page = page
        self.panel = AgendaPanel(page)
        self.panel.hide()
        page.side.insertWidget(0, self.panel)
        page.side.setStretchFactor(0, 2)
        p = self.panel
        p.walk_chosen.connect(self.choose_walk)
        p.item_chosen.connect(self.jump)
        p.timer_toggled.connect(self.toggle_timer)
        p.reveal_asked.connect(self.reveal)
        p.presenter_asked.connect(self.toggle_presenter)
        p.leave_asked.connect(self.leave)
        p.plan_changed.connect(self._plan_changed)
        self._keys = self._bind(page, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for key in self._keys:
            key.setEnabled(False)
        page.decisions.recorded.connect(self._recorded)
        page.decisions.kinds.idToggled.connect(lambda _id, _on: self.refresh_presenter())
        self.session.selection_changed.connect(self._follow_selection)
        self.session.decisions_changed.connect(self.refresh_presenter)

    def _bind(self, host: QWidget, context: Qt.ShortcutContext) -> list[QShortcut]:
        bindings: list[tuple[str, Callable[[], object]]] = [
            ("N", partial(self.move, 1)),
            ("Alt+Down", partial(self.move, 1)),
            ("P", partial(self.move, -1)),
            ("Alt+Up", partial(self.move, -1)),
            ("R", self.reveal),
            ("T", self.toggle_timer),
            ("Escape", self.leave),
        ]
        if host is not self._page and self._page is not None:
            # the presenter view: the decision keys too (on the laptop they are the panel's)
            panel = self._page.decisions
            bindings += [(str(n), partial(panel.choose, k)) for n, k in enumerate(KINDS, 1)]
            bindings += [("Ctrl+Return", panel.record), ("Ctrl+Enter", panel.record)]
        made = []
        for key, fn in bindings:
            shortcut = QShortcut(QKeySequence(key), host)
            shortcut.setContext(context)
            shortcut.activated.connect(fn)
            made.append(shortcut)
        return made

    # -- the agenda ----------------------------------------------------------------------
    def _inputs(self) -> WalkInputs:
        """What the walks are made from; what changed since last time as last worked
        out (:attr:`changed`), so no walk waits for that comparison."""
        analysis = Analysis.of(self.session)
        table = analysis.table
        wb = self.session.workbook
        assert wb is not None
        order = (
            [table.ids[k] for k in table.order.tolist()]
            if table is not None
            else list(wb.initiatives)
        )
        arrays = analysis.arrays
        quads: dict[str, Quadrant] = {}
        if arrays is not None:  # Analysis.quadrant_of for every initiative at once
            codes = analysis.quadrant_codes.tolist()
            quads = dict(zip(arrays.ids, map(QUADRANT_ORDER.__getitem__, codes), strict=True))
        changed = self.changed.ids
        return walk_inputs(
            self.session.document,
            order,
            quads,
            picked=list(self.session.selection),
            changed=lambda _doc: changed,
        )

    def choose_walk(self, walk: Walk) -> None:
        if self.meeting is None:
            return
        self._wanted = None
        if walk is Walk.CHANGED and not self.changed.ready:
            # its answer is being worked out: the walk follows when it comes
            self._wanted = walk
            self.changed.want()
            self.say("Working out what changed since last time…")
            return
        self.meeting.rewalk(walk, self._inputs())
        self._select_current()
        self.refresh()
        self.say(f"{walk.value}: {self._where()}.")

    def _changed_found(self) -> None:
        """What changed since last time is known: the walk list offers it (or not), and
        the walk of it follows if it was chosen meanwhile."""
        if not self.active or self.meeting is None or self.panel is None:
            return
        if self._wanted is Walk.CHANGED:
            self.choose_walk(Walk.CHANGED)
        walks = walks_available(WalkInputs((), changed=self.changed.ids))
        shown = [self.panel.walk.itemData(k) for k in range(self.panel.walk.count())]
        if shown != walks or self.panel.walk.currentData() != self.meeting.agenda.walk:
            self.panel.set_walks(walks, self.meeting.agenda.walk)

    def move(self, delta: int) -> None:
        if self.meeting is None:
            return
        before = self.meeting.current
        after = self.meeting.move(delta)
        if after is None:
            self.say("There are no initiatives on this walk: choose another walk.")
            return
        if after == before:
            end = "last" if delta > 0 else "first"
            self.say(f"Already at the {end} item: {self._where()}.")
            return
        self._select_current()
        self.refresh()
        self.say(f"Item {self._where()}.")

    def jump(self, place: int) -> None:
        if self.meeting is None:
            return
        self.meeting.jump(place)
        self._select_current()
        self.refresh()
        self.say(f"Item {self._where()}.")

    def _where(self) -> str:
        """'7 of 23, B-012 Community diagnostic centres'."""
        assert self.meeting is not None
        iid = self.meeting.current
        wb = self.session.workbook
        if iid is None or wb is None:
            return "no items"
        return f"{self.meeting.agenda.progress()}, {iid} {wb.initiatives[iid].name}"

    def _select_current(self) -> None:
        here = self.meeting.current if self.meeting is not None else None
        if here is not None and self.session.selection != [here]:
            self.session.select([here])

    def _follow_selection(self, ids: list[str]) -> None:
        """A bubble clicked during the meeting: the agenda jumps to it when it is there."""
        m = self.meeting
        wanted = ids[0] if ids else None
        if self.active and m is not None and wanted in m.agenda.items and wanted != m.current:
            assert wanted is not None
            m.jump(wanted)
            self.refresh()

    def _recorded(self, decision: Decision) -> None:
        if self.meeting is not None:
            self.meeting.decided(decision.initiative_id)
            self.refresh()

    # -- timer and reveal ------------------------------------------------------------------
    def toggle_timer(self) -> None:
        if self.meeting is None:
            return
        clock = self.meeting.clock
        running = clock.toggle()
        self.refresh_timers()
        what = self.meeting.current or "the meeting"
        if running:
            self.say(f"Timer started on {what} (T stops it).")
        else:
            self.say(f"Timer stopped: {duration_words(clock.spent())} on {what} so far.")

    def reveal(self) -> None:
        """Reveal hidden private scores; with none hidden, R means what it always did."""
        m = self.meeting
        if m is None or self._page is None:
            return
        scores = m.scores()
        if scores is None or m.is_revealed():
            self._page.decisions.focus_rationale()
            self.say(
                "No private scores to reveal for this item; R moved to the rationale."
                if scores is None
                else "Scores already revealed; R moved to the rationale."
            )
            return
        m.reveal()
        self.refresh()
        stand_out = scores.outliers()
        self.say(
            f"Revealed {len(scores.reviewers)} reviewers' scores for {scores.initiative}"
            + (f"; {', '.join(stand_out)} stands out." if stand_out else "; nobody stands out.")
        )

    # -- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.meeting is None or self.panel is None:
            return
        self.panel.show_meeting(self.meeting, self.session.workbook)
        self.refresh_timers()
        self.refresh_presenter()

    def refresh_timers(self) -> None:
        m = self.meeting
        if m is None or self.panel is None:
            return
        item_over, meeting_over = self.panel.show_timers(m)
        if self.presenter is not None:
            self.presenter.show_timer(
                timer_words(m.clock.spent(), m.clock.planned()), item_over or meeting_over
            )
        # the gentle signal: the timer turns red and says so once on the status line
        for key, over, text in (
            (m.current or "", item_over, f"{m.current} is over its planned time"),
            ("meeting", meeting_over, "The meeting is over its planned time"),
        ):
            if over and key not in self._told_over:
                self._told_over.add(key)
                self.say(text + ".")

    def refresh_presenter(self) -> None:
        view, m, page = self.presenter, self.meeting, self._page
        if view is None or m is None or page is None:
            return
        analysis = Analysis.of(self.session)
        iid = m.current
        facts = item_facts(analysis, iid, page.decisions.chosen_kind()) if iid else None
        view.show_item(facts, f"{m.agenda.walk.value}: item {m.agenda.progress()}")
        scores = m.scores()
        if scores is None:
            view.show_reveal("")
        elif not m.is_revealed():
            view.show_reveal(scores.hidden_words().split(" — ")[0] + ".")
        else:
            wb = self.session.workbook
            names = {c: x.name for c, x in wb.criteria.items()} if wb else {}
            view.show_reveal("Private scores:\n" + "\n".join(scores.lines(names)))
        arrays = analysis.arrays
        points = (
            list(zip(arrays.near_term.tolist(), arrays.long_term.tolist(), strict=True))
            if arrays is not None
            else []
        )
        here = (facts.near_term, facts.long_term) if facts else None
        cuts = analysis.cuts
        view.matrix.set_points(points, here, (cuts.near_term, cuts.long_term))

    # -- the presenter view ----------------------------------------------------------------
    def toggle_presenter(self) -> None:
        if self.presenter is not None and self.presenter.isVisible():
            self.close_presenter()
            self.say("Presenter view closed.")
        else:
            self.open_presenter()

    def open_presenter(self) -> PresenterView | None:
        if not self.active:
            return None
        if self.presenter is None:
            self.presenter = PresenterView(self.window)
            self._bind(self.presenter, Qt.ShortcutContext.WindowShortcut)
        screen = presenter_screen(self.window.screen())
        self.presenter.open_on(screen)
        self.refresh_presenter()
        self.refresh_timers()
        if self.panel is not None:
            self.panel.presenter_button.setChecked(True)
        name = screen.name() if screen is not None else ""
        self.say(
            f"Presenter view on screen {name or 'the same screen'}; the laptop keeps the controls."
        )
        return self.presenter

    def close_presenter(self) -> None:
        if self.presenter is not None:
            self.presenter.close()
        if self.panel is not None:
            self.panel.presenter_button.setChecked(False)

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, FEEDBACK_MS)
