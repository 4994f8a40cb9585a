"""Cần cấp lại: the school's signed transcripts whose data changed since, with the reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.transcripts import queries
from app.transcripts.queries import TranscriptRow
from ui.pages import PageContext
from ui.table_fit import show_empty_text
from ui.widgets import PageHeader, configure_table

HEADERS = ("Năm học", "Lớp", "Mã học sinh", "Họ và tên", "Bản", "Lý do")


class ReissueDialog(QDialog):
    """The "cần cấp lại" list of one year, or of every year."""

    def __init__(self, parent: QWidget | None, ctx: PageContext, year: str | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = year
        self.setWindowTitle(self.tr("Học bạ cần cấp lại"))
        self.resize(760, 420)
        self.all_years = QCheckBox(self.tr("Mọi năm học"))
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        configure_table(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Học bạ cần cấp lại"),
                self.tr("Học bạ đã ký mà dữ liệu đổi sau đó: lập bản đính chính rồi ký lại."),
            )
        )
        layout.addWidget(self.all_years)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.all_years.toggled.connect(self.load)
        self.load()

    def load(self) -> None:
        """Read the list again."""
        year = None if self.all_years.isChecked() else self.year
        with self.ctx.db.read(self.ctx.actor) as s:
            rows = queries.needing_reissue(s, self.ctx.actor, year)
        self.show_rows(rows)

    def show_rows(self, rows: tuple[TranscriptRow, ...]) -> None:
        """Fill the table."""
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            number = str(row.version.number) if row.version else ""
            cells = (row.school_year, row.class_name, row.student_code, row.full_name, number,
                     row.reissue_reason)  # fmt: skip
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        show_empty_text(self.table, self.tr("Không có học bạ nào cần cấp lại."))

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: PageContext, year: str | None) -> None:
        """Show the list until closed."""
        cls(parent, ctx, year).exec()
