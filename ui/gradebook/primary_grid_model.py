"""The primary (TT27) grid of one class × subject × semester as an entry table model.

Columns: STT, Họ và tên, then for each checkpoint of the semester (giữa học
kì, cuối học kì; cuối học kì II is "Cuối năm") the level (HTT/HT/CHT), the
periodic-test score where the subject has one (an integer 0–10) and the
comment. Levels are typed as HTT/HT/CHT, the full words, or the full words
without accents; they are shown as HTT/HT/CHT with the full word in the
tooltip. Headers are two lines: the checkpoint, then what the column holds.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.gradebook.primary.grid import PColumn, PrimaryGrid, PRow
from app.gradebook.primary.values import (
    PKind,
    PSlot,
    checkpoint_label,
    parse_pcell,
    parse_pslot,
    show_pstored,
)
from app.gradebook.primary_entry import PCellEdit
from app.grading.primary import SubjectLevel
from ui import style
from ui.gradebook.entry_model import Checked, ColumnKind, EntryColumn, Index
from ui.gradebook.subject_grid_model import SubjectGridModel

LOW_FG = QColor(style.BAD)
"""Saved "Chưa hoàn thành" levels stand out in red."""
NUMBER_KEY = "number"
NAME_KEY = "name"
LEVEL_WORDS = ("Hoàn thành tốt", "Hoàn thành", "Chưa hoàn thành")
LEVEL_SHORTCUTS = {
    "hoan thanh tot": "Hoàn thành tốt",
    "hoan thanh": "Hoàn thành",
    "chua hoan thanh": "Chưa hoàn thành",
}
"""Unaccented ways to type the levels without a Vietnamese input method."""

KIND_HEADER = {
    PKind.LEVEL: "Mức đạt được",
    PKind.TEST: "Điểm KT",
    PKind.COMMENT: "Nhận xét",
}
EXTRA_TIP = (
    "Cột này môn học không còn dùng ở khối lớp này nhưng vẫn còn giá trị đã lưu: "
    "xem và xóa (phím Delete) nếu nhập nhầm."
)
KIND_TIP = {
    PKind.LEVEL: "{when}: mức đạt được của môn học. Gõ HTT (Hoàn thành tốt), "
    "HT (Hoàn thành) hoặc CHT (Chưa hoàn thành).",
    PKind.TEST: "{when}: điểm bài kiểm tra định kì, số nguyên từ 0 đến 10 (không có phần "
    "thập phân).",
    PKind.COMMENT: "{when}: nhận xét của giáo viên về sự tiến bộ, ưu điểm, hạn chế của "
    "học sinh (không bắt buộc).",
}


def column_header(semester: int, slot: PSlot, extra: bool = False) -> str:
    """The two-line header: the checkpoint, then what the column holds (* when no longer used)."""
    mark = "*" if extra else ""
    return f"{checkpoint_label(semester, slot.checkpoint)}\n{KIND_HEADER[slot.kind]}{mark}"


def _entry_column(semester: int, column: PColumn) -> EntryColumn:
    slot = column.slot
    kind = ColumnKind.TEXT_INPUT if slot.kind is PKind.COMMENT else ColumnKind.INPUT
    tip = KIND_TIP[slot.kind].format(when=checkpoint_label(semester, slot.checkpoint))
    if column.extra:
        tip = EXTRA_TIP
    return EntryColumn(kind, column.key, column.label, tip, column.required)


def _columns(grid: PrimaryGrid) -> list[EntryColumn]:
    """STT, name, then the grid's checkpoint columns in order."""
    return [
        EntryColumn(ColumnKind.NUMBER, NUMBER_KEY, "STT"),
        EntryColumn(ColumnKind.NAME, NAME_KEY, "Họ và tên"),
        *(_entry_column(grid.semester, c) for c in grid.columns),
    ]


def check_pcell(key: str, text: str) -> Checked:
    """A typed primary cell checked: stored text and display, or the reason it is refused."""
    slot = parse_pslot(key)
    if slot.kind is PKind.LEVEL:
        text = LEVEL_SHORTCUTS.get(" ".join(text.casefold().split()), text)
    parsed = parse_pcell(text, slot)
    if parsed.value is None and parsed.reasons:
        return Checked(None, text, " ".join(parsed.reasons))
    return Checked(parsed.value, show_pstored(parsed.value, slot))


class PrimaryGridModel(SubjectGridModel[PrimaryGrid, PRow, PCellEdit]):
    """Rows are the grid's students in name order; edits stay local until saved."""

    def grid_columns(self, grid: PrimaryGrid) -> list[EntryColumn]:
        return _columns(grid)

    def make_edit(self, student_id: uuid.UUID, key: str, value: str) -> PCellEdit:
        return PCellEdit(student_id, key, value)

    def slot_at(self, section: int) -> PSlot | None:
        """The primary slot shown in ``section`` (None for STT and the name)."""
        if not 0 <= section < self.columnCount():
            return None
        col = self.column(section)
        return parse_pslot(col.key) if col.kind.editable else None

    def level_sections(self) -> list[int]:
        """Sections holding levels (HTT/HT/CHT)."""
        return [
            i
            for i in self.input_sections()
            if (slot := self.slot_at(i)) is not None and slot.kind is PKind.LEVEL
        ]

    def missing_count(self) -> int:
        """How many required cells are still empty (after edits)."""
        keys = [self.column(i).key for i in self.input_sections() if self.column(i).required]
        return sum(self.is_missing(r, k) for r in range(self.row_total()) for k in keys)

    # ------------------------------------------------------------ hooks

    def base(self, row: int, key: str) -> tuple[str | None, str]:
        assert self._grid is not None
        stored = self._grid.rows[row].cell(key).stored
        return stored, show_pstored(stored, parse_pslot(key))

    def check(self, row: int, key: str, text: str) -> Checked:
        return check_pcell(key, text)

    # ------------------------------------------------------------ Qt model

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        slot = self.slot_at(section) if orientation == Qt.Orientation.Horizontal else None
        if slot is not None and role == Qt.ItemDataRole.DisplayRole and self._grid is not None:
            key = self.column(section).key
            extra = any(c.extra for c in self._grid.columns if c.key == key)
            return column_header(self._grid.semester, slot, extra)
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            full = self._level_word(index.row(), index.column())
            if full:
                return full
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            full = self._level_word(index.row(), index.column())
            if full == SubjectLevel.NOT_COMPLETED.value:
                return LOW_FG
        return super().data(index, role)

    def _level_word(self, row: int, section: int) -> str | None:
        """The full level word of a saved, unedited level cell (its tooltip)."""
        slot = self.slot_at(section)
        if slot is None or slot.kind is not PKind.LEVEL or not 0 <= row < self.row_total():
            return None
        key = self.column(section).key
        if self.edit_at(row, key) is not None:
            return None
        stored = self.base(row, key)[0]
        return show_pstored(stored, slot, short=False) if stored else None
