"""Student events with a date and a reason: chuyển đến, chuyển đi, thôi học, tốt nghiệp, bảo lưu,
nhập học.

Transfer in creates a new record (name, birth date, sex, ID, class) with the
event; the others act on the selected student (nhập học: one who left comes back,
into a class of the current year). Each runs in ``ui.ops`` in one
unit of work, journalled with its reason, and announces the change. Closing
with something typed asks Lưu / Không lưu / Hủy first.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor
from app.errors import AppError
from app.students import (
    SEX_LABELS,
    EventInfo,
    StudentDetail,
    StudentInput,
    get_student_detail,
    graduate,
    list_classes,
    readmit,
    suspend,
    transfer_in,
    transfer_out,
    validate_input,
    withdraw,
)
from app.students.models import EVENT_LABELS, EventKind
from ui import errors, ops
from ui.confirm import GuardedDialog
from ui.pages import PageContext
from ui.students.fields import DateEdit, combo_text
from ui.widgets import ErrorLabel, PageHeader, form

_HINTS = {
    EventKind.TRANSFER_IN: "Học sinh từ trường khác chuyển đến: tạo hồ sơ mới và xếp vào lớp.",
    EventKind.TRANSFER_OUT: "Học sinh chuyển sang trường khác; hồ sơ được giữ lại.",
    EventKind.WITHDRAWAL: "Học sinh thôi học; hồ sơ được giữ lại.",
    EventKind.GRADUATION: "Học sinh hoàn thành cấp học tại trường.",
    EventKind.SUSPENSION: "Học sinh tạm dừng học, được giữ quyền quay lại (bảo lưu).",
    EventKind.ENROLLED: "Học sinh đã rời trường vào học lại (như lớp 9 lên lớp 10): dùng hồ sơ cũ.",
}
_LEAVING: dict[str, Callable[..., EventInfo]] = {
    EventKind.WITHDRAWAL: withdraw,
    EventKind.GRADUATION: graduate,
    EventKind.SUSPENSION: suspend,
}


class StudentEventDialog(GuardedDialog):
    """Date, reason (and the other school) for one event; runs it when confirmed."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: PageContext,
        kind: str,
        student: StudentDetail | None,
        class_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.student = ctx, kind, student
        self.done_ok = False
        self.saving = False
        self.setWindowTitle(self.tr(EVENT_LABELS[kind]))
        self.setMinimumWidth(540)
        self._build(class_name)
        self.form_state.keep(self._inputs())
        self.buttons.accepted.connect(self._on_accept_clicked)
        self.buttons.rejected.connect(self.reject)

    def _build(self, class_name: str) -> None:
        title = EVENT_LABELS[self.kind]
        if self.student is not None:
            title += f" — {self.student.full_name} ({self.student.student_code})"
        header = PageHeader(self.tr(title), self.tr(_HINTS[self.kind]))
        lay = form()
        if self.kind == EventKind.TRANSFER_IN:
            self._transfer_in_fields(lay, class_name)
        if self.kind == EventKind.ENROLLED:
            self.class_combo = self._class_combo("")
            lay.addRow(self.tr("Vào lớp (*)"), self.class_combo)
        self.date_edit = DateEdit("event_date")
        self.date_edit.set_date(date.today())
        lay.addRow(self.tr("Ngày (*)"), self.date_edit)
        self.school_edit = QLineEdit()
        if self.kind == EventKind.TRANSFER_OUT:
            lay.addRow(self.tr("Chuyển đến trường"), self.school_edit)
        elif self.kind == EventKind.TRANSFER_IN:
            lay.addRow(self.tr("Chuyển từ trường (*)"), self.school_edit)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(64)
        optional = self.kind == EventKind.GRADUATION
        lay.addRow(self.tr("Lý do") if optional else self.tr("Lý do (*)"), self.reason_edit)
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Ghi nhận"))
        ok.setObjectName("primary")
        self.ok_button = ok
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(header)
        layout.addLayout(lay)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _transfer_in_fields(self, lay: QFormLayout, class_name: str) -> None:
        self.name_edit = QLineEdit()
        self.dob_edit = DateEdit("date_of_birth")
        self.sex_combo = QComboBox()
        self.sex_combo.addItems(["", SEX_LABELS["nam"], SEX_LABELS["nu"]])
        self.pid_edit = QLineEdit()
        self.pid_edit.setMaxLength(12)
        self.class_combo = self._class_combo(class_name)
        for text, widget in (
            ("Họ và tên (*)", self.name_edit),
            ("Ngày sinh (*)", self.dob_edit),
            ("Giới tính (*)", self.sex_combo),
            ("Số định danh cá nhân", self.pid_edit),
            ("Vào lớp (*)", self.class_combo),
        ):
            lay.addRow(self.tr(text), widget)

    def _class_combo(self, class_name: str) -> QComboBox:
        """The classes of the current year, ``class_name`` chosen (none chosen when empty)."""
        combo = QComboBox()
        with self.ctx.db.read(self.ctx.actor) as s:
            combo.addItems([c.name for c in list_classes(s, self.ctx.actor)])
        combo.setCurrentIndex(combo.findText(class_name) if class_name else -1)
        return combo

    def _inputs(self) -> list[QWidget]:
        shown: list[QWidget] = [self.date_edit, self.school_edit, self.reason_edit]
        if self.kind == EventKind.TRANSFER_IN:
            shown += [self.name_edit, self.dob_edit, self.sex_combo, self.pid_edit]
            shown.append(self.class_combo)
        if self.kind == EventKind.ENROLLED:
            shown.append(self.class_combo)
        return shown

    def unsaved_question(self) -> str:
        """Asked when the dialog closes with something typed."""
        return self.tr("Thông tin “{event}” bạn đã nhập chưa được lưu. Lưu lại?").format(
            event=self.tr(EVENT_LABELS[self.kind])
        )

    def busy(self) -> bool:
        """Whether the event is being recorded."""
        return self.saving

    def save_edits(self) -> None:
        """Record the event as "Ghi nhận" does."""
        self._on_accept_clicked()

    def _new_student(self) -> tuple[StudentInput | None, list[str]]:
        dob, issue = self.dob_edit.date_value()
        data = StudentInput(
            full_name=self.name_edit.text(),
            date_of_birth=dob,
            sex=self.sex_combo.currentText(),
            personal_id=self.pid_edit.text(),
            class_name=combo_text(self.class_combo) or None,
        )
        checked = validate_input(data, unread={issue.field} if issue else ())
        problems = [i.message for i in ([issue] if issue else []) + list(checked.errors)]
        if not data.class_name:
            problems.append(self.tr("Cần chọn lớp cho học sinh chuyển đến."))
        return data, problems

    def _job(
        self, day: date, reason: str, data: StudentInput | None
    ) -> Callable[[Session], Changes]:
        actor: Actor = self.ctx.actor
        other = self.school_edit.text()
        chosen = combo_text(self.class_combo) if self.kind == EventKind.ENROLLED else ""
        sid: uuid.UUID | None = self.student.id if self.student else None

        def write(s: Session) -> Changes:
            if self.kind == EventKind.TRANSFER_IN:
                assert data is not None
                return transfer_in(s, actor, data, on=day, from_school=other, reason=reason).changes
            assert sid is not None
            if self.kind == EventKind.TRANSFER_OUT:
                return transfer_out(s, actor, sid, on=day, reason=reason, to_school=other).changes
            if self.kind == EventKind.ENROLLED:
                return readmit(s, actor, sid, on=day, class_name=chosen, reason=reason).changes
            return _LEAVING[self.kind](s, actor, sid, on=day, reason=reason).changes

        return write

    def _on_accept_clicked(self) -> None:
        if self.saving:
            return
        day, issue = self.date_edit.date_value()
        reason = self.reason_edit.toPlainText().strip()
        problems = [issue.message] if issue else []
        if day is None and issue is None:
            problems.append(self.tr("Cần ghi ngày (dd/mm/yyyy)."))
        if not reason and self.kind != EventKind.GRADUATION:
            problems.append(self.tr("Cần ghi lý do."))
        if self.kind == EventKind.TRANSFER_IN and not self.school_edit.text().strip():
            problems.append(self.tr("Cần ghi trường học sinh chuyển từ."))
        if self.kind == EventKind.ENROLLED and not combo_text(self.class_combo):
            problems.append(self.tr("Cần chọn lớp học sinh vào học."))
        data = None
        if self.kind == EventKind.TRANSFER_IN:
            data, more = self._new_student()
            problems += more
        if problems or day is None:
            self.error_label.show_message("\n".join(problems))
            return
        self.error_label.clear_message()
        write = self._job(day, reason, data)
        db, actor = self.ctx.db, self.ctx.actor
        label = EVENT_LABELS[self.kind]

        def job(_progress: object) -> Changes:
            with db.uow(actor=actor, reason=reason or label) as s:
                return write(s)

        self.ok_button.setEnabled(False)
        self.saving = True
        ops.run(self, job, self._on_done, label=self.tr(label), on_error=self._on_failed)

    def _on_done(self, _result: object) -> None:
        self.saving = False
        self.done_ok = True
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, AppError):
            self.error_label.show_message(exc.message)
        else:
            errors.show_error(self, exc)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        ctx: PageContext,
        kind: str,
        student: StudentDetail | None,
        class_name: str = "",
    ) -> bool:
        """Show the dialog; True when the event was recorded."""
        dialog = cls(parent, ctx, kind, student, class_name)
        dialog.exec()
        return dialog.done_ok


def run_event(
    parent: QWidget, ctx: PageContext, kind: str, student_id: uuid.UUID | None, class_name: str
) -> bool:
    """Ask for and record ``kind`` for the selected student (or a new one transferring in)."""
    student = None
    if kind != EventKind.TRANSFER_IN:
        if student_id is None:
            return False
        with ctx.db.read(ctx.actor) as s:
            student = get_student_detail(s, ctx.actor, student_id)
    return StudentEventDialog.ask(parent, ctx, kind, student, class_name)
