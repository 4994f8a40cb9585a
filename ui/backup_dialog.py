"""Cài đặt → «Sao lưu và khôi phục…»: back up now (or to a USB stick), the backups with date,
size, folder and whether each restores here, a full check, a restore, the backup key.

Admin only: the settings page shows the button to those who hold ``Perm.MANAGE_BACKUPS``,
and every call below is checked again in ``app/``. On PostgreSQL the server backs up
and restores (pg_dump, pg_restore): the dialog says so and keeps only the key part.
Long work runs on the runner (``ui.ops``) with a determinate bar and Hủy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import settings
from app.errors import StorageError
from app.labels import format_datetime
from app.progress import Progress
from app.safety import backup, backup_admin
from app.safety.backup_admin import BackupEntry, KeyPreview
from app.safety.restore import CheckedBackup
from ui import backup_keys, backup_restore, errors, icons, ops
from ui.backup_model import BackupTableModel, Col
from ui.confirm import show_status
from ui.file_dialogs import FolderDialog
from ui.pages import PageContext
from ui.widgets import Card, configure_table


class BackupDialog(QDialog):
    """The backups of this school and what can be done with them."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_sqlite = ctx.db.path is not None
        self.folders: list[Path] = [settings.load().effective_backup_dir()]
        self._listing = 0  # the newest listing asked for: an older one's answer is dropped
        self.setWindowTitle(self.tr("Sao lưu và khôi phục"))
        self.setMinimumSize(860, 600)
        self._build()
        self._connect()
        self.refresh()
        self.show_fingerprint()

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: PageContext) -> None:
        """Show the dialog until it is closed (or a restore ends the session)."""
        cls(ctx, parent).exec()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.banner = QLabel(
            self.tr(
                "Dữ liệu của trường nằm trên máy chủ PostgreSQL: việc sao lưu và khôi phục do "
                "máy chủ làm (pg_dump theo lịch, pg_restore), không làm từ đây. Ở đây bạn vẫn "
                "xuất và nhập được khóa sao lưu (máy thứ hai cần khóa để niêm phong nhật ký)."
            )
        )
        self.banner.setObjectName("warningBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(not self.on_sqlite)
        layout.addWidget(self.banner)
        self.backups_card = self._backups_card()
        self.backups_card.setVisible(self.on_sqlite)
        layout.addWidget(self.backups_card, 1)
        layout.addWidget(self._key_card())
        self.status_label = QLabel()
        self.status_label.setObjectName("muted")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        layout.addWidget(self.buttons)
        if not self.on_sqlite:
            layout.addStretch(1)

    def _backups_card(self) -> Card:
        card = Card(self.tr("Bản sao lưu"), "save")
        self.backup_button = QPushButton(icons.icon("save", "#ffffff"), self.tr("Sao lưu ngay"))
        self.backup_button.setObjectName("primary")
        self.backup_button.setToolTip(self.tr("Sao lưu vào thư mục trong Cài đặt"))
        self.backup_to_button = QPushButton(icons.icon("folder"), self.tr("Chọn thư mục/USB…"))
        self.backup_to_button.setToolTip(self.tr("Sao lưu vào một thư mục khác, ví dụ USB"))
        self.browse_button = QPushButton(icons.icon("search"), self.tr("Xem thư mục khác…"))
        self.browse_button.setToolTip(self.tr("Liệt kê cả các bản sao lưu trong thư mục này"))
        top = QHBoxLayout()
        top.addWidget(self.backup_button)
        top.addWidget(self.backup_to_button)
        top.addStretch(1)
        top.addWidget(self.browse_button)
        self.model = BackupTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Col.FOLDER, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("muted")
        self.empty_label.setWordWrap(True)
        self.check_button = QPushButton(icons.icon("check"), self.tr("Kiểm tra kỹ"))
        self.check_button.setToolTip(
            self.tr("Giải mã và kiểm tra toàn bộ bản sao lưu, không thay dữ liệu đang dùng")
        )
        self.restore_button = QPushButton(icons.icon("refresh"), self.tr("Khôi phục…"))
        note = QLabel(
            self.tr(
                "Trước khi khôi phục, phần mềm kiểm tra bản sao lưu rồi lưu dữ liệu đang dùng "
                "thành một điểm khôi phục, nên vẫn lấy lại được."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.restore_button)
        bottom.addWidget(note, 1)
        card.body.addLayout(top)
        card.body.addWidget(self.table, 1)
        card.body.addWidget(self.empty_label)
        card.body.addLayout(bottom)
        outer = card.layout()
        if isinstance(outer, QVBoxLayout):  # the list takes the height, not the card's stretch
            outer.setStretch(outer.count() - 1, 0)
            outer.setStretch(outer.indexOf(card.body), 1)
        return card

    def _key_card(self) -> Card:
        card = Card(self.tr("Khóa sao lưu"), "key")
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setWordWrap(True)
        self.export_button = QPushButton(icons.icon("key"), self.tr("Xuất khóa sao lưu…"))
        self.export_button.setToolTip(
            self.tr("Ghi tệp khóa và phiếu in (PDF) ra thư mục bạn chọn, ví dụ USB")
        )
        self.import_button = QPushButton(icons.icon("user-check"), self.tr("Nhập khóa sao lưu…"))
        self.import_button.setToolTip(self.tr("Dùng khi chuyển sang máy mới hoặc máy mất khóa"))
        row = QHBoxLayout()
        row.addWidget(self.fingerprint_label, 1)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        note = QLabel(
            self.tr(
                "Bản sao lưu được mã hóa: muốn khôi phục trên máy khác cần khóa này. In phiếu "
                "khóa, cho vào phong bì dán kín, cất trong tủ của Hiệu trưởng; không để chung "
                "với USB chứa bản sao lưu."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        card.body.addLayout(row)
        card.body.addWidget(note)
        return card

    def _connect(self) -> None:
        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.backup_to_button.clicked.connect(self._on_backup_to_clicked)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_restore_clicked)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------ data

    def refresh(self, select: Path | None = None) -> None:
        """List the backups of every folder shown (on the runner: headers only, no key)."""
        if not self.on_sqlite:
            self._update_buttons()
            return
        actor, folders, code = self.ctx.actor, list(self.folders), self.ctx.db.school_code
        self._listing += 1
        listing = self._listing

        def job(progress: Progress) -> list[BackupEntry]:
            return backup_admin.list_entries(actor, folders, code)

        ops.run(self, job, lambda rows: self._show(rows, select, listing), quiet=True)

    def _show(self, rows: list[BackupEntry], select: Path | None, listing: int) -> None:
        if listing != self._listing:
            return
        self.model.set_rows(rows)
        where = "; ".join(str(f) for f in self.folders)
        self.empty_label.setText(
            self.tr("Chưa có bản sao lưu nào trong {where}.").format(where=where)
        )
        self.empty_label.setVisible(not rows)
        paths = [r.path for r in rows]
        self.table.selectRow(paths.index(select) if select in paths else 0)
        self._update_buttons()

    def selected(self) -> BackupEntry | None:
        """The backup chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        ok = chosen is not None and chosen.restorable
        self.check_button.setEnabled(ok)
        self.restore_button.setEnabled(ok)
        reason = "" if ok or chosen is None else chosen.detail or chosen.state_label
        self.restore_button.setToolTip(reason)

    def say(self, text: str) -> None:
        """A line under the lists, and the same in the window's status bar."""
        self.status_label.setText(text)
        show_status(self.parentWidget(), text)

    # ------------------------------------------------------------ slots

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _on_backup_clicked(self) -> None:
        self._back_up(settings.load().effective_backup_dir())

    def _on_backup_to_clicked(self) -> None:
        chosen = FolderDialog.ask(
            self, self.tr("Chọn thư mục hoặc USB để sao lưu"), self.folders[-1]
        )
        if chosen is not None:
            self._back_up(chosen)

    def _back_up(self, folder: Path) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def job(progress: Progress) -> backup.BackupInfo:
            return backup.create_backup(db, actor, folder, progress)

        def done(info: backup.BackupInfo) -> None:
            self._add_folder(info.path.parent)
            self.say(self.tr("Đã sao lưu vào {path}.").format(path=info.path))
            self.refresh(select=info.path)

        ops.run(self, job, done, label=self.tr("Đang sao lưu dữ liệu…"))

    def _add_folder(self, folder: Path) -> None:
        if all(f.resolve() != folder.resolve() for f in self.folders):
            self.folders.append(folder)

    def _on_browse_clicked(self) -> None:
        chosen = FolderDialog.ask(self, self.tr("Xem bản sao lưu trong thư mục"), self.folders[-1])
        if chosen is not None:
            self._add_folder(chosen)
            self.refresh()

    def _on_check_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        key_file = backup_restore.key_file_for(self, chosen)
        if key_file is False:
            return
        actor = self.ctx.actor

        def job(progress: Progress) -> CheckedBackup:
            return backup_admin.check(actor, chosen.path, key_file or None, progress)

        def done(result: CheckedBackup) -> None:
            text = self.tr("Bản sao lưu lúc {when} qua được mọi kiểm tra.").format(
                when=format_datetime(result.created_at)
            )
            self.model.set_checked(chosen.path, True, text)
            self.say(text)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, StorageError):
                self.model.set_checked(chosen.path, False, exc.message)
                self.say(exc.message)
            else:
                errors.show_error(self, exc)

        ops.run(self, job, done, label=self.tr("Đang kiểm tra bản sao lưu…"), on_error=failed)

    def _on_restore_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.restorable:
            backup_restore.restore(self, self.ctx, chosen)

    def show_fingerprint(self) -> None:
        """Read again which key this PC uses for the school."""
        backup_keys.show_fingerprint(self, self.ctx, self.fingerprint_label)

    def _on_export_clicked(self) -> None:
        backup_keys.export(self, self.ctx, self.show_fingerprint)

    def _on_import_clicked(self) -> None:
        backup_keys.import_file(self, self.ctx, self._on_key_imported)

    def _on_key_imported(self, preview: KeyPreview) -> None:
        self.show_fingerprint()
        self.refresh()
        self.say(
            self.tr("Đã lưu khóa sao lưu của trường {code} (dấu vân tay {fp}) vào máy này.").format(
                code=preview.school_code, fp=preview.fingerprint
            )
        )
