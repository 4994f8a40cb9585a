"""The "Tổng hợp lớp" tab: every student's subject results, learning, conduct, absences, outcome.

Hovering a cell shows the reasons behind its value; the panel under the table
spells out the selected student's learning result, conduct, absences, outcome
and commendation with their reasons (why Khá and not Tốt, e.g. "Toán 6,4 < 6,5").
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
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.errors import AppError
from app.gradebook.results import ClassSummary, ResultView, StudentSummary, class_summary
from ui import errors, icons
from ui.gradebook.choices import ClassChoice
from ui.gradebook.class_summary_model import (
    ClassSummaryModel,
    Part,
    absent_total,
    conduct_view,
    learning_view,
)
from ui.gradebook.combo import find_data
from ui.gradebook.grade_history_dialog import GradeHistoryDialog
from ui.pages import PageContext
from ui.signals import bus

SCOPES = ((1, "Học kì I"), (2, "Học kì II"), (None, "Cả năm"))
RESULT_ENTITIES = (
    "assessment",
    "conduct_record",
    "summer_conduct",
    "retest_result",
    "grade_lock",
    "subject",
)
LEVELS = ("Tốt", "Khá", "Đạt", "Chưa đạt")


def _reasons_html(view: ResultView | None) -> str:
    if view is None or not view.reasons:
        return ""
    items = "".join(f"<li>{html.escape(r)}</li>" for r in view.reasons[:20])
    more = len(view.reasons) - 20
    if more > 0:
        items += f"<li>… và {more} lý do khác</li>"
    return f"<ul style='margin-top:2px; margin-bottom:6px'>{items}</ul>"


def _block(title: str, view: ResultView | None) -> str:
    value = view.text if view and view.text else "chưa tính được"
    return f"<b>{html.escape(title)}:</b> {html.escape(value)}" + _reasons_html(view)


def student_details(student: StudentSummary, semester: int | None) -> str:
    """The selected student's results with their reasons, as HTML for the detail panel."""
    total = absent_total(student, semester)
    absent = f"{total} buổi" if total is not None else "chưa nhập"
    columns = [
        _block("Kết quả học tập", learning_view(student, semester)),
        _block("Kết quả rèn luyện", conduct_view(student, semester)) + f"<b>Nghỉ học:</b> {absent}",
    ]
    if semester is None:
        extra = _block("Kết quả cuối năm", student.outcome) + _block(
            "Khen thưởng", student.commendation
        )
        if student.retest_subjects:
            names = html.escape(", ".join(student.retest_subjects))
            extra += f"<b>Môn được kiểm tra lại:</b> {names}"
        columns.append(extra)
    cells = "".join(
        f"<td width='{100 // len(columns)}%' style='vertical-align:top; padding-right:18px'>{c}</td>"
        for c in columns
    )
    head = (
        f"<p style='margin:0 0 4px 0'><b>{html.escape(student.full_name)}</b> "
        f"<span style='color:#5f6b7a'>({html.escape(student.student_code)})</span></p>"
    )
    return f"{head}<table width='100%'><tr>{cells}</tr></table>"


def counts_text(summary: ClassSummary) -> str:
    """A one-line count of learning results (and outcomes for the year)."""
    learning = Counter(
        (learning_view(s, summary.semester) or ResultView(None)).text or ""
        for s in summary.students
    )
    parts = [f"{level}: {learning[level]}" for level in LEVELS if learning.get(level)]
    if learning.get(""):
        parts.append(f"chưa đủ dữ liệu: {learning['']}")
    text = "Học tập — " + " · ".join(parts) if parts else ""
    if summary.semester is None:
        outcomes = Counter((s.outcome.text if s.outcome else "") for s in summary.students)
        shown = [f"{k}: {v}" for k, v in sorted(outcomes.items()) if k]
        if shown:
            text += "    Cuối năm — " + " · ".join(shown)
    return text


class ClassSummaryWidget(QWidget):
    """A class's results for a semester or the year, recomputed from the recorded assessments."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ClassSummaryModel()
        self._class: ClassChoice | None = None
        self._stale = False
        self._build()
        self._connect()

    def _build(self) -> None:
        self.scope_combo = QComboBox()
        for value, label in SCOPES:
            self.scope_combo.addItem(self.tr(label), value)
        self.history_button = QPushButton(icons.icon("clock"), self.tr("Lịch sử điểm"))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("muted")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Xem:")))
        bar.addWidget(self.scope_combo)
        bar.addSpacing(8)
        bar.addWidget(self.history_button)
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
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([480, 160])
        self.details.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.scope_combo.currentIndexChanged.connect(self._on_scope_changed)
        self.history_button.clicked.connect(self._on_history_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        bus.changed.connect(self._on_bus_changed)

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show ``choice``'s summary; the semester picked on the page becomes the default scope."""
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
                summary = class_summary(
                    s, self.ctx.actor, self._class.id, self._class.school_year, self.semester()
                )
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
            width = {
                Part.NUMBER: 40,
                Part.NAME: 180,
                Part.SUBJECT: 46,
                Part.LEARNING: 70,
                Part.CONDUCT: 70,
                Part.ABSENT: 46,
                Part.OUTCOME: 128,
                Part.COMMENDATION: 128,
            }[part]
            label = str(self.model.headerData(section, Qt.Orientation.Horizontal))
            needed = header.fontMetrics().horizontalAdvance(label) + 22
            if part is Part.SUBJECT:
                needed = max(needed, self.table.sizeHintForColumn(section))
            self.table.setColumnWidth(section, max(width, needed))
        header.setStretchLastSection(True)

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _show_details(self) -> None:
        student = self.model.student_at(self._selected_row())
        self.history_button.setEnabled(student is not None)
        if student is None:
            self.details.clear()
            return
        self.details.setHtml(student_details(student, self.semester()))

    def _on_scope_changed(self, _index: int) -> None:
        self.reload()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_details()

    def _on_bus_changed(self, changes: Changes) -> None:
        if not changes.touches(*RESULT_ENTITIES):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_history_clicked(self) -> None:
        student = self.model.student_at(self._selected_row())
        if student is None:
            return
        GradeHistoryDialog.show_for(
            self, self.ctx.db, self.ctx.actor, student.student_id, student.full_name
        )
