"""The class's students and where each one's transcript of the year stands."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.transcripts.models import SIGNING_ORDER, State
from app.transcripts.queries import TranscriptRow
from ui.table_model import Index, RowTableModel

NOT_MADE = "Chưa lập"
REISSUE_COLOUR = QColor("#b3261e")


class Col(IntEnum):
    """The columns."""

    CODE = 0
    NAME = 1
    STATE = 2
    VERSION = 3
    REISSUE = 4
    REASON = 5


HEADERS = ("Mã học sinh", "Họ và tên", "Trạng thái", "Bản", "Cần cấp lại", "Lý do cấp lại")


def state_text(row: TranscriptRow) -> str:
    """Chưa lập, Nháp, Chờ ký, Đã ký (n/3), Phát hành."""
    v = row.version
    if v is None:
        return NOT_MADE
    signed = len(v.signatures)
    if v.state == State.AWAITING and signed:
        return f"Đã ký ({signed}/{len(SIGNING_ORDER)})"
    if v.state == State.SIGNED:
        return f"Đã ký ({signed}/{len(SIGNING_ORDER)})"
    return v.state_label


class TranscriptsModel(RowTableModel):
    """One row per student of the class (``TranscriptRow``)."""

    def __init__(self) -> None:
        super().__init__(HEADERS)

    def cell(self, row: TranscriptRow, column: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (Col.REISSUE, Col.REASON):
            return REISSUE_COLOUR if row.needs_reissue else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Col.VERSION, Col.REISSUE):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def _text(self, row: TranscriptRow, column: int) -> str:
        match column:
            case Col.CODE:
                return row.student_code
            case Col.NAME:
                return row.full_name
            case Col.STATE:
                return state_text(row)
            case Col.VERSION:
                return str(row.version.number) if row.version else ""
            case Col.REISSUE:
                return "Cần cấp lại" if row.needs_reissue else ""
            case Col.REASON:
                return row.reissue_reason if row.needs_reissue else ""
        return ""
