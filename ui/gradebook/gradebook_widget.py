"""The "Sổ điểm" page: pick year, class and semester; tabs for entry, conduct, results and lists.

The tabs follow the class's level: a secondary class (TT22) gets score entry,
conduct, the class summary and re-tests; a primary class (TT27, grades 1–5)
gets level entry, qualities and competencies, and the primary summary; both
get the year-end lists. Teachers see only the classes and subjects they are
assigned; the class they lead also gets the conduct (or ratings) tab. The
principal and the office see every class; the principal locks and unlocks a
semester from the bar above the tabs. Tabs load when first shown, and the
page asks about unsaved edits before it switches class, semester or year.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.gradebook import terms
from app.gradebook.choices import (
    ClassChoice,
    is_class_teacher,
    load_classes,
    load_years,
    sees_homeroom_tabs,
)
from app.gradebook.records import PRIMARY_LAST_GRADE
from ui.flow_layout import FlowLayout, group
from ui.gradebook.class_summary_widget import ClassSummaryWidget
from ui.gradebook.combo import find_data
from ui.gradebook.conduct_widget import ConductWidget
from ui.gradebook.documents_menu import DocumentsButton
from ui.gradebook.grade_entry_widget import GradeEntryWidget
from ui.gradebook.lists_widget import ListsWidget
from ui.gradebook.lock_bar import LockBar
from ui.gradebook.primary_entry_widget import PrimaryEntryWidget
from ui.gradebook.primary_ratings_widget import PrimaryRatingsWidget
from ui.gradebook.primary_summary_widget import PrimarySummaryWidget
from ui.gradebook.retest_widget import RetestWidget
from ui.gradebook.sheet import SheetWidget
from ui.gradebook.summer_widget import SummerWidget
from ui.pages import PageContext
from ui.widgets import PageHeader, page_layout

Scope = tuple[object, int]
DIRTY_MARK = " •"


@runtime_checkable
class ScopedTab(Protocol):
    """A tab that shows one class (and semester)."""

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show ``choice`` for ``semester``."""


