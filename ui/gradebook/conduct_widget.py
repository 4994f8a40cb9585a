"""The "Rèn luyện và chuyên cần" tab: conduct levels and absences, entered by the homeroom teacher."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QHeaderView, QLabel, QWidget
from sqlalchemy.orm import Session

from app.errors import AppError
from app.gradebook import access
from app.gradebook.choices import ClassChoice, keeps_homeroom_records
from app.gradebook.conduct import CONDUCT, ConductLine, conduct_sheet, save_conduct
from app.gradebook.entry import SaveResult
from app.gradebook.locking import LOCKS, lock_status
from app.gradebook.terms import semester_label
from app.messages.gradebook import GRADEBOOK_MSG as M
from ui import errors
from ui.gradebook.conduct_model import CONDUCT_KEY, EXCUSED_KEY, UNEXCUSED_KEY, ConductModel
from ui.gradebook.sheet import SheetWidget, Writer
from ui.pages import PageContext
from ui.table_fit import fit_columns

LEVEL_ORDER = ("Tốt", "Khá", "Đạt", "Chưa đạt")


class ConductWidget(SheetWidget):
    """One class's conduct and absences for the semester chosen on the page."""

    entities = (CONDUCT, LOCKS)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        self.conduct_model = ConductModel()
        super().__init__(ctx, self.conduct_model, parent)
        self._class: ClassChoice | None = None
        self._semester = 1
        self._locked = False
        self.title_label = QLabel()
        self.title_label.setObjectName("cardTitle")
        self.panel.tools.addWidget(self.title_label)

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show ``choice``'s conduct sheet of ``semester``."""
        self._class, self._semester = choice, semester
        self.reload()

    def may_edit(self) -> bool:
        """Whether the actor may enter conduct here (homeroom teacher or supervisor)."""
        return self._class is not None and keeps_homeroom_records(self.ctx.actor, self._class)

    def reload(self) -> None:
        """Read the sheet and the lock state again."""
        if self._class is None:
            self.conduct_model.set_lines((), False)
            self._show_state(())
            return
        try:
            with self.ctx.db.read(self.ctx.actor) as s:
                lines = conduct_sheet(s, self.ctx.actor, self._class.id, self._semester)
                locks = lock_status(s, self.ctx.actor, self._class.id)
        except AppError as exc:
            self.conduct_model.set_lines((), False)
            errors.show_error(self, exc)
            return
        self._locked = any(x.locked for x in locks if x.semester == self._semester)
        supervises = access.supervises(self.ctx.actor)
        editable = self.may_edit() and (not self._locked or supervises)
        self.conduct_model.set_lines(lines, editable)
        self._size_columns()
        self._show_state(lines)

    def _size_columns(self) -> None:
        view = self.panel.view
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section, width in enumerate((44, 230, 110, 120, 130, 130)):
            view.setColumnWidth(section, width)
        fit_columns(view)
        header.setStretchLastSection(True)

    def _show_state(self, lines: tuple[ConductLine, ...]) -> None:
        if self._class is None:
            self.title_label.setText("")
            self.panel.set_banner("")
            return
        label = semester_label(self._semester)
        self.title_label.setText(
            self.tr("Lớp {cls} · {semester}").format(cls=self._class.name, semester=label)
        )
        if not self.may_edit():
            banner = self.tr(
                "Chỉ giáo viên chủ nhiệm lớp ({name}) hoặc Ban giám hiệu nhập rèn luyện "
                "và số buổi nghỉ. Bảng chỉ để xem."
            ).format(name=self._class.homeroom_name or self.tr("chưa phân công"))
        elif self._locked and not self.conduct_model.editable:
            banner = self.tr("Sổ điểm {semester} đã khóa: chỉ Ban giám hiệu được sửa.").format(
                semester=label
            )
        elif self._locked:
            banner = self.tr("Sổ điểm {semester} đã khóa: khi lưu phải ghi rõ lý do.").format(
                semester=label
            )
        else:
            banner = self.tr(
                "Gõ T (Tốt), K (Khá), Đ hoặc d (Đạt), CĐ hoặc cd (Chưa đạt); "
                "số buổi nghỉ tính theo buổi (nửa ngày)."
            )
        self.panel.set_banner(banner)
        self.panel.set_status(self._counts_text())

    def _counts_text(self) -> str:
        counts = self.conduct_model.level_counts()
        parts = [f"{level}: {counts[level]}" for level in LEVEL_ORDER if counts.get(level)]
        if counts.get(""):
            parts.append(self.tr("Chưa nhập: {n}").format(n=counts[""]))
        return " · ".join(parts)

    # ------------------------------------------------------------ sheet hooks

    def locked(self) -> bool:
        return self._locked

    def sheet_name(self) -> str:
        if self._class is None:
            return self.tr("Bảng rèn luyện")
        return self.tr("Bảng rèn luyện lớp {cls}, {semester}").format(
            cls=self._class.name, semester=semester_label(self._semester)
        )

    def writer(self) -> Writer | None:
        if self._class is None:
            return None
        edits = self.conduct_model.pending_edits()
        class_id, semester, actor = self._class.id, self._semester, self.ctx.actor

        def write(session: Session, reason: str | None) -> SaveResult:
            return save_conduct(session, actor, class_id, semester, edits, reason)

        return write

    def student_row(self, student_id: uuid.UUID) -> int:
        return self.conduct_model.row_of(student_id)

    def problem_key(self, column: str) -> str:
        keys = {
            M.column_conduct: CONDUCT_KEY,
            M.column_excused: EXCUSED_KEY,
            M.column_unexcused: UNEXCUSED_KEY,
        }
        return keys.get(column, column)
