"""The editable tabs of the student form: identity, address, and policy & health (BMI computed)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.reference import ethnic_groups, provinces_2025
from app.students import SEX_LABELS, STATUS_LABELS, StudentDetail, ethnicity_name
from app.students.inputs import POVERTY_LABELS
from app.students.models import DEFAULT_NATIONALITY, bmi
from ui import icons, style
from ui.students.fields import DateEdit, OptionalNumber, combo_text, select_text
from ui.widgets import Card, form

POLICY_GROUPS = (
    "Con thương binh, liệt sĩ",
    "Con hộ nghèo",
    "Dân tộc thiểu số ở vùng đặc biệt khó khăn",
    "Mồ côi cả cha lẫn mẹ",
)


def _notes(height: int = 64) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def _grid_row(
    grid: QGridLayout, row: int, col: int, text: str, field: QWidget | QLayout, span: int = 1
) -> None:
    name = QLabel(text)
    tall = isinstance(field, QPlainTextEdit)
    if tall:
        name.setContentsMargins(0, 4, 0, 0)
    vertical = Qt.AlignmentFlag.AlignTop if tall else Qt.AlignmentFlag.AlignVCenter
    grid.addWidget(name, row, col, Qt.AlignmentFlag.AlignLeft | vertical)
    if isinstance(field, QLayout):
        grid.addLayout(field, row, col + 1, 1, span)
    else:
        grid.addWidget(field, row, col + 1, 1, span)


def _tab_layout(widget: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(12, 12, 12, 12)
    layout.setSpacing(10)
    return layout


class IdentityTab(QWidget):
    """Thông tin chung: code, name, birth date, sex, personal ID (hidden until shown), class."""

    reveal_requested = Signal()

    def __init__(self, class_names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build(class_names)
        self.reveal_button.clicked.connect(self.reveal_requested)

    def _build(self, class_names: list[str]) -> None:
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("Để trống: tự cấp theo mẫu mã của trường"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Ví dụ: Nguyễn Thị Ánh"))
        self.dob_edit = DateEdit("date_of_birth")
        self.sex_combo = QComboBox()
        self.sex_combo.addItems(["", SEX_LABELS["nam"], SEX_LABELS["nu"]])
        self.ministry_edit = QLineEdit()
        self.ministry_edit.setMaxLength(20)
        self.ministry_edit.setPlaceholderText(self.tr("Mã của Bộ, thường 10 chữ số (nếu có)"))
        self.pid_edit = QLineEdit()
        self.pid_edit.setMaxLength(12)
        self.pid_edit.setPlaceholderText(self.tr("12 chữ số"))
        # Mã số hồ sơ học tập suốt đời: based on the personal ID, hidden and revealed with it.
        self.lifelong_edit = QLineEdit()
        self.lifelong_edit.setMaxLength(12)
        self.lifelong_edit.setPlaceholderText(self.tr("12 chữ số (nếu đã được cấp)"))
        self.reveal_button = QPushButton(icons.icon("unlock"), self.tr("Hiện"))
        self.reveal_button.setToolTip(
            self.tr("Hiện số định danh và thông tin sức khỏe (việc xem được ghi nhật ký)")
        )
        self.reveal_button.setVisible(False)
        pid_row = QHBoxLayout()
        pid_row.setContentsMargins(0, 0, 0, 0)
        pid_row.addWidget(self.pid_edit, 1)
        pid_row.addWidget(self.reveal_button)
        self.ethnicity_combo = QComboBox()
        self.ethnicity_combo.setEditable(True)
        self.ethnicity_combo.addItems([g.name for g in ethnic_groups()])
        self.ethnicity_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.religion_edit = QLineEdit()
        self.nationality_edit = QLineEdit()
        self.class_combo = QComboBox()
        self.class_combo.addItems(["", *class_names])
        self.status_label = QLabel()
        self.notes_edit = _notes()
        left: tuple[tuple[str, QWidget | QLayout], ...] = (
            (self.tr("Mã học sinh"), self.code_edit),
            (self.tr("Mã HS Bộ GD&ĐT"), self.ministry_edit),
            (self.tr("Họ và tên (*)"), self.name_edit),
            (self.tr("Ngày sinh (*)"), self.dob_edit),
            (self.tr("Giới tính (*)"), self.sex_combo),
            (self.tr("Số định danh cá nhân"), pid_row),
        )
        right: tuple[tuple[str, QWidget | QLayout | None], ...] = (
            (self.tr("Dân tộc"), self.ethnicity_combo),
            (self.tr("Tôn giáo"), self.religion_edit),
            (self.tr("Quốc tịch"), self.nationality_edit),
            (self.tr("Lớp"), self.class_combo),
            (self.tr("Trạng thái"), self.status_label),
            (self.tr("Mã hồ sơ học tập suốt đời"), self.lifelong_edit),
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        grid.setColumnMinimumWidth(2, 24)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(4, 1)
        for row, ((lt, lw), (rt, rw)) in enumerate(zip(left, right, strict=True)):
            _grid_row(grid, row, 0, lt, lw)
            if rw is not None:
                _grid_row(grid, row, 3, rt, rw)
        _grid_row(grid, len(left), 0, self.tr("Ghi chú"), self.notes_edit, span=4)
        layout = _tab_layout(self)
        layout.addLayout(grid)
        layout.addStretch(1)

    def inputs(self) -> list[QWidget]:
        """The editable widgets (the code only when creating)."""
        return [
            self.name_edit, self.ministry_edit, self.dob_edit, self.sex_combo, self.pid_edit,
            self.lifelong_edit,
            self.ethnicity_combo,
            self.religion_edit, self.nationality_edit, self.class_combo, self.notes_edit,
        ]  # fmt: skip

    def set_new(self) -> None:
        """Defaults of a new record."""
        self.ethnicity_combo.setCurrentText("Kinh")
        self.religion_edit.setText(self.tr("Không"))
        self.nationality_edit.setText(DEFAULT_NATIONALITY)
        self.status_label.setText(self.tr("Đang học (khi lưu)"))

    def load(self, d: StudentDetail) -> None:
        """Show a stored record; the personal ID only if the detail carries it."""
        self.code_edit.setText(d.student_code)
        self.code_edit.setReadOnly(True)
        self.code_edit.setToolTip(self.tr("Mã học sinh không đổi sau khi đã cấp"))
        self.name_edit.setText(d.full_name)
        self.ministry_edit.setText(d.ministry_code)
        self.dob_edit.set_date(d.date_of_birth)
        self.sex_combo.setCurrentText(SEX_LABELS.get(d.sex, ""))
        select_text(self.ethnicity_combo, ethnicity_name(d.ethnicity_code))
        self.religion_edit.setText(d.religion)
        self.nationality_edit.setText(d.nationality)
        select_text(self.class_combo, d.current_class)
        self.status_label.setText(STATUS_LABELS.get(d.status, d.status))
        self.notes_edit.setPlainText(d.notes)
        self.show_personal_id(d)

    def show_personal_id(self, d: StudentDetail) -> None:
        """Fill the personal ID when it was read with the sensitive fields."""
        if d.sensitive_shown:
            self.pid_edit.setText(d.personal_id or "")
            self.pid_edit.setPlaceholderText(self.tr("12 chữ số"))
            self.lifelong_edit.setText(d.lifelong_record_number or "")
            self.lifelong_edit.setPlaceholderText(self.tr("12 chữ số (nếu đã được cấp)"))
            self.reveal_button.setVisible(False)

    def hide_personal_id(self, can_reveal: bool) -> None:
        """Mask the field: a button reveals it (journalled), or a note says it is not allowed."""
        hidden = self.tr("Đã ẩn") if can_reveal else self.tr("Không có quyền xem")
        for edit in (self.pid_edit, self.lifelong_edit):
            edit.clear()
            edit.setReadOnly(True)
            edit.setPlaceholderText(hidden)
        self.reveal_button.setVisible(can_reveal)


class AddressTab(QWidget):
    """Địa chỉ: place of birth, hometown, province, commune, street detail, phone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place_edit = QLineEdit()
        self.hometown_edit = QLineEdit()
        self.province_combo = QComboBox()
        self.province_combo.setEditable(True)
        self.province_combo.addItems(["", *(p.name for p in provinces_2025())])
        self.province_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.commune_edit = QLineEdit()
        self.commune_edit.setPlaceholderText(self.tr("Ví dụ: Xã Ngọc Lặc"))
        self.detail_edit = QLineEdit()
        self.detail_edit.setPlaceholderText(self.tr("Thôn, tổ dân phố, số nhà, đường"))
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaximumWidth(180)
        lay = form()
        lay.addRow(self.tr("Nơi sinh"), self.place_edit)
        lay.addRow(self.tr("Quê quán"), self.hometown_edit)
        lay.addRow(self.tr("Tỉnh/thành phố"), self.province_combo)
        lay.addRow(self.tr("Xã/phường"), self.commune_edit)
        lay.addRow(self.tr("Địa chỉ"), self.detail_edit)
        lay.addRow(self.tr("Điện thoại"), self.phone_edit)
        layout = _tab_layout(self)
        layout.addLayout(lay)
        layout.addStretch(1)

    def inputs(self) -> list[QWidget]:
        """The editable widgets."""
        return [
            self.place_edit, self.hometown_edit, self.province_combo, self.commune_edit,
            self.detail_edit, self.phone_edit,
        ]  # fmt: skip

    def load(self, d: StudentDetail) -> None:
        """Show a stored record."""
        self.place_edit.setText(d.place_of_birth)
        self.hometown_edit.setText(d.hometown)
        select_text(self.province_combo, d.address_province)
        self.commune_edit.setText(d.address_commune)
        self.detail_edit.setText(d.address_detail)
        self.phone_edit.setText(d.phone)


