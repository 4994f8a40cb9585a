"""The "Kiểm tra lại" tab: re-test results of the students the rules flag, and the new outcome.

One row per flagged student × eligible subject (ĐTBmcn < 5,0 or Chưa đạt).
Typing a re-test result and saving recomputes the year learning result and
the outcome, shown in the last columns with their reasons.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import QHeaderView, QLabel, QWidget
from sqlalchemy.orm import Session

from app.changes import Changes
from app.errors import AppError
from app.gradebook import access
from app.gradebook.entry import SaveResult
from app.gradebook.retests import RETESTS, RetestLine, RetestSubject, retest_sheet, save_retest
from app.gradebook.values import Kind, Slot, parse_cell, show_stored
from app.permissions import Perm, can
from ui import errors
from ui.gradebook.choices import ClassChoice
from ui.gradebook.entry_model import Checked, ColumnKind, EntryColumn, EntryModel, tooltip_lines
from ui.gradebook.sheet import SheetWidget, Writer
from ui.pages import PageContext

RETEST_KEY = "retest"
_FINAL = Slot(Kind.FINAL)
COLUMNS = [
    EntryColumn(ColumnKind.NUMBER, "number", "STT"),
    EntryColumn(ColumnKind.NAME, "name", "Họ và tên"),
    EntryColumn(ColumnKind.INFO, "subject", "Môn kiểm tra lại", left=True),
    EntryColumn(ColumnKind.INFO, "year", "Cả năm", "Điểm trung bình cả năm hoặc kết quả cả năm"),
    EntryColumn(
        ColumnKind.INPUT,
        RETEST_KEY,
        "Điểm kiểm tra lại",
        "Điểm (0–10) hoặc Đ/CĐ với môn đánh giá bằng nhận xét; thay kết quả cả năm của môn",
    ),
    EntryColumn(ColumnKind.COMPUTED, "outcome", "Kết quả cuối năm", "Tính lại sau kiểm tra lại"),
]


@dataclass(frozen=True)
class RetestRow:
    """One flagged student and one subject they may re-test."""

    line: RetestLine
    subject: RetestSubject


class RetestModel(EntryModel):
    """Rows are (student, subject) pairs of the re-test sheet."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[RetestRow] = []
        self._allowed: frozenset[uuid.UUID] | None = None

    def set_lines(
        self, lines: tuple[RetestLine, ...], allowed: frozenset[uuid.UUID] | None
    ) -> None:
        """Show the sheet; ``allowed`` are the subjects the actor may enter (None: all)."""
        self.beginResetModel()
        self._rows = [RetestRow(line, subject) for line in lines for subject in line.subjects]
        self._allowed = allowed
        self.reset_columns(COLUMNS)
        self.set_editable(allowed is None or bool(allowed))
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

    def pending_entries(self) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
        """(student, subject, value) of every valid unsaved edit ("" clears)."""
        return [
            (
                self._rows[row].line.student_id,
                self._rows[row].subject.subject_id,
                e.checked.stored or "",
            )
            for (row, _), e in sorted(self.pending().items())
            if e.checked.problem is None
        ]

    # ------------------------------------------------------------ hooks

    def row_total(self) -> int:
        return len(self._rows)

    def row_label(self, row: int) -> tuple[str, bool]:
        return self._rows[row].line.full_name, True

    def cell_editable(self, row: int, key: str) -> bool:
        return self._allowed is None or self._rows[row].subject.subject_id in self._allowed

    def base(self, row: int, key: str) -> tuple[str | None, str]:
        text = self._rows[row].subject.retest_text
        if not text:
            return None, ""
        comment_only = self._rows[row].subject.comment_only
        stored = parse_cell(text, _FINAL, comment_only).value
        return stored, text

    def check(self, row: int, key: str, text: str) -> Checked:
        comment_only = self._rows[row].subject.comment_only
        if comment_only:
            text = {"d": "Đạt", "cd": "Chưa đạt"}.get(text.casefold(), text)
        parsed = parse_cell(text, _FINAL, comment_only)
        if parsed.value is None and parsed.reasons:
            return Checked(None, text, " ".join(parsed.reasons))
        return Checked(parsed.value, show_stored(parsed.value, _FINAL, comment_only))

    def computed(self, row: int, key: str) -> tuple[str, str, bool]:
        r = self._rows[row]
        if key == "subject":
            return r.subject.name, "", False
        if key == "year":
            return r.subject.year_text, "", False
        outcome = r.line.outcome
        text = outcome.text or "–"
        return text, tooltip_lines(outcome.reasons, f"Kết quả cuối năm: {text}"), False


class RetestWidget(SheetWidget):
    """Re-test entry for one class; saving recomputes each student's year result."""

    entities = (RETESTS, "assessment", "conduct_record")

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        self.retest_model = RetestModel()
        super().__init__(ctx, self.retest_model, parent)
        self._class: ClassChoice | None = None
        self.title_label = QLabel()
        self.title_label.setObjectName("cardTitle")
        self.panel.tools.addWidget(self.title_label)

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show ``choice``'s re-test sheet (the semester does not matter here)."""
        self._class = choice
        self.reload()

    def _allowed(self) -> frozenset[uuid.UUID] | None:
        """Subjects the actor may enter re-tests for (None: every subject)."""
        if self._class is None or not can(self.ctx.actor, Perm.ENTER_GRADES):
            return frozenset()
        if access.supervises(self.ctx.actor):
            return None
        return (
            frozenset(s.id for s in self._class.subjects) if self._class.subjects else frozenset()
        )

    def reload(self) -> None:
        """Read the flagged students again."""
        if self._class is None:
            self.retest_model.set_lines((), frozenset())
            self.title_label.setText("")
            return
        try:
            with self.ctx.db.read(self.ctx.actor) as s:
                lines = retest_sheet(s, self.ctx.actor, self._class.id)
        except AppError as exc:
            self.retest_model.set_lines((), frozenset())
            errors.show_error(self, exc)
            return
        self.retest_model.set_lines(lines, self._allowed())
        self._size_columns()
        self.title_label.setText(
            self.tr("Lớp {cls} · năm học {year}").format(
                cls=self._class.name, year=self._class.school_year
            )
        )
        if not lines:
            banner = self.tr(
                "Không có học sinh nào phải kiểm tra lại (hoặc chưa đủ điểm cả năm để xét)."
            )
        else:
            banner = self.tr(
                "{n} học sinh có kết quả học tập cả năm Chưa đạt. Nhập điểm kiểm tra lại các môn "
                "được chọn rồi lưu: kết quả cả năm và kết quả cuối năm được tính lại."
            ).format(n=self.retest_model.student_count())
        self.panel.set_banner(banner)

    def _size_columns(self) -> None:
        view = self.panel.view
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section, width in enumerate((44, 210, 200, 80, 130)):
            view.setColumnWidth(section, width)
        header.setStretchLastSection(True)

    # ------------------------------------------------------------ sheet hooks

    def sheet_name(self) -> str:
        name = self._class.name if self._class else ""
        return self.tr("Bảng kiểm tra lại lớp {cls}").format(cls=name)

    def writer(self) -> Writer | None:
        if self._class is None:
            return None
        entries = self.retest_model.pending_entries()
        class_id, actor = self._class.id, self.ctx.actor

        def write(session: Session, reason: str | None) -> SaveResult:
            changes = Changes()
            for student_id, subject_id, value in entries:
                saved = save_retest(session, actor, class_id, subject_id, student_id, value, reason)
                changes |= saved.changes
            return SaveResult(changes, len(entries), 0, 0, 0)

        return write
