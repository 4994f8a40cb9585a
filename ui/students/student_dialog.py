"""The student form (hồ sơ học sinh): six tabs, read-only without Perm.EDIT_STUDENTS.

Sensitive fields (personal IDs, health) are read through ``get_student_detail(
include_sensitive=True)`` in a write unit of work, which journals the access:
when the user presses “Hiện” or opens the policy & health tab. Identity changes
(name, birth date, sex, personal ID) and kept personal-ID warnings ask for a
reason first. Saving runs in ``ui.ops`` through ``app.students.with_guardians``
(the record and its guardians in one unit of work); the runner announces what changed,
and the window's status bar says what was saved, with the student code.
Closing with edits (Esc, Hủy, the title-bar X) asks Lưu / Không lưu / Hủy.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Actor, Database
from app.errors import AppError
from app.permissions import Perm, can
from app.school import current_year
from app.students import (
    IDENTITY_FIELDS,
    STATUS_LABELS,
    Issue,
    SavedStudent,
    StudentDetail,
    StudentInput,
    get_student_detail,
    label,
    list_classes,
    validate_input,
)
from app.students.check import CheckedInput
from app.students.with_guardians import SaveRequest, save_with_guardians
from ui import errors, ops
from ui.confirm import GuardedDialog, Notice, show_status
from ui.screen import resize_to_fit
from ui.students.family_tab import FamilyTab
from ui.students.fields import combo_text, set_read_only
from ui.students.reason_dialog import ReasonDialog
from ui.students.student_form import AddressTab, IdentityTab, PolicyHealthTab
from ui.students.student_history import ChangeHistoryTab, EnrolmentTab
from ui.widgets import ErrorLabel, PageHeader


class StudentDialog(GuardedDialog):
    """Create, view or edit one student."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        actor: Actor,
        student_id: uuid.UUID | None = None,
        class_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.editable = can(actor, Perm.EDIT_STUDENTS)
        self.can_reveal = can(actor, Perm.VIEW_SENSITIVE)
        self.saved: SavedStudent | None = None
        self.saving = False
        self.saving_name = ""
        self.revealing = False
        self.detail: StudentDetail | None = None
        with db.read(actor) as s:
            year = current_year(s)
            self.year_start = int(year.name[:4]) if year else None
            classes = [c.name for c in list_classes(s, actor)] if year else []
            if student_id is not None:
                self.detail = get_student_detail(s, actor, student_id)
        resize_to_fit(self, 960, 620)
        self._build(classes)
        self._connect()
        self._load(class_name)
        if self.editable:
            self.form_state.keep(self._inputs())

    # ------------------------------------------------------------ layout

    def _build(self, classes: list[str]) -> None:
        self.header = PageHeader("")
        self.identity = IdentityTab(classes)
        self.family = FamilyTab()
        self.address = AddressTab()
        self.policy = PolicyHealthTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.identity, self.tr("Thông tin chung"))
        self.tabs.addTab(self.family, self.tr("Gia đình"))
        self.tabs.addTab(self.address, self.tr("Địa chỉ"))
        self.tabs.addTab(self.policy, self.tr("Chính sách && sức khỏe"))
        self.enrolments = EnrolmentTab()
        self.history = ChangeHistoryTab()
        if self.detail is not None:
            self.tabs.addTab(self.enrolments, self.tr("Quá trình học"))
            self.tabs.addTab(self.history, self.tr("Lịch sử thay đổi"))
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox()
        if self.editable:
            self.save_button = self.buttons.addButton(
                self.tr("Lưu hồ sơ"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.save_button.setObjectName("primary")
            close = self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        else:
            close = self.buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = close
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        if self.editable:
            self.save_button.clicked.connect(self._on_save_clicked)
        self.close_button.clicked.connect(self.reject)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.identity.reveal_requested.connect(self.reveal_sensitive)
        self.policy.reveal_requested.connect(self.reveal_sensitive)

    def _inputs(self) -> list[QWidget]:
        return (
            self.identity.inputs() + self.family.inputs() + self.address.inputs()
            + self.policy.inputs()
        )  # fmt: skip

    def _load(self, class_name: str) -> None:
        d = self.detail
        set_read_only(self._inputs(), not self.editable)
        if d is None:
            self.setWindowTitle(self.tr("Thêm học sinh"))
            self.header.title_label.setText(self.tr("Học sinh mới"))
            self.header.subtitle_label.setText(
                self.tr("Các ô có dấu (*) là bắt buộc. Mã học sinh được cấp khi lưu.")
            )
            self.header.subtitle_label.setVisible(True)
            self.identity.set_new()
            self.identity.class_combo.setCurrentText(class_name)
            return
        self.setWindowTitle(
            self.tr("Hồ sơ học sinh") if self.editable else self.tr("Hồ sơ học sinh (chỉ xem)")
        )
        self._show_header(d)
        self.identity.load(d)
        self.family.load(d)
        self.address.load(d)
        self.policy.load(d)
        self.enrolments.load(d)
        self.identity.hide_personal_id(self.can_reveal)
        self.policy.hide_health(self.can_reveal)
        self.family.lock_sensitive(self.editable)

    def _show_header(self, d: StudentDetail) -> None:
        self.header.title_label.setText(d.full_name)
        parts = [self.tr("Mã {code}").format(code=d.student_code)]
        if d.current_class:
            parts.append(self.tr("Lớp {name}").format(name=d.current_class))
        parts.append(STATUS_LABELS.get(d.status, d.status))
        self.header.subtitle_label.setText(" · ".join(parts))
        self.header.subtitle_label.setVisible(True)

    # ------------------------------------------------------------ sensitive fields

    @property
    def sensitive_shown(self) -> bool:
        """Whether personal IDs and health are on screen (always, for a new record)."""
        return self.detail is None or self.detail.sensitive_shown

    def reveal_sensitive(self) -> None:
        """Read the sensitive fields through the service that journals the access."""
        d = self.detail
        if d is None or d.sensitive_shown or self.revealing or not self.can_reveal:
            return
        self.revealing = True
        db, actor, sid = self.db, self.actor, d.id

        def job(_progress: object) -> StudentDetail:
            with db.uow(actor=actor) as s:
                return get_student_detail(s, actor, sid, include_sensitive=True)

        ops.run(self, job, self._on_revealed, label=self.tr("Đang mở thông tin nhạy cảm…"),
                on_error=self._on_reveal_failed)  # fmt: skip

    def _on_revealed(self, full: StudentDetail) -> None:
        self.revealing = False
        self.detail = full
        self.identity.show_personal_id(full)
        set_read_only([self.identity.pid_edit, self.identity.lifelong_edit], not self.editable)
        self.policy.show_health(full)
        self.family.show_sensitive(full)
        self.family.lock_sensitive(self.editable)
        if self.editable:  # what was hidden until now is shown as stored, not edited
            self.form_state.keep(self._revealed_inputs())
        if self.history.loaded:
            self.history.load(self.db, self.actor, full)

    def _revealed_inputs(self) -> list[QWidget]:
        p = self.policy
        shown: list[QWidget] = [self.identity.pid_edit, self.identity.lifelong_edit]
        shown += [p.height_spin, p.weight_spin]
        shown.append(p.health_notes_edit)
        return shown + [b.pid_edit for b in self.family.boxes.values() if b.existing is not None]

    def _on_reveal_failed(self, exc: BaseException) -> None:
        self.revealing = False
        errors.show_error(self, exc)

    def _on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.policy:
            self.reveal_sensitive()
        elif widget is self.history and not self.history.loaded and self.detail is not None:
            self.history.load(self.db, self.actor, self.detail)

    # ------------------------------------------------------------ saving

    def collect(self) -> tuple[StudentInput, list[Issue]]:
        """The form as a ``StudentInput`` (sensitive fields only when shown) and date issues."""
        dob, dob_issue = self.identity.dob_edit.date_value()
        consent_day, consent_issue = self.family.consent_date_edit.date_value()
        i, a, p = self.identity, self.address, self.policy
        data = StudentInput(
            full_name=i.name_edit.text(), date_of_birth=dob, sex=i.sex_combo.currentText(),
            student_code=i.code_edit.text() if self.detail is None else None,
            ministry_code=i.ministry_edit.text(),
            ethnicity=combo_text(i.ethnicity_combo), class_name=combo_text(i.class_combo) or None,
            religion=i.religion_edit.text(), nationality=i.nationality_edit.text(),
            notes=i.notes_edit.toPlainText(), place_of_birth=a.place_edit.text(),
            hometown=a.hometown_edit.text(), address_province=combo_text(a.province_combo),
            address_commune=a.commune_edit.text(), address=a.detail_edit.text(),
            phone=a.phone_edit.text(), policy_group=p.policy(),
            disability=p.disability_check.isChecked(),
            disability_type=p.disability_type_edit.text(), poverty=p.poverty(),
            consent_given=self.family.consent_check.isChecked(), consent_date=consent_day,
            consent_by=self.family.consent_by(),
        )  # fmt: skip
        if self.sensitive_shown:
            data = replace(
                data, personal_id=i.pid_edit.text(),
                lifelong_record_number=i.lifelong_edit.text(), height_cm=p.height_spin.number(),
                weight_kg=p.weight_spin.number(), health_notes=p.health_notes_edit.toPlainText(),
            )  # fmt: skip
        return data, [x for x in (dob_issue, consent_issue) if x is not None]

    def identity_changes(self, value: StudentInput) -> list[str]:
        """Labels of the identity fields an edit changes (none for a new record)."""
        d = self.detail
        if d is None:
            return []
        stored = {"full_name": d.full_name, "date_of_birth": d.date_of_birth, "sex": d.sex}
        if d.sensitive_shown:
            stored["personal_id"] = d.personal_id or ""
        return [label(f) for f in IDENTITY_FIELDS if f in stored and getattr(value, f) != stored[f]]

    def _ask_reason(self, checked: CheckedInput) -> str | None:
        changed = self.identity_changes(checked.value)
        lines = []
        if changed:
            lines.append(
                self.tr("Bạn đã sửa thông tin định danh: {fields}.").format(
                    fields=", ".join(changed)
                )
            )
        lines += [w.message for w in checked.needs_reason]
        if not lines:
            return ""
        return ReasonDialog.ask(self, self.tr("Cần ghi lý do"), "\n".join(lines))

    def unsaved_what(self) -> str:
        """What the question names: "Hồ sơ học sinh Nguyễn Văn An" (or "… mới")."""
        if self.detail is None:
            return self.tr("Hồ sơ học sinh mới")
        return self.tr("Hồ sơ học sinh {name}").format(name=self.detail.full_name)

    def busy(self) -> bool:
        """Whether the record is being saved."""
        return self.saving

    def save_edits(self) -> None:
        """Save as "Lưu hồ sơ" does (the dialog closes once saved)."""
        self._on_save_clicked()

    def _on_save_clicked(self) -> None:
        if self.saving:
            return
        data, issues = self.collect()
        checked = validate_input(
            data,
            for_insert=self.detail is None,
            year_start=self.year_start,
            unread={i.field for i in issues},
        )
        problems = issues + list(checked.errors)
        if problems:
            self.error_label.show_message("\n".join(p.message for p in problems))
            return
        self.error_label.clear_message()
        reason = self._ask_reason(checked)
        if reason is None:
            return
        name = checked.value.full_name
        d = self.detail
        request = SaveRequest(
            d.id if d else None, data, tuple(self.family.changes()), reason, self.sensitive_shown
        )
        label = (
            self.tr("Thêm học sinh {name}").format(name=name) if d is None
            else self.tr("Sửa hồ sơ học sinh {code}").format(code=d.student_code)
        )  # fmt: skip
        db, actor = self.db, self.actor

        def job(_progress: object) -> SavedStudent:
            with db.uow(actor=actor, reason=reason or label) as s:
                return save_with_guardians(s, actor, request)

        self.save_button.setEnabled(False)
        self.saving, self.saving_name = True, name
        ops.run(self, job, self._on_saved, label=self.tr("Đang lưu hồ sơ…"),
                on_error=self._on_save_failed)  # fmt: skip

    def saved_text(self, saved: SavedStudent, name: str) -> str:
        """What the status bar says once the record is saved."""
        if self.detail is None:
            text = self.tr("Đã thêm học sinh {name} — mã học sinh {code}.")
        elif saved.changed:
            text = self.tr("Đã lưu hồ sơ học sinh {name} — mã học sinh {code}.")
        else:
            text = self.tr("Hồ sơ học sinh {name} (mã học sinh {code}) không có gì thay đổi.")
        return text.format(name=name, code=saved.student_code)

    def _on_saved(self, saved: SavedStudent) -> None:
        self.saving = False
        self.saved = saved
        show_status(self.parentWidget(), self.saved_text(saved, self.saving_name))
        if saved.warnings:
            Notice.ask(
                self,
                self.tr("Đã lưu, có cảnh báo"),
                "\n".join(w.message for w in saved.warnings),
                warning=True,
            )
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, AppError):
            self.error_label.show_message(exc.message)
        else:
            errors.show_error(self, exc)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        db: Database,
        actor: Actor,
        student_id: uuid.UUID | None = None,
        class_name: str = "",
    ) -> SavedStudent | None:
        """Show the form modally; what was saved, or None."""
        dialog = cls(parent, db, actor, student_id, class_name)
        dialog.exec()
        return dialog.saved
