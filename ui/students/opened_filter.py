"""A filter the student list was opened with from another page (a home-page figure): a grade,
or a gap in the records ("chưa có số định danh"), shown above the list with «Bỏ lọc»."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.students import StudentFilter
from app.students.gaps import GAP_LABELS


class OpenedFilter(QWidget):
    """The grade and the gap the list is narrowed to; hidden when there is neither."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grade: int | None = None
        self.gap = ""
        self.label = QLabel()
        self.label.setObjectName("statusWarn")
        self.clear_button = QPushButton(self.tr("Bỏ lọc"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.setVisible(False)

    def set_params(self, params: Mapping[str, str]) -> None:
        """Take ``grade`` and ``gap`` from a page's request (others are the filter bar's)."""
        grade = params.get("grade", "")
        self.grade = int(grade) if grade.isdigit() else None
        self.gap = params.get("gap", "") if params.get("gap", "") in GAP_LABELS else ""
        parts = self.parts()
        self.label.setText(self.tr("Đang lọc: {what}").format(what=" · ".join(parts)))
        self.setVisible(bool(parts))

    def parts(self) -> list[str]:
        """What the list is narrowed to, as the empty message names it ("Khối 6", …)."""
        parts = []
        if self.grade is not None:
            parts.append(self.tr("Khối {grade}").format(grade=self.grade))
        if self.gap:
            parts.append(self.tr(GAP_LABELS[self.gap]))
        return parts

    def narrow(self, flt: StudentFilter) -> StudentFilter:
        """``flt`` with the grade and the gap added."""
        return replace(flt, grade=self.grade, gap=self.gap)

    def clear(self) -> None:
        """Drop the grade and the gap; ``cleared`` when there was one."""
        if self.grade is not None or self.gap:
            self.set_params({})
            self.cleared.emit()

    def _on_clear_clicked(self) -> None:
        self.clear()
