"""The «Nhiệm vụ trong năm» tab (issue 16 §2b): the year's tasks from the Ministry's letter,
each with its source, responsible person, due date, state, note, evidence and what the app
knows; one task edited at a time below the list; the printable report for the principal.

A year without a list offers to import one (a file, or the list the app ships for an earlier
year, its dates moved on). Every change goes through ``app.cds.tasks`` and is journalled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cds import tasks as svc
from app.cds import tasks_evidence, tasks_print
from app.cds.tasks import TaskRow, YearTasks
from app.cds.tasks_models import TASK_STATE_LABELS
from app.errors import NotFound
from app.paths import exports_dir, resource
from app.permissions import Perm, can
from app.progress import Progress
from ui import errors, ops
from ui.cds.dialogs import ReasonDialog
from ui.cds.outputs import export, preview
from ui.cds.tasks_model import TasksModel, TCol
from ui.confirm import Confirm, FormState, leave_after_asking, show_status
from ui.file_dialogs import OpenFileDialog
from ui.pages import PageContext
from ui.widgets import configure_table

SHA_ROLE = Qt.ItemDataRole.UserRole


def _noop() -> None:
    return None


class TasksTab(QWidget):
    """The year's task checklist."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = ""
        self.tasks: YearTasks | None = None
        self.model = TasksModel(self)
        self.form_state = FormState()
        self._code = ""
        self._build()
        self._connect()

    def _build(self) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Nhập danh sách nhiệm vụ…"))
        self.reuse_button = QPushButton()
        self.report_button = QPushButton(self.tr("In báo cáo tình hình…"))
        top = QHBoxLayout()
        top.addStretch(1)
        for b in (self.reuse_button, self.import_button, self.report_button):
            top.addWidget(b)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        for col, width in ((TCol.CODE, 48), (TCol.TITLE, 260), (TCol.SOURCE, 150),
                           (TCol.RESPONSIBLE, 130), (TCol.DUE, 86), (TCol.STATE, 86),
                           (TCol.NOTE, 110), (TCol.EVIDENCE, 96)):  # fmt: skip
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_combo = QComboBox()
        for code, label in TASK_STATE_LABELS.items():
            self.state_combo.addItem(label, code)
        self.responsible_edit = QLineEdit()
        self.due_edit = QLineEdit()
        self.due_edit.setPlaceholderText("dd/mm/yyyy")
        self.note_edit = QLineEdit()
        self.save_button = QPushButton(self.tr("Lưu nhiệm vụ"))
        self.save_button.setObjectName("primary")
        form = QGridLayout()
        form.addWidget(QLabel(self.tr("Trạng thái")), 0, 0)
        form.addWidget(self.state_combo, 0, 1)
        form.addWidget(QLabel(self.tr("Hạn")), 0, 2)
        form.addWidget(self.due_edit, 0, 3)
        form.addWidget(QLabel(self.tr("Người phụ trách")), 1, 0)
        form.addWidget(self.responsible_edit, 1, 1, 1, 3)
        form.addWidget(QLabel(self.tr("Ghi chú")), 2, 0)
        form.addWidget(self.note_edit, 2, 1, 1, 3)
        form.addWidget(self.save_button, 3, 3)
        form.setColumnStretch(1, 2)
        form.setColumnStretch(3, 1)
        self.files = QListWidget()
        self.add_file_button = QPushButton(self.tr("Thêm tệp…"))
        self.view_file_button = QPushButton(self.tr("Xem"))
        self.withdraw_file_button = QPushButton(self.tr("Rút tệp…"))
        file_buttons = QHBoxLayout()
        for b in (self.add_file_button, self.view_file_button, self.withdraw_file_button):
            file_buttons.addWidget(b)
        files = QVBoxLayout()
        files.addWidget(QLabel(self.tr("Minh chứng")))
        self.files.setMaximumHeight(80)
        files.addWidget(self.files, 1)
        files.addLayout(file_buttons)
        bottom = QHBoxLayout()
        bottom.addLayout(form, 3)
        bottom.addLayout(files, 2)
        self.edit_area = QWidget()
        ev = QVBoxLayout(self.edit_area)
        ev.setContentsMargins(0, 0, 0, 0)
        ev.addWidget(self.detail)
        ev.addLayout(bottom)
        self.detail.setMaximumHeight(64)  # a long quote scrolls in its tooltip, the list stays
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(self.edit_area)
        self.split.setChildrenCollapsible(False)
        self.split.setStretchFactor(0, 1)
        self.table.setMinimumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)
        self._inputs = (self.state_combo, self.responsible_edit, self.due_edit, self.note_edit)

    def _connect(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.save_button.clicked.connect(lambda: self.save())
        self.import_button.clicked.connect(self._on_import_clicked)
        self.reuse_button.clicked.connect(self._on_reuse_clicked)
        self.report_button.clicked.connect(self._on_report_clicked)
        self.add_file_button.clicked.connect(self._on_add_file)
        self.view_file_button.clicked.connect(self._on_view_file)
        self.withdraw_file_button.clicked.connect(self._on_withdraw_file)
        self.files.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.files.itemDoubleClicked.connect(lambda _i: self._on_view_file())

    # ------------------------------------------------------------ reading

    def load(self, year: str) -> None:
        """Read the tasks of ``year`` (drops an unsaved task edit)."""
        self.year = year
        self.tasks, missing = None, ""
        with self.ctx.db.read(self.ctx.actor) as s:
            try:
                self.tasks = svc.year_tasks(s, self.ctx.actor, year) if year else None
            except NotFound as exc:
                missing = exc.message
        self.model.set_tasks(self.tasks)
        earlier = [y for y in svc.bundled_years() if y < year]
        self.reuse_year = earlier[-1] if earlier and self.tasks is None else ""
        self.reuse_button.setText(self.tr("Dùng danh sách năm {y}").format(y=self.reuse_year))
        self.reuse_button.setVisible(bool(self.reuse_year))
        if self.tasks is None and missing:
            text = self.tr("Năm học {year} chưa có danh sách nhiệm vụ. Bấm «Nhập danh sách nhiệm "
                           "vụ…» để nạp tệp theo công văn của năm.").format(year=year)  # fmt: skip
            if self.reuse_year:
                text += " " + self.tr("Chưa có công văn mới thì bấm «Dùng danh sách năm {y}».") \
                    .format(y=self.reuse_year)  # fmt: skip
            self.summary.setText(text)
        elif self.tasks is None:
            self.summary.setText(self.tr("Chưa có năm học."))
        else:
            t, c = self.tasks, self.tasks.counts
            self.summary.setText(self.tr(
                "Theo {doc} ngày {on}: {n} nhiệm vụ — đã xong {done}, đang làm {doing}, chưa "
                "làm {todo}, không áp dụng {na}; quá hạn {late}.").format(
                doc=t.source.document, on=t.source.on.strftime("%d/%m/%Y"), n=len(t.rows),
                done=c["da_xong"], doing=c["dang_lam"], todo=c["chua_lam"],
                na=c["khong_ap_dung"], late=sum(1 for r in t.rows if r.overdue)))  # fmt: skip
        row = next((i for i, r in enumerate(self.model.rows) if r.code == self._code), 0)
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # the task is shown once below, edits or not
        if self.model.rows:
            self.table.setCurrentIndex(self.model.index(row, 0))
        selection.blockSignals(False)
        self._show_task(self._row())

    def _row(self) -> TaskRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and self.model.rows else None

    def _show_task(self, r: TaskRow | None) -> None:
        self._code = r.code if r else ""
        self.edit_area.setVisible(r is not None)
        self.files.clear()
        if r is not None:
            facts = "".join(f"<br>• <i>{f.label}</i>: {f.text}" for f in r.facts)
            due_note = f" ({r.due_note})" if r.due_note else ""
            self.detail.setText(f"<b>{r.code}. {r.title}</b><br>{r.citation}: «{r.quote}»"
                                f"{due_note}{facts}")  # fmt: skip
            self.state_combo.setCurrentIndex(self.state_combo.findData(r.state))
            self.responsible_edit.setText(r.responsible)
            self.due_edit.setText(r.due.strftime("%d/%m/%Y") if r.due else "")
            self.note_edit.setText(r.note)
            for f in r.evidence:
                item = QListWidgetItem(f"{f.file_name} ({f.added_by}, "
                                       f"{f.added_at.strftime('%d/%m/%Y')})")  # fmt: skip
                item.setData(SHA_ROLE, f.sha256)
                self.files.addItem(item)
        self.form_state.keep(self._inputs)
        self._update_buttons()

    def _update_buttons(self) -> None:
        can_edit = can(self.ctx.actor, Perm.CDS_EDIT)
        why = "" if can_edit else self.tr("Tài khoản của bạn chỉ được xem; cán bộ phụ trách CNTT "
                                          "cập nhật nhiệm vụ.")  # fmt: skip
        for w in (*self._inputs, self.save_button, self.add_file_button, self.import_button):
            w.setEnabled(can_edit)
            w.setToolTip(why)
        self.reuse_button.setEnabled(can_edit)
        chosen = self.files.currentItem() is not None
        self.view_file_button.setEnabled(chosen)
        self.withdraw_file_button.setEnabled(chosen and can_edit)
        self.report_button.setEnabled(self.tasks is not None)
        self.table.setEnabled(self.tasks is not None)

    # ------------------------------------------------------------ leaving

    def has_unsaved(self) -> bool:
        """Whether the task shown has edits not saved."""
        return bool(self._code and self.form_state.edited())

    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None] = _noop) -> None:
        """Run ``proceed`` once the task's edits are saved or dropped; ``stay`` on Hủy."""
        if not self.has_unsaved():
            proceed()
            return
        leave_after_asking(
            self, self.tr("Nhiệm vụ {code} có thay đổi chưa lưu. Lưu lại các thay đổi này?").format(
                code=self._code),
            save=lambda then, failed: self.save(then=then, failed=failed),
            discard=lambda: self.form_state.keep(self._inputs), proceed=proceed, stay=stay,
        )  # fmt: skip

    def _on_row_changed(self, current: Any, previous: Any) -> None:
        if not self.has_unsaved():
            self._show_task(self._row())
            return
        model = self.table.selectionModel()

        def back() -> None:
            model.blockSignals(True)
            self.table.setCurrentIndex(previous)
            model.blockSignals(False)

        def go() -> None:
            self._show_task(self.model.rows[current.row()] if current.isValid() else None)

        self.request_leave(go, back)

    # ------------------------------------------------------------ writing

    def _run(self, label: str, job: Callable[[Any], Any], done: Callable[[Any], None],
             failed: Callable[[], None] = _noop) -> None:  # fmt: skip
        db, actor = self.ctx.db, self.ctx.actor

        def work(_p: Progress) -> Any:
            with db.uow(actor=actor) as s:
                return job(s)

        def finished(result: Any) -> None:
            self.load(self.year)
            done(result)

        def error(exc: BaseException) -> None:
            errors.show_error(self, exc)
            failed()

        ops.run(self, work, finished, label=label, on_error=error)

    def _say(self, text: str) -> None:
        show_status(self, text)

    def save(self, then: Callable[[], None] = _noop, failed: Callable[[], None] = _noop) -> None:
        """Save the task shown (its state, responsible, due date and note)."""
        code, actor, year = self._code, self.ctx.actor, self.year
        state = str(self.state_combo.currentData())
        responsible, note = self.responsible_edit.text(), self.note_edit.text()
        due_text = self.due_edit.text().strip()

        def job(s: Any) -> Any:
            due = svc.parse_due(due_text) if due_text else None
            return svc.set_task(s, actor, year, code, state=state, responsible=responsible,
                                due=due, note=note)  # fmt: skip

        def done(_r: Any) -> None:
            self._say(self.tr("Đã lưu nhiệm vụ {code}.").format(code=code))
            then()

        self._run(self.tr("Đang lưu nhiệm vụ…"), job, done, failed)

    def _import(self, data: bytes, name: str, year: str | None) -> None:
        actor = self.ctx.actor

        def done(r: svc.Imported) -> None:
            self._say(self.tr("Đã nhập {n} nhiệm vụ theo {doc} cho năm học {year}.").format(
                n=r.count, doc=r.document, year=r.school_year))  # fmt: skip

        self._run(self.tr("Đang nhập danh sách…"),
                  lambda s: svc.import_tasks(s, actor, data, name, year), done)  # fmt: skip

    def _on_import_clicked(self) -> None:
        path = OpenFileDialog.ask(self, self.tr("Chọn tệp danh sách nhiệm vụ"), exports_dir(),
                                  self.tr("Danh sách nhiệm vụ (*.json)"))  # fmt: skip
        if path is None:
            return
        text = self.tr("Dùng danh sách trong tệp {name} cho năm học {year}? Nếu tệp là của năm "
                       "khác, các hạn được dời sang năm {year}.").format(name=path.name,
                                                                         year=self.year)  # fmt: skip
        if Confirm.ask(self, self.tr("Nhập danh sách nhiệm vụ"), text, self.tr("Nhập")):
            self._import(path.read_bytes(), path.name, self.year)

    def _on_reuse_clicked(self) -> None:
        src = resource("cds", f"tasks-{self.reuse_year}.json")
        text = self.tr("Dùng danh sách nhiệm vụ năm {src} (phần mềm có sẵn) cho năm học {year}? "
                       "Các hạn được dời sang năm {year}; khi có công văn mới, hãy nhập danh sách "
                       "mới.").format(src=self.reuse_year, year=self.year)  # fmt: skip
        if Confirm.ask(self, self.tr("Dùng danh sách năm trước"), text, self.tr("Dùng")):
            self._import(src.read_bytes(), src.name, self.year)

    def _on_report_clicked(self) -> None:
        db, actor, year = self.ctx.db, self.ctx.actor, self.year
        preparer = self.ctx.user.full_name

        def write(path: Path) -> Any:
            with db.read(actor) as s:
                return tasks_print.write_task_report(s, actor, year, path, preparer=preparer)

        export(self, self.tr("Báo cáo tình hình nhiệm vụ chuyển đổi số"),
               f"bao-cao-nhiem-vu-cds-{year}.pdf", self.tr("Tệp PDF (*.pdf)"), write,
               lambda _r, p: self.tr("Đã xuất báo cáo năm học {year}: {path}").format(
                   year=year, path=p))  # fmt: skip

    def _chosen_sha(self) -> str:
        item = self.files.currentItem()
        return str(item.data(SHA_ROLE)) if item is not None else ""

    def _on_add_file(self) -> None:
        path = OpenFileDialog.ask(self, self.tr("Chọn tệp minh chứng cho nhiệm vụ {code}").format(
            code=self._code), exports_dir(), self.tr(
            "Tệp minh chứng (*.pdf *.jpg *.jpeg *.png *.doc *.docx *.xls *.xlsx *.odt *.ods)"))  # fmt: skip
        if path is None:
            return
        code, actor, year = self._code, self.ctx.actor, self.year
        self._run(self.tr("Đang thêm tệp…"),
                  lambda s: tasks_evidence.attach_evidence(s, actor, year, code, path.name,
                                                           path.read_bytes()),
                  lambda r: self._say(self.tr("Đã thêm tệp {name} cho nhiệm vụ {code}.").format(
                      name=r.file_name, code=code)))  # fmt: skip

    def _on_view_file(self) -> None:
        sha = self._chosen_sha()
        if not sha:
            return
        with self.ctx.db.read(self.ctx.actor) as s:
            c = tasks_evidence.task_evidence_content(s, self.ctx.actor, self.year, self._code, sha)
        preview(self, c.file_name, c.preview, c.data)

    def _on_withdraw_file(self) -> None:
        sha, item = self._chosen_sha(), self.files.currentItem()
        if not sha or item is None:
            return
        reason = ReasonDialog.ask(self, self.tr("Rút tệp minh chứng"), self.tr(
            "Rút tệp «{name}» khỏi nhiệm vụ {code}? Tệp vẫn được lưu cùng lý do.").format(
            name=item.text(), code=self._code), self.tr("Rút tệp"))  # fmt: skip
        if reason is None:
            return
        code, actor, year = self._code, self.ctx.actor, self.year
        self._run(self.tr("Đang rút tệp…"),
                  lambda s: tasks_evidence.withdraw_evidence(s, actor, year, code, sha, reason),
                  lambda _r: self._say(self.tr("Đã rút tệp.")))  # fmt: skip
