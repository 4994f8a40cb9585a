"""The disposal question (a reason required; the principal approves) and the label sheet's
choices (paper layout 3×8 or 4×10, the first free position on a used sheet)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.equipment.labels import DEFAULT_LAYOUT, LAYOUTS, SheetLayout
from app.equipment.register import ItemRow
from ui.confirm import GuardedDialog
from ui.widgets import PageHeader, form, ok_cancel_buttons

LABEL_LAYOUTS = ("3x8", "4x10")
"""The label papers offered (``app.equipment.labels.LAYOUTS`` has more)."""


class DisposeDialog(GuardedDialog):
    """Why item ``row`` is disposed of; Thanh lý stays off until a reason is written."""

    def __init__(self, parent: QWidget | None, row: ItemRow) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thanh lý thiết bị {code}").format(code=row.code))
        self.setMinimumWidth(500)
        what = QLabel(
            self.tr(
                "{code} — {name} ({room}). Thiết bị đã thanh lý vẫn giữ trong sổ với mã cũ "
                "nhưng không còn được sửa, cho mượn hay kiểm kê."
            ).format(code=row.code, name=row.name, room=row.room or "kho")
        )
        what.setWordWrap(True)
        what.setObjectName("warningBanner")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("Ví dụ: hỏng bo mạch, sửa chữa không kinh tế"))
        self.reason_edit.setFixedHeight(80)
        hint = QLabel(self.tr("Lý do được lưu vào nhật ký cùng tên người duyệt."))
        hint.setObjectName("muted")
        self.buttons = ok_cancel_buttons(self.tr("Thanh lý"))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(self.windowTitle()))
        layout.addWidget(what)
        layout.addWidget(QLabel(self.tr("Lý do thanh lý:")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save_edits)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._on_text_changed)
        self.form_state.keep([self.reason_edit])
        self._on_text_changed()

    def _on_text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.reason))

    @property
    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def save_edits(self) -> None:
        if self.reason:
            self.form_state.keep([self.reason_edit])
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, row: ItemRow) -> str | None:
        """The reason, or None when the user went back."""
        dialog = cls(parent, row)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason or None


class LabelsDialog(QDialog):
    """Which label paper, and where on the first sheet printing starts."""

    def __init__(self, parent: QWidget | None, count: int, what: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("In nhãn thiết bị"))
        self.setMinimumWidth(460)
        intro = QLabel(self.tr("{n} nhãn: {what}.").format(n=count, what=what))
        intro.setWordWrap(True)
        self.layout_box = QComboBox()
        for name in LABEL_LAYOUTS:
            layout = LAYOUTS[name]
            self.layout_box.addItem(
                self.tr("{cols} × {rows} ({n} nhãn {w} × {h} mm)").format(
                    cols=layout.columns, rows=layout.rows, n=layout.per_sheet,
                    w=f"{layout.label_width:g}".replace(".", ","),
                    h=f"{layout.label_height:g}".replace(".", ",")), name)  # fmt: skip
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(DEFAULT_LAYOUT)))
        self.start_spin = QSpinBox()
        self.start_spin.setMinimum(1)
        hint = QLabel(
            self.tr(
                "Vị trí 1 là nhãn trên cùng bên trái, đếm theo hàng; dùng khi tờ giấy "
                "nhãn đã bóc bớt."
            )  # fmt: skip
        )
        hint.setWordWrap(True)
        hint.setObjectName("muted")
        fields = form()
        fields.addRow(self.tr("Loại giấy nhãn"), self.layout_box)
        fields.addRow(self.tr("Bắt đầu từ nhãn số"), self.start_spin)
        self.buttons = ok_cancel_buttons(self.tr("Chọn nơi lưu…"))
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 16, 18, 12)
        box.addWidget(PageHeader(self.windowTitle()))
        box.addWidget(intro)
        box.addLayout(fields)
        box.addWidget(hint)
        box.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_box.currentIndexChanged.connect(self._on_layout_changed)
        self._on_layout_changed()

    def _on_layout_changed(self, *_args: object) -> None:
        self.start_spin.setMaximum(self.sheet_layout.per_sheet)

    @property
    def sheet_layout(self) -> SheetLayout:
        return LAYOUTS[self.layout_box.currentData()]

    @classmethod
    def ask(cls, parent: QWidget | None, count: int, what: str) -> tuple[SheetLayout, int] | None:
        """The layout and the start position, or None when cancelled."""
        dialog = cls(parent, count, what)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.sheet_layout, dialog.start_spin.value()
