"""The "Danh sách cuối năm" tab: promoted, summer training, re-tests, repeaters, commendations.

Primary classes (TT27) get their own lists: completed the grade's programme,
not completed, Học sinh Xuất sắc, Học sinh Tiêu biểu; a whole-school view of a
school with both levels shows both kinds.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError
from app.gradebook.choices import ClassChoice, is_class_teacher
from app.gradebook.export import LIST_TITLES
from app.gradebook.lists import ListEntry, ResultLists, result_lists
from app.gradebook.primary_export import ALL_LIST_TITLES, shown_lists
from ui import errors
from ui.gradebook.combo import find_data
from ui.gradebook.results_tab import ResultsTab
from ui.pages import PageContext
from ui.table_fit import show_empty_text
from ui.table_model import Index, RowTableModel
from ui.widgets import configure_table

DEFAULT_KINDS = tuple(LIST_TITLES)
"""The secondary lists, shown before anything is loaded."""


class ListColumn(IntEnum):
    """Columns of a year-end list."""

    NUMBER = 0
    CODE = 1
    NAME = 2
    CLASS = 3
    DETAIL = 4


HEADERS = {
    ListColumn.NUMBER: "STT",
    ListColumn.CODE: "Mã học sinh",
    ListColumn.NAME: "Họ và tên",
    ListColumn.CLASS: "Lớp",
    ListColumn.DETAIL: "Lý do / chi tiết",
}


class ListModel(RowTableModel):
    """The students of one list."""

    def __init__(self) -> None:
        super().__init__([HEADERS[c] for c in ListColumn])

    def cell(self, entry: ListEntry, col: int, role: int, index: Index) -> Any:
        column = ListColumn(col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and column != ListColumn.DETAIL:
                return None
            return {
                ListColumn.NUMBER: str(index.row() + 1),
                ListColumn.CODE: entry.student_code,
                ListColumn.NAME: entry.full_name,
                ListColumn.CLASS: entry.class_name,
                ListColumn.DETAIL: entry.detail,
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ListColumn.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ListsWidget(ResultsTab):
    """Year-end lists of the class picked, or of the whole school for the office."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = ListModel()
        self._lists: ResultLists | None = None
        self._build()
        self._connect()

    def _build(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setMinimumWidth(260)
        self.school_check = QCheckBox(self.tr("Toàn trường"))
        self.school_check.setVisible(not is_class_teacher(self.ctx.actor))
        self.note_label = QLabel()
        self.note_label.setObjectName("muted")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Danh sách:")))
        bar.addWidget(self.kind_combo)
        bar.addSpacing(8)
        bar.addWidget(self.school_check)
        bar.addStretch(1)
        bar.addWidget(self.note_label)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        show_empty_text(self.table, self.tr("Không có học sinh nào trong danh sách này."))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ListColumn.DETAIL, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.school_check.toggled.connect(self._on_school_toggled)

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show the lists of ``choice``'s year (the semester does not matter)."""
        self._class = choice
        self.reload()

    def reload(self) -> None:
        """Recompute the lists."""
        self._stale = False
        if self._class is None:
            self._lists = None
            self._fill()
            return
        whole = self.school_check.isChecked() and self.school_check.isVisible()
        try:
            with self.ctx.db.read(self.ctx.actor) as s:
                self._lists = result_lists(
                    s,
                    self.ctx.actor,
                    self._class.school_year,
                    None if whole else self._class.id,
                )
        except AppError as exc:
            self._lists = None
            errors.show_error(self, exc)
        self._fill()

    def _fill(self) -> None:
        keys = shown_lists(self._lists) if self._lists else list(DEFAULT_KINDS)
        kind = self.kind_combo.currentData() or keys[0]
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for key in keys:
            count = len(getattr(self._lists, key)) if self._lists else 0
            self.kind_combo.addItem(f"{self.tr(ALL_LIST_TITLES[key])} ({count})", key)
        self.kind_combo.setCurrentIndex(max(find_data(self.kind_combo, kind), 0))
        self.kind_combo.blockSignals(False)
        self._show_kind()

    def _show_kind(self) -> None:
        key = self.kind_combo.currentData()
        rows = getattr(self._lists, key) if self._lists and key else ()
        self.model.set_rows(rows)
        if self._lists is None:
            self.note_label.setText("")
            return
        where = self._lists.class_name or self.tr("toàn trường")
        self.note_label.setText(
            self.tr("Năm học {year} · {where}").format(year=self._lists.school_year, where=where)
        )

    def _on_kind_changed(self, _index: int) -> None:
        self._show_kind()

    def _on_school_toggled(self, _checked: bool) -> None:
        self.reload()
