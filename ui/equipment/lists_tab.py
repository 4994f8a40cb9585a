"""The "Danh mục tối thiểu" tab: the Ministry's minimum lists stored (circular, level,
version, lines, subjects, source), the lists shipped with the program, and an import from
the school's spreadsheet with a dry run first (``ListImportDialog``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.equipment import bundled, lists
from app.messages.equipment_ui import EQUIPMENT_UI_MSG as M
from app.permissions import Perm, can
from app.progress import Progress
from ui import icons, ops
from ui.equipment.compliance_flow import write_report
from ui.equipment.list_import_dialog import ListImportDialog
from ui.equipment.models import ListsModel
from ui.file_dialogs import OpenFileDialog
from ui.flow_layout import FlowLayout
from ui.pages import PageContext
from ui.table_fit import show_empty_text
from ui.widgets import configure_table


class ListsTab(QWidget):
    """The stored lists; Nhập từ tệp… and Nạp danh mục đi kèm for the equipment officer."""

    def __init__(self, ctx: PageContext, say: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx, self.say = ctx, say
        may_edit = can(ctx.actor, Perm.MANAGE_EQUIPMENT)
        self.model = ListsModel()
        self.import_button = QPushButton(icons.icon("folder", "#ffffff"), self.tr("Nhập từ tệp…"))
        self.import_button.setObjectName("primary")
        self.bundled_button = QPushButton(icons.icon("refresh"), self.tr("Nạp danh mục đi kèm"))
        self.report_button = QPushButton(icons.icon("save"), self.tr("Báo cáo đủ/thiếu…"))
        self.report_button.setToolTip(
            self.tr("So danh mục tối thiểu với thiết bị còn dùng được; ghi ra Excel hoặc PDF.")
        )
        bar = FlowLayout()
        for button in (self.import_button, self.bundled_button):
            bar.addWidget(button)
            button.setVisible(may_edit)
        self.bundled_button.setVisible(may_edit and bool(bundled.read_manifest()))  # none yet
        bar.add_stretch()
        bar.addWidget(self.report_button)  # anyone who sees the page may read the figures
        note = QLabel(
            self.tr(
                "Danh mục thiết bị tối thiểu của Bộ (Thông tư 37, 38, 39/2021) nhập từ tệp Excel "
                "hoặc CSV của trường. Phần mềm xem trước những gì sẽ thay đổi, chưa ghi gì cho "
                "đến khi bạn bấm «Nhập danh mục»."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        show_empty_text(
            self.table,
            self.tr(
                "Chưa có danh mục nào. Nhân viên thiết bị nhập danh mục của Bộ từ tệp Excel "
                "hoặc CSV bằng «Nhập từ tệp…»; tệp cần có các cột Môn học, Lớp, Số thứ tự, "
                "Tên thiết bị, Đơn vị tính, Số lượng."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(note)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.bundled_button.clicked.connect(self._on_bundled_clicked)
        self.report_button.clicked.connect(lambda: write_report(self, self.ctx, self.say))

    def refresh(self) -> None:
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            self.model.set_rows(lists.list_lists(s, actor))

    def _on_import_clicked(self) -> None:
        path = OpenFileDialog.ask(
            self, self.tr("Chọn tệp danh mục thiết bị"), Path.home(),
            self.tr("Bảng tính, CSV (*.xlsx *.xls *.ods *.csv);;Mọi tệp (*)"),
        )  # fmt: skip
        if path is None:
            return
        dialog = ListImportDialog(self, self.ctx.db, self.ctx.actor, path)
        if dialog.exec():
            self.say(dialog.result_text)

    def _on_bundled_clicked(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def job(_p: Progress) -> object:
            with db.uow(actor=actor) as s:
                return bundled.load_bundled(s, actor)

        ops.run(self, job, lambda _r: self.say(M.bundled_loaded),
                label=self.tr("Nạp danh mục đi kèm"))  # fmt: skip
