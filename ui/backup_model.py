"""The backups of the Sao lưu dialog: when, how big, where, and whether each restores here."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.labels import format_datetime
from app.safety.backup_admin import BackupEntry, BackupState
from ui import style
from ui.table_model import Index, RowTableModel


class Col(IntEnum):
    WHEN = 0
    SIZE = 1
    FOLDER = 2
    STATE = 3


HEADERS = ("Ngày giờ sao lưu", "Dung lượng", "Nơi lưu", "Kiểm tra")
_GOOD = (BackupState.READY,)


def size_text(size: int) -> str:
    """ "12,4 MB" or "850 KB", with a decimal comma."""
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB".replace(".", ",")
    return f"{max(size, 1) // 1024 or 1} KB"


class BackupTableModel(RowTableModel):
    """Rows are ``BackupEntry``; ``checked`` holds what a full check said of a file."""

    def __init__(self) -> None:
        super().__init__(HEADERS)
        self.checked: dict[Path, tuple[bool, str]] = {}

    def set_checked(self, path: Path, ok: bool, text: str) -> None:
        """Show the result of a full check of ``path`` in its row."""
        self.checked[path] = (ok, text)
        for row in range(self.rowCount()):
            if self.row_at(row).path == path:
                index = self.index(row, Col.STATE)
                self.dataChanged.emit(index, index)

    def cell(self, row: BackupEntry, column: int, role: int, index: Index) -> Any:
        checked = self.checked.get(row.path)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column, checked)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Col.FOLDER:
                return str(row.path)
            if column == Col.STATE:
                return checked[1] if checked else (row.detail or row.state_label)
        if role == Qt.ItemDataRole.ForegroundRole and column == Col.STATE:
            good = checked[0] if checked else row.state in _GOOD
            return QColor(style.OK if good else style.BAD)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Col.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: BackupEntry, column: int, checked: tuple[bool, str] | None) -> str:
        if column == Col.WHEN:
            return format_datetime(row.created_at) if row.created_at else row.path.name
        if column == Col.SIZE:
            return size_text(row.size) if row.size else ""
        if column == Col.FOLDER:
            return str(row.path.parent)
        if checked is not None:
            return self.tr("Đã kiểm tra: tốt") if checked[0] else self.tr("Kiểm tra: hỏng")
        return self.tr(row.state_label)
