"""The "Kiểm tra lại" tab: which subjects each flagged student re-tests, their results, the outcome.

One row per flagged student × eligible subject (ĐTBmcn < 5,0 or Chưa đạt).
"Chọn thi lại" is a tick (Space toggles it, a click too; pasting x/1 works):
the homeroom teacher or the principal records the subjects the student chose.
The re-test cell takes a value only for a chosen subject. Until every chosen
subject has its result the outcome reads "Chờ kết quả kiểm tra lại: …"; saving
recomputes the year learning result and the outcome. Semester II locked: only
the principal changes anything, with a written reason.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QHeaderView, QLabel, QWidget
from sqlalchemy.orm import Session

from app.changes import Changes
from app.errors import AppError
from app.gradebook import access
from app.gradebook.choices import ClassChoice, keeps_homeroom_records
from app.gradebook.entry import SaveResult
from app.gradebook.retests import (
    CHOICES,
    RETEST_SEMESTER,
    RETESTS,
    RetestLine,
    choose_retests,
    retest_sheet,
    save_retest,
)
from app.permissions import Perm, can
from ui import errors
from ui.gradebook.retest_model import CHOSEN_KEY, RETEST_KEY, RetestModel, RetestRow
from ui.gradebook.sheet import SheetWidget, Writer
from ui.pages import PageContext
from ui.table_fit import fit_columns

__all__ = ["CHOSEN_KEY", "RETEST_KEY", "RetestModel", "RetestRow", "RetestWidget"]


class RetestWidget(SheetWidget):
    """Re-test choices and results for one class; saving recomputes each student's year result."""

    entities = (RETESTS, CHOICES, "assessment", "conduct_record")

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        self.retest_model = RetestModel()
        super().__init__(ctx, self.retest_model, parent)
        self._class: ClassChoice | None = None
        self._locked = False
        self.title_label = QLabel()
        self.title_label.setObjectName("cardTitle")
        self.panel.tools.addWidget(self.title_label)
        self.panel.set_empty_text(self.tr("Không có học sinh nào phải kiểm tra lại."))

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show ``choice``'s re-test sheet (the semester does not matter: it is the year end)."""
        self._class = choice
        self.reload()

    def _allowed(self) -> frozenset[uuid.UUID] | None:
        """Subjects the actor may enter re-tests for (None: every subject)."""
        if self._class is None or not can(self.ctx.actor, Perm.ENTER_GRADES):
            return frozenset()
        if access.supervises(self.ctx.actor):
            return None
        return frozenset(s.id for s in self._class.subjects)

    def _may_choose(self) -> bool:
        """Homeroom teacher or supervisor (who may also change a locked year end)."""
        if self._class is None or not can(self.ctx.actor, Perm.ENTER_GRADES):
            return False
        supervises = access.supervises(self.ctx.actor)
        may = keeps_homeroom_records(self.ctx.actor, self._class)
        return may and (not self._locked or supervises)

    def reload(self) -> None:
        """Read the flagged students again."""
        if self._class is None:
            self.retest_model.set_lines((), frozenset())
            self.title_label.setText("")
            return
        try:
            with self.ctx.db.read(self.ctx.actor) as s:
                lines = retest_sheet(s, self.ctx.actor, self._class.id)
                self._locked = access.is_locked(s, self._class.id, RETEST_SEMESTER)
        except AppError as exc:
            self.retest_model.set_lines((), frozenset())
            errors.show_error(self, exc)
            return
        allowed = self._allowed()
        if self._locked and not access.supervises(self.ctx.actor):
            allowed = frozenset()
        self.retest_model.set_lines(lines, allowed, self._may_choose())
        self._size_columns()
        self.title_label.setText(
            self.tr("Lớp {cls} · năm học {year}").format(
                cls=self._class.name, year=self._class.school_year
            )
        )
        self.panel.set_banner(self._banner(lines))

    def _banner(self, lines: tuple[RetestLine, ...]) -> str:
        """What to do on this sheet, and the lock state."""
        if not lines:
            return self.tr(
                "Không có học sinh nào phải kiểm tra lại (hoặc chưa đủ điểm cả năm để xét)."
            )
        text = self.tr(
            "{n} học sinh có kết quả học tập cả năm Chưa đạt. Đánh dấu “Chọn thi lại” "
            "(phím Space) các môn học sinh đăng ký, rồi nhập điểm kiểm tra lại: kết quả cuối "
            "năm chờ đủ điểm các môn đã chọn rồi mới tính lại."
        ).format(n=self.retest_model.student_count())
        if self._locked:
            text += " " + self.tr(
                "Sổ điểm Học kì II đã khóa: chỉ Ban giám hiệu được sửa, khi lưu phải ghi lý do."
            )
        return text

    def _size_columns(self) -> None:
        view = self.panel.view
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section, width in enumerate((44, 200, 170, 70, 100, 130)):
            view.setColumnWidth(section, width)
        fit_columns(view)
        header.setStretchLastSection(True)

    # ------------------------------------------------------------ sheet hooks

    def locked(self) -> bool:
        return self._locked

    def sheet_name(self) -> str:
        name = self._class.name if self._class else ""
        return self.tr("Bảng kiểm tra lại lớp {cls}").format(cls=name)

    def student_row(self, student_id: uuid.UUID) -> int:
        return next(
            (
                i
                for i in range(self.retest_model.rowCount())
                if (r := self.retest_model.row_at(i)) and r.line.student_id == student_id
            ),
            -1,
        )

    def writer(self) -> Writer | None:
        if self._class is None:
            return None
        entries = self.retest_model.pending_entries()
        choices = self.retest_model.pending_choices()
        class_id, actor = self._class.id, self.ctx.actor

        def write(session: Session, reason: str | None) -> SaveResult:
            changes = Changes()
            for student_id, subject_id, value in entries:  # clear results before un-choosing
                if not value:
                    saved = save_retest(
                        session, actor, class_id, subject_id, student_id, "", reason
                    )
                    changes |= saved.changes
            for student_id, subject_ids in choices.items():
                changes |= choose_retests(session, actor, class_id, student_id, subject_ids, reason)
            for student_id, subject_id, value in entries:
                if value:
                    saved = save_retest(
                        session, actor, class_id, subject_id, student_id, value, reason
                    )
                    changes |= saved.changes
            count = len(entries) + len(choices)
            return SaveResult(changes, count, 0, 0, 0)

        return write