class PolicyHealthTab(QWidget):
    """Chính sách & sức khỏe: policy groups always; health only once shown (journalled)."""

    reveal_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build()
        self.height_spin.valueChanged.connect(self._on_measure_changed)
        self.weight_spin.valueChanged.connect(self._on_measure_changed)
        self.reveal_button.clicked.connect(self.reveal_requested)
        self._on_measure_changed()

    def _build(self) -> None:
        self.policy_combo = QComboBox()
        self.policy_combo.setEditable(True)
        self.policy_combo.addItems(["", *(self.tr(p) for p in POLICY_GROUPS)])
        self.policy_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.disability_check = QCheckBox(self.tr("Học sinh khuyết tật"))
        self.disability_type_edit = QLineEdit()
        self.disability_type_edit.setPlaceholderText(self.tr("Dạng khuyết tật"))
        self.poverty_combo = QComboBox()
        for key, text in POVERTY_LABELS.items():
            self.poverty_combo.addItem(self.tr(text) if text else self.tr("Không"), key)
        policy = Card(self.tr("Chính sách"), "shield")
        lay = form()
        lay.addRow(self.tr("Đối tượng chính sách"), self.policy_combo)
        lay.addRow(self.tr("Khuyết tật"), self.disability_check)
        lay.addRow(self.tr("Dạng khuyết tật"), self.disability_type_edit)
        lay.addRow(self.tr("Hộ nghèo/cận nghèo"), self.poverty_combo)
        policy.body.addLayout(lay)
        self.height_spin = OptionalNumber(40, 230, " cm")
        self.weight_spin = OptionalNumber(8, 200, " kg")
        self.bmi_label = QLabel()
        self.health_notes_edit = _notes(72)
        fields = QWidget()
        health_form = form()
        health_form.setContentsMargins(0, 0, 0, 0)
        health_form.addRow(self.tr("Chiều cao"), self.height_spin)
        health_form.addRow(self.tr("Cân nặng"), self.weight_spin)
        health_form.addRow(self.tr("Chỉ số BMI"), self.bmi_label)
        health_form.addRow(self.tr("Ghi chú sức khỏe"), self.health_notes_edit)
        fields.setLayout(health_form)
        self.locked_label = QLabel()
        self.locked_label.setObjectName("muted")
        self.locked_label.setWordWrap(True)
        self.reveal_button = QPushButton(icons.icon("unlock"), self.tr("Hiện thông tin sức khỏe"))
        locked = QWidget()
        locked_lay = QHBoxLayout(locked)
        locked_lay.setContentsMargins(0, 0, 0, 0)
        mark = QLabel()
        mark.setPixmap(icons.pixmap("lock", 28, style.MUTED))
        locked_lay.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        locked_lay.addWidget(self.locked_label, 1)
        locked_lay.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignTop)
        self.health_stack = QStackedWidget()
        self.health_stack.addWidget(fields)
        self.health_stack.addWidget(locked)
        health = Card(self.tr("Sức khỏe"), "info")
        health.body.addWidget(self.health_stack)
        layout = _tab_layout(self)
        layout.addWidget(policy)
        layout.addWidget(health)
        layout.addStretch(1)

    def inputs(self) -> list[QWidget]:
        """The editable widgets."""
        return [
            self.policy_combo, self.disability_check, self.disability_type_edit,
            self.poverty_combo, self.height_spin, self.weight_spin, self.health_notes_edit,
        ]  # fmt: skip

    @property
    def health_shown(self) -> bool:
        """Whether the health fields are visible (new record, or shown after the access check)."""
        return self.health_stack.currentIndex() == 0

    def load(self, d: StudentDetail) -> None:
        """Show the policy fields, and the health fields if the detail carries them."""
        select_text(self.policy_combo, d.policy_group)
        self.disability_check.setChecked(d.disability)
        self.disability_type_edit.setText(d.disability_type)
        self.poverty_combo.setCurrentIndex(max(0, self.poverty_combo.findData(d.poverty)))
        self.show_health(d)

    def show_health(self, d: StudentDetail) -> None:
        """Fill and show the health fields when the detail carries them."""
        if d.sensitive_shown:
            self.height_spin.set_number(d.height_cm)
            self.weight_spin.set_number(d.weight_kg)
            self.health_notes_edit.setPlainText(d.health_notes or "")
            self.health_stack.setCurrentIndex(0)

    def hide_health(self, can_reveal: bool) -> None:
        """Show the lock instead of the health fields."""
        self.locked_label.setText(
            self.tr(
                "Chiều cao, cân nặng và ghi chú sức khỏe là thông tin nhạy cảm. "
                "Mỗi lần xem được ghi vào nhật ký."
            )
            if can_reveal
            else self.tr("Tài khoản của bạn không được xem thông tin sức khỏe của học sinh.")
        )
        self.reveal_button.setVisible(can_reveal)
        self.health_stack.setCurrentIndex(1)

    def _on_measure_changed(self) -> None:
        value = bmi(self.height_spin.number(), self.weight_spin.number())
        self.bmi_label.setText(
            self.tr("{value} (tính tự động)").format(value=f"{value:.1f}".replace(".", ","))
            if value is not None
            else self.tr("— (cần chiều cao và cân nặng)")
        )

    def poverty(self) -> str:
        """The stored code of the poverty choice ("" for none)."""
        return str(self.poverty_combo.currentData() or "")

    def policy(self) -> str:
        """The policy group as typed or chosen."""
        return combo_text(self.policy_combo)
