"""What a filtered list shows instead of an empty table: which filters hide the rows, and a reset.

``TableOrEmpty`` holds a list's table and an ``EmptyState``; the page calls
``show_rows()`` or ``show_empty(message, filtered)`` after each query. With
filters, the message names them ("Không có học sinh nào khớp: lớp 6A, trạng
thái Đã nghỉ học, từ khóa “xyz”.") and "Bỏ lọc" asks the page to clear them
(``reset_requested``); without, it says the list is empty and offers nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import icons


def no_match(noun: str, filters: Sequence[str]) -> str:
    """ "Không có {noun} nào khớp: lớp 6A, từ khóa “xyz”." """
    return QCoreApplication.translate("EmptyState", "Không có {noun} nào khớp: {filters}.").format(
        noun=noun, filters=", ".join(filters)
    )


def quoted(text: str) -> str:
    """Typed text as the messages quote it: “xyz”."""
    return f"“{text}”"


class EmptyState(QWidget):
    """A centred message, and "Bỏ lọc" when filters hide the rows."""

    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = QLabel()
        font = self.message_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.message_label.setFont(font)
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reset_button = QPushButton(icons.icon("refresh"), self.tr("Bỏ lọc"))
        self.reset_button.setToolTip(self.tr("Xóa mọi bộ lọc và từ khóa để hiện lại danh sách"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reset_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(self.message_label)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addStretch(2)
        self.reset_button.clicked.connect(self.reset_requested)

    def set_message(self, message: str, filtered: bool) -> None:
        """Show ``message``; offer the reset only when ``filtered``."""
        self.message_label.setText(message)
        self.reset_button.setVisible(filtered)


class TableOrEmpty(QStackedWidget):
    """A list's table, or in its place the empty state."""

    def __init__(self, table: QAbstractItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.empty = EmptyState()
        self.addWidget(table)
        self.addWidget(self.empty)

    @property
    def showing_empty(self) -> bool:
        """Whether the empty state stands in for the table."""
        return self.currentWidget() is self.empty

    def show_rows(self) -> None:
        """Show the table."""
        self.setCurrentWidget(self.table)

    def show_empty(self, message: str, filtered: bool) -> None:
        """Show ``message`` instead of the table, with "Bỏ lọc" when ``filtered``."""
        self.empty.set_message(message, filtered)
        self.setCurrentWidget(self.empty)
