"""Bổ sung thông tin học bạ: what the forms need and the grade book lacks, for one student.

Height and weight and days absent (primary form), certificates, competitions,
commendations (one a line), the homeroom teacher's comment; and the years the student
spent at other schools ("Quá trình học tập"). Saved through ``app.transcripts.extras``;
the dialog never drops typed text without asking (decision 010). An account that may not
prepare the class's transcripts sees it all read-only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.errors import AppError
from app.progress import Progress
from app.transcripts import extras, ui_queries
from app.transcripts.extras import Extras, ExtrasInput, ProcessInput
from app.transcripts.ui_queries import ProcessLine
from ui import errors, ops
from ui.confirm import GuardedDialog, show_status
from ui.pages import PageContext
from ui.widgets import ErrorLabel, PageHeader, configure_table

PROCESS_HEADERS = ("Năm học", "Lớp", "Trường", "Hiệu trưởng")


@dataclass(frozen=True)
class Student:
    """Whose extras: the student, the year, the name to show, primary or not."""

    id: uuid.UUID
    year: str
    name: str
    primary: bool


def _text_box(height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class ExtrasDialog(GuardedDialog):
    """The extras of one student's year, and the years at other schools."""

    def __init__(
        self, parent: QWidget | None, ctx: PageContext, student: Student, editable: bool
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.student = student
        self.editable = editable
        self._saving = False
        self.setWindowTitle(self.tr("Bổ sung thông tin học bạ"))
        self.setMinimumWidth(600)
        self._build()
        self._connect()
        self._load()

    def _build(self) -> None:
        self.height_edit = QLineEdit()
        self.weight_edit = QLineEdit()
        self.excused_edit = QLineEdit()
        self.unexcused_edit = QLineEdit()
        self.certificates_box = _text_box()
        self.competitions_box = _text_box()
        self.commendations_box = _text_box()
        self.comment_box = _text_box(80)
        form = QFormLayout()
        if self.student.primary:
            form.addRow(self.tr("Chiều cao (cm):"), self.height_edit)
            form.addRow(self.tr("Cân nặng (kg):"), self.weight_edit)
            form.addRow(self.tr("Nghỉ có phép (ngày):"), self.excused_edit)
            form.addRow(self.tr("Nghỉ không phép (ngày):"), self.unexcused_edit)
        form.addRow(self.tr("Chứng chỉ:"), self.certificates_box)
        form.addRow(self.tr("Thi, hội thi:"), self.competitions_box)
        form.addRow(self.tr("Khen thưởng:"), self.commendations_box)
        form.addRow(self.tr("Nhận xét của GVCN:"), self.comment_box)
        self.process_table = QTableWidget(0, len(PROCESS_HEADERS))
        self.process_table.setHorizontalHeaderLabels([self.tr(h) for h in PROCESS_HEADERS])
        configure_table(self.process_table)
        self.process_table.horizontalHeader().setStretchLastSection(True)
        self.process_table.setFixedHeight(96)
        self.p_year, self.p_class, self.p_school, self.p_principal = (
            QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        )  # fmt: skip
        self.p_year.setPlaceholderText("2022-2023")
        self.p_class.setPlaceholderText(self.tr("Lớp"))
        self.p_school.setPlaceholderText(self.tr("Tên trường"))
        self.p_principal.setPlaceholderText(self.tr("Hiệu trưởng"))
        self.p_year.setMaximumWidth(90)
        self.p_class.setMaximumWidth(60)
        self.remove_button = QPushButton(self.tr("Xóa năm đang chọn"))
        entry = QHBoxLayout()
        for edit in (self.p_year, self.p_class, self.p_school, self.p_principal):
            entry.addWidget(edit, 1 if edit in (self.p_school, self.p_principal) else 0)
        process = QGroupBox(self.tr("Những năm học ở trường khác (Quá trình học tập)"))
        box = QVBoxLayout(process)
        box.addWidget(self.process_table)
        box.addLayout(entry)
        box.addWidget(self.remove_button)
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Lưu"))
        self.save_button.setObjectName("primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("Hủy") if self.editable else self.tr("Đóng")
        )
        self.save_button.setVisible(self.editable)
        self.remove_button.setVisible(self.editable)
        for field in self._inputs():
            field.setReadOnly(not self.editable)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        subtitle = self.tr("{name} — năm học {year}").format(
            name=self.student.name, year=self.student.year
        )
        layout.addWidget(PageHeader(self.tr("Bổ sung thông tin học bạ"), subtitle))
        layout.addLayout(form)
        layout.addWidget(process)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _inputs(self) -> list[QLineEdit | QPlainTextEdit]:
        return [self.height_edit, self.weight_edit, self.excused_edit, self.unexcused_edit,
                self.certificates_box, self.competitions_box, self.commendations_box,
                self.comment_box, self.p_year, self.p_class, self.p_school,
                self.p_principal]  # fmt: skip

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.save_edits)
        self.buttons.rejected.connect(self.reject)
        self.remove_button.clicked.connect(self._on_remove_clicked)

    def unsaved_what(self) -> str:
        return self.tr("Thông tin học bạ của {name}").format(name=self.student.name)

    # ------------------------------------------------------------ loading

    def _load(self) -> None:
        actor, st = self.ctx.actor, self.student
        with self.ctx.db.read(actor) as s:
            data = extras.get_extras(s, actor, st.id, st.year)
            lines = ui_queries.process_lines(s, actor, st.id, st.year)
        self._show(data, lines)

    def _show(self, data: Extras, lines: tuple[ProcessLine, ...]) -> None:
        self.height_edit.setText(data.height_cm.replace(".", ","))
        self.weight_edit.setText(data.weight_kg.replace(".", ","))
        for edit, days in ((self.excused_edit, data.days_absent_excused),
                           (self.unexcused_edit, data.days_absent_unexcused)):  # fmt: skip
            edit.setText("" if days is None else str(days))
        self.certificates_box.setPlainText("\n".join(data.certificates))
        self.competitions_box.setPlainText("\n".join(data.competitions))
        self.commendations_box.setPlainText("\n".join(data.commendations))
        self.comment_box.setPlainText(data.homeroom_comment)
        self.process_table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            cells = (line.school_year, line.class_name, line.school_name, line.principal)
            for c, text in enumerate(cells):
                self.process_table.setItem(r, c, QTableWidgetItem(text))
        for edit in (self.p_year, self.p_class, self.p_school, self.p_principal):
            edit.clear()
        self.form_state.keep(self._inputs())

    # ------------------------------------------------------------ saving

    def form(self) -> tuple[ExtrasInput, ProcessInput | None]:
        """The extras as typed, and a year at another school if one is typed."""
        primary = self.student.primary
        data = ExtrasInput(
            height_cm=self.height_edit.text() if primary else None,
            weight_kg=self.weight_edit.text() if primary else None,
            days_absent_excused=self.excused_edit.text() if primary else None,
            days_absent_unexcused=self.unexcused_edit.text() if primary else None,
            certificates=self.certificates_box.toPlainText(),
            competitions=self.competitions_box.toPlainText(),
            commendations=self.commendations_box.toPlainText(),
            homeroom_comment=self.comment_box.toPlainText(),
        )
        year, class_name, school_name, principal = (
            e.text().strip() for e in (self.p_year, self.p_class, self.p_school, self.p_principal)
        )
        process = None
        if year or class_name or school_name or principal:
            process = ProcessInput(year, class_name, school_name, principal)
        return data, process

    def busy(self) -> bool:
        return self._saving

    def save_edits(self) -> None:
        """Save the extras (and the typed year elsewhere); stays open with the message if not valid."""
        if self._saving or not self.editable:
            return
        data, process = self.form()
        ctx, st = self.ctx, self.student

        def job(_progress: Progress) -> Changes:
            with ctx.db.uow(ctx.actor) as s:
                changes = extras.save_extras(s, ctx.actor, st.id, st.year, data)
                if process is not None:
                    changes = changes | extras.save_process(s, ctx.actor, st.id, process)
                return changes

        self._saving = True
        ops.run(self, job, self._on_saved, label=self.tr("Đang lưu…"), on_error=self._on_failed)

    def _on_saved(self, _changes: Changes) -> None:
        self._saving = False
        self.form_state.keep(self._inputs())
        show_status(self.parentWidget(), self.tr("Đã lưu thông tin học bạ."))
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, AppError):
            self.error_label.show_message(exc.message)
        else:
            errors.show_error(self, exc)

    def _on_remove_clicked(self) -> None:
        row = self.process_table.currentRow()
        item = self.process_table.item(row, 0) if row >= 0 else None
        if item is None:
            self.error_label.show_message(self.tr("Hãy chọn năm học cần xóa trong bảng."))
            return
        year, ctx, st = item.text(), self.ctx, self.student

        def job(_progress: Progress) -> Changes:
            with ctx.db.uow(ctx.actor) as s:
                return extras.remove_process(s, ctx.actor, st.id, year)

        ops.run(self, job, lambda _c: self.process_table.removeRow(row),
                label=self.tr("Đang xóa…"), on_error=self._on_failed)  # fmt: skip

    @classmethod
    def ask(
        cls, parent: QWidget | None, ctx: PageContext, student: Student, editable: bool
    ) -> bool:
        """True when something was saved."""
        return cls(parent, ctx, student, editable).exec() == GuardedDialog.DialogCode.Accepted
