"""The «Chuyển đổi số» page (issue 16, decision 038): the school year chosen above three tabs,
the self-assessment (QĐ 4725), the comparison of the years and the year's task checklist;
«Nhập bộ tiêu chí…» loads a corrected or newer criteria set from its file (refused whole,
with every problem named, when one is wrong).

Leaving the page, or changing the year or the tab, with unsaved edits asks Lưu / Không lưu /
Hủy. The page reads again when another part of the app changes what it shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QWidget

from app.cds import set_store
from app.cds.set_store import SetInfo
from app.changes import Changes
from app.paths import exports_dir
from app.permissions import Perm, can
from app.progress import Progress
from ui import ops
from ui.cds.assessment_tab import AssessmentTab
from ui.cds.comparison_tab import ComparisonTab
from ui.cds.tasks_tab import TasksTab
from ui.confirm import Notice, show_status
from ui.file_dialogs import OpenFileDialog
from ui.pages import PageContext
from ui.signals import bus
from ui.widgets import PageHeader, fill_years, page_layout

WATCHED = ("cds_assessment", "cds_answer", "cds_evidence", "cds_criteria_set", "cds_task",
           "cds_task_list", "cds_task_evidence")  # fmt: skip


def _noop() -> None:
    return None


class CdsWidget(QWidget):
    """The school's digital-transformation self-assessment and tasks, year by year."""

    asks_on_page_leave = True

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._shown_year = ""
        self._tab_index = 0
        self._build()
        self._connect()
        self._load_years()

    def _build(self) -> None:
        layout = page_layout(self)
        layout.addWidget(PageHeader(
            self.tr("Chuyển đổi số"),
            self.tr("Phiếu tự đánh giá mức độ chuyển đổi số (QĐ 4725), so sánh các năm và các "
                    "nhiệm vụ trong năm theo công văn của Bộ.")))  # fmt: skip
        self.year_combo = QComboBox()
        self.import_set_button = QPushButton(self.tr("Nhập bộ tiêu chí…"))
        self.import_set_button.setToolTip(self.tr(
            "Nạp bộ tiêu chí mới hoặc đã sửa từ tệp JSON; phiếu đã lập giữ bộ tiêu chí của nó."))  # fmt: skip
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Năm học")))
        bar.addWidget(self.year_combo)
        bar.addStretch(1)
        bar.addWidget(self.import_set_button)
        layout.addLayout(bar)
        self.assessment = AssessmentTab(self.ctx)
        self.comparison = ComparisonTab(self.ctx)
        self.tasks = TasksTab(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.assessment, self.tr("Phiếu tự đánh giá"))
        self.tabs.addTab(self.comparison, self.tr("So sánh các năm"))
        self.tabs.addTab(self.tasks, self.tr("Nhiệm vụ trong năm"))
        layout.addWidget(self.tabs, 1)
        editor = can(self.ctx.actor, Perm.CDS_EDIT)
        self.import_set_button.setEnabled(editor)
        if not editor:
            self.import_set_button.setToolTip(self.tr("Cán bộ phụ trách CNTT nhập bộ tiêu chí."))

    def _connect(self) -> None:
        self.year_combo.activated.connect(lambda _i: self._on_year_changed())
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.import_set_button.clicked.connect(self._on_import_set_clicked)
        bus.changed.connect(self._on_bus_changed)

    @property
    def year(self) -> str:
        return str(self.year_combo.currentData() or "")

    def _load_years(self) -> None:
        fill_years(self.year_combo, self.ctx.db, self.ctx.actor)
        self.reload()

    def reload(self) -> None:
        """Read every tab again for the year chosen (drops unsaved edits)."""
        self._shown_year = self.year
        self.assessment.load(self.year)
        self.comparison.load()
        self.tasks.load(self.year)

    def show_target(self, params: dict[str, str]) -> None:
        """Open on a year (``year``) and a tab (``tab``: phieu, so-sanh, nhiem-vu)."""
        year = params.get("year", "")
        if year and self.year_combo.findData(year) >= 0 and year != self.year:
            self.year_combo.setCurrentIndex(self.year_combo.findData(year))
            self._on_year_changed()
        tab = {"phieu": 0, "so-sanh": 1, "nhiem-vu": 2}.get(params.get("tab", ""), -1)
        if tab >= 0:
            self.tabs.setCurrentIndex(tab)

    # ------------------------------------------------------------ leaving

    def _dirty_tab(self) -> AssessmentTab | TasksTab | None:
        if self.assessment.has_unsaved():
            return self.assessment
        return self.tasks if self.tasks.has_unsaved() else None

    def has_unsaved(self) -> bool:
        """Whether the phiếu or the task shown has edits not saved."""
        return self._dirty_tab() is not None

    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None] = _noop) -> None:
        """Run ``proceed`` once edits are saved or dropped; ``stay`` on Hủy."""
        tab = self._dirty_tab()
        if tab is None:
            proceed()
            return
        tab.request_leave(lambda: self.request_leave(proceed, stay), stay)

    def _on_year_changed(self) -> None:
        if self.year == self._shown_year:
            return

        def back() -> None:
            self.year_combo.setCurrentIndex(self.year_combo.findData(self._shown_year))

        self.request_leave(self.reload, back)

    def _on_tab_changed(self, index: int) -> None:
        previous = self._tab_index
        self._tab_index = index
        if index == 1:
            self.comparison.load()
        dirty = self._dirty_tab()
        if dirty is None or self.tabs.widget(previous) is not dirty:
            return

        def back() -> None:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(previous)
            self._tab_index = previous
            self.tabs.blockSignals(False)

        dirty.request_leave(_noop, back)

    def _on_bus_changed(self, changes: Changes) -> None:
        if not changes.touches(*WATCHED):
            return
        if not self.assessment.has_unsaved() and not self.assessment._saving:
            self.assessment.load(self.year)
        if not self.tasks.has_unsaved():
            self.tasks.load(self.year)
        self.comparison.load()

    # ------------------------------------------------------------ criteria sets

    def _on_import_set_clicked(self) -> None:
        path = OpenFileDialog.ask(self, self.tr("Chọn tệp bộ tiêu chí"), exports_dir(),
                                  self.tr("Bộ tiêu chí (*.json)"))  # fmt: skip
        if path is None:
            return
        db, actor = self.ctx.db, self.ctx.actor

        def job(_p: Progress) -> SetInfo:
            with db.uow(actor=actor) as s:
                return set_store.import_set(s, actor, path)

        def done(info: SetInfo) -> None:
            text = self.tr("Đã nhập bộ tiêu chí {title} ({decision}), phiên bản {version}: "
                           "{n} tiêu chí.").format(title=info.title, decision=info.decision,
                                                   version=info.version, n=info.criteria)  # fmt: skip
            if info.warnings:
                text += "\n\n" + "\n".join(info.warnings)
            show_status(self, text.splitlines()[0])
            Notice.ask(self, self.tr("Nhập bộ tiêu chí"), text)

        ops.run(self, job, done, label=self.tr("Đang nhập bộ tiêu chí…"))
