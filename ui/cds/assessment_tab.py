"""The «Phiếu tự đánh giá» tab: the year's criteria, typed in with live scores, the chosen
criterion's evidence and pre-fill, and the side panel (state, deadline, workflow, groups).

Edits stay in the table (yellow) until «Lưu» writes them in one unit of work; the window
asks Lưu / Không lưu / Hủy before they are dropped. Every write goes through ``app.cds`` on
the window's runner, which announces its changes; the tab then reads the view again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cds import assessment, view
from app.cds.evidence import evidence_content
from app.cds.models import State
from app.cds.view import AssessmentView, CriterionRow
from app.paths import exports_dir
from app.permissions import Perm, can
from app.progress import Progress
from ui import errors, ops
from ui.cds import actions
from ui.cds.criteria_model import FIELDS, Col, CriteriaModel
from ui.cds.dialogs import ReasonDialog
from ui.cds.evidence_panel import EvidencePanel
from ui.cds.outputs import preview
from ui.cds.side_panel import SidePanel
from ui.confirm import leave_after_asking, show_status
from ui.file_dialogs import OpenFileDialog
from ui.pages import PageContext
from ui.widgets import ErrorLabel

EVIDENCE_FILTER = "Tệp minh chứng (*.pdf *.jpg *.jpeg *.png *.doc *.docx *.xls *.xlsx *.odt *.ods)"


def _noop() -> None:
    return None


class LiveDelegate(QStyledItemDelegate):
    """A line editor that reports every keystroke, so the scores follow the typing."""

    def __init__(self, on_typed: Callable[[int, int, str], None], parent: Any) -> None:
        super().__init__(parent)
        self._on_typed = on_typed

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:  # fmt: skip
        editor = QLineEdit(parent)
        row, col = index.row(), index.column()
        editor.textEdited.connect(lambda text: self._on_typed(row, col, text))
        return editor


class AssessmentTab(QWidget):
    """One school year's self-assessment."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = ""
        self.view: AssessmentView | None = None
        self.model = CriteriaModel(self)
        self.model.ask_reason = self._ask_override_reason
        self._saving = False
        self._build()
        self._connect()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.start_label = QLabel()
        self.start_label.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Lập phiếu"))
        self.start_button.setObjectName("primary")
        self.prefill_button = QPushButton(self.tr("Lấy số liệu từ phần mềm"))
        self.prefill_button.setToolTip(self.tr(
            "Điền các tiêu chí phần mềm tự tính được (học bạ số, sổ điểm, thiết bị, sao lưu…), "
            "kèm cách tính; kết quả trường đã sửa có lý do được giữ nguyên."))  # fmt: skip
        self.status_label = QLabel()
        self.status_label.setObjectName("muted")
        self.status_label.setWordWrap(True)
        self.discard_button = QPushButton(self.tr("Bỏ thay đổi"))
        self.save_button = QPushButton(self.tr("Lưu"))
        self.save_button.setObjectName("primary")
        top = QHBoxLayout()
        top.addWidget(self.start_label, 1)
        top.addWidget(self.status_label, 1)
        top.addWidget(self.start_button)
        top.addWidget(self.prefill_button)
        top.addWidget(self.discard_button)
        top.addWidget(self.save_button)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(LiveDelegate(self._on_cell_typed, self.table))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.SelectedClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in ((Col.CODE, 44), (Col.TEXT, 220), (Col.VALUE, 70), (Col.POINTS, 56),
                           (Col.MAX, 60), (Col.RULE, 96), (Col.PREFILL, 124),
                           (Col.EVIDENCE, 100), (Col.NOTE, 140)):  # fmt: skip
            self.table.setColumnWidth(col, width)
        head.setStretchLastSection(True)
        self.error = ErrorLabel()
        self.evidence = EvidencePanel()
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.error)
        lv.addWidget(self.evidence)
        self.side = SidePanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([700, 260])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.start_button.clicked.connect(self._on_start_clicked)
        self.prefill_button.clicked.connect(self._on_prefill_clicked)
        self.save_button.clicked.connect(lambda: self.save())
        self.discard_button.clicked.connect(self._on_discard_clicked)
        self.model.edits_changed.connect(self._update_state)
        self.model.scores_changed.connect(self._on_scores_changed)
        self.model.invalid.connect(self.error.show_message)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_evidence())
        self.evidence.add_requested.connect(self._on_add_evidence)
        self.evidence.preview_requested.connect(self._on_preview_evidence)
        self.evidence.withdraw_requested.connect(self._on_withdraw_evidence)
        self.side.action_requested.connect(self._on_action_requested)
        self.side.export_requested.connect(
            lambda kind: actions.export_assessment(self, self.ctx, self.year, kind)
        )

    # ------------------------------------------------------------ reading

    def load(self, year: str) -> None:
        """Read the assessment of ``year`` (drops unsaved edits)."""
        self.year = year
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            found = view.has_assessment(s, year) if year else False
            self.view = view.assessment_view(s, actor, year) if found else None
        self.model.set_view(self.view, self._readonly_reason())
        self.error.clear_message()
        self._show_evidence()
        self._update_state()

    def _readonly_reason(self) -> str:
        if not can(self.ctx.actor, Perm.CDS_EDIT):
            return self.tr("Tài khoản của bạn chỉ được xem phiếu; cán bộ phụ trách CNTT lập "
                           "và sửa phiếu.")  # fmt: skip
        if self.view is not None and self.view.state != State.DRAFT:
            return self.tr("Phiếu đang ở trạng thái «{state}»: chỉ sửa được khi phiếu là Nháp.") \
                .format(state=self.view.state_label)  # fmt: skip
        return ""

    def _current_row(self) -> CriterionRow | None:
        index = self.table.currentIndex()
        return self.model.line(index.row()).row if index.isValid() else None

    def _show_evidence(self) -> None:
        editable = bool(self.view and self.view.editable)
        self.evidence.show_row(self._current_row(), editable, self._readonly_reason())

    def _update_state(self) -> None:
        v, dirty = self.view, self.has_unsaved()
        can_edit = can(self.ctx.actor, Perm.CDS_EDIT)
        self.splitter.setVisible(v is not None)
        self.start_label.setVisible(v is None)
        self.status_label.setVisible(v is not None)
        self.discard_button.setVisible(v is not None and can_edit)  # nothing to save for a reader
        self.save_button.setVisible(v is not None and can_edit)
        self.start_button.setVisible(v is None and can_edit and bool(self.year))
        self.prefill_button.setVisible(v is not None and can_edit)
        self.prefill_button.setEnabled(bool(v and v.editable) and not dirty and not self._saving)
        self.prefill_button.setToolTip(self.prefill_button.toolTip() if v and v.editable
                                       else self._readonly_reason())  # fmt: skip
        self.save_button.setEnabled(dirty and not self._saving)
        self.discard_button.setEnabled(dirty and not self._saving)
        if v is None:
            self.start_label.setText(
                self.tr("Năm học {year} chưa có phiếu tự đánh giá.").format(year=self.year)
                + ("" if can_edit else " " + self.tr("Cán bộ phụ trách CNTT lập phiếu."))
            )
            return
        self.side.show_view(v, can(self.ctx.actor, Perm.CDS_SEND), dirty)
        n = len(self.model.pending)
        self.status_label.setText(
            self.tr("{n} tiêu chí chưa lưu (nền vàng).").format(n=n) if n
            else self._readonly_reason() or self.tr("Bấm vào ô «Kết quả», «Điểm» hoặc «Ghi chú» "
                                                    "để nhập; điểm và mức cập nhật khi gõ."))  # fmt: skip

    def _on_scores_changed(self) -> None:
        if self.view is not None and self.model.result is not None:
            self.side.show_scores(self.view, self.model.result)
            self.table.viewport().update()

    def _on_cell_typed(self, row: int, column: int, text: str) -> None:
        line = self.model.line(row)
        field = FIELDS.get(Col(column))
        if line.row is None or field is None or field == "note":
            return
        self.error.show_message(self.model.live(line.row.code, field, text))

    def _ask_override_reason(self, row: CriterionRow, typed: str) -> str | None:
        text = self.tr("Phần mềm tính cho tiêu chí {code} là «{prefill}» ({how}).\n\nTrường ghi "
                       "«{typed}»: hãy ghi lý do để người duyệt và cấp trên hiểu.").format(
            code=row.code, prefill=row.prefill_label, how=row.prefill_explanation, typed=typed)  # fmt: skip
        return ReasonDialog.ask(self, self.tr("Sửa số liệu phần mềm tính"), text,
                                self.tr("Ghi kết quả này"))  # fmt: skip

    # ------------------------------------------------------------ leaving

    def has_unsaved(self) -> bool:
        """Whether edits wait to be saved."""
        return bool(self.model.pending)

    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None] = _noop) -> None:
        """Run ``proceed`` once unsaved edits are saved or dropped; ``stay`` on Hủy."""
        if not self.has_unsaved():
            proceed()
            return
        text = self.tr("Phiếu tự đánh giá năm học {year} có {n} tiêu chí chưa lưu. Lưu lại các "
                       "thay đổi này?").format(year=self.year, n=len(self.model.pending))  # fmt: skip
        leave_after_asking(
            self, text, save=lambda then, failed: self.save(then=then, failed=failed),
            discard=self.model.discard, proceed=proceed, stay=stay,
        )  # fmt: skip

    def _on_discard_clicked(self) -> None:
        self.model.discard()
        self.error.clear_message()
        self.status_label.setText(self.tr("Đã bỏ các thay đổi chưa lưu."))

    # ------------------------------------------------------------ writing

    def _run(self, label: str, job: Callable[[Any], Any], done: Callable[[Any], None],
             failed: Callable[[], None] = _noop) -> None:  # fmt: skip
        db, actor = self.ctx.db, self.ctx.actor

        def work(_progress: Progress) -> Any:
            with db.uow(actor=actor) as s:
                return job(s)

        def finished(result: Any) -> None:
            self._saving = False
            self.load(self.year)
            done(result)

        def error(exc: BaseException) -> None:
            self._saving = False
            self._update_state()
            errors.show_error(self, exc)
            failed()

        self._saving = True
        self._update_state()
        ops.run(self, work, finished, label=label, on_error=error)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)
        show_status(self, text)

    def save(self, then: Callable[[], None] = _noop, failed: Callable[[], None] = _noop) -> None:
        """Write every pending edit in one unit of work, then ``then``."""
        if self._saving:
            return
        edits, reasons = dict(self.model.pending), dict(self.model.reasons)
        if not edits:
            then()
            return
        actor, year = self.ctx.actor, self.year

        def job(s: Any) -> Any:
            for code, p in edits.items():
                assessment.set_answer(s, actor, year, code, value=p.get("value"),
                                      points=p.get("points"), note=p.get("note"),
                                      reason=reasons.get(code, ""))  # fmt: skip
            return assessment.CHANGES

        def done(_r: Any) -> None:
            self._say(self.tr("Đã lưu {n} tiêu chí.").format(n=len(edits)))
            then()

        self._run(self.tr("Đang lưu phiếu…"), job, done, failed)

    def _on_start_clicked(self) -> None:
        actor, year = self.ctx.actor, self.year
        self._run(self.tr("Đang lập phiếu…"),
                  lambda s: (assessment.start(s, actor, year), assessment.CHANGES)[1],
                  lambda _r: self._say(self.tr("Đã lập phiếu năm học {year}.").format(year=year)))  # fmt: skip

    def _on_prefill_clicked(self) -> None:
        actor, year = self.ctx.actor, self.year

        def done(r: assessment.Prefilled) -> None:
            text = self.tr("Đã điền {n} tiêu chí từ số liệu của phần mềm.").format(n=len(r.filled))
            if r.kept:
                text += " " + self.tr("Giữ kết quả trường đã sửa: {codes}.").format(
                    codes=", ".join(r.kept))  # fmt: skip
            if r.unavailable:
                text += " " + self.tr("Chưa tính được: {codes}.").format(
                    codes=", ".join(r.unavailable))  # fmt: skip
            self._say(text)

        self._run(self.tr("Đang tính số liệu…"), lambda s: assessment.prefill(s, actor, year), done)

    def _on_add_evidence(self, code: str) -> None:
        path = OpenFileDialog.ask(self, self.tr("Chọn tệp minh chứng cho tiêu chí {code}")
                                  .format(code=code), exports_dir(), self.tr(EVIDENCE_FILTER))  # fmt: skip
        if path is None:
            return
        actor, year = self.ctx.actor, self.year

        def done(info: Any) -> None:
            text = self.tr("Đã thêm tệp {name} cho tiêu chí {code}.").format(
                name=info.file_name, code=code)  # fmt: skip
            if info.file_version > 1:
                text += " " + self.tr("Đây là phiên bản {v}; các phiên bản trước vẫn được giữ.") \
                    .format(v=info.file_version)  # fmt: skip
            self._say(text)
            self.select(code)

        self._run(self.tr("Đang thêm tệp…"),
                  lambda s: assessment.add_evidence_file(s, actor, year, code, path), done)  # fmt: skip

    def _on_preview_evidence(self, evidence_id: uuid.UUID) -> None:
        with self.ctx.db.read(self.ctx.actor) as s:
            content = evidence_content(s, self.ctx.actor, evidence_id)
        preview(self, content.file_name, content.preview, content.data)

    def _on_withdraw_evidence(self, evidence_id: uuid.UUID) -> None:
        row = self.evidence.row
        name = next((f.file_name for f in row.evidence if f.id == evidence_id), "") if row else ""
        reason = ReasonDialog.ask(self, self.tr("Rút tệp minh chứng"), self.tr(
            "Rút tệp {name} khỏi phiếu? Tệp vẫn được lưu lại cùng lý do, không bị xóa.")
            .format(name=name), self.tr("Rút tệp"))  # fmt: skip
        if reason is None:
            return
        actor, year, code = self.ctx.actor, self.year, row.code if row else ""

        def done(_r: Any) -> None:
            self._say(self.tr("Đã rút tệp {name}.").format(name=name))
            self.select(code)

        self._run(self.tr("Đang rút tệp…"),
                  lambda s: assessment.withdraw_evidence(s, actor, year, evidence_id, reason), done)  # fmt: skip

    def _on_action_requested(self, action: str, label: str) -> None:
        actions.run_workflow(self, self.ctx, self.year, action, label, self._run, self._say)

    def select(self, code: str) -> None:
        """Make criterion ``code`` the current row."""
        self.table.setCurrentIndex(self.model.index(self.model.row_of(code), Col.CODE))
