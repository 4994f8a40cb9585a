"""The lending tab's read-only lists: the slips and the items of the selected slip."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from app.changes import Changes
from app.equipment import loan_queries as lq
from app.equipment import loans
from app.equipment.models import CONDITION_LABELS
from ui.table_model import Index, RowTableModel
from ui.widgets import configure_table


class SlipsModel(RowTableModel):
    HEADERS = ("Số", "Trạng thái", "Người mượn", "Thời gian", "Lớp", "Bài dạy", "Thiết bị")

    def __init__(self) -> None:
        super().__init__(self.HEADERS)

    def cell(self, row: lq.SlipRow, column: int, role: int, index: Index) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            lesson = row.lesson + (f" ({row.subject})" if row.subject else "")
            return (str(row.number), row.status_label, row.borrower_name, row.slot,
                    row.class_name, lesson, row.items_text() or "—")[column]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and row.refusal_reason:
            return f"Lý do từ chối: {row.refusal_reason}"
        return None


class LinesModel(RowTableModel):
    HEADERS = ("Mã", "Tên thiết bị", "Số lượng", "Khi giao", "Khi trả")

    def __init__(self) -> None:
        super().__init__(self.HEADERS)

    def cell(self, row: lq.LineRow, column: int, role: int, index: Index) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (row.code, row.name, f"{row.quantity} {row.unit}".strip(),
                CONDITION_LABELS.get(row.out_condition, ""), row.return_label)[column]  # fmt: skip


def slip_table(model: RowTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    configure_table(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


@dataclass(frozen=True)
class Scanned:
    """A scan's answer, with the changes the runner announces."""

    result: loans.ScanResult
    changes: Changes = loans.LOAN_CHANGES
