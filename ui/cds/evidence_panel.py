"""Under the criteria table: the chosen criterion's pre-filled figure with how the app
computed it, and its evidence files (every version kept; a withdrawn one greyed with its
reason) with «Thêm tệp…», «Xem» and «Rút tệp…»."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.cds.evidence import size_text
from app.cds.view import CriterionRow

ID_ROLE = Qt.ItemDataRole.UserRole


class EvidencePanel(QWidget):
    """The chosen criterion's pre-fill explanation and evidence files."""

    add_requested = Signal(str)
    preview_requested = Signal(object)
    withdraw_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: CriterionRow | None = None
        self.title = QLabel()
        self.title.setObjectName("fieldName")
        self.title.setMinimumWidth(1)  # a long criterion is cut short here, whole in the tooltip
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.prefill = QLabel()
        self.prefill.setWordWrap(True)
        self.prefill.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.files = QListWidget()
        self.files.setMaximumHeight(72)
        self.add_button = QPushButton(self.tr("Thêm tệp…"))
        self.preview_button = QPushButton(self.tr("Xem"))
        self.withdraw_button = QPushButton(self.tr("Rút tệp…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        for b in (self.add_button, self.preview_button, self.withdraw_button):
            buttons.addWidget(b)
        files = QVBoxLayout()
        files.addLayout(buttons)
        files.addWidget(self.files)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(files)
        layout.addWidget(self.prefill)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.preview_button.clicked.connect(lambda: self._emit(self.preview_requested))
        self.withdraw_button.clicked.connect(lambda: self._emit(self.withdraw_requested))
        self.files.itemDoubleClicked.connect(lambda _i: self._emit(self.preview_requested))
        self.files.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._editable = False
        self._why = ""
        self.show_row(None, False, "")

    def show_row(self, row: CriterionRow | None, editable: bool, why: str) -> None:
        """Show ``row``'s pre-fill and files; ``why`` explains disabled buttons."""
        self.row, self._editable, self._why = row, editable, why
        self.files.clear()
        if row is None:
            self.title.setText(self.tr("Chọn một tiêu chí để xem minh chứng và cách tính."))
            self.prefill.setVisible(False)
            self._update_buttons()
            return
        self.title.setText(f"{row.code}. {row.text}")
        self.title.setToolTip(row.text)
        self.prefill.setText(self._prefill_text(row))
        self.prefill.setVisible(bool(row.prefill_metric))
        for f in row.evidence:
            text = self.tr("{name} (phiên bản {v}, {size}, {who} thêm ngày {on})").format(
                name=f.file_name, v=f.file_version, size=size_text(f.size), who=f.added_by,
                on=f.added_at.strftime("%d/%m/%Y"))  # fmt: skip
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, f.id)
            if f.withdrawn:
                item.setText(self.tr("{text} — đã rút: {reason}").format(
                    text=text, reason=f.withdrawn_reason))  # fmt: skip
                item.setForeground(QBrush(QColor("#8a8f98")))
            self.files.addItem(item)
        if not row.evidence:
            need = self.tr(" (tiêu chí này cần minh chứng)") if row.evidence_required else ""
            self.files.addItem(self.tr("Chưa có tệp minh chứng") + need)
        self._update_buttons()

    def _prefill_text(self, r: CriterionRow) -> str:
        if not r.prefill_label and not r.prefill_explanation:
            return self.tr("Phần mềm tính được số liệu này: bấm «Lấy số liệu từ phần mềm».")
        text = self.tr("Phần mềm tính: {value}. Cách tính: {how}").format(
            value=r.prefill_label or "—", how=r.prefill_explanation)  # fmt: skip
        if r.overridden:
            text += "\n" + self.tr("Trường đã ghi kết quả khác, lý do: {reason}").format(
                reason=r.override_reason)  # fmt: skip
        return text

    def chosen(self) -> uuid.UUID | None:
        item = self.files.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return value if isinstance(value, uuid.UUID) else None

    def chosen_withdrawn(self) -> bool:
        found = self.chosen()
        return bool(self.row and any(f.id == found and f.withdrawn for f in self.row.evidence))

    def _update_buttons(self) -> None:
        has = self.chosen() is not None
        self.add_button.setEnabled(self.row is not None and self._editable)
        self.preview_button.setEnabled(has)
        self.withdraw_button.setEnabled(has and self._editable and not self.chosen_withdrawn())
        for b in (self.add_button, self.withdraw_button):
            b.setToolTip("" if self._editable else self._why)

    def _on_add_clicked(self) -> None:
        if self.row is not None:
            self.add_requested.emit(self.row.code)

    def _emit(self, signal: SignalInstance) -> None:
        chosen = self.chosen()
        if chosen is not None:
            signal.emit(chosen)