class YearEndTab(QWidget):
    """Re-tests above, summer conduct training below: the two ways a year outcome changes late."""

    def __init__(self, retest: RetestWidget, summer: SummerWidget) -> None:
        super().__init__()
        self.retest, self.summer = retest, summer
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(retest)
        splitter.addWidget(summer)
        splitter.setSizes([360, 240])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show both sheets of ``choice``."""
        self.retest.set_scope(choice, semester)
        self.summer.set_scope(choice, semester)


class GradebookWidget(QWidget):
    """The grade book page."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._classes: tuple[ClassChoice, ...] = ()
        self._applied: dict[QWidget, Scope] = {}
        self._shown: tuple[int, int, int] = (-1, -1, 0)
        self._build()
        self._connect()
        self._load_years()
        shown = self.tabs.currentWidget()
        (self.p_entry if shown is self.p_entry else self.entry).panel.focus_first_input()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = page_layout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Sổ điểm"),
                self.tr(
                    "Nhập điểm bằng bàn phím như trên Excel (Enter xuống, Tab sang phải, "
                    "Ctrl+V dán cột điểm, Ctrl+S lưu); tổng hợp kết quả học tập, rèn luyện."
                ),
            )
        )
        self.year_combo = QComboBox()
        self.class_combo = QComboBox()
        self.class_combo.setMinimumWidth(110)
        self.semester_combo = QComboBox()
        for number in (1, 2):
            self.semester_combo.addItem(terms.semester_label(number), number)
        self.lock_bar = LockBar(self.ctx)
        self.documents = DocumentsButton(self.ctx, self)
        bar = FlowLayout(h_spacing=14)
        for text, combo in (
            (self.tr("Năm học:"), self.year_combo),
            (self.tr("Lớp:"), self.class_combo),
            (self.tr("Học kì:"), self.semester_combo),
        ):
            bar.addWidget(group(QLabel(text), combo))
        bar.add_stretch()
        bar.addWidget(self.documents)
        bar.addWidget(self.lock_bar)
        layout.addLayout(bar)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("warningBanner")
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)
        layout.addWidget(self.empty_label)
        self.entry = GradeEntryWidget(self.ctx)
        self.conduct = ConductWidget(self.ctx)
        self.summary = ClassSummaryWidget(self.ctx)
        self.retest = RetestWidget(self.ctx)
        self.summer = SummerWidget(self.ctx)
        self.year_end = YearEndTab(self.retest, self.summer)
        self.p_entry = PrimaryEntryWidget(self.ctx)
        self.p_ratings = PrimaryRatingsWidget(self.ctx)
        self.p_summary = PrimarySummaryWidget(self.ctx)
        self.lists = ListsWidget(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._titles = {
            self.entry: self.tr("Nhập điểm"),
            self.conduct: self.tr("Rèn luyện và chuyên cần"),
            self.summary: self.tr("Tổng hợp lớp"),
            self.year_end: self.tr("Kiểm tra lại, rèn luyện hè"),
            self.p_entry: self.tr("Nhập đánh giá"),
            self.p_ratings: self.tr("Phẩm chất, năng lực"),
            self.p_summary: self.tr("Tổng hợp"),
            self.lists: self.tr("Danh sách cuối năm"),
        }
        for widget, title in self._titles.items():
            self.tabs.addTab(widget, title)
        layout.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        self.year_combo.activated.connect(self._on_year_activated)
        self.class_combo.activated.connect(self._on_class_activated)
        self.semester_combo.activated.connect(self._on_semester_activated)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        for sheet in self.sheets():
            sheet.dirty_changed.connect(self._on_sheet_dirty_changed)

    def has_unsaved(self) -> bool:
        """Whether any sheet holds edits not saved yet (for the window before logout or quit)."""
        return any(s.has_unsaved() for s in self.sheets())

    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None]) -> None:
        """Ask Lưu / Không lưu / Hủy for every sheet with unsaved edits, then ``proceed`` or ``stay``."""
        self._leave_sheets(proceed, stay)

    def sheets(self) -> list[SheetWidget]:
        """The sheets that take typed values."""
        return [self.entry, self.conduct, self.retest, self.summer, self.p_entry, self.p_ratings]

    # ------------------------------------------------------------ choosing

    def _load_years(self) -> None:
        with self.ctx.db.read(self.ctx.actor) as s:
            years = load_years(s)
        self.year_combo.clear()
        for name in years.names:
            self.year_combo.addItem(name, name)
        self.year_combo.setCurrentIndex(max(find_data(self.year_combo, years.current), 0))
        self._load_classes()

    def _load_classes(self) -> None:
        year = self.year_combo.currentData()
        previous = self.current_class()
        with self.ctx.db.read(self.ctx.actor) as s:
            self._classes = load_classes(s, self.ctx.actor, year) if year else ()
            today = terms.semester_on(s, date.today())
        self.class_combo.clear()
        for choice in self._classes:
            self.class_combo.addItem(choice.name, choice.id)
        index = find_data(self.class_combo, previous.id) if previous else -1
        self.class_combo.setCurrentIndex(max(index, 0) if self._classes else -1)
        if today is not None and today.school_year == year:
            self.semester_combo.setCurrentIndex(find_data(self.semester_combo, today.number))
        self._apply_scope()

    def current_class(self) -> ClassChoice | None:
        """The class picked."""
        wanted = self.class_combo.currentData()
        return next((c for c in self._classes if c.id == wanted), None)

    def semester(self) -> int:
        """The semester picked (1 or 2)."""
        return int(self.semester_combo.currentData() or 1)

    def current_subject(self) -> uuid.UUID | None:
        """The subject picked on the entry tab of the class's level."""
        choice = self.current_class()
        primary = choice is not None and choice.grade <= PRIMARY_LAST_GRADE
        return (self.p_entry if primary else self.entry).subject_id()

    def show_target(self, params: Mapping[str, str]) -> None:
        """Open on what another page asked for (a home-page figure): ``year``, ``class``,
        ``semester``, then the sheet of ``subject_id``, or the conduct (ratings) with none.
        Unsaved edits are never dropped: with some, the page only comes to the front."""
        if self.has_unsaved():
            return
        semester = params.get("semester", "")
        number = int(semester) if semester.isdigit() else None
        self.select(params.get("class", ""), number, params.get("year") or None)
        choice = self.current_class()
        if choice is None or params.get("class") != choice.name:
            return
        primary = choice.grade <= PRIMARY_LAST_GRADE
        entry = self.p_entry if primary else self.entry
        own = self.p_ratings if primary else self.conduct
        if params.get("subject_id"):
            self.tabs.setCurrentWidget(entry)
            entry.select_subject(uuid.UUID(params["subject_id"]))
        elif self.tabs.isTabVisible(self.tabs.indexOf(own)):
            self.tabs.setCurrentWidget(own)

    def select(self, class_name: str, semester: int | None = None, year: str | None = None) -> None:
        """Pick a class (and semester, year) by name without asking (for tests and callers)."""
        if year is not None and year != self.year_combo.currentData():
            self.year_combo.setCurrentIndex(find_data(self.year_combo, year))
            self._load_classes()
        index = self.class_combo.findText(class_name)
        if index >= 0:
            self.class_combo.setCurrentIndex(index)
        if semester is not None:
            self.semester_combo.setCurrentIndex(find_data(self.semester_combo, semester))
        self._apply_scope()

    def _apply_scope(self) -> None:
        """Tell the lock bar and the visible tab what is picked; the other tabs load when shown."""
        choice = self.current_class()
        self._shown = (
            self.year_combo.currentIndex(),
            self.class_combo.currentIndex(),
            self.semester(),
        )
        self._applied.clear()
        self._show_empty(choice)
        self.lock_bar.set_scope(choice, self.semester())
        self.documents.set_scope(choice)
        self._show_level_tabs(choice)
        self._refresh_tab(self.tabs.currentWidget())

    def _show_level_tabs(self, choice: ClassChoice | None) -> None:
        """Primary classes get the TT27 tabs, the others the TT22 ones; the class's own tab if led."""
        primary = choice is not None and choice.grade <= PRIMARY_LAST_GRADE
        leads = choice is not None and sees_homeroom_tabs(self.ctx.actor, choice)
        shown = {
            self.entry: not primary,
            self.conduct: not primary and leads,
            self.summary: not primary,
            self.year_end: not primary,
            self.p_entry: primary,
            self.p_ratings: primary and leads,
            self.p_summary: primary,
        }
        for tab in (t for t, visible in shown.items() if visible):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), True)
        if not shown.get(self.tabs.currentWidget(), True):
            self.tabs.setCurrentWidget(self.p_entry if primary else self.entry)
        for tab in (t for t, visible in shown.items() if not visible):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), False)

    def _refresh_tab(self, widget: QWidget | None) -> None:
        scope: Scope = (self.class_combo.currentData(), self.semester())
        if widget is None or self._applied.get(widget) == scope:
            return
        self._applied[widget] = scope
        if isinstance(widget, ScopedTab):
            widget.set_scope(self.current_class(), self.semester())

    def _show_empty(self, choice: ClassChoice | None) -> None:
        if choice is not None:
            self.empty_label.setVisible(False)
            return
        year = self.year_combo.currentData() or ""
        if is_class_teacher(self.ctx.actor):
            text = self.tr(
                "Năm học {year} bạn chưa được phân công dạy hoặc chủ nhiệm lớp nào. "
                "Hãy liên hệ giáo vụ để được phân công."
            )
        else:
            text = self.tr("Năm học {year} chưa có lớp nào.")
        self.empty_label.setText(text.format(year=year))
        self.empty_label.setVisible(True)

    def _leave_sheets(self, proceed: Callable[[], None], revert: Callable[[], None]) -> None:
        """Ask about each sheet's unsaved edits in turn, then ``proceed`` (or ``revert``)."""
        dirty = [s for s in self.sheets() if s.has_unsaved()]

        def step(i: int) -> None:
            if i == len(dirty):
                proceed()
                return
            tab = self.year_end if dirty[i] in (self.retest, self.summer) else dirty[i]
            self.tabs.setCurrentWidget(tab)
            dirty[i].request_leave(lambda: step(i + 1), revert)

        step(0)

    def _revert_pickers(self) -> None:
        year, klass, semester = self._shown
        self.year_combo.setCurrentIndex(year)
        if self.class_combo.count() > klass:
            self.class_combo.setCurrentIndex(klass)
        self.semester_combo.setCurrentIndex(find_data(self.semester_combo, semester))

    def _on_year_activated(self, _index: int) -> None:
        if self.year_combo.currentIndex() == self._shown[0]:
            return
        self._leave_sheets(self._load_classes, self._revert_pickers)

    def _on_class_activated(self, _index: int) -> None:
        if self.class_combo.currentIndex() == self._shown[1]:
            return
        self._leave_sheets(self._apply_scope, self._revert_pickers)

    def _on_semester_activated(self, _index: int) -> None:
        if self.semester() == self._shown[2]:
            return
        self._leave_sheets(self._apply_scope, self._revert_pickers)

    def _on_tab_changed(self, _index: int) -> None:
        self._refresh_tab(self.tabs.currentWidget())

    def _on_sheet_dirty_changed(self, _dirty: bool) -> None:
        dirty = {
            self.entry: self.entry.has_unsaved(),
            self.conduct: self.conduct.has_unsaved(),
            self.year_end: self.retest.has_unsaved() or self.summer.has_unsaved(),
            self.p_entry: self.p_entry.has_unsaved(),
            self.p_ratings: self.p_ratings.has_unsaved(),
        }
        for tab, unsaved in dirty.items():
            title = self._titles[tab] + (DIRTY_MARK if unsaved else "")
            self.tabs.setTabText(self.tabs.indexOf(tab), title)
