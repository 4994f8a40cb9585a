"""The school-profile form shared by the first-run wizard and the profile dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from app import school
from app.labels import nfc
from app.reference import provinces_2025


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(320)
    return edit


class SchoolForm(QWidget):
    """Mã trường, name, levels, province and commune, managing authority, principal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kept = school.SchoolProfile("", "", ())
        self._build()

    def _build(self) -> None:
        self.code_edit = _line(self.tr("ví dụ: 38000701"))
        self.name_edit = _line(self.tr("ví dụ: Trường THCS Kim Đồng"))
        self.level_boxes = {key: QCheckBox(label) for key, label in school.LEVELS.items()}
        levels = QHBoxLayout()
        levels.setSpacing(18)
        for box in self.level_boxes.values():
            levels.addWidget(box)
        levels.addStretch(1)
        self.province_combo = QComboBox()
        self.province_combo.addItem(self.tr("— Chọn tỉnh/thành phố —"), "")
        for province in provinces_2025():
            self.province_combo.addItem(province.name, province.name)
        self.commune_edit = _line(self.tr("ví dụ: Xã Quảng Phú"))
        self.authority_edit = _line(self.tr("ví dụ: Sở Giáo dục và Đào tạo Thanh Hóa"))
        self.principal_edit = _line(self.tr("Họ và tên hiệu trưởng"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(8)
        form.addRow(self.tr("Mã trường *"), self.code_edit)
        form.addRow(self.tr("Tên trường *"), self.name_edit)
        form.addRow(self.tr("Cấp học *"), levels)
        form.addRow(self.tr("Tỉnh/thành phố"), self.province_combo)
        form.addRow(self.tr("Xã/phường"), self.commune_edit)
        form.addRow(self.tr("Cơ quan quản lý trực tiếp"), self.authority_edit)
        form.addRow(self.tr("Hiệu trưởng"), self.principal_edit)

    def inputs(self) -> list[QWidget]:
        """The input widgets, in form order."""
        boxes: list[QWidget] = list(self.level_boxes.values())
        return [self.code_edit, self.name_edit, *boxes, self.province_combo,
                self.commune_edit, self.authority_edit, self.principal_edit]  # fmt: skip

    def profile(self) -> school.SchoolProfile:
        """The profile as typed (not yet validated); fields the form lacks are kept."""
        return school.SchoolProfile(
            code=nfc(self.code_edit.text()),
            name=nfc(self.name_edit.text()),
            levels=tuple(k for k, box in self.level_boxes.items() if box.isChecked()),
            province=str(self.province_combo.currentData() or ""),
            commune=nfc(self.commune_edit.text()),
            authority=nfc(self.authority_edit.text()),
            principal=nfc(self.principal_edit.text()),
            address=self._kept.address,
            phone=self._kept.phone,
            email=self._kept.email,
        )

    def set_profile(self, profile: school.SchoolProfile, *, code_editable: bool = False) -> None:
        """Show an existing profile; the school code never changes once created."""
        self._kept = profile
        self.code_edit.setText(profile.code)
        self.code_edit.setReadOnly(not code_editable)
        self.name_edit.setText(profile.name)
        for key, box in self.level_boxes.items():
            box.setChecked(key in profile.levels)
        self.province_combo.setCurrentIndex(max(0, self.province_combo.findData(profile.province)))
        self.commune_edit.setText(profile.commune)
        self.authority_edit.setText(profile.authority)
        self.principal_edit.setText(profile.principal)
