"""Trợ giúp → Hướng dẫn sử dụng: the Vietnamese guide (resources/guide/) in a window of its own.

The guide is one HTML file with its screenshots beside it (``img/``), shown in a
QTextBrowser (no web engine: it is heavy and not in the bundle): links between
sections, back, the table of contents and a search box. Every page of the main
window has a section whose anchor is ``page-<key>`` (``ui.navigation`` keys), so
F1 opens the section of the page on screen; a page without one yet opens the
guide at the top. ``install`` puts the menu item (F1) into the window's Trợ giúp
menu when ``ui.app`` builds the window. Decision 035.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import paths
from ui import icons
from ui.screen import resize_to_fit

PAGE_ANCHOR = "page-{key}"
CONTENTS_ANCHOR = "muc-luc"
_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")


def guide_file() -> Path:
    """The guide's HTML file, from the source tree or the installed bundle."""
    return paths.resource("guide", "index.html")


@cache
def _anchors(path: Path, mtime: float) -> frozenset[str]:
    return frozenset(_ID.findall(path.read_text(encoding="utf-8")))


def guide_anchors() -> frozenset[str]:
    """The ``id`` of every element of the guide (empty when the file is missing)."""
    path = guide_file()
    try:
        return _anchors(path, path.stat().st_mtime)
    except OSError:
        return frozenset()


def section_for_page(key: str) -> str:
    """The guide's anchor for the main-window page ``key``, or "" (the top) when it has none."""
    anchor = PAGE_ANCHOR.format(key=key)
    return anchor if anchor in guide_anchors() else ""


def install(window: QWidget, menu: QMenu, page_on_screen: Callable[[], str]) -> QAction:
    """Put «Hướng dẫn sử dụng» (F1) first in ``menu``: the guide at ``page_on_screen()``'s section."""
    action = QAction(icons.icon("info"), window.tr("Hướng dẫn sử dụng"), window)
    action.setObjectName("guideAction")
    action.setShortcut(QKeySequence(Qt.Key.Key_F1))
    if menu.actions():
        menu.insertAction(menu.actions()[0], action)
    else:
        menu.addAction(action)
    action.triggered.connect(lambda: open_guide(window, page_on_screen()))
    return action


def open_guide(window: QWidget, page_key: str) -> GuideViewer:
    """The window's guide (made the first time), shown at the section of page ``page_key``."""
    viewer = window.findChild(GuideViewer)
    if viewer is None:
        viewer = GuideViewer(window)
    viewer.show_page_help(page_key)
    return viewer


class GuideBrowser(QTextBrowser):
    """A QTextBrowser that fits the screenshots to ``image_width``, smoothly scaled."""

    image_width = 900

    def loadResource(self, kind: Any, name: QUrl | str) -> Any:  # noqa: N802 (Qt override)
        url = QUrl(name)
        image_kind = QTextDocument.ResourceType.ImageResource.value
        if getattr(kind, "value", kind) != image_kind or not url.isLocalFile():
            return super().loadResource(kind, name)
        image = QImage(url.toLocalFile())
        room = self.image_width
        if image.isNull() or image.width() <= room:
            return image
        return image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)


class GuideViewer(QDialog):
    """The guide in a window beside the main one (not modal: read it while you work)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hướng dẫn sử dụng"))
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        resize_to_fit(self, 1000, 720)
        self._build()
        self._connect()
        self._load()

    def _build(self) -> None:
        self.back_button = QPushButton(self.tr("‹ Quay lại"))
        self.back_button.setEnabled(False)
        self.contents_button = QPushButton(self.tr("Mục lục"))
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Tìm trong hướng dẫn…"))
        self.search_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setClearButtonEnabled(True)
        self.find_button = QPushButton(self.tr("Tìm tiếp"))
        self.search_status = QLabel()
        self.search_status.setObjectName("muted")
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.contents_button)
        bar.addSpacing(12)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.find_button)
        self.browser = GuideBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        self.browser.document().setDocumentMargin(18)
        self.browser.image_width = max(400, self.width() - 100)  # within the margins, scroll bar
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(bar)
        layout.addWidget(self.search_status)
        layout.addWidget(self.browser, 1)
        self.search_status.setVisible(False)

    def _connect(self) -> None:
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.contents_button.clicked.connect(lambda: self.show_section(CONTENTS_ANCHOR))
        self.search_edit.returnPressed.connect(self.find_next)
        self.search_edit.textChanged.connect(self._on_search_text_changed)
        self.find_button.clicked.connect(self.find_next)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence.StandardKey.FindNext, self, self.find_next)

    def _load(self) -> None:
        path = guide_file()
        if not path.is_file():
            self.browser.setHtml(
                self.tr(
                    "<h2>Không tìm thấy hướng dẫn</h2><p>Thiếu tệp {path}.</p>"
                    "<p>Hãy cài lại Trường Số hoặc báo cán bộ phụ trách CNTT.</p>"
                ).format(path=path)
            )
            return
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        self.browser.clearHistory()

    # ------------------------------------------------------------ navigation

    def show_section(self, anchor: str) -> None:
        """Scroll to the section ``anchor`` ("" : the top of the guide)."""
        path = guide_file()
        if not path.is_file():
            return
        url = QUrl.fromLocalFile(str(path))
        if anchor:
            url.setFragment(anchor)
            self.browser.setSource(url)
        else:
            self.browser.setSource(url)
            self.browser.verticalScrollBar().setValue(0)

    def current_section(self) -> str:
        """The anchor of the section last opened (a link, the contents, F1); "" at the top."""
        return self.browser.source().fragment()

    def show_page_help(self, key: str) -> None:
        """Open the section of the main-window page ``key``, then bring the window up."""
        self.show_section(section_for_page(key))
        if self.isVisible():  # open behind the main window: bring it up
            self.raise_()
            self.activateWindow()
        else:
            self.show()

    # ------------------------------------------------------------ search

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _on_search_text_changed(self, _text: str) -> None:
        self.search_status.setVisible(False)

    def find_next(self) -> bool:
        """Select the next place the search text appears, from the top again after the last."""
        text = self.search_edit.text().strip()
        if not text:
            return False
        found = self.browser.find(text)
        if not found:  # wrap around
            cursor = self.browser.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text)
        if found:
            self.search_status.setVisible(False)
        else:
            self.search_status.setText(
                self.tr("Không thấy «{text}» trong hướng dẫn.").format(text=text)
            )
            self.search_status.setVisible(True)
        return found
