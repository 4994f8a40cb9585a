"""Qualities and competencies of a primary class at one checkpoint as an entry table.

Columns: STT, Họ và tên, one per quality or competency of the grade (short
name in the header, the full name and its group in the tooltip), typed as
T/Đ/C (Tốt, Đạt, Cần cố gắng; "d" and unaccented words work too). At the end
of the year a last column takes the achievement the class nominates for the
"Học sinh Tiêu biểu" commendation (empty: not nominated).
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.gradebook.primary.values import parse_rating_cell, show_rating
from app.gradebook.primary_ratings import (
    ACHIEVEMENT_MAX_LENGTH,
    RatingEdit,
    RatingLine,
    RatingSheet,
)
from app.grading.primary import Rating
from ui import style
from ui.gradebook.entry_model import Checked, ColumnKind, EntryColumn, EntryModel, Index

NUMBER_KEY = "number"
NAME_KEY = "name"
NOMINATION_KEY = "nomination"
RATING_SHORTCUTS = {
    "d": "Đạt",
    "dat": "Đạt",
    "tot": "Tốt",
    "can co gang": "Cần cố gắng",
    "ccg": "Cần cố gắng",
}
"""Unaccented ways to type the ratings without a Vietnamese input method."""
RATING_ORDER = tuple(r.value for r in Rating)
LOW_FG = QColor(style.BAD)
"""Saved "Cần cố gắng" ratings stand out in red."""
RATING_TIP = "{group}: {name}. Gõ T (Tốt), Đ hoặc d (Đạt), C (Cần cố gắng)."
NOMINATION_TIP = (
    "Thành tích nổi bật của học sinh mà tập thể lớp đề nghị khen thưởng danh hiệu "
    "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện. Để trống nếu không đề nghị."
)


def is_year_end(sheet: RatingSheet | None) -> bool:
    """Whether the sheet is the end of the year (semester II, cuối học kì), where nominations go."""
    return sheet is not None and (sheet.semester, sheet.checkpoint) == (2, 2)


def _columns(sheet: RatingSheet) -> list[EntryColumn]:
    cols = [
        EntryColumn(ColumnKind.NUMBER, NUMBER_KEY, "STT"),
        EntryColumn(ColumnKind.NAME, NAME_KEY, "Họ và tên"),
    ]
    cols += [
        EntryColumn(
            ColumnKind.INPUT,
            d.name,
            d.short_name or d.name,
            RATING_TIP.format(group=d.group, name=d.name),
            required=True,
        )
        for d in sheet.names
    ]
    if is_year_end(sheet):
        cols.append(
            EntryColumn(ColumnKind.TEXT_INPUT, NOMINATION_KEY, "HS Tiêu biểu", NOMINATION_TIP)
        )
    return cols


def check_rating(text: str) -> Checked:
    """A typed rating checked: the stored word and T/Đ/C, or why it is refused."""
    text = RATING_SHORTCUTS.get(" ".join(text.casefold().split()), text)
    parsed = parse_rating_cell(text)
    if parsed.value is None and parsed.reasons:
        return Checked(None, text, " ".join(parsed.reasons))
    return Checked(parsed.value, show_rating(parsed.value))


class PrimaryRatingsModel(EntryModel):
    """One row per student of the class, in name order."""

    def __init__(self) -> None:
        super().__init__()
        self._sheet: RatingSheet | None = None
        self._nominations: dict[uuid.UUID, str] = {}

    @property
    def sheet(self) -> RatingSheet | None:
        """The sheet as last loaded."""
        return self._sheet

    def set_sheet(self, sheet: RatingSheet | None, nominations: dict[uuid.UUID, str]) -> None:
        """Show a sheet and the year's nominations (dropping unsaved edits)."""
        self.beginResetModel()
        self._sheet = sheet
        self._nominations = dict(nominations)
        self.reset_columns(_columns(sheet) if sheet is not None else [])
        self.set_editable(bool(sheet and sheet.editable))
        self.endResetModel()
        self.edits_changed.emit()

    def line_at(self, row: int) -> RatingLine | None:
        """The student of ``row``."""
        lines = self._sheet.lines if self._sheet else ()
        return lines[row] if 0 <= row < len(lines) else None

    def row_of(self, student_id: uuid.UUID) -> int:
        """The row of a student (-1 when not listed)."""
        lines = self._sheet.lines if self._sheet else ()
        return next((i for i, x in enumerate(lines) if x.student_id == student_id), -1)

    def rating_sections(self) -> list[int]:
        """Sections holding ratings (not the nomination)."""
        return [i for i in self.input_sections() if self.column(i).kind is ColumnKind.INPUT]

    def pending_edits(self) -> list[RatingEdit]:
        """Unsaved valid rating edits ("" clears a rating)."""
        assert self._sheet is not None
        return [
            RatingEdit(self._sheet.lines[row].student_id, key, e.checked.stored or "")
            for (row, key), e in sorted(self.pending().items())
            if key != NOMINATION_KEY and e.checked.problem is None
        ]

    def pending_nominations(self) -> list[tuple[uuid.UUID, str]]:
        """Unsaved valid nominations: (student, achievement; "" removes it)."""
        assert self._sheet is not None
        return [
            (self._sheet.lines[row].student_id, e.checked.stored or "")
            for (row, key), e in sorted(self.pending().items())
            if key == NOMINATION_KEY and e.checked.problem is None
        ]

    def rating_counts(self) -> dict[str, int]:
        """How many saved cells hold each rating ("" for not rated, students in the class only)."""
        counts: dict[str, int] = {}
        for line in self._sheet.lines if self._sheet else ():
            if not line.current:
                continue
            for value in line.values.values():
                counts[value or ""] = counts.get(value or "", 0) + 1
        return counts

    def nominated(self) -> int:
        """How many students the class nominates (saved)."""
        return len(self._nominations)

    # ------------------------------------------------------------ hooks

    def row_total(self) -> int:
        return len(self._sheet.lines) if self._sheet else 0

    def row_label(self, row: int) -> tuple[str, bool]:
        assert self._sheet is not None
        line = self._sheet.lines[row]
        return line.full_name, line.current

    def base(self, row: int, key: str) -> tuple[str | None, str]:
        assert self._sheet is not None
        line = self._sheet.lines[row]
        if key == NOMINATION_KEY:
            text = self._nominations.get(line.student_id)
            return text, text or ""
        stored = line.values.get(key)
        return stored, show_rating(stored)

    def check(self, row: int, key: str, text: str) -> Checked:
        if key == NOMINATION_KEY:
            if len(text) > ACHIEVEMENT_MAX_LENGTH:
                return Checked(
                    None,
                    text,
                    self.tr("Thành tích dài quá {n} ký tự.").format(n=ACHIEVEMENT_MAX_LENGTH),
                )
            return Checked(text or None, text)
        return check_rating(text)

    # ------------------------------------------------------------ Qt model

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            word = self._rating_word(index.row(), index.column())
            if word:
                return word
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            word = self._rating_word(index.row(), index.column())
            if word and word.endswith(Rating.NEEDS_EFFORT.value):
                return LOW_FG
        return super().data(index, role)

    def _rating_word(self, row: int, section: int) -> str | None:
        """ "Chăm chỉ: Tốt" for a saved, unedited rating cell."""
        if section not in self.rating_sections() or not 0 <= row < self.row_total():
            return None
        key = self.column(section).key
        if self.edit_at(row, key) is not None:
            return None
        stored = self.base(row, key)[0]
        return f"{key}: {stored}" if stored else None
