"""The Đồng bộ page (issue 10 §5): the hub profile in use, the queue of packages with their
states, what the hub refused ("cần xử lý": send again, or export for the helpdesk) and the
receipts received. Every command goes through ``app.sync`` (which checks the rights) on the
window's runner; long work shows its count and Hủy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.errors import AppError
from app.progress import Progress
from app.sync import actions, helpdesk, queue_view, setup
from app.sync.hub_profile import HubProfile
from app.sync.outbox import QUARANTINED, STATE_LABELS
from app.sync.queue_view import OUTBOX, STATES, QueueRow
from ui import icons, ops
from ui.confirm import Notice, show_status
from ui.file_dialogs import FolderDialog, OpenFileDialog, SaveFileDialog
from ui.flow_layout import FlowLayout
from ui.pages import PageContext
from ui.signals import bus
from ui.sync import scheduler
from ui.sync.profile_card import ProfileCard
from ui.sync.profile_dialog import ProfileDialog
from ui.sync.queue_model import (
    ProblemCol,
    ProblemsModel,
    QueueCol,
    QueueModel,
    ReceiptCol,
    ReceiptsModel,
    short_id,
)
from ui.table_fit import show_empty_text
from ui.widgets import ErrorLabel, PageHeader, configure_table, page_layout


def _table(model: Any, stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    configure_table(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class SyncWidget(QWidget):
    """The page; ``refresh`` re-reads the profile and the queue."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile: HubProfile | None = None
        self.queue_model = QueueModel()
        self.problems_model = ProblemsModel()
        self.receipts_model = ReceiptsModel()
        self._build()
        self._connect()
        self.refresh()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = page_layout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Đồng bộ"),
                self.tr(
                    "Gửi dữ liệu của trường lên cấp trên (qua USB hoặc thư mục chung) và nhận "
                    "biên nhận: gói nào đã đến nơi, gói nào cần xử lý."
                ),
            )
        )
        self.profile_card = ProfileCard(self.ctx)
        layout.addWidget(self.profile_card)
        self.send_button = QPushButton(icons.icon("refresh", "#ffffff"), self.tr("Gửi ngay"))
        self.send_button.setObjectName("primary")
        self.export_button = QPushButton(icons.icon("save"), self.tr("Xuất ra USB…"))
        self.receipts_button = QPushButton(icons.icon("folder"), self.tr("Nhập biên nhận…"))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("muted")
        bar = FlowLayout()
        for button in (self.send_button, self.export_button, self.receipts_button):
            bar.addWidget(button)
        bar.add_stretch()
        bar.addWidget(self.counts_label)
        layout.addLayout(bar)
        self.schedule_error = ErrorLabel()
        layout.addWidget(self.schedule_error)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._queue_tab(), self.tr("Hàng đợi gửi"))
        self.tabs.addTab(self._problems_tab(), self.tr("Cần xử lý"))
        self.tabs.addTab(self._receipts_tab(), self.tr("Biên nhận đã nhận"))
        layout.addWidget(self.tabs, 1)

    def _queue_tab(self) -> QWidget:
        tab = QWidget()
        self.state_filter = QComboBox()
        self.state_filter.addItem(self.tr("Mọi trạng thái"), None)
        for state in STATES:
            self.state_filter.addItem(STATE_LABELS[state], state)
        row = FlowLayout()
        row.addWidget(QLabel(self.tr("Trạng thái:")))
        row.addWidget(self.state_filter)
        row.add_stretch()
        self.queue_table = _table(self.queue_model, QueueCol.ERROR)
        show_empty_text(self.queue_table, self.tr("Chưa có gói dữ liệu nào."))
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(row)
        layout.addWidget(self.queue_table, 1)
        return tab

    def _problems_tab(self) -> QWidget:
        tab = QWidget()
        note = QLabel(
            self.tr(
                "Máy chủ nhận đã từ chối các gói này. Sửa nguyên nhân theo lý do rồi bấm "
                "«Gửi lại»; chưa rõ cách sửa thì xuất gói gửi bộ phận hỗ trợ."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.retry_button = QPushButton(icons.icon("refresh"), self.tr("Gửi lại"))
        self.helpdesk_button = QPushButton(icons.icon("save"), self.tr("Xuất cho bộ phận hỗ trợ…"))
        row = FlowLayout()
        row.addWidget(self.retry_button)
        row.addWidget(self.helpdesk_button)
        row.add_stretch()
        self.problems_table = _table(self.problems_model, ProblemCol.REASON)
        show_empty_text(self.problems_table, self.tr("Không có gói nào cần xử lý."))
        self.problem_detail = QLabel()  # the whole reason of the package selected
        self.problem_detail.setWordWrap(True)
        self.problem_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.problems_table, 1)
        layout.addWidget(self.problem_detail)
        return tab

    def _receipts_tab(self) -> QWidget:
        tab = QWidget()
        self.receipts_table = _table(self.receipts_model, ReceiptCol.REASON)
        show_empty_text(
            self.receipts_table,
            self.tr("Chưa nhận biên nhận nào. Biên nhận của cấp trên nhập bằng «Nhập biên nhận…»."),
        )
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.receipts_table, 1)
        return tab

    def _connect(self) -> None:
        self.profile_card.import_button.clicked.connect(self._on_import_profile_clicked)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.receipts_button.clicked.connect(self._on_receipts_clicked)
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.helpdesk_button.clicked.connect(self._on_helpdesk_clicked)
        self.state_filter.currentIndexChanged.connect(self._on_state_filter_changed)
        self.problems_table.selectionModel().selectionChanged.connect(self._on_problem_selected)
        scheduler.last_run.changed.connect(self._on_schedule_ran)
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        """Re-read the kept profile, the queue, the packages to handle and the receipts."""
        try:
            self.profile, error = setup.profile_in_use(), ""
        except AppError as exc:
            self.profile, error = None, exc.message
        self.profile_card.show_profile(self.profile, error)
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            counts = queue_view.counts(s, actor)
            rows = queue_view.queue(s, actor, self.state_filter.currentData())
            problems = queue_view.queue(s, actor, QUARANTINED)
            answered = queue_view.receipts(s, actor)
        self.queue_model.set_rows(rows)
        waits = any(r.next_try_at is not None for r in rows)  # only once sending over a network
        self.queue_table.setColumnHidden(QueueCol.NEXT_TRY, not waits)
        self.problems_model.set_rows(problems)
        self.receipts_model.set_rows(answered)
        self._show_counts(counts)
        self.tabs.setTabText(1, self.tr("Cần xử lý ({n})").format(n=len(problems)))
        self.tabs.setTabText(2, self.tr("Biên nhận đã nhận ({n})").format(n=len(answered)))
        self._update_buttons()
        self._on_schedule_ran()

    def _show_counts(self, counts: dict[str, int]) -> None:
        shown = [f"{STATE_LABELS[s]}: {n}" for s, n in counts.items() if n]
        self.counts_label.setText(" · ".join(shown) or self.tr("Hàng đợi trống"))
        for index in range(1, self.state_filter.count()):
            state = self.state_filter.itemData(index)
            self.state_filter.setItemText(index, f"{STATE_LABELS[state]} ({counts[state]})")
        self.state_filter.setItemText(
            0, self.tr("Mọi trạng thái ({n})").format(n=sum(counts.values()))
        )

    def _usable(self) -> str:
        """Why packages cannot be made now ("" when they can)."""
        if self.profile is None:
            return self.tr("Cần nhập hồ sơ máy chủ nhận trước.")
        if self.profile.expired():
            return self.tr("Hồ sơ máy chủ nhận đã hết hạn: cần nhập hồ sơ mới.")
        return ""

    def _update_buttons(self) -> None:
        why = self._usable()
        for button in (self.send_button, self.export_button, self.receipts_button):
            button.setEnabled(not why)
            button.setToolTip(why)
        chosen = self.selected_problem()
        self.retry_button.setEnabled(chosen is not None)
        self.helpdesk_button.setEnabled(chosen is not None)
        self.problem_detail.setText(
            self.tr("Gói {id}: {reason}").format(id=chosen.package_id, reason=chosen.last_error)
            if chosen is not None
            else ""
        )
        self.problem_detail.setVisible(chosen is not None)

    def selected_problem(self) -> QueueRow | None:
        """The "cần xử lý" package selected."""
        rows = self.problems_table.selectionModel().selectedRows()
        return self.problems_model.row_at(rows[0].row()) if rows else None

    def _on_problem_selected(self, *_args: object) -> None:
        self._update_buttons()

    def _on_state_filter_changed(self, _index: int) -> None:
        self.refresh()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(OUTBOX, setup.HUB_PROFILE):
            self.refresh()

    def _on_schedule_ran(self) -> None:
        self.schedule_error.show_message(scheduler.last_run.error_text)

    # ------------------------------------------------------------ commands

    def _run(self, job: Callable[[Progress], Any], done: Callable[[Any], None], label: str) -> None:
        ops.run(self, job, done, label=label)

    def _on_import_profile_clicked(self) -> None:
        path = OpenFileDialog.ask(
            self,
            self.tr("Chọn tệp hồ sơ máy chủ nhận"),
            Path.home(),
            self.tr("Hồ sơ máy chủ (*.json);;Mọi tệp (*)"),
        )
        if path is None:
            return
        actor = self.ctx.actor
        self._run(lambda _p: setup.import_profile(actor, path), self._confirm_profile,
                  self.tr("Đọc hồ sơ máy chủ nhận"))  # fmt: skip

    def _confirm_profile(self, profile: HubProfile) -> None:
        confirmed = ProfileDialog.ask(self, profile)
        if confirmed is None:
            return
        actor = self.ctx.actor

        def kept(result: setup.KeptProfile) -> None:
            show_status(self, self.tr("Đã lưu hồ sơ máy chủ nhận {name}.").format(name=result.name))

        self._run(lambda _p: setup.keep_profile(actor, profile, confirmed), kept,
                  self.tr("Lưu hồ sơ máy chủ nhận"))  # fmt: skip

    def _on_send_clicked(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def made(result: actions.Made) -> None:
            Notice.ask(self, self.tr("Gửi ngay"), result.text)

        self._run(lambda p: actions.make_now(db, actor, p), made, self.tr("Lập gói dữ liệu"))

    def _on_export_clicked(self) -> None:
        root = FolderDialog.ask(self, self.tr("Chọn ổ USB hoặc thư mục để chép gói"), Path.home())
        if root is None:
            return
        db, actor = self.ctx.db, self.ctx.actor

        def exported(result: actions.Exported) -> None:
            Notice.ask(self, self.tr("Xuất ra USB"), result.text)

        self._run(lambda p: actions.export_usb(db, actor, root, p), exported,
                  self.tr("Lập gói và chép ra USB"))  # fmt: skip

    def _on_receipts_clicked(self) -> None:
        root = FolderDialog.ask(self, self.tr("Chọn ổ USB hoặc thư mục có biên nhận"), Path.home())
        if root is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._run(lambda _p: actions.take_receipts(db, actor, root), self._show_taken,
                  self.tr("Đọc biên nhận"))  # fmt: skip

    def _show_taken(self, taken: actions.Taken) -> None:
        lines = [self.tr("Đã nhận {n} biên nhận.").format(n=len(taken.applied))]
        if not taken.applied and not taken.refused:
            lines = [self.tr("Không thấy biên nhận nào trong thư mục TruongSo/bienNhan.")]
        if taken.refused:
            lines.append(self.tr("Không dùng được {n} tệp:").format(n=len(taken.refused)))
            lines += [f"• {name}: {why}" for name, why in taken.refused]
        Notice.ask(self, self.tr("Nhập biên nhận"), "\n".join(lines), warning=bool(taken.refused))

    def _on_retry_clicked(self) -> None:
        row = self.selected_problem()
        if row is None:
            return
        db, actor, pid = self.ctx.db, self.ctx.actor, row.package_id

        def retried(_result: helpdesk.Retried) -> None:
            show_status(self, self.tr("Gói {id} đã trở lại hàng đợi (Chờ gửi).").format(
                id=short_id(row)))  # fmt: skip

        self._run(lambda _p: helpdesk.retry(db, actor, pid), retried, self.tr("Gửi lại"))

    def _on_helpdesk_clicked(self) -> None:
        row = self.selected_problem()
        if row is None:
            return
        dest = SaveFileDialog.ask(
            self,
            self.tr("Lưu tệp gửi bộ phận hỗ trợ"),
            Path.home() / f"goi-can-xu-ly-{short_id(row)}.zip",
            self.tr("Tệp nén (*.zip)"),
        )
        if dest is None:
            return
        db, actor, pid = self.ctx.db, self.ctx.actor, row.package_id
        self._run(lambda _p: helpdesk.export_for_helpdesk(db, actor, pid, dest),
                  self._show_helpdesk_file, self.tr("Xuất cho bộ phận hỗ trợ"))  # fmt: skip

    def _show_helpdesk_file(self, written: helpdesk.HelpdeskFile) -> None:
        Notice.ask(
            self,
            self.tr("Xuất cho bộ phận hỗ trợ"),
            self.tr(
                "Đã ghi {path}.\nGửi tệp này cho bộ phận hỗ trợ (thư điện tử, Zalo…): gói bên "
                "trong đã được mã hóa, chỉ máy chủ nhận đọc được; tệp không chứa dữ liệu học sinh."
            ).format(path=written.path),
        )
