"""First run: the school profile, the first admin account and the current school year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import accounts, demo, school, setup
from app.changes import Changes
from app.db import Database
from app.errors import ValidationError
from app.labels import nfc
from app.messages import MSG
from app.progress import Progress
from app.safety import encryption
from ui import errors, icons, ops, style
from ui.login_dialog import remember_username
from ui.school_form import SchoolForm
from ui.widgets import ErrorLabel

DEMO_STUDENTS = 1200
DEMO_PRIMARY_STUDENTS = 600
_ADMIN_MESSAGES = {
    MSG.username_invalid,
    MSG.full_name_required,
    MSG.password_needs_letter_digit,
    MSG.password_same_as_username,
    MSG.password_too_short.format(n=accounts.MIN_PASSWORD_LENGTH),
}


def step_title(step: str, title: str) -> str:
    """A page header: the step in muted text, then the title, larger."""
    return (
        f"<span style='color:{style.MUTED}; font-weight:normal'>{step}</span>&nbsp;&nbsp;"
        f"<span style='font-size:14pt; color:{style.NAV_BG}'>{title}</span>"
    )


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(320)
    return edit


class SchoolPage(QWizardPage):
    """Page 1: mã trường, name, levels, province and commune, authority, principal."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(step_title(self.tr("Bước 1/3"), self.tr("Hồ sơ nhà trường")))
        self.setSubTitle(
            self.tr("Thông tin này in trên văn bản và báo cáo; có thể sửa sau trong Cài đặt.")
        )
        self.form = SchoolForm()
        self.error_label = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)

    def profile(self) -> school.SchoolProfile:
        """The profile as typed (not yet validated)."""
        return self.form.profile()

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            school.validate_profile(self.profile())
        except ValidationError as exc:
            self.error_label.show_message(exc.message)
            return False
        self.error_label.clear_message()
        return True


