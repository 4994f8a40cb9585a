"""Conduct levels and absences of a class's semester as an entry table.

Columns: STT, Họ và tên, Rèn luyện (T/K/Đ/CĐ), Nghỉ có phép, Nghỉ không phép,
and the total of half-day sessions absent (computed).
"""

from __future__ import annotations

import uuid

from app.gradebook.conduct import ConductEdit, ConductLine
from app.gradebook.values import parse_level, parse_sessions
from ui.gradebook.entry_model import Checked, ColumnKind, EntryColumn, EntryModel

CONDUCT_KEY = "conduct"
EXCUSED_KEY = "absent_excused"
UNEXCUSED_KEY = "absent_unexcused"
TOTAL_KEY = "absent_total"
LEVEL_SHORTCUTS = {
    "tot": "Tốt",
    "kha": "Khá",
    "d": "Đạt",
    "dat": "Đạt",
    "cd": "Chưa đạt",
    "chua dat": "Chưa đạt",
}
"""Unaccented ways to type the levels without a Vietnamese input method."""

COLUMNS = [
    EntryColumn(ColumnKind.NUMBER, "number", "STT"),
    EntryColumn(ColumnKind.NAME, "name", "Họ và tên"),
    EntryColumn(
        ColumnKind.INPUT,
        CONDUCT_KEY,
        "Rèn luyện",
        "Kết quả rèn luyện học kì: Tốt (T), Khá (K), Đạt (Đ hoặc d), Chưa đạt (CĐ hoặc cd)",
        required=True,
    ),
    EntryColumn(
        ColumnKind.INPUT, EXCUSED_KEY, "Nghỉ có phép", "Số buổi nghỉ có phép (buổi = nửa ngày)"
    ),
    EntryColumn(
        ColumnKind.INPUT,
        UNEXCUSED_KEY,
        "Nghỉ không phép",
        "Số buổi nghỉ không phép (buổi = nửa ngày)",
    ),
    EntryColumn(
        ColumnKind.COMPUTED,
        TOTAL_KEY,
        "Tổng buổi nghỉ",
        "Tổng số buổi nghỉ trong học kì; cả năm quá 45 buổi thì không được lên lớp",
    ),
]


class ConductModel(EntryModel):
    """One row per student of the class, in name order."""

    def __init__(self) -> None:
        super().__init__()
        self._lines: tuple[ConductLine, ...] = ()

    def set_lines(self, lines: tuple[ConductLine, ...], editable: bool) -> None:
        """Show a conduct sheet (dropping unsaved edits)."""
        self.beginResetModel()
        self._lines = lines
        self.reset_columns(COLUMNS)
        self.set_editable(editable)
        self.endResetModel()
        self.edits_changed.emit()

    def line_at(self, row: int) -> ConductLine | None:
        """The student of ``row``."""
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, student_id: uuid.UUID) -> int:
        """The row of a student (-1 when not listed)."""
        return next((i for i, x in enumerate(self._lines) if x.student_id == student_id), -1)

    def pending_edits(self) -> list[ConductEdit]:
        """Unsaved valid edits, one per student; fields not edited stay None (kept)."""
        by_row: dict[int, dict[str, str]] = {}
        for (row, key), edit in self.pending().items():
            if edit.checked.problem is None:
                by_row.setdefault(row, {})[key] = edit.checked.stored or ""
        return [
            ConductEdit(self._lines[row].student_id, **fields)
            for row, fields in sorted(by_row.items())
        ]

    def level_counts(self) -> dict[str, int]:
        """How many students have each saved conduct level ("" for not entered)."""
        counts: dict[str, int] = {}
        for line in self._lines:
            counts[line.conduct or ""] = counts.get(line.conduct or "", 0) + 1
        return counts

    # ------------------------------------------------------------ hooks

    def row_total(self) -> int:
        return len(self._lines)

    def row_label(self, row: int) -> tuple[str, bool]:
        line = self._lines[row]
        return line.full_name, line.current

    def base(self, row: int, key: str) -> tuple[str | None, str]:
        line = self._lines[row]
        if key == CONDUCT_KEY:
            return line.conduct, line.conduct or ""
        value = getattr(line, key)
        return (str(value), str(value)) if value is not None else (None, "")

    def check(self, row: int, key: str, text: str) -> Checked:
        if not text:
            return Checked(None, "")
        if key == CONDUCT_KEY:
            level = parse_level(LEVEL_SHORTCUTS.get(text.casefold(), text))
            if level.value is None:
                return Checked(None, text, " ".join(level.reasons))
            return Checked(level.value.label, level.value.label)
        sessions = parse_sessions(text)
        if sessions.value is None:
            return Checked(None, text, " ".join(sessions.reasons))
        return Checked(str(sessions.value), str(sessions.value))

    def computed(self, row: int, key: str) -> tuple[str, str, bool]:
        values = [self.effective(row, k) for k in (EXCUSED_KEY, UNEXCUSED_KEY)]
        if any(problem for _, problem in values):
            return "?", self.tr("Số buổi nghỉ đang nhập chưa hợp lệ."), True
        numbers = [int(stored) for stored, _ in values if stored is not None]
        if not numbers:
            return "", self.tr("Chưa nhập số buổi nghỉ."), False
        return str(sum(numbers)), "", False
