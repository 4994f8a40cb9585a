"""Windows and dialogs that fit the screen they open on.

School offices use 1366×768 and 1024×768 monitors. The main window opens
maximised on such a screen (or on any screen smaller than its default size),
and no window or dialog opens larger than the screen's available area (the
desktop without the taskbar), less the title bar and borders the system adds.
A page sits in a ``PageHost``, which scrolls it only when the window is
smaller than the page's minimum size (a screen below 1024×768, or large text
scaling), so no page can hold the window wider or taller than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

SMALL_SCREEN_WIDTH = 1366
"""Screens this wide or narrower get the main window maximised."""
FRAME = QSize(16, 40)
"""Room for the borders and title bar the window system adds around a window."""
SMALLEST_SCREEN = QSize(1024, 768)
"""The smallest screen every page and dialog must fit."""
TASKBAR_HEIGHT = 40
SMALLEST_CLIENT = QSize(
    SMALLEST_SCREEN.width(), SMALLEST_SCREEN.height() - TASKBAR_HEIGHT - FRAME.height()
)
"""The inside of a maximised window on the smallest screen (taskbar and title bar taken off)."""


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The desktop area (without the taskbar) of the screen ``widget`` is on, or the primary one."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all (never on a desktop)
        return QRect(0, 0, SMALLEST_SCREEN.width(), SMALLEST_SCREEN.height())
    return screen.availableGeometry()


def fitted(wanted: QSize, available: QSize) -> QSize:
    """``wanted``, made no larger than a window (with its frame) can be on ``available``."""
    room = available - FRAME
    return wanted.boundedTo(room.expandedTo(QSize(1, 1)))


def opens_maximised(default: QSize, available: QSize) -> bool:
    """Whether the main window should open maximised: a small screen, or one too small for it."""
    room = available - FRAME
    return (
        available.width() <= SMALL_SCREEN_WIDTH
        or room.width() < default.width()
        or room.height() < default.height()
    )


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """Resize a window or dialog to ``width``×``height``, or less on a smaller screen."""
    widget.resize(fitted(QSize(width, height), available_geometry(widget).size()))


def place_main_window(window: QWidget, default: QSize) -> None:
    """Give the main window its default size within the screen; maximise it on a small screen."""
    available = available_geometry(window).size()
    window.resize(fitted(default, available))
    if opens_maximised(default, available):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


class PageHost(QScrollArea):
    """Shows a page at the host's size, and scrolls only below the page's minimum size.

    ``QScrollArea.setWidgetResizable`` would take the page's preferred height for
    its width as a minimum (pages with wrapping rows have one), and scroll pages
    that fit; this host uses the page's minimum size only.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)

    def set_page(self, page: QWidget) -> None:
        """Show ``page`` (once)."""
        self.setWidget(page)
        page.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        page = self.widget()
        if page is None:
            return
        room = self.maximumViewportSize()
        need = page.minimumSizeHint().expandedTo(page.minimumSize())
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        if need.height() > room.height():
            room.setWidth(room.width() - bar)
        if need.width() > room.width():
            room.setHeight(room.height() - bar)
        page.resize(room.expandedTo(need))
