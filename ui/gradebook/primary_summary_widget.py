"""The "Tổng hợp" tab of a primary class: levels, tests, qualities and competencies, year result.

Hovering a cell shows its details (every checkpoint of a subject, each
rating, the reasons of a result); the panel under the table spells out the
selected student's year result, outcome and commendation with their reasons,
the class's nomination and the subjects' comments.
"""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QShowEvent
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

from app.changes import Changes
from app.errors import AppError
from app.gradebook.primary.ratings import NOMINATIONS, RATINGS
from app.gradebook.primary.results import (
    PrimaryClassSummary,
    PrimaryStudentSummary,
    primary_summary,
)
from app.gradebook.results import ResultView
from app.grading.primary import PrimaryResult
from ui import errors
from ui.gradebook.choices import ClassChoice
from ui.gradebook.class_summary_widget import RESULT_ENTITIES
from ui.gradebook.combo import find_data
from ui.gradebook.primary_entry_widget import header_width
from ui.gradebook.primary_summary_model import (
    Part,
    PrimarySummaryModel,
    compact_reasons,
    ratings_text,
    subject_lines,
)
from ui.pages import PageContext
from ui.signals import bus

SCOPES = ((1, "Học kì I"), (2, "Học kì II"), (None, "Cả năm"))
PRIMARY_ENTITIES = (*RESULT_ENTITIES, RATINGS, NOMINATIONS)
WIDTHS = {
    Part.NUMBER: 40,
    Part.NAME: 170,
    Part.SUBJECT: 44,
    Part.RATINGS: 80,
    Part.RESULT: 120,
    Part.OUTCOME: 60,
    Part.COMMENDATION: 90,
}
"""Least widths; a column grows to fit its header and its cells."""
MAX_REASONS = 20


def _reasons_html(reasons: tuple[str, ...] | list[str]) -> str:
    if not reasons:
        return ""
    items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons[:MAX_REASONS])
    more = len(reasons) - MAX_REASONS
    if more > 0:
        items += f"<li>… và {more} lý do khác</li>"
    return f"<ul style='margin-top:2px; margin-bottom:6px'>{items}</ul>"


def _block(title: str, view: ResultView | None, empty: str = "chưa xét được") -> str:
    value = view.text if view and view.text else empty
    reasons = compact_reasons(view.reasons, view.value is not None) if view else []
    return f"<b>{html.escape(title)}:</b> {html.escape(value)}" + _reasons_html(reasons)


def student_details(student: PrimaryStudentSummary, summary: PrimaryClassSummary) -> str:
    """The selected student's results with their reasons, as HTML for the detail panel."""
    if summary.is_year:
        first = _block("Kết quả giáo dục", student.result) + _block(
            "Hoàn thành chương trình", student.outcome
        )
        award = _block("Khen thưởng", student.commendation)
    else:
        reasons = student.result.reasons if student.result else ()
        first = "<b>Kết quả giáo dục:</b> chỉ xét vào cuối năm" + _reasons_html(reasons)
        award = ""
    ratings = (
        f"<b>Phẩm chất, năng lực ({html.escape(summary.checkpoint_label)}):</b> "
        f"{html.escape(ratings_text(student))}" + _reasons_html(list(student.rating_missing))
    )
    notes = []
    for view in student.subjects:
        lines = subject_lines(view, (summary.checkpoint_label,))
        if lines:
            notes.append(f"{view.name} — {'; '.join(lines)}")
    subjects = f"<b>Các môn ({html.escape(summary.checkpoint_label)}):</b>" + (
        _reasons_html(notes) if notes else " chưa nhập<br/>"
    )
    columns = [first + ratings, award + subjects]
    cells = "".join(
        f"<td width='50%' style='vertical-align:top; padding-right:18px'>{c}</td>" for c in columns
    )
    head = (
        f"<p style='margin:0 0 4px 0'><b>{html.escape(student.full_name)}</b> "
        f"<span style='color:#5f6b7a'>({html.escape(student.student_code)})</span></p>"
    )
    return f"{head}<table width='100%'><tr>{cells}</tr></table>"


def counts_text(summary: PrimaryClassSummary) -> str:
    """A one-line count of year results ("Hoàn thành tốt: 12 · …"), or of levels for semester I."""
    if not summary.is_year:
        return f"Học kì I — {summary.checkpoint_label}: TT27 chỉ xét kết quả giáo dục cuối năm"
    results = Counter((s.result.text if s.result else "") for s in summary.students)
    parts = [f"{r.value}: {results[r.value]}" for r in PrimaryResult if results.get(r.value)]
    if results.get(""):
        parts.append(f"chưa đủ dữ liệu: {results['']}")
    return "Kết quả giáo dục — " + " · ".join(parts) if parts else ""


class PrimarySummaryWidget(QWidget):
    """A primary class's results for semester I, semester II or the year, recomputed on load."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = PrimarySummaryModel()
        self._class: ClassChoice | None = None
        self._stale = False
        self._build()
        self._connect()

    def _build(self) -> None:
        self.scope_combo = QComboBox()
        for value, label in SCOPES:
            self.scope_combo.addItem(self.tr(label), value)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("muted")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Xem:")))
        bar.addWidget(self.scope_combo)
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
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText(self.tr("Chọn một học sinh để xem lý do của từng kết quả."))
        self.details.setMinimumHeight(90)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([440, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.scope_combo.currentIndexChanged.connect(self._on_scope_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        bus.changed.connect(self._on_bus_changed)

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
                summary = primary_summary(s, self.ctx.actor, self._class.id, self.semester())
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
        self.counts_label.setText(counts_text(summary) if summary else "")
        self._show_details()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section in range(self.model.columnCount()):
            part = self.model.column(section).part
            needed = header_width(self.table, section)
            if part is not Part.NAME:
                needed = max(needed, self.table.sizeHintForColumn(section))
            self.table.setColumnWidth(section, max(WIDTHS[part], needed))
        header.setStretchLastSection(True)

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _show_details(self) -> None:
        student = self.model.student_at(self._selected_row())
        summary = self.model.summary
        if student is None or summary is None:
            self.details.clear()
            return
        self.details.setHtml(student_details(student, summary))

    def _on_scope_changed(self, _index: int) -> None:
        self.reload()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_details()

    def _on_bus_changed(self, changes: Changes) -> None:
        if not changes.touches(*PRIMARY_ENTITIES):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload()
