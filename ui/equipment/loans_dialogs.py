"""The lending tab's dialogs: a new slip (a teaching slot or long-term to a date), the reason
of a refusal, each item's condition on return, and what the lending book covers.

The new-slip and refusal dialogs ask before dropping what was typed (``GuardedDialog``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.equipment.loan_models import LoanKind
from app.equipment.loan_queries import SlipRow
from app.equipment.loan_slots import weekday_label
from app.equipment.loans import SlipInput
from app.equipment.models import CONDITION_LABELS
from ui.confirm import GuardedDialog
from ui.widgets import PageHeader, form, ok_cancel_buttons


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class NewSlipDialog(GuardedDialog):
    """Week, day and periods (or a due date for a long-term loan), class and lesson."""

    def __init__(self, parent: QWidget | None, weeks: int, week: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Phiếu mượn mới"))
        self.setMinimumWidth(480)
        self.slot_radio = QRadioButton(self.tr("Theo tiết dạy"))
        self.long_radio = QRadioButton(self.tr("Mượn dài hạn"))
        self.slot_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.slot_radio)
        group.addButton(self.long_radio)
        self.week_spin = QSpinBox()
        self.week_spin.setRange(1, max(weeks, 1))
        self.week_spin.setValue(min(max(week, 1), max(weeks, 1)))
        self.day_box = QComboBox()
        for n in range(2, 9):
            self.day_box.addItem(weekday_label(n), n)
        self.periods_edit = QLineEdit()
        self.periods_edit.setPlaceholderText(self.tr("Ví dụ: 1,2 hoặc 3-5 (để trống: cả ngày)"))
        self.due_edit = QDateEdit(_qdate(date.today()))
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("dd/MM/yyyy")
        self.class_edit = QLineEdit()
        self.class_edit.setPlaceholderText(self.tr("Ví dụ: 6A1"))
        self.subject_edit = QLineEdit()
        self.lesson_edit = QLineEdit()
        self.lesson_edit.setPlaceholderText(self.tr("Ví dụ: Bài 5: Ánh sáng"))
        fields = form()
        kinds = QHBoxLayout()
        kinds.addWidget(self.slot_radio)
        kinds.addWidget(self.long_radio)
        kinds.addStretch(1)
        fields.addRow(self.tr("Loại phiếu"), kinds)
        fields.addRow(self.tr("Tuần học"), self.week_spin)
        fields.addRow(self.tr("Thứ"), self.day_box)
        fields.addRow(self.tr("Tiết"), self.periods_edit)
        fields.addRow(self.tr("Hạn trả (dài hạn)"), self.due_edit)
        fields.addRow(self.tr("Lớp"), self.class_edit)
        fields.addRow(self.tr("Môn"), self.subject_edit)
        fields.addRow(self.tr("Tên bài dạy"), self.lesson_edit)
        hint = QLabel(self.tr("Sau khi lập phiếu, quét mã trên nhãn thiết bị để thêm vào phiếu."))
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        self.buttons = ok_cancel_buttons(self.tr("Lập phiếu"))
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 16, 18, 12)
        box.addWidget(PageHeader(self.windowTitle()))
        box.addLayout(fields)
        box.addWidget(hint)
        box.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save_edits)
        self.buttons.rejected.connect(self.reject)
        self.slot_radio.toggled.connect(self._on_kind_toggled)
        self._on_kind_toggled()
        self.form_state.keep([self.periods_edit, self.class_edit, self.subject_edit,
                              self.lesson_edit])  # fmt: skip

    def _on_kind_toggled(self, *_args: object) -> None:
        slot = self.slot_radio.isChecked()
        for widget in (self.week_spin, self.day_box, self.periods_edit):
            widget.setEnabled(slot)
        self.due_edit.setEnabled(not slot)

    def slip_input(self) -> SlipInput:
        """What the form says, for ``loans.new_slip``."""
        slip = SlipInput(class_name=self.class_edit.text(), subject=self.subject_edit.text(),
                         lesson=self.lesson_edit.text())  # fmt: skip
        if self.slot_radio.isChecked():
            return replace(slip, kind=LoanKind.PERIODS, week=self.week_spin.value(),
                           weekday=self.day_box.currentData(),
                           periods=self.periods_edit.text() or "1-10")  # fmt: skip
        due = self.due_edit.date()
        return replace(slip, kind=LoanKind.LONG_TERM,
                       due_on=date(due.year(), due.month(), due.day()))  # fmt: skip

    def save_edits(self) -> None:
        self.form_state.keep([self.periods_edit, self.class_edit, self.subject_edit,
                              self.lesson_edit])  # fmt: skip
        self.accept()


class RefuseDialog(GuardedDialog):
    """Why slip ``number`` is refused; Từ chối stays off until a reason is written."""

    def __init__(self, parent: QWidget | None, number: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Từ chối phiếu mượn số {n}").format(n=number))
        self.setMinimumWidth(440)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setFixedHeight(80)
        self.reason_edit.setPlaceholderText(self.tr("Ví dụ: máy chiếu đã cho tổ Toán mượn"))
        self.buttons = ok_cancel_buttons(self.tr("Từ chối"))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 16, 18, 12)
        box.addWidget(PageHeader(self.windowTitle()))
        box.addWidget(QLabel(self.tr("Lý do (giáo viên sẽ đọc):")))
        box.addWidget(self.reason_edit)
        box.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save_edits)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._on_text_changed)
        self.form_state.keep([self.reason_edit])
        self._on_text_changed()

    @property
    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def _on_text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.reason))

    def save_edits(self) -> None:
        if self.reason:
            self.form_state.keep([self.reason_edit])
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, number: int) -> str | None:
        """The reason, or None when the user went back."""
        dialog = cls(parent, number)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason or None


class ReturnDialog(QDialog):
    """Each item's condition as it comes back (preset to how it went out)."""

    def __init__(self, parent: QWidget | None, slip: SlipRow) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nhận trả phiếu số {n}").format(n=slip.number))
        self.setMinimumWidth(520)
        self.boxes: dict[str, QComboBox] = {}
        fields = form()
        for line in slip.lines:
            box = QComboBox()
            for key, text in CONDITION_LABELS.items():
                box.addItem(text, key)
            box.setCurrentIndex(max(0, box.findData(line.out_condition)))
            self.boxes[line.code] = box
            fields.addRow(f"{line.code} {line.name}", box)
        hint = QLabel(self.tr("Tình trạng thay đổi được ghi vào sổ thiết bị và nhật ký."))
        hint.setObjectName("muted")
        buttons = ok_cancel_buttons(self.tr("Nhận trả"))
        box_layout = QVBoxLayout(self)
        box_layout.setContentsMargins(18, 16, 18, 12)
        box_layout.addWidget(PageHeader(self.windowTitle()))
        box_layout.addLayout(fields)
        box_layout.addWidget(hint)
        box_layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def conditions(self) -> dict[str, str]:
        return {code: box.currentData() for code, box in self.boxes.items()}

    @classmethod
    def ask(cls, parent: QWidget | None, slip: SlipRow) -> dict[str, str] | None:
        """Code → condition on return, or None when cancelled."""
        dialog = cls(parent, slip)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.conditions()


