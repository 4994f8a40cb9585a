"""Adding units to the register and editing one line (issue 11 §2, decision 026).

Adding: N identical units, each with its own code (serial: computers, projectors — one
label, one loan and stocktake line each) or one counted line of N (rulers, a set of
posters). Editing sends only the fields changed, with the reason asked for (the journal
keeps it beside the old → new values). Edits are never dropped without asking
(``GuardedDialog``, decision 010).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.db import Actor, Database
from app.equipment import register as reg
from app.equipment.models import CONDITION_LABELS, SOURCE_LABELS
from app.errors import AppError
from app.messages.equipment_ui import EQUIPMENT_UI_MSG as M
from app.numbers import thousands
from app.progress import Progress
from ui import errors, ops
from ui.confirm import GuardedDialog
from ui.screen import resize_to_fit
from ui.widgets import ErrorLabel, PageHeader, form, ok_cancel_buttons

NO_DATE = QDate(1900, 1, 1)
NO_ROOM = "(kho)"


def _combo(labels: dict[str, str], current: str) -> QComboBox:
    box = QComboBox()
    for key, text in labels.items():
        box.addItem(text, key)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def _day(edit: QDateEdit) -> date | None:
    day = edit.date()
    return None if day == NO_DATE else date(day.year(), day.month(), day.day())


class ItemDialog(GuardedDialog):
    """Add units (``row`` None) or edit the line ``row``; ``saved`` holds the result."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        actor: Actor,
        rooms: list[str],
        categories: list[str],
        row: reg.ItemRow | None = None,
        serial_number: str = "",
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.row = db, actor, row
        self.result_text = ""
        self._running = False
        self.setWindowTitle(
            self.tr("Thêm thiết bị vào sổ") if row is None
            else self.tr("Sửa thiết bị {code}").format(code=row.code)
        )  # fmt: skip
        self._build(rooms, categories, serial_number)
        self._on_kind_changed()
        self.form_state.keep(self.inputs)
        resize_to_fit(self, 640, 640)

    # ------------------------------------------------------------ layout

    def _build(self, rooms: list[str], categories: list[str], serial_number: str) -> None:
        row = self.row
        self.name_edit = QLineEdit(row.name if row else "")
        self.name_edit.setPlaceholderText(self.tr("Ví dụ: Máy chiếu đa năng"))
        self.category_box = QComboBox()
        self.category_box.setEditable(True)
        self.category_box.addItems(categories)
        self.category_box.setEditText(row.category if row else "")
        self.room_box = QComboBox()
        self.room_box.addItems([NO_ROOM, *rooms])
        self.room_box.setCurrentText(row.room if row and row.room else NO_ROOM)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, reg.MAX_BULK)
        self.count_spin.setValue(row.quantity if row else 1)
        self.serial_radio = QRadioButton(self.tr("Mỗi chiếc một mã, một nhãn"))
        self.counted_radio = QRadioButton(self.tr("Một dòng ghi số lượng"))
        self.serial_radio.setChecked(row.serial if row else True)
        self.counted_radio.setChecked(not self.serial_radio.isChecked())
        kinds = QHBoxLayout()
        kinds.addWidget(self.serial_radio)
        kinds.addWidget(self.counted_radio)
        kinds.addStretch(1)
        self.unit_edit = QLineEdit(row.unit if row else "chiếc")
        self.serial_edit = QLineEdit(serial_number)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setMinimumDate(NO_DATE)
        self.date_edit.setSpecialValueText(self.tr("Chưa ghi"))
        day = row.acquired_on if row else date.today()
        self.date_edit.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)
        self.source_box = _combo(SOURCE_LABELS, row.funding if row else "ngan_sach")
        self.value_edit = QLineEdit(thousands(int(row.value_vnd)) if row else "0")
        self.condition_box = _combo(CONDITION_LABELS, row.condition if row else "tot")
        self.computer_check = QCheckBox(self.tr("Là máy tính (tính tỉ lệ học sinh/máy)"))
        self.computer_check.setChecked(row.is_computer if row else False)
        self.computer_check.setEnabled(row is None)
        self.working_check = QCheckBox(self.tr("Máy hoạt động"))
        self.working_check.setChecked(row.working if row else True)
        self.internet_check = QCheckBox(self.tr("Có Internet"))
        self.internet_check.setChecked(row.internet if row else False)
        machine = QHBoxLayout()
        for check in (self.computer_check, self.working_check, self.internet_check):
            machine.addWidget(check)
        machine.addStretch(1)
        self.notes_edit = QPlainTextEdit(row.notes if row else "")
        self.notes_edit.setFixedHeight(52)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("Ví dụ: chuyển sang phòng Tin 2 theo kế hoạch"))
        self.error = ErrorLabel()
        self.buttons = ok_cancel_buttons(self.tr("Lưu"))
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        fields = form()
        fields.addRow(self.tr("Tên thiết bị"), self.name_edit)
        fields.addRow(self.tr("Nhóm"), self.category_box)
        fields.addRow(self.tr("Phòng"), self.room_box)
        if row is None:
            fields.addRow(self.tr("Cách ghi"), kinds)
        fields.addRow(self.tr("Số chiếc") if row is None else self.tr("Số lượng"), self.count_spin)
        fields.addRow(self.tr("Đơn vị tính"), self.unit_edit)
        fields.addRow(self.tr("Số sê-ri"), self.serial_edit)
        fields.addRow(self.tr("Ngày nhận"), self.date_edit)
        fields.addRow(self.tr("Nguồn kinh phí"), self.source_box)
        fields.addRow(self.tr("Nguyên giá một chiếc (đồng)"), self.value_edit)
        fields.addRow(self.tr("Tình trạng"), self.condition_box)
        fields.addRow("", machine)
        fields.addRow(self.tr("Ghi chú"), self.notes_edit)
        if row is not None:
            fields.addRow(self.tr("Lý do sửa"), self.reason_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(self.windowTitle()))
        layout.addLayout(fields)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.inputs: list[QWidget] = [
            self.name_edit, self.category_box, self.room_box, self.count_spin, self.unit_edit,
            self.serial_edit, self.date_edit, self.source_box, self.value_edit,
            self.condition_box, self.computer_check, self.working_check, self.internet_check,
            self.notes_edit, self.serial_radio,
        ]  # fmt: skip
        self.buttons.accepted.connect(self.save_edits)
        self.buttons.rejected.connect(self.reject)
        for radio in (self.serial_radio, self.computer_check):
            radio.toggled.connect(self._on_kind_changed)
        self.count_spin.valueChanged.connect(self._on_kind_changed)

    def _on_kind_changed(self, *_args: object) -> None:
        if self.computer_check.isChecked():
            self.serial_radio.setChecked(True)
        self.counted_radio.setEnabled(not self.computer_check.isChecked())
        for check in (self.working_check, self.internet_check):
            check.setEnabled(self.computer_check.isChecked())
        if self.row is not None:  # a serial line is always one unit
            self.count_spin.setEnabled(not self.row.serial)
        one = self.count_spin.value() == 1 or (self.row is not None and self.row.serial)
        self.serial_edit.setEnabled(one)

    # ------------------------------------------------------------ saving

    def busy(self) -> bool:
        return self._running

    def item_input(self) -> reg.ItemInput:
        """The units to add, as the form says."""
        room = self.room_box.currentText()
        return reg.ItemInput(
            self.name_edit.text(), self.count_spin.value(), self.serial_radio.isChecked(),
            self.category_box.currentText(), "" if room == NO_ROOM else room,
            self.unit_edit.text(), None, _day(self.date_edit), self.source_box.currentData(),
            reg.check_money(self.value_edit.text()), self.condition_box.currentData(),
            self.computer_check.isChecked(), self.working_check.isChecked(),
            self.internet_check.isChecked(), self.serial_edit.text(),
            self.notes_edit.toPlainText(),
        )  # fmt: skip

    def item_edit(self) -> reg.ItemEdit:
        """Only the fields changed since the dialog opened."""
        row = self.row
        assert row is not None
        new = self.item_input()
        old = {"name": row.name, "category": row.category, "room": row.room, "unit": row.unit,
               "acquired_on": row.acquired_on, "funding": row.funding, "notes": row.notes,
               "value_vnd": Decimal(row.value_vnd), "condition": row.condition,
               "working": row.working, "internet": row.internet}  # fmt: skip
        now = {"name": new.name.strip(), "category": new.category.strip(), "room": new.room,
               "unit": new.unit.strip(), "acquired_on": new.acquired_on, "funding": new.funding,
               "notes": new.notes.strip(), "value_vnd": new.value_vnd,
               "condition": new.condition, "working": new.working, "internet": new.internet}  # fmt: skip
        changed: dict[str, Any] = {k: v for k, v in now.items() if v != old[k]}
        if not row.serial and self.count_spin.value() != row.quantity:
            changed["quantity"] = self.count_spin.value()
        if self.serial_edit in self.form_state.edited():
            changed["serial_number"] = self.serial_edit.text().strip()
        return reg.ItemEdit(**changed)

    def save_edits(self) -> None:
        if self._running:
            return
        self.error.clear_message()
        db, actor = self.db, self.actor
        try:
            if self.row is None:
                data = self.item_input()
                job = self._add_job(db, actor, data)
            else:
                edit = self.item_edit()
                reason = self.reason_edit.text().strip()
                if edit == reg.ItemEdit():
                    super().reject()
                    return
                if not reason:
                    self.error.show_message(M.edit_reason_required)
                    self.reason_edit.setFocus()
                    return
                job = self._edit_job(db, actor, self.row.code, edit, reason)
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self._running = True
        self.save_button.setEnabled(False)
        ops.run(self, job, self._on_saved, label=self.windowTitle(), on_error=self._on_failed)

    @staticmethod
    def _add_job(db: Database, actor: Actor, data: reg.ItemInput) -> Callable[[Progress], object]:
        def job(_p: Progress) -> reg.Added:
            with db.uow(actor=actor) as s:
                return reg.add_items(s, actor, data)

        return job

    @staticmethod
    def _edit_job(
        db: Database, actor: Actor, code: str, edit: reg.ItemEdit, reason: str
    ) -> Callable[[Progress], object]:
        def job(_p: Progress) -> object:
            with db.uow(actor=actor, reason=reason) as s:
                return reg.edit_item(s, actor, code, edit)

        return job

    def _on_saved(self, result: object) -> None:
        self._running = False
        if isinstance(result, reg.Added):
            codes = result.codes
            shown = ", ".join(codes) if len(codes) <= 4 else f"{codes[0]} … {codes[-1]}"
            self.result_text = M.added.format(n=len(codes), codes=shown)
        else:
            assert self.row is not None
            self.result_text = M.edited.format(code=self.row.code)
        self.form_state.keep(self.inputs)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._running = False
        self.save_button.setEnabled(True)
        if isinstance(exc, AppError):
            self.error.show_message(exc.message)
        else:
            errors.show_error(self, exc)
