"""Small dialogs of the classes page: new classes for a year, and the homeroom teacher.

Both ask Lưu / Không lưu / Hủy when closed with a change (Esc, Hủy, the title-bar X).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.students.classes import TeacherChoice
from ui.confirm import GuardedDialog
from ui.widgets import ErrorLabel, PageHeader, form, ok_cancel_buttons


def split_names(text: str) -> list[str]:
    """Class names typed as "6A1, 6A2 6A3" or a range "6A1-6A4"."""
    names: list[str] = []
    for part in re.split(r"[,;\s]+", text.strip()):
        m = re.fullmatch(r"(\d{1,2}[A-Za-z]+)(\d+)-(?:\1)?(\d+)", part)
        if m:
            prefix, lo, hi = m.group(1), int(m.group(2)), int(m.group(3))
            names += [f"{prefix}{n}" for n in range(lo, hi + 1)] if hi >= lo else [part]
        elif part:
            names.append(part)
    return list(dict.fromkeys(n.upper() for n in names))


def _teacher_combo(teachers: list[TeacherChoice], current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.addItem("— Chưa phân công —", "")
    for t in teachers:
        combo.addItem(f"{t.full_name} ({t.username})", t.username)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = ok_cancel_buttons(ok_text)
    buttons.rejected.connect(dialog.reject)
    return buttons


@dataclass(frozen=True)
class NewClasses:
    """What the new-class dialog asks for."""

    names: tuple[str, ...]
    homeroom: str


class NewClassDialog(GuardedDialog):
    """One or more class names for a year, and (for one class) its homeroom teacher."""

    def __init__(self, parent: QWidget | None, year: str, teachers: list[TeacherChoice]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tạo lớp học"))
        self.setMinimumWidth(480)
        self.result_value: NewClasses | None = None
        self.names_edit = QLineEdit()
        self.names_edit.setPlaceholderText(self.tr("Ví dụ: 6A1  hoặc  6A1, 6A2  hoặc  6A1-6A5"))
        self.teacher_combo = _teacher_combo(teachers)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("muted")
        self.error_label = ErrorLabel()
        lay = form()
        lay.addRow(self.tr("Tên lớp"), self.names_edit)
        lay.addRow("", self.preview_label)
        lay.addRow(self.tr("Giáo viên chủ nhiệm"), self.teacher_combo)
        self.buttons = _buttons(self, self.tr("Tạo lớp"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(
            PageHeader(
                self.tr("Lớp mới — năm học {year}").format(year=year),
                self.tr("Khối được suy ra từ tên lớp (6A1 thuộc khối 6)."),
            )
        )
        layout.addLayout(lay)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_accept)
        self.names_edit.textChanged.connect(self._on_names_changed)
        self._on_names_changed("")
        self.form_state.keep([self.names_edit, self.teacher_combo])

    def unsaved_what(self) -> str:
        """What the question names: "Lớp mới"."""
        return self.tr("Lớp mới")

    def save_edits(self) -> None:
        """Create as "Tạo lớp" does (stays open while no class name is given)."""
        self._on_accept()

    def _on_names_changed(self, text: str) -> None:
        names = split_names(text)
        self.preview_label.setText(
            self.tr("Sẽ tạo {n} lớp: {names}").format(n=len(names), names=", ".join(names))
            if names
            else ""
        )
        self.teacher_combo.setEnabled(len(names) <= 1)

    def _on_accept(self) -> None:
        names = split_names(self.names_edit.text())
        if not names:
            self.error_label.show_message(self.tr("Cần ghi tên lớp, ví dụ 6A1."))
            return
        homeroom = str(self.teacher_combo.currentData() or "") if len(names) == 1 else ""
        self.result_value = NewClasses(tuple(names), homeroom)
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, year: str, teachers: list[TeacherChoice]
    ) -> NewClasses | None:
        """The classes to create, or None."""
        dialog = cls(parent, year, teachers)
        dialog.exec()
        return dialog.result_value


class HomeroomDialog(GuardedDialog):
    """Choose (or clear) the homeroom teacher of a class."""

    def __init__(
        self, parent: QWidget | None, class_name: str, current: str, teachers: list[TeacherChoice]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Giáo viên chủ nhiệm"))
        self.setMinimumWidth(440)
        self.chosen: str | None = None
        self.class_name = class_name
        self.teacher_combo = _teacher_combo(teachers, current)
        self.form_state.keep([self.teacher_combo])
        lay = form()
        lay.addRow(self.tr("Giáo viên"), self.teacher_combo)
        buttons = _buttons(self, self.tr("Lưu"))
        buttons.accepted.connect(self._on_accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(self.tr("Chủ nhiệm lớp {name}").format(name=class_name)))
        layout.addLayout(lay)
        layout.addWidget(buttons)

    def unsaved_what(self) -> str:
        """What the question names: "Chủ nhiệm lớp 6A1"."""
        return self.tr("Chủ nhiệm lớp {name}").format(name=self.class_name)

    def save_edits(self) -> None:
        """Keep the chosen teacher as "Lưu" does."""
        self._on_accept()

    def _on_accept(self) -> None:
        self.chosen = str(self.teacher_combo.currentData() or "")
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, class_name: str, current: str, teachers: list[TeacherChoice]
    ) -> str | None:
        """The chosen username ("" clears it), or None when cancelled."""
        dialog = cls(parent, class_name, current, teachers)
        dialog.exec()
        return dialog.chosen