class AdminPage(QWizardPage):
    """Page 2: the first administrator account."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(step_title(self.tr("Bước 2/3"), self.tr("Tài khoản quản trị")))
        self.setSubTitle(
            self.tr("Người quản trị tạo tài khoản cho giáo viên, nhân viên và cấp quyền sử dụng.")
        )
        self._build()

    def _build(self) -> None:
        self.username_edit = _line(self.tr("ví dụ: admin"))
        self.full_name_edit = _line(self.tr("Họ và tên người quản trị"))
        self.password_edit = _line()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = _line()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        policy = QLabel(
            self.tr(
                "Mật khẩu có ít nhất {n} ký tự, gồm cả chữ cái và chữ số, "
                "không trùng tên đăng nhập."
            ).format(n=accounts.MIN_PASSWORD_LENGTH)
        )
        policy.setObjectName("muted")
        policy.setWordWrap(True)
        self.error_label = ErrorLabel()
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow(self.tr("Tên đăng nhập *"), self.username_edit)
        form.addRow(self.tr("Họ và tên *"), self.full_name_edit)
        form.addRow(self.tr("Mật khẩu *"), self.password_edit)
        form.addRow(self.tr("Nhập lại mật khẩu *"), self.confirm_edit)
        form.addRow("", policy)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            self.check()
        except ValidationError as exc:
            self.error_label.show_message(exc.message)
            return False
        self.error_label.clear_message()
        return True

    def check(self) -> None:
        """Raise ``ValidationError`` for what can be checked before anything is written."""
        username = self.username_edit.text().strip().lower()
        if len(username) < 3:
            raise ValidationError(MSG.username_invalid)
        if not self.full_name_edit.text().strip():
            raise ValidationError(MSG.full_name_required)
        if self.password_edit.text() != self.confirm_edit.text():
            raise ValidationError(self.tr("Hai lần nhập mật khẩu không khớp."))
        accounts.check_password_policy(self.password_edit.text(), username)


class YearPage(QWizardPage):
    """Page 3: the current school year and the demo choice."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(step_title(self.tr("Bước 3/3"), self.tr("Năm học hiện tại")))
        self.setSubTitle(self.tr("Chọn năm học đang diễn ra. Có thể thêm năm học khác sau."))
        self._build()
        self._connect()

    def _build(self) -> None:
        current = self._typed_year = school.year_for(date.today())
        first = int(current[:4])
        self.year_combo = QComboBox()
        self.year_combo.setEditable(True)
        for start in (first - 1, first, first + 1):
            self.year_combo.addItem(f"{start}-{start + 1}")
        self.year_combo.setCurrentText(current)
        self.demo_box = QCheckBox(self.tr("Tạo trường mẫu để dùng thử"))
        self.demo_kind = QComboBox()
        self.demo_kind.addItem(self.tr("Trường THCS và THPT (lớp 6–12)"), demo.SECONDARY)
        self.demo_kind.addItem(self.tr("Trường Tiểu học (lớp 1–5)"), demo.PRIMARY)
        self.demo_choice = QWidget()
        choice = QFormLayout(self.demo_choice)
        choice.setContentsMargins(24, 0, 0, 0)
        choice.addRow(self.tr("Loại trường mẫu"), self.demo_kind)
        self.year_end_box = QCheckBox(
            self.tr("Trường mẫu ở thời điểm cuối năm học (để thử chuyển năm học)")
        )
        choice.addRow(self.year_end_box)
        self.demo_choice.setVisible(False)
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.demo_note.setObjectName("muted")
        self.demo_note.setVisible(False)
        self._show_demo_note()
        self.error_label = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Năm học *"), self.year_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(16)
        layout.addWidget(self.demo_box)
        layout.addWidget(self.demo_choice)
        layout.addWidget(self.demo_note)
        layout.addStretch(1)
        layout.addWidget(self.error_label)

    def _connect(self) -> None:
        self.demo_box.toggled.connect(self._on_demo_toggled)
        self.demo_kind.currentIndexChanged.connect(self._on_demo_kind_changed)
        self.year_end_box.toggled.connect(self._on_year_end_toggled)

    def _on_demo_toggled(self, checked: bool) -> None:
        self.demo_choice.setVisible(checked)
        self.demo_note.setVisible(checked)
        self.year_combo.setEnabled(not checked)
        if checked:
            self._typed_year = self.year_combo.currentText()
        self._show_demo_year()

    def _on_year_end_toggled(self, _checked: bool) -> None:
        self._show_demo_year()
        self._show_demo_note()

    def _show_demo_year(self) -> None:
        """The demo's current year in the (disabled) year box; what was typed comes back after."""
        if not self.demo_box.isChecked():
            self.year_combo.setCurrentText(self._typed_year)
            return
        today = date.today()
        end = self.year_end_box.isChecked()
        self.year_combo.setCurrentText(demo.year_end_year(today) if end else school.year_for(today))

    def _on_demo_kind_changed(self, _index: int) -> None:
        self._show_demo_note()

    def demo_levels(self) -> str:
        """The chosen demo school: ``demo.SECONDARY`` or ``demo.PRIMARY``."""
        return str(self.demo_kind.currentData())

    def _show_demo_note(self) -> None:
        name = demo.demo_school(self.demo_levels())[0].name
        text = self.tr(
            "Trường mẫu ({name}, có sẵn tài khoản cho từng vai trò, học sinh và sổ điểm "
            "mẫu) được tạo thay cho hồ sơ vừa nhập. Đăng nhập bằng tài khoản "
            "<b>admin</b> với mật khẩu bạn vừa đặt; mọi tài khoản mẫu dùng chung mật khẩu đó."
        ).format(name=name)
        if self.year_end_box.isChecked():
            year = demo.year_end_year(date.today())
            some = (
                self.tr("vài em chưa hoàn thành chương trình lớp học")
                if self.demo_levels() == demo.PRIMARY
                else self.tr("vài em ở lại lớp, chờ kiểm tra lại hoặc rèn luyện trong hè")
            )
            text += " " + self.tr(
                "Năm học {year} đã kết thúc: sổ điểm đủ kết quả cả năm và đã khóa sổ, {some}. "
                "Mở <b>Lớp học → Chuyển năm học…</b> để thử chuyển sang năm học mới."
            ).format(year=year, some=some)
        self.demo_note.setText(text)

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        if self.demo_box.isChecked():
            return True
        try:
            school.parse_year(self.year_combo.currentText())
        except ValidationError as exc:
            self.error_label.show_message(exc.message)
            return False
        self.error_label.clear_message()
        return True


