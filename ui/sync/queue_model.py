"""The Đồng bộ page's three read-only lists: the queue, the packages to handle, the receipts.

Rows are ``app.sync.queue_view.QueueRow`` values; the texts (sizes, ages, states) come from
there, formatted the Vietnamese way.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app import labels
from app.sync.outbox import CONFIRMED, QUARANTINED
from app.sync.queue_view import QueueRow
from ui import style
from ui.table_model import Index, RowTableModel

BAD = QColor(style.BAD)
OK = QColor(style.OK)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


def short_id(row: QueueRow) -> str:
    """The first group of the package id: enough to tell packages apart on screen."""
    return str(row.package_id).split("-", 1)[0]


def _when(row: QueueRow, column: str) -> str:
    return labels.format_datetime(getattr(row, column)) or "—"


class QueueCol(IntEnum):
    """The queue's columns."""

    RANGE = 0
    STATE = 1
    SIZE = 2
    CREATED = 3
    AGE = 4
    ATTEMPTS = 5
    NEXT_TRY = 6
    ERROR = 7


class QueueModel(RowTableModel):
    """Every package and where it stands (the package's id in the range's tooltip)."""

    HEADERS = ("Các mục nhật ký", "Trạng thái", "Kích thước", "Lập lúc", "Đã chờ", "Lần gửi",
               "Thử lại lúc", "Lỗi, lý do")  # fmt: skip

    def __init__(self) -> None:
        super().__init__(self.HEADERS)

    def cell(self, row: QueueRow, column: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == QueueCol.RANGE:
            return f"Gói {row.package_id}"
        if role == Qt.ItemDataRole.ForegroundRole and column in (QueueCol.STATE, QueueCol.ERROR):
            return BAD if row.state == QUARANTINED else OK if row.state == CONFIRMED else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (QueueCol.SIZE, QueueCol.AGE):
            return _RIGHT
        if role == Qt.ItemDataRole.TextAlignmentRole and column == QueueCol.ATTEMPTS:
            return _CENTRE
        return None

    def _text(self, row: QueueRow, column: int) -> str:
        match column:
            case QueueCol.RANGE:
                return row.range_text
            case QueueCol.STATE:
                return row.state_label
            case QueueCol.SIZE:
                return row.size_text
            case QueueCol.CREATED:
                return _when(row, "created_at")
            case QueueCol.AGE:
                return "" if row.state == CONFIRMED else row.age_text
            case QueueCol.ATTEMPTS:
                return str(row.attempts)
            case QueueCol.NEXT_TRY:
                return _when(row, "next_try_at") if row.next_try_at else ""
            case QueueCol.ERROR:
                return row.last_error
        return ""


class ProblemCol(IntEnum):
    """The "cần xử lý" list's columns."""

    PACKAGE = 0
    RANGE = 1
    REASON = 2
    ATTEMPTS = 3
    CREATED = 4


class ProblemsModel(RowTableModel):
    """Packages the hub refused, with its reason."""

    HEADERS = ("Gói", "Các mục nhật ký", "Lý do của máy chủ nhận", "Lần gửi", "Lập lúc")

    def __init__(self) -> None:
        super().__init__(self.HEADERS)

    def cell(self, row: QueueRow, column: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == ProblemCol.PACKAGE:
            return str(row.package_id)
        if role == Qt.ItemDataRole.ForegroundRole and column == ProblemCol.REASON:
            return BAD
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ProblemCol.ATTEMPTS:
            return _CENTRE
        return None

    def _text(self, row: QueueRow, column: int) -> str:
        match column:
            case ProblemCol.PACKAGE:
                return short_id(row)
            case ProblemCol.RANGE:
                return row.range_text
            case ProblemCol.REASON:
                return row.last_error or "—"
            case ProblemCol.ATTEMPTS:
                return str(row.attempts)
            case ProblemCol.CREATED:
                return _when(row, "created_at")
        return ""


class ReceiptCol(IntEnum):
    """The receipts list's columns."""

    PACKAGE = 0
    RANGE = 1
    STATUS = 2
    REASON = 3
    TIME = 4


class ReceiptsModel(RowTableModel):
    """What the hub answered, newest first."""

    HEADERS = ("Gói", "Các mục nhật ký", "Kết quả", "Lý do", "Xác nhận lúc")

    def __init__(self) -> None:
        super().__init__(self.HEADERS)

    def cell(self, row: QueueRow, column: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == ReceiptCol.PACKAGE:
            return str(row.package_id)
        if role == Qt.ItemDataRole.ForegroundRole and column == ReceiptCol.STATUS:
            return OK if row.state == CONFIRMED else BAD if row.state == QUARANTINED else None
        return None

    def _text(self, row: QueueRow, column: int) -> str:
        match column:
            case ReceiptCol.PACKAGE:
                return short_id(row)
            case ReceiptCol.RANGE:
                return row.range_text
            case ReceiptCol.STATUS:
                return row.receipt_text
            case ReceiptCol.REASON:
                return row.last_error
            case ReceiptCol.TIME:
                return _when(row, "confirmed_at") if row.confirmed_at else ""
        return ""