class BookDialog(QDialog):
    """What the printed lending book covers: the term, one teacher, one subject."""

    def __init__(self, parent: QWidget | None, teachers: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("In sổ theo dõi sử dụng thiết bị"))
        self.setMinimumWidth(440)
        self.term_box = QComboBox()
        self.term_box.addItem(self.tr("Cả năm học"), None)
        self.term_box.addItem(self.tr("Học kì I"), 1)
        self.term_box.addItem(self.tr("Học kì II"), 2)
        self.teacher_box = QComboBox()
        self.teacher_box.addItem(self.tr("Mọi giáo viên"), "")
        for username, name in teachers:
            self.teacher_box.addItem(name, username)
        self.subject_edit = QLineEdit()
        self.subject_edit.setPlaceholderText(self.tr("Để trống: mọi môn"))
        fields = form()
        fields.addRow(self.tr("Thời gian"), self.term_box)
        fields.addRow(self.tr("Giáo viên"), self.teacher_box)
        fields.addRow(self.tr("Môn"), self.subject_edit)
        buttons = ok_cancel_buttons(self.tr("Chọn nơi lưu…"))
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 16, 18, 12)
        box.addWidget(PageHeader(self.windowTitle()))
        box.addLayout(fields)
        box.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    @classmethod
    def ask(
        cls, parent: QWidget | None, teachers: list[tuple[str, str]]
    ) -> tuple[int | None, str, str] | None:
        """(term, teacher username, subject), or None when cancelled."""
        dialog = cls(parent, teachers)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return (dialog.term_box.currentData(), dialog.teacher_box.currentData(),
                dialog.subject_edit.text().strip())  # fmt: skip


class PickItemDialog(QDialog):
    """An item from the register (for a slip, when there is no scanner), and how many."""

    def __init__(self, parent: QWidget | None, items: list[tuple[str, str, bool, int]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thêm thiết bị từ sổ"))
        self.setMinimumWidth(480)
        self.item_box = QComboBox()
        self.item_box.setEditable(True)  # type to find by code or name
        for code, name, serial, quantity in items:
            extra = "" if serial else f" (có {quantity})"
            self.item_box.addItem(f"{code} — {name}{extra}", code)
        self.quantity_spin = QSpinBox()
        self.quantity_spin.setRange(1, 9999)
        fields = form()
        fields.addRow(self.tr("Thiết bị"), self.item_box)
        fields.addRow(self.tr("Số lượng"), self.quantity_spin)
        buttons = ok_cancel_buttons(self.tr("Thêm vào phiếu"))
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 16, 18, 12)
        box.addWidget(PageHeader(self.windowTitle()))
        box.addLayout(fields)
        box.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    @classmethod
    def ask(
        cls, parent: QWidget | None, items: list[tuple[str, str, bool, int]]
    ) -> tuple[str, int] | None:
        """(code, quantity), or None when cancelled."""
        dialog = cls(parent, items)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.item_box.currentData() is None:
            return None
        return dialog.item_box.currentData(), dialog.quantity_spin.value()
