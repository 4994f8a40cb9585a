"""The Thiết bị page's read-only lists: register lines, rooms, the computer ratio per level,
the stored minimum lists and the refused cells of a list import.

Money shows in đồng with Vietnamese thousands separators (12.500.000); a disposed line is
greyed with its disposal day in the condition column.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.equipment.lists import ListSummary
from app.equipment.models import LEVEL_LABELS, SOURCE_LABELS
from app.equipment.ratio import LevelRatio
from app.equipment.register import ItemRow
from app.equipment.rooms import RoomRow
from app.importing.located import Problem
from app.labels import format_date
from app.messages.equipment_ui import EQUIPMENT_UI_MSG as M
from app.numbers import thousands
from ui import style
from ui.table_model import Index, RowTableModel

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
GREY = QColor(style.DISABLED_TEXT)
OK_BG = QColor("#e3f3e8")
BAD_BG = QColor("#fbe4e2")


def decimal_text(value: object) -> str:
    """``2,50`` the Vietnamese way; a whole number without decimals."""
    text = f"{value:.2f}".replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


class ItemCol(IntEnum):
    """The register's columns."""

    CODE = 0
    NAME = 1
    CATEGORY = 2
    ROOM = 3
    QUANTITY = 4
    CONDITION = 5
    SOURCE = 6
    VALUE = 7
    ACQUIRED = 8


class ItemsModel(RowTableModel):
    """Register lines; ``serials`` gives the serial number shown beside a unit."""

    HEADERS = ("Mã", "Tên thiết bị", "Nhóm", "Phòng", "SL / sê-ri", "Tình trạng",
               "Nguồn", "Nguyên giá (đ)", "Ngày nhận")  # fmt: skip

    def __init__(self) -> None:
        super().__init__(self.HEADERS)
        self.serials: dict[str, str] = {}

    def quantity_text(self, row: ItemRow) -> str:
        if row.serial:
            serial = self.serials.get(row.code, "")
            return f"1 {row.unit} · SN {serial}" if serial else f"1 {row.unit}"
        return f"{thousands(row.quantity)} {row.unit}".strip()

    def text(self, row: ItemRow, column: int) -> str:
        if column == ItemCol.CODE:
            return row.code
        if column == ItemCol.NAME:
            return row.name
        if column == ItemCol.CATEGORY:
            return row.category
        if column == ItemCol.ROOM:
            return row.room or M.in_store.capitalize()
        if column == ItemCol.QUANTITY:
            return self.quantity_text(row)
        if column == ItemCol.CONDITION:
            if row.disposed_on is not None:
                return f"Đã thanh lý {format_date(row.disposed_on)}"
            return row.condition_label
        if column == ItemCol.SOURCE:
            return SOURCE_LABELS.get(row.funding, row.funding)
        if column == ItemCol.VALUE:
            return thousands(int(row.value_vnd))
        if column == ItemCol.ACQUIRED:
            return format_date(row.acquired_on)
        return ""

    def cell(self, row: ItemRow, column: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.disposed_on is not None:
            return GREY
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ItemCol.VALUE:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole name when its column elides it
            text = self.text(row, column) if column == ItemCol.NAME else ""
            return "\n".join(t for t in (text, row.notes) if t) or None
        return None

    def rows(self) -> list[ItemRow]:
        """Every line shown, in order."""
        return list(self._rows)

    def find(self, code: str) -> int:
        """The row showing ``code``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.code == code), -1)


class RoomCol(IntEnum):
    """The rooms' columns."""

    NAME = 0
    KIND = 1
    CONSTRUCTION = 2
    CAPACITY = 3
    LEVEL = 4
    ITEMS = 5


class RoomsModel(RowTableModel):
    """Rooms with their kind, construction, capacity, level and number of register lines."""

    HEADERS = ("Tên phòng", "Loại phòng", "Loại công trình", "Sức chứa", "Cấp học", "Dòng trong sổ")

    def __init__(self) -> None:
        super().__init__(self.HEADERS)

    def cell(self, row: RoomRow, column: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.kind_label, row.construction_label, thousands(row.capacity),
                    LEVEL_LABELS.get(row.level, "Dùng chung"), thousands(row.items))[column]  # fmt: skip
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            RoomCol.CAPACITY,
            RoomCol.ITEMS,
        ):
            return _RIGHT
        return None


class RatioModel(RowTableModel):
    """Students per working computer per level, against the Ministry's maximum, coloured."""

    HEADERS = ("Cấp học", "Học sinh", "Máy tính hoạt động", "Học sinh / máy",
               "Quy định tối đa", "Đánh giá")  # fmt: skip
    VERDICT = 5

    def __init__(self) -> None:
        super().__init__(self.HEADERS)

    def text(self, row: LevelRatio, column: int) -> str:
        limit = (f"{decimal_text(row.aim)}–{decimal_text(row.limit)}" if row.aim != row.limit
                 else decimal_text(row.limit))  # fmt: skip
        ratio = decimal_text(row.ratio) if row.ratio is not None else row.note
        verdict = M.ratio_meets if row.meets else M.ratio_fails
        return (row.level_label, thousands(row.students), thousands(row.computers), ratio,
                f"{limit} học sinh/máy", verdict)[column]  # fmt: skip

    def cell(self, row: LevelRatio, column: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.VERDICT:
            return OK_BG if row.meets else BAD_BG
        if role == Qt.ItemDataRole.ForegroundRole and column == self.VERDICT:
            return QColor(style.OK if row.meets else style.BAD)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2, 3):
            return _RIGHT
        return None


class ListsModel(RowTableModel):
    """The minimum lists stored: circular, level, version, lines, subjects, source."""

    HEADERS = ("Thông tư", "Cấp học", "Phiên bản", "Số thiết bị", "Môn học", "Nguồn")

    def __init__(self) -> None:
        super().__init__(self.HEADERS)

    def cell(self, row: ListSummary, column: int, role: int, index: Index) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.circular, LEVEL_LABELS.get(row.level, row.level), row.version,
                    thousands(row.items), ", ".join(row.subjects), row.source or "—")[column]  # fmt: skip
        return None


class ProblemsModel(RowTableModel):
    """Refused cells of a list file: sheet, row, column, value, reason."""

    HEADERS = ("Trang tính", "Dòng", "Cột", "Giá trị", "Lý do")

    def __init__(self) -> None:
        super().__init__(self.HEADERS)

    def cell(self, row: Problem, column: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.sheet, str(row.row), row.column, row.value, row.reason)[column]
        if role == Qt.ItemDataRole.ForegroundRole and row.is_error:
            return QColor(style.BAD)
        return None
