"""Presenting errors (STYLE rule 15): an AppError shows its message, a bug shows an apology.

``install_excepthook`` routes every uncaught exception (including ones raised in
Qt slots) to the same presenter after logging it with its traceback.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QThread
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError, Cancelled
from app.logs import log_path

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


class ErrorDialog(QDialog):
    """A message with an icon, expandable details and, for bugs, the log file's path."""

    def __init__(
        self, parent: QWidget | None, title: str, message: str, details: str, footer: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._build(message, details, footer)
        self._connect()

    def _build(self, message: str, details: str, footer: str) -> None:
        icon = QLabel()
        pixmap = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(pixmap.pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.footer_label = QLabel(footer)
        self.footer_label.setWordWrap(True)
        self.footer_label.setVisible(bool(footer))
        self.footer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.footer_label.setObjectName("muted")
        self.details_edit = QPlainTextEdit(details)
        self.details_edit.setReadOnly(True)
        self.details_edit.setVisible(False)
        self.details_edit.setMinimumHeight(180)
        self.details_button = QPushButton(self.tr("Xem chi tiết"))
        self.details_button.setCheckable(True)
        self.details_button.setVisible(bool(details))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đóng"))
        self.buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        text = QVBoxLayout()
        text.addWidget(self.message_label)
        text.addWidget(self.footer_label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_edit, 1)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.details_button.toggled.connect(self._on_details_toggled)

    def _on_details_toggled(self, shown: bool) -> None:
        self.details_edit.setVisible(shown)
        self.details_button.setText(self.tr("Ẩn chi tiết") if shown else self.tr("Xem chi tiết"))
        self.adjustSize()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        message: str,
        details: str = "",
        footer: str = "",
    ) -> None:
        """Show the error modally until the user closes it."""
        cls(parent, title, message, details, footer).exec()


def describe(exc: BaseException) -> tuple[str, str, str, str]:
    """(title, message, details, footer) for an exception, as the dialog shows it."""
    if isinstance(exc, AppError):
        return _tr("Không thực hiện được"), exc.message, exc.details or "", ""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    message = _tr(
        "Rất tiếc, đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu trước đó vẫn an toàn. "
        "Hãy thử lại; nếu lỗi lặp lại, gửi tệp nhật ký bên dưới cho bộ phận hỗ trợ."
    )
    footer = _tr("Tệp nhật ký lỗi: {path}").format(path=log_path())
    return _tr("Lỗi không mong muốn"), message, details, footer


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Present ``exc``: its Vietnamese message if expected, an apology if it is a bug."""
    if isinstance(exc, Cancelled):
        log.info("cancelled: %s", exc)
        return
    if isinstance(exc, AppError):
        log.info("app error shown: %s", exc.message)
    else:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    title, message, details, footer = describe(exc)
    ErrorDialog.ask(parent, title, message, details, footer)


_showing = threading.local()


def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """The global excepthook: log, then show the presenter if a window can be shown."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    if not isinstance(exc, AppError):
        log.critical("uncaught exception", exc_info=(kind, exc, tb))
    app = QApplication.instance()
    if app is None or getattr(_showing, "active", False) or not _on_main_thread():
        return
    _showing.active = True
    try:
        title, message, details, footer = describe(exc)
        ErrorDialog.ask(QApplication.activeWindow(), title, message, details, footer)
    finally:
        _showing.active = False


def _on_main_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


def install_excepthook() -> None:
    """Route uncaught exceptions (main thread and worker threads) to the log and presenter."""
    sys.excepthook = _hook
    threading.excepthook = _thread_hook


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        log.critical(
            "uncaught exception in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
