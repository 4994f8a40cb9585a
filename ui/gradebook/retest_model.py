"""The re-test sheet's model: one row per flagged student × eligible subject, ticks and results.

"Chọn thi lại" is a tick (Space toggles it, a click too; pasting x/1 works).
The re-test cell takes a value only for a chosen subject; the outcome column
reads "Chờ kết quả kiểm tra lại: …" until every chosen subject has a result.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from app.gradebook.retests import (
    RetestLine,
    RetestSubject,
)
from app.gradebook.values import Kind, Slot, parse_cell, show_stored
from app.messages.retests import RETEST_MSG as RM
from ui.gradebook.entry_model import (
    COMPUTED_BG,
    Checked,
    ColumnKind,
    EntryColumn,
    EntryModel,
    Index,
    tooltip_lines,
)

RETEST_KEY = "retest"
CHOSEN_KEY = "chosen"
_FINAL = Slot(Kind.FINAL)
_TICKED = "1"
_CHOSEN_TEXT, _NOT_CHOSEN_TEXT = "đã chọn", "chưa chọn"
_TICK_WORDS = {"1", "x", "c", "có", "co", "v", "✓", "✔"}
_UNTICK_WORDS = {"", "0", "k", "không", "khong"}
_CLOSED_ROLES = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole)
"""What a re-test cell of a subject not chosen shows: grey, and why it takes no value."""
COLUMNS = [
    EntryColumn(ColumnKind.NUMBER, "number", "STT"),
    EntryColumn(ColumnKind.NAME, "name", "Họ và tên"),
    EntryColumn(ColumnKind.INFO, "subject", "Môn được kiểm tra lại", left=True),
    EntryColumn(ColumnKind.INFO, "year", "Cả năm", "Điểm trung bình cả năm hoặc kết quả cả năm"),
    EntryColumn(
        ColumnKind.INPUT,
        CHOSEN_KEY,
        "Chọn thi lại",
        "Học sinh chọn kiểm tra lại môn này (phím Space hoặc bấm chuột để đánh dấu)",
    ),
    EntryColumn(
        ColumnKind.INPUT,
        RETEST_KEY,
        "Điểm kiểm tra lại",
        "Điểm (0–10) hoặc Đ/CĐ với môn đánh giá bằng nhận xét; thay kết quả cả năm của môn. "
        "Chỉ nhập được cho môn đã chọn thi lại.",
    ),
    EntryColumn(ColumnKind.COMPUTED, "outcome", "Kết quả cuối năm", "Tính lại sau kiểm tra lại"),
]


@dataclass(frozen=True)
class RetestRow:
    """One flagged student and one subject they may re-test."""

    line: RetestLine
    subject: RetestSubject


class RetestModel(EntryModel):
    """Rows are (student, subject) pairs of the re-test sheet; "chosen" is a check box."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[RetestRow] = []
        self._allowed: frozenset[uuid.UUID] | None = None
        self._may_choose = False

    def set_lines(
        self,
        lines: tuple[RetestLine, ...],
        allowed: frozenset[uuid.UUID] | None,
        may_choose: bool = False,
    ) -> None:
        """Show the sheet; ``allowed``: subjects whose results the actor enters (None: all)."""
        self.beginResetModel()
        self._rows = [RetestRow(line, subject) for line in lines for subject in line.subjects]
        self._allowed = allowed
        self._may_choose = may_choose
        self.reset_columns(COLUMNS)
        self.set_editable(may_choose or allowed is None or bool(allowed))
        self.endResetModel()
        self.edits_changed.emit()

    def row_at(self, row: int) -> RetestRow | None:
        """The (student, subject) pair of ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, student_id: uuid.UUID, subject_id: uuid.UUID) -> int:
        """The row of a student's subject (-1 when not listed)."""
        return next(
            (
                i
                for i, r in enumerate(self._rows)
                if r.line.student_id == student_id and r.subject.subject_id == subject_id
            ),
            -1,
        )

    def student_count(self) -> int:
        """How many students are flagged."""
        return len({r.line.student_id for r in self._rows})

    def _student_rows(self, student_id: uuid.UUID) -> list[int]:
        """The rows of one student (one per eligible subject)."""
        return [i for i, r in enumerate(self._rows) if r.line.student_id == student_id]

    def is_chosen(self, row: int) -> bool:
        """Whether the row's subject is chosen, counting unsaved ticks (a refused tick: as saved)."""
        stored, problem = self.effective(row, CHOSEN_KEY)
        if problem is not None:
            return self._rows[row].subject.chosen
        return stored == _TICKED

    def waiting(self, row: int) -> list[str]:
        """The student's chosen subjects still without a re-test result (after unsaved edits)."""
        rows = self._student_rows(self._rows[row].line.student_id)
        return [
            self._rows[i].subject.name
            for i in rows
            if self.is_chosen(i) and self.effective(i, RETEST_KEY)[0] is None
        ]

    def pending_entries(self) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
        """(student, subject, value) of every valid unsaved re-test edit ("" clears)."""
        return [
            (
                self._rows[row].line.student_id,
                self._rows[row].subject.subject_id,
                e.checked.stored or "",
            )
            for (row, key), e in sorted(self.pending().items())
            if key == RETEST_KEY and e.checked.problem is None
        ]

    def pending_choices(self) -> dict[uuid.UUID, list[uuid.UUID]]:
        """Per student with a changed tick: every subject chosen after the edits."""
        students = {
            self._rows[row].line.student_id
            for (row, key), e in self.pending().items()
            if key == CHOSEN_KEY and e.checked.problem is None
        }
        return {
            sid: [
                self._rows[i].subject.subject_id
                for i in self._student_rows(sid)
                if self.is_chosen(i)
            ]
            for sid in sorted(students)
        }

    # ------------------------------------------------------------ hooks

    def row_total(self) -> int:
        return len(self._rows)

    def row_label(self, row: int) -> tuple[str, bool]:
        return self._rows[row].line.full_name, True

    def cell_editable(self, row: int, key: str) -> bool:
        if key == CHOSEN_KEY:
            return self._may_choose
        allowed = self._allowed is None or self._rows[row].subject.subject_id in self._allowed
        return allowed and self.is_chosen(row)

    def base(self, row: int, key: str) -> tuple[str | None, str]:
        subject = self._rows[row].subject
        if key == CHOSEN_KEY:
            return (_TICKED, _CHOSEN_TEXT) if subject.chosen else (None, _NOT_CHOSEN_TEXT)
        if not subject.retest_text:
            return None, ""
        stored = parse_cell(subject.retest_text, _FINAL, subject.comment_only).value
        return stored, subject.retest_text

    def check(self, row: int, key: str, text: str) -> Checked:
        if key == CHOSEN_KEY:
            return self._check_tick(row, text)
        comment_only = self._rows[row].subject.comment_only
        if comment_only:
            text = {"d": "Đạt", "cd": "Chưa đạt"}.get(text.casefold(), text)
        parsed = parse_cell(text, _FINAL, comment_only)
        if parsed.value is None and parsed.reasons:
            return Checked(None, text, " ".join(parsed.reasons))
        return Checked(parsed.value, show_stored(parsed.value, _FINAL, comment_only))

    def _check_tick(self, row: int, text: str) -> Checked:
        """A tick (x, 1, có) or an untick; unticking a subject with a result is refused."""
        word = text.casefold()
        if word in _TICK_WORDS:
            return Checked(_TICKED, _CHOSEN_TEXT)
        if word not in _UNTICK_WORDS:
            return Checked(None, text, self.tr("Gõ x (hoặc 1) để chọn, để trống để bỏ chọn."))
        subject = self._rows[row].subject
        if self.effective(row, RETEST_KEY)[0] is not None:
            reason = self.tr(
                "Môn {subject} đã có kết quả kiểm tra lại: xóa kết quả trước rồi mới bỏ chọn."
            ).format(subject=subject.name)
            return Checked(None, _NOT_CHOSEN_TEXT, reason)
        others = [i for i in self._student_rows(self._rows[row].line.student_id) if i != row]
        if subject.chosen and not any(self.is_chosen(i) for i in others):
            reason = self.tr("Phải chọn ít nhất một môn kiểm tra lại.")
            return Checked(None, _NOT_CHOSEN_TEXT, reason)
        return Checked(None, _NOT_CHOSEN_TEXT)

    def computed(self, row: int, key: str) -> tuple[str, str, bool]:
        r = self._rows[row]
        if key == "subject":
            return r.subject.name, "", False
        if key == "year":
            return r.subject.year_text, "", False
        waiting = self.waiting(row)
        outcome = r.line.outcome
        text = RM.pending_outcome.format(subjects=", ".join(waiting)) if waiting else outcome.text
        text = text or "–"
        return text, tooltip_lines(outcome.reasons, f"Kết quả cuối năm: {text}"), False

    # ------------------------------------------------------------ the tick as a check box

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.column(index.column()).key == CHOSEN_KEY:
            flags &= ~Qt.ItemFlag.ItemIsEditable
            if self.editable and self.cell_editable(index.row(), CHOSEN_KEY):
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key = self.column(index.column()).key if index.isValid() else ""
        if key == RETEST_KEY and role in _CLOSED_ROLES and not self.is_chosen(index.row()):
            if role == Qt.ItemDataRole.BackgroundRole:
                return COMPUTED_BG
            return self.tr("Chưa chọn thi lại môn này: đánh dấu “Chọn thi lại” trước.")
        if key == CHOSEN_KEY:
            if role == Qt.ItemDataRole.CheckStateRole:
                stored = self.effective(index.row(), CHOSEN_KEY)[0]
                return Qt.CheckState.Checked if stored == _TICKED else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return ""
            if role == Qt.ItemDataRole.EditRole:
                return "x" if self.effective(index.row(), CHOSEN_KEY)[0] == _TICKED else ""
        return super().data(index, role)

    def setData(  # noqa: N802
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid():
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
            text = "x" if checked else ""
            return self.set_texts([(index.row(), index.column(), text)]) == 1
        return super().setData(index, value, role)

    def row_edited(self, row: int) -> None:
        """A tick changes the outcome of every row of the student: repaint them all."""
        last = self.columnCount() - 1
        for i in self._student_rows(self._rows[row].line.student_id):
            if i != row and last >= 0:
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))
