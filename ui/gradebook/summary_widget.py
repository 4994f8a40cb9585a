"""What the two class summary tabs share (TT22 "Tổng hợp lớp", TT27 "Tổng hợp").

A scope picker (Học kì I, Học kì II, Cả năm), the results table and, under it,
the selected student's results with their reasons. A subclass names the
summary service, adds tools next to the picker, words the counts line and the
detail panel and sizes the columns.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import AppError
from app.gradebook.choices import ClassChoice
from ui import errors
from ui.gradebook.combo import find_data
from ui.gradebook.results_tab import ResultsTab
from ui.gradebook.summary_model import Part, SummaryModel
from ui.pages import PageContext
from ui.table_fit import fit_columns, show_empty_text, show_full_text

SCOPES = ((1, "Học kì I"), (2, "Học kì II"), (None, "Cả năm"))
MAX_REASONS = 20


def reasons_html(reasons: Sequence[str]) -> str:
    """Reasons as a bulleted list, cut after twenty with a count of the rest ("" for none)."""
    if not reasons:
        return ""
    items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons[:MAX_REASONS])
    more = len(reasons) - MAX_REASONS
    if more > 0:
        items += f"<li>… và {more} lý do khác</li>"
    return f"<ul style='margin-top:2px; margin-bottom:6px'>{items}</ul>"


def block_html(title: str, value: str, reasons: Sequence[str]) -> str:
    """ "<b>Title:</b> value" followed by its reasons."""
    return f"<b>{html.escape(title)}:</b> {html.escape(value)}" + reasons_html(reasons)


def details_html(full_name: str, student_code: str, columns: Sequence[str]) -> str:
    """The detail panel: the student's name and code over ``columns`` side by side."""
    cells = "".join(
        f"<td width='{100 // len(columns)}%' style='vertical-align:top; padding-right:18px'>{c}</td>"
        for c in columns
    )
    head = (
        f"<p style='margin:0 0 4px 0'><b>{html.escape(full_name)}</b> "
        f"<span style='color:#5f6b7a'>({html.escape(student_code)})</span></p>"
    )
    return f"{head}<table width='100%'><tr>{cells}</tr></table>"


class SummaryWidget(ResultsTab):
    """A class's results for a semester or the year, recomputed from the records."""

    splitter_sizes = (480, 160)

    def __init__(
        self, ctx: PageContext, model: SummaryModel[Any, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.model = model
        self._build()
        self._connect()

    # ------------------------------------------------------------ subclass hooks

    def load_summary(self, session: Session, choice: ClassChoice) -> Any:
        """The summary of ``choice`` for the scope picked."""
        raise NotImplementedError

    def extra_tools(self) -> list[QWidget]:
        """Tools shown after the scope picker."""
        return []

    def counts(self, summary: Any) -> str:
        """The one-line count over the table."""
        return ""

    def student_details(self, student: Any, summary: Any) -> str:
        """The selected student's results with their reasons, as HTML."""
        return ""

    def student_selected(self, student: Any) -> None:
        """Called when the selected student (or None) is shown in the detail panel."""

    def column_width(self, section: int, part: Part) -> int:
        """The width a column starts with."""
        return self.table.sizeHintForColumn(section)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.scope_combo = QComboBox()
        for value, label in SCOPES:
            self.scope_combo.addItem(self.tr(label), value)
        extras = self.extra_tools()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("muted")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Xem:")))
        bar.addWidget(self.scope_combo)
        if extras:
            bar.addSpacing(8)
        for widget in extras:
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.counts_label)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setHighlightSections(False)
        show_full_text(self.table)
        show_empty_text(self.table, self.tr("Chưa có học sinh nào để hiện ở đây."))
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText(self.tr("Chọn một học sinh để xem lý do của từng kết quả."))
        self.details.setMinimumHeight(90)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes(list(self.splitter_sizes))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.scope_combo.currentIndexChanged.connect(self._on_scope_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    # ------------------------------------------------------------ scope and loading

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show ``choice``'s summary; the page's semester becomes the scope unless "Cả năm" is picked."""
        self._class = choice
        if self.scope_combo.currentData() is not None:
            self.scope_combo.blockSignals(True)
            self.scope_combo.setCurrentIndex(find_data(self.scope_combo, semester))
            self.scope_combo.blockSignals(False)
        self.reload()

    def semester(self) -> int | None:
        """The scope picked: 1, 2 or None for the whole year."""
        data = self.scope_combo.currentData()
        return data if isinstance(data, int) else None

    def set_year_scope(self) -> None:
        """Show the whole year."""
        self.scope_combo.setCurrentIndex(find_data(self.scope_combo, None))

    def reload(self) -> None:
        """Recompute the summary from the database."""
        self._stale = False
        if self._class is None:
            self.model.set_summary(None)
            self._after_load()
            return
        try:
            with self.ctx.db.read(self.ctx.actor) as s:
                summary = self.load_summary(s, self._class)
        except AppError as exc:
            self.model.set_summary(None)
            self._after_load()
            errors.show_error(self, exc)
            return
        selected = self._selected_row()
        self.model.set_summary(summary)
        self._size_columns()
        if self.model.rowCount():
            self.table.selectRow(min(max(selected, 0), self.model.rowCount() - 1))
        self._after_load()

    def _after_load(self) -> None:
        summary = self.model.summary
        self.counts_label.setText(self.counts(summary) if summary else "")
        self._show_details()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section in range(self.model.columnCount()):
            part = self.model.column(section).part
            self.table.setColumnWidth(section, self.column_width(section, part))
        fit_columns(self.table)
        header.setStretchLastSection(True)

    # ------------------------------------------------------------ the selected student

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _show_details(self) -> None:
        student = self.model.student_at(self._selected_row())
        summary = self.model.summary
        self.student_selected(student)
        if student is None or summary is None:
            self.details.clear()
            return
        self.details.setHtml(self.student_details(student, summary))

    def _on_scope_changed(self, _index: int) -> None:
        self.reload()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_details()