class FirstRunWizard(QWizard):
    """Collects the setup request and writes it in one unit of work when finished."""

    def __init__(
        self, parent: QWidget | None, db: Database | Callable[[], Database | None]
    ) -> None:
        super().__init__(parent)
        self._db_source = db
        self.db: Database  # once "Hoàn tất" is clicked (at start it may still be opening)
        self.done_ok = False
        self.admin_username = ""
        self._op: ops.Op[Any] | None = None
        self.setWindowTitle(self.tr("Thiết lập lần đầu"))  # Qt adds " — Trường Số"
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setTitleFormat(Qt.TextFormat.RichText)
        self.setMinimumSize(700, 540)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, icons.pixmap("school", 48, style.ACCENT))
        self._build()

    def _build(self) -> None:
        self.school_page = SchoolPage()
        self.admin_page = AdminPage()
        self.year_page = YearPage()
        for page in (self.school_page, self.admin_page, self.year_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp theo"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))

    def request(self) -> setup.SetupRequest:
        """What the pages hold, as the setup service takes it."""
        return setup.SetupRequest(
            profile=self.school_page.profile(),
            admin_username=self.admin_page.username_edit.text(),
            admin_full_name=nfc(self.admin_page.full_name_edit.text()),
            admin_password=self.admin_page.password_edit.text(),
            school_year=self.year_page.year_combo.currentText(),
        )

    def accept(self) -> None:
        """Finish: write in the background; close only when it succeeded."""
        if self.done_ok:
            super().accept()
            return
        if self._op is not None:
            return
        source = self._db_source  # at start the database may still be opening (ui.startup)
        db = source() if callable(source) else source
        if db is None:  # it could not be opened: the caller says why
            super().reject()
            return
        self.db = db
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        use_demo = self.year_page.demo_box.isChecked()
        req = self.request()
        self.admin_username = "admin" if use_demo else req.admin_username.strip().lower()
        levels = self.year_page.demo_levels()
        year_end = self.year_page.year_end_box.isChecked()
        job = (
            self._demo_job(req.admin_password, levels, year_end)
            if use_demo
            else self._setup_job(req)
        )
        label = self.tr("Đang tạo trường mẫu…") if use_demo else self.tr("Đang lưu hồ sơ…")
        self._op = ops.run(
            self, job, self._on_setup_done, label=label, on_error=self._on_setup_failed
        )

    def _setup_job(self, req: setup.SetupRequest) -> Any:
        def job(progress: Progress) -> school.SchoolProfile:
            profile = setup.initialize(self.db, req)
            encryption.encrypt_or_warn(self.db)  # never plain; else the next start retries
            return profile

        return job

    def _demo_job(self, password: str, levels: str, year_end: bool = False) -> Any:
        db = self.db
        students = DEMO_PRIMARY_STUDENTS if levels == demo.PRIMARY else DEMO_STUDENTS

        def job(progress: Progress) -> Changes:
            # One unit of work, each step counted; Hủy leaves the database empty, the wizard open.
            built = demo.build_demo(db, password, levels, students, progress, year_end=year_end)
            changes = built.changes
            encryption.encrypt_or_warn(db)  # never plain; else the next start retries
            return changes

        return job

    def _on_setup_done(self, _result: object) -> None:
        self._op = None
        self.done_ok = True
        remember_username(self.admin_username)
        self.accept()

    def _on_setup_failed(self, exc: BaseException) -> None:
        self._op = None
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        if not isinstance(exc, ValidationError):
            errors.show_error(self, exc)
            return
        if exc.message in _ADMIN_MESSAGES:
            self.back()
            self.admin_page.error_label.show_message(exc.message)
        else:
            self.year_page.error_label.show_message(exc.message)

    def reject(self) -> None:
        """Cancel is refused while the setup is being written."""
        if self._op is None:
            super().reject()

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database | Callable[[], Database | None]) -> bool:
        """Run the wizard; True when the school now exists."""
        wizard = cls(parent, db)
        wizard.setWindowModality(Qt.WindowModality.ApplicationModal)
        wizard.exec()
        return wizard.done_ok
