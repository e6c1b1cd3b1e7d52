"""A panel that scrolls up and down on a short screen and is never cut at the side."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget


class VerticalScroll(QScrollArea):
    """Scrolls its content up and down, never sideways: as wide as the content needs
    (so nothing is cut at the side), as short as the screen leaves (so a tall panel
    fits a 720-pixel laptop screen or large text).

    Why not ``setWidgetResizable(True)``: with word-wrapped labels inside, Qt then gives
    the content its *preferred* height (height-for-width), so charts that could shrink
    to fit the screen sit behind a scroll bar instead. Here the content fills the view
    and is only taller than it when its minimum needs more room.
    """

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setWidget(content)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content.installEventFilter(self)
        self.viewport().installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        width = content.minimumSizeHint().width() if content is not None else 0
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return QSize(width + bar, super().minimumSizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize) and (
            watched is self.viewport() or event.type() == QEvent.Type.LayoutRequest
        ):
            self._fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        content = self.widget()
        if content is None:
            return
        view = self.viewport().size()
        height = max(view.height(), content.minimumSizeHint().height())
        if content.size() != QSize(view.width(), height):
            content.resize(view.width(), height)
