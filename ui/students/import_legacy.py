"""The import preview's legacy-text panel: each TCVN3/VNI cell before → after, and the choice.

Nothing typed in the file is converted until the user picks "Chuyển sang Unicode";
"Giữ nguyên" keeps every cell as typed. Cells left alone in doubt are listed too.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.excel.encodings import ENCODING_LABELS, LegacyChoice
from app.students.importer import ImportPreview, TextConversion
from ui import style
from ui.table_model import Index, RowTableModel
from ui.widgets import configure_table


class ConversionColumn(IntEnum):
    """Columns of the conversions table."""

    SHEET = 0
    ROW = 1
    COLUMN = 2
    BEFORE = 3
    AFTER = 4
    NOTE = 5


HEADERS = {
    ConversionColumn.SHEET: "Trang tính",
    ConversionColumn.ROW: "Dòng",
    ConversionColumn.COLUMN: "Cột",
    ConversionColumn.BEFORE: "Trong tệp",
    ConversionColumn.AFTER: "Nếu chuyển",
    ConversionColumn.NOTE: "Ghi chú",
}


class ConversionModel(RowTableModel):
    """Offered conversions first, then the doubtful cells that stay as typed."""

    def __init__(self) -> None:
        super().__init__([HEADERS[c] for c in ConversionColumn])

    def set_preview(self, pv: ImportPreview | None) -> None:
        """Show a preview's conversions and doubts (or nothing)."""
        self.set_rows((*pv.conversions, *pv.doubts) if pv is not None else ())

    def cell(self, row: TextConversion, col: int, role: int, index: Index) -> Any:
        column = ConversionColumn(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.message
        if role == Qt.ItemDataRole.ForegroundRole and column == ConversionColumn.NOTE:
            return QColor(style.WARN if row.doubt else style.MUTED)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ConversionColumn.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(row: TextConversion, column: ConversionColumn) -> str:
        if column == ConversionColumn.SHEET:
            return row.sheet
        if column == ConversionColumn.ROW:
            return str(row.row)
        if column == ConversionColumn.COLUMN:
            return row.column
        if column == ConversionColumn.BEFORE:
            return row.before
        if column == ConversionColumn.AFTER:
            return row.after
        encoding = ENCODING_LABELS[row.encoding]
        if row.doubt:
            return f"Giữ nguyên (không chắc chắn) – {encoding}"
        return f"Sẽ chuyển – {encoding}"


class LegacyPanel(QWidget):
    """The table of legacy cells and the convert / keep choice; ``chosen`` on a click."""

    chosen = Signal(object)  # LegacyChoice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ConversionModel()
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(ConversionColumn.NOTE, QHeaderView.ResizeMode.Stretch)
        self.convert_radio = QRadioButton(self.tr("Chuyển các ô “Sẽ chuyển” sang Unicode"))
        self.keep_radio = QRadioButton(self.tr("Giữ nguyên mọi ô như trong tệp"))
        self.group = QButtonGroup(self)
        for radio in (self.convert_radio, self.keep_radio):
            self.group.addButton(radio)
        choice = QHBoxLayout()
        choice.addWidget(self.convert_radio)
        choice.addWidget(self.keep_radio)
        choice.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(choice)
        self.convert_radio.clicked.connect(self._on_convert_clicked)
        self.keep_radio.clicked.connect(self._on_keep_clicked)

    def set_preview(self, pv: ImportPreview) -> None:
        """Show the preview's legacy cells; the radios show the choice it was read with."""
        self.model.set_preview(pv)
        n = len(pv.conversions)
        if n:
            text = self.tr(
                "{n} ô trong tệp có vẻ được gõ bằng bảng mã cũ ({encodings}). Xem cột “Trong "
                "tệp” và “Nếu chuyển”, rồi chọn bên dưới. Chưa chọn thì chưa nhập được."
            ).format(n=n, encodings=pv.encodings)
        else:
            text = self.tr("Không ô nào cần chuyển mã.")
        if pv.doubts:
            text += " " + self.tr(
                "{n} ô khác đọc kiểu nào cũng là chữ hợp lệ nên luôn được giữ nguyên; hãy xem lại."
            ).format(n=len(pv.doubts))
        self.intro_label.setText(text)
        self.convert_radio.setVisible(bool(n))
        self.keep_radio.setVisible(bool(n))
        self.group.setExclusive(False)
        self.convert_radio.setChecked(pv.legacy is LegacyChoice.CONVERT)
        self.keep_radio.setChecked(pv.legacy is LegacyChoice.KEEP)
        self.group.setExclusive(True)

    def _on_convert_clicked(self) -> None:
        self.chosen.emit(LegacyChoice.CONVERT)

    def _on_keep_clicked(self) -> None:
        self.chosen.emit(LegacyChoice.KEEP)
