"""The filters of the "Học sinh" page: year, class, status, search and exact match.

The bar (a ``FlowLayout`` that wraps on small screens) says which ``StudentFilter``
it describes, which of its filters narrow the list (for the empty message), and
goes back to the whole current year with ``reset``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from app import school
from app.students import STATUS_LABELS, StudentFilter, list_classes
from ui import icons
from ui.empty_state import quoted
from ui.flow_layout import FlowLayout, group
from ui.pages import PageContext
from ui.widgets import fill_years

SEARCH_MIN_WIDTH = 240
ALL = ""


class StudentFilterBar(QObject):
    """The filter controls and their layout; ``changed`` when one changed, ``typed`` on typing."""

    changed = Signal()
    typed = Signal()
    submitted = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bar = self._build()
        self._connect()

    def _build(self) -> FlowLayout:
        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(120)
        self.class_combo = QComboBox()
        self.class_combo.setMinimumWidth(130)
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Mọi trạng thái"), ALL)
        for key, text in STATUS_LABELS.items():
            self.status_combo.addItem(self.tr(text), key)
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Tìm họ tên, mã, số định danh, SĐT…"))
        self.search_edit.setToolTip(
            self.tr(
                "Tìm theo họ tên, mã học sinh (cả một phần mã, ví dụ “260689”), số định danh "
                "hoặc số điện thoại phụ huynh. "
                "Không cần gõ dấu: “dang thi anh” tìm thấy “Đặng Thị Ánh”."
            )
        )
        self.search_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.exact_check = QCheckBox(self.tr("Khớp chính xác (có dấu)"))
        self.exact_check.setToolTip(
            self.tr("Bỏ chọn: “nguyen anh” tìm thấy “Nguyễn Ánh”. Chọn: chỉ khớp đúng dấu.")
        )
        bar = FlowLayout(h_spacing=14)
        for text, combo in (
            (self.tr("Năm học"), self.year_combo),
            (self.tr("Lớp"), self.class_combo),
            (self.tr("Trạng thái"), self.status_combo),
        ):
            bar.addWidget(group(QLabel(text), combo))
        bar.addWidget(self.search_edit)
        bar.addWidget(self.exact_check)
        return bar

    def _connect(self) -> None:
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        self.class_combo.currentIndexChanged.connect(self.changed)
        self.status_combo.currentIndexChanged.connect(self.changed)
        self.exact_check.toggled.connect(self.changed)
        self.search_edit.textChanged.connect(self.typed)
        self.search_edit.returnPressed.connect(self.submitted)

    def _controls(self) -> tuple[QWidget, ...]:
        return (
            self.year_combo, self.class_combo, self.status_combo, self.search_edit,
            self.exact_check,
        )  # fmt: skip

    # ------------------------------------------------------------ choices

    def load_years(self) -> None:
        """Fill the years (the current one chosen) and that year's classes."""
        fill_years(
            self.year_combo, self.ctx.db, self.ctx.actor, extra=(self.tr("Mọi năm học"), ALL)
        )
        self.load_classes()

    def load_classes(self) -> None:
        """Fill the classes of the chosen year, keeping the chosen class if it is there."""
        year = self.year_combo.currentData() or None
        chosen = self.class_combo.currentData()
        classes = []
        if year:
            with self.ctx.db.read(self.ctx.actor) as s:
                classes = list_classes(s, self.ctx.actor, year)
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        self.class_combo.addItem(self.tr("Tất cả các lớp"), ALL)
        for c in classes:
            self.class_combo.addItem(c.name, c.name)
        self.class_combo.setCurrentIndex(max(0, self.class_combo.findData(chosen)))
        self.class_combo.setEnabled(bool(year))
        self.class_combo.blockSignals(False)

    def _on_year_changed(self) -> None:
        self.load_classes()
        self.changed.emit()

    # ------------------------------------------------------------ what it describes

    def current_filter(self) -> StudentFilter:
        """The filter the controls describe."""
        year = self.year_combo.currentData() or None
        return StudentFilter(
            year=year,
            class_name=(self.class_combo.currentData() or None) if year else None,
            status=self.status_combo.currentData() or None,
            search=self.search_edit.text().strip(),
            exact=self.exact_check.isChecked(),
        )

    def current_year(self) -> str:
        """The school's current year, which the list shows unless another is chosen."""
        with self.ctx.db.read(self.ctx.actor) as s:
            year = school.current_year(s)
        return year.name if year else ""

    def narrowing(self, flt: StudentFilter) -> list[str]:
        """The filters of ``flt`` that hide students, as the empty message names them.

        The current year is where the list starts, not a filter the user set.
        """
        parts = []
        if flt.year and flt.year != self.current_year():
            parts.append(self.tr("năm học {year}").format(year=flt.year))
        if flt.class_name:
            parts.append(self.tr("lớp {name}").format(name=flt.class_name))
        if flt.status:
            status = self.tr(STATUS_LABELS.get(flt.status, flt.status))
            parts.append(self.tr("trạng thái {status}").format(status=status))
        if flt.search:
            parts.append(self.tr("từ khóa {q}").format(q=quoted(flt.search)))
            if flt.exact:
                parts.append(self.tr("khớp chính xác (có dấu)"))
        return parts

    def reset(self) -> None:
        """Back to the whole current year: every class and status, no search; one ``changed``."""
        for widget in self._controls():
            widget.blockSignals(True)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(self.current_year())))
        self.load_classes()
        self.class_combo.setCurrentIndex(0)
        self.status_combo.setCurrentIndex(0)
        self.search_edit.clear()
        self.exact_check.setChecked(False)
        for widget in self._controls():
            widget.blockSignals(False)
        self.changed.emit()
