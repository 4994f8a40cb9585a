"""Adding or editing a room: name, kind, construction type, capacity, level, area, notes.
Edits are never dropped without asking (``GuardedDialog``)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.db import Actor, Database
from app.equipment import rooms
from app.equipment.models import CONSTRUCTION_LABELS, LEVEL_LABELS, ROOM_KIND_LABELS
from app.errors import AppError
from app.messages.equipment_ui import EQUIPMENT_UI_MSG as M
from app.progress import Progress
from ui import errors, ops
from ui.confirm import GuardedDialog
from ui.widgets import ErrorLabel, PageHeader, form, ok_cancel_buttons


def _combo(labels: dict[str, str], current: str) -> QComboBox:
    box = QComboBox()
    for key, text in labels.items():
        box.addItem(text, key)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class RoomDialog(GuardedDialog):
    """Add a room (``row`` None) or edit ``row``."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        actor: Actor,
        row: rooms.RoomRow | None = None,
        extra: tuple[Decimal | None, str] = (None, ""),
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.row = db, actor, row
        self.result_text = ""
        self._running = False
        self.setWindowTitle(self.tr("Thêm phòng") if row is None
                            else self.tr("Sửa phòng {name}").format(name=row.name))  # fmt: skip
        self.name_edit = QLineEdit(row.name if row else "")
        self.name_edit.setPlaceholderText(self.tr("Ví dụ: Phòng Tin 1"))
        self.kind_box = _combo(ROOM_KIND_LABELS, row.kind if row else "phong_hoc")
        self.construction_box = _combo(CONSTRUCTION_LABELS, row.construction if row else "kien_co")
        self.capacity_spin = QSpinBox()
        self.capacity_spin.setRange(0, 2000)
        self.capacity_spin.setValue(row.capacity if row else 45)
        self.level_box = _combo(
            {"": "Dùng chung mọi cấp", **LEVEL_LABELS}, row.level if row else ""
        )
        self.area_spin = QDoubleSpinBox()
        self.area_spin.setRange(0, 10_000)
        self.area_spin.setDecimals(1)
        self.area_spin.setSpecialValueText(self.tr("Chưa ghi"))
        self.area_spin.setValue(float(extra[0] or 0))
        self.notes_edit = QLineEdit(extra[1])
        self.reason_edit = QLineEdit()
        self.error = ErrorLabel()
        self.buttons = ok_cancel_buttons(self.tr("Lưu"))
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        fields = form()
        fields.addRow(self.tr("Tên phòng"), self.name_edit)
        fields.addRow(self.tr("Loại phòng"), self.kind_box)
        fields.addRow(self.tr("Loại công trình"), self.construction_box)
        fields.addRow(self.tr("Sức chứa (chỗ)"), self.capacity_spin)
        fields.addRow(self.tr("Cấp học dùng phòng"), self.level_box)
        fields.addRow(self.tr("Diện tích (m²)"), self.area_spin)
        fields.addRow(self.tr("Ghi chú"), self.notes_edit)
        if row is not None:
            fields.addRow(self.tr("Lý do sửa"), self.reason_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(self.windowTitle()))
        layout.addLayout(fields)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.buttons.accepted.connect(self.save_edits)
        self.buttons.rejected.connect(self.reject)
        self.inputs: list[QWidget] = [self.name_edit, self.kind_box, self.construction_box,
                                      self.capacity_spin, self.level_box, self.area_spin,
                                      self.notes_edit]  # fmt: skip
        self.form_state.keep(self.inputs)

    def busy(self) -> bool:
        return self._running

    def room_input(self) -> rooms.RoomInput:
        area = self.area_spin.value()
        return rooms.RoomInput(
            self.name_edit.text(), self.kind_box.currentData(), self.capacity_spin.value(),
            self.construction_box.currentData(), self.level_box.currentData(),
            Decimal(str(area)) if area else None, self.notes_edit.text(),
        )  # fmt: skip

    def save_edits(self) -> None:
        if self._running:
            return
        data, db, actor, row = self.room_input(), self.db, self.actor, self.row
        reason = self.reason_edit.text().strip() or None

        def job(_p: Progress) -> object:
            with db.uow(actor=actor, reason=reason) as s:
                if row is None:
                    return rooms.add_room(s, actor, data)
                return rooms.edit_room(s, actor, row.name, data)

        self._running = True
        self.save_button.setEnabled(False)
        ops.run(self, job, self._on_saved, label=self.windowTitle(), on_error=self._on_failed)

    def _on_saved(self, _result: object) -> None:
        self._running = False
        self.result_text = M.room_saved.format(name=self.name_edit.text().strip())
        self.form_state.keep(self.inputs)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._running = False
        self.save_button.setEnabled(True)
        if isinstance(exc, AppError):
            self.error.show_message(exc.message)
        else:
            errors.show_error(self, exc)
