"""The student list as a lazy table model: the database counts, filters, sorts and pages.

The model holds the row count and a small cache of pages (``PAGE`` rows each);
``data()`` reads a missing page from SQL when the view first asks for one of
its rows. ``sort()`` and ``set_filter()`` re-query and reset. Nothing is ever
sorted or filtered in Python, so 100,000 students cost what one page costs.
While ``paused`` (the scroll bar is being dragged) rows not in the cache show
as blank instead of being fetched; ``resume()`` fetches what is visible.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from app.db import Actor, Database
from app.students import (
    SEX_LABELS,
    STATUS_LABELS,
    SortField,
    Status,
    StudentFilter,
    StudentRow,
    StudentSort,
    count_students,
    format_date,
    list_student_rows,
)
from ui import style

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """Columns of the student list."""

    CODE = 0
    FULL_NAME = 1
    DATE_OF_BIRTH = 2
    SEX = 3
    CLASS = 4
    STATUS = 5


HEADERS = {
    Column.CODE: "Mã học sinh",
    Column.FULL_NAME: "Họ và tên",
    Column.DATE_OF_BIRTH: "Ngày sinh",
    Column.SEX: "Giới tính",
    Column.CLASS: "Lớp",
    Column.STATUS: "Trạng thái",
}

SORT_FIELDS: dict[Column, SortField] = {
    Column.CODE: SortField.CODE,
    Column.FULL_NAME: SortField.NAME,
    Column.DATE_OF_BIRTH: SortField.DATE_OF_BIRTH,
    Column.CLASS: SortField.CLASS,
    Column.STATUS: SortField.STATUS,
}


def display(row: StudentRow, column: Column) -> str:
    """The text a cell shows: dates dd/mm/yyyy, sex and status in Vietnamese."""
    if column == Column.CODE:
        return row.student_code
    if column == Column.FULL_NAME:
        return row.full_name
    if column == Column.DATE_OF_BIRTH:
        return format_date(row.date_of_birth)
    if column == Column.SEX:
        return SEX_LABELS.get(row.sex, row.sex)
    if column == Column.CLASS:
        return row.class_name
    return STATUS_LABELS.get(row.status, row.status)


def raw(row: StudentRow, column: Column) -> Any:
    """The value a column sorts by (ISO date, stored codes)."""
    if column == Column.DATE_OF_BIRTH:
        return row.date_of_birth.isoformat() if row.date_of_birth else ""
    if column == Column.SEX:
        return row.sex
    if column == Column.STATUS:
        return row.status
    return display(row, column)


class StudentListModel(QAbstractTableModel):
    """Rows come from ``count_students`` and ``list_student_rows`` page by page."""

    PAGE = 200
    MAX_PAGES = 40
    NEAR_END = 60  # rows: about two screens

    loaded = Signal(int)
    failed = Signal(object)

    def __init__(self, db: Database, actor: Actor, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._filter = StudentFilter()
        self._sort = StudentSort()
        self._count = 0
        self._pages: OrderedDict[int, list[StudentRow]] = OrderedDict()
        self._paused = False
        self.queries = 0

    # ------------------------------------------------------------ state

    @property
    def student_filter(self) -> StudentFilter:
        """What the list shows now."""
        return self._filter

    @property
    def student_sort(self) -> StudentSort:
        """How the list is ordered now."""
        return self._sort

    @property
    def total(self) -> int:
        """How many students match the filter."""
        return self._count

    def set_filter(self, flt: StudentFilter) -> None:
        """Show the students matching ``flt`` (re-queries)."""
        self._filter = flt
        self.refresh()

    def set_sort(self, sort: StudentSort) -> None:
        """Order the list by ``sort``: the same rows, so only the pages are read again."""
        self._sort = sort
        self.refresh(recount=False)

    def refresh(self, recount: bool = True) -> None:
        """Count again and drop every cached page, e.g. after a command changed students."""
        self.beginResetModel()
        self._pages.clear()
        try:
            if recount:
                self._count = self._query_count()
            if self._count:
                self._page(0)
        except Exception as exc:  # shown by the widget; an empty list is still consistent
            self._count = 0
            self._pages.clear()
            self.endResetModel()
            self.failed.emit(exc)
            return
        self.endResetModel()
        self.loaded.emit(self._count)

    def pause(self) -> None:
        """Stop reading pages (while the user drags the scroll bar)."""
        self._paused = True

    def resume(self) -> None:
        """Read pages again and repaint the rows left blank meanwhile."""
        self._paused = False
        if self._count:
            last = self.index(self._count - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.DisplayRole])

    # ------------------------------------------------------------ rows

    def student_at(self, row: int) -> StudentRow | None:
        """The student in ``row`` (reads its page if needed), or None."""
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, self.PAGE)
        # Near the end of a page the next one is on screen too: one query reads both.
        near_end = (
            offset >= self.PAGE - min(self.NEAR_END, self.PAGE // 4)
            and (number + 1) * self.PAGE < self._count
        )
        page = self._page(number, 2 if near_end and number + 1 not in self._pages else 1)
        return page[offset] if offset < len(page) else None

    def row_of(self, student_id: uuid.UUID) -> int:
        """The row of a student among the pages read so far, or -1."""
        for number, rows in self._pages.items():
            for i, r in enumerate(rows):
                if r.id == student_id:
                    return number * self.PAGE + i
        return -1

    def _query_count(self) -> int:
        self.queries += 1
        with self._db.read(self._actor) as s:
            return count_students(s, self._actor, self._filter)

    def _page(self, number: int, span: int = 1) -> list[StudentRow]:
        """Page ``number`` from the cache, or read it (and ``span - 1`` following pages at once)."""
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        self.queries += 1
        with self._db.read(self._actor) as s:
            read = list_student_rows(
                s, self._actor, self._filter, self._sort, number * self.PAGE, self.PAGE * span
            )
        for k in range(span):
            if k == 0 or number + k not in self._pages:
                self._pages[number + k] = read[k * self.PAGE : (k + 1) * self.PAGE]
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return self._pages[number]

    def _cached(self, row: int) -> StudentRow | None:
        if self._paused and row // self.PAGE not in self._pages:
            return None
        try:
            return self.student_at(row)
        except Exception as exc:  # a failed read must not break painting, nor repeat per cell
            self._pages[row // self.PAGE] = []
            self.failed.emit(exc)
            return None

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[Column(section)])
        if role == Qt.ItemDataRole.ToolTipRole and Column(section) in SORT_FIELDS:
            return self.tr("Bấm để sắp xếp theo cột này")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            SORT_ROLE,
            ID_ROLE,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return None
        row = self._cached(index.row())
        if row is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return display(row, column)
        if role == SORT_ROLE:
            return raw(row, column)
        if role == ID_ROLE:
            return str(row.id)
        return QColor(style.MUTED) if row.status != Status.ACTIVE else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the order of ``column`` (columns without an SQL order are ignored)."""
        field = SORT_FIELDS.get(Column(column)) if 0 <= column < len(Column) else None
        if field is None:
            return
        self.set_sort(StudentSort(field, order == Qt.SortOrder.DescendingOrder))
