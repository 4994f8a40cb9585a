"""Settings of this PC: screen lock, backup folder and interval, the backup key, the database.

Only IT staff and admins change them: others see the values greyed out, with no
save or export button. Leaving the page, logging out or quitting with changed
settings asks Lưu / Không lưu / Hủy (``has_unsaved`` / ``request_leave``, as the
grade book's pages).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app import paths, school, settings
from app.changes import SCHOOL, Changes
from app.permissions import Perm, can
from app.progress import Progress
from ui import backup_actions, icons, ops
from ui.confirm import FormState, Notice, Unsaved, UnsavedQuestion
from ui.file_dialogs import FolderDialog, SaveFileDialog
from ui.pages import PageContext
from ui.rollover import rollover_button
from ui.school_dialog import SchoolDialog
from ui.signals import bus
from ui.widgets import Card, ErrorLabel, PageHeader, field_name, form, page_layout, value_label

LABEL_WIDTH = 210


def _noop() -> None:
    return None


def _name(text: str) -> QLabel:
    label = field_name(text)
    label.setMinimumWidth(LABEL_WIDTH)
    return label


class SettingsWidget(QWidget):
    """Reads ``app.settings`` and saves it; only IT staff and admins may change it."""

    asks_on_page_leave = True
    """The main window asks ``request_leave`` before another page opens."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editable = can(ctx.actor, Perm.EDIT_SETTINGS)
        self.form_state = FormState()
        self._build()
        self._connect()
        self.load()

    def _build(self) -> None:
        layout = page_layout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Cài đặt"),
                self.tr("Các cài đặt này áp dụng cho máy tính đang dùng."),
            )
        )
        self.readonly_label = QLabel(
            self.tr("Chỉ Quản trị hệ thống hoặc Cán bộ phụ trách CNTT thay đổi được cài đặt.")
        )
        self.readonly_label.setObjectName("warningBanner")
        self.readonly_label.setVisible(not self.editable)
        layout.addWidget(self.readonly_label)
        layout.addWidget(self._school_card())
        layout.addWidget(self._lock_card())
        layout.addWidget(self._backup_card())
        layout.addWidget(self._database_card())
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)
        self.save_button = QPushButton(icons.icon("check", "#ffffff"), self.tr("Lưu cài đặt"))
        self.save_button.setObjectName("primary")
        self.save_button.setVisible(self.editable)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def _school_card(self) -> Card:
        card = Card(self.tr("Hồ sơ nhà trường"), "school")
        self.school_label = value_label()
        self.school_button = QPushButton(icons.icon("edit"), self.tr("Sửa hồ sơ…"))
        self.school_button.setVisible(can(self.ctx.actor, Perm.EDIT_SCHOOL))
        rows = form(grow_all=False)
        rows.addRow(_name(self.tr("Nhà trường")), self.school_label)
        row = QHBoxLayout()
        row.addLayout(rows, 1)
        row.addWidget(self.school_button)
        self.rollover_button = rollover_button(self.ctx, self)  # the principal's way to it
        self.rollover_button.setVisible(can(self.ctx.actor, Perm.EDIT_SCHOOL))
        row.addWidget(self.rollover_button)
        card.body.addLayout(row)
        return card

    def _lock_card(self) -> Card:
        card = Card(self.tr("Khóa màn hình"), "lock")
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, 240)
        self.idle_spin.setSuffix(self.tr(" phút"))
        self.idle_spin.setSpecialValueText(self.tr("Không tự khóa"))
        self.idle_spin.setEnabled(self.editable)
        rows = form(grow_all=False)
        rows.addRow(_name(self.tr("Tự khóa sau khi không dùng")), self.idle_spin)
        card.body.addLayout(rows)
        return card

    def _backup_card(self) -> Card:
        card = Card(self.tr("Sao lưu"), "save")
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(str(paths.data_dir() / "backups"))
        self.folder_edit.setEnabled(self.editable)
        self.folder_button = QPushButton(icons.icon("folder"), self.tr("Chọn…"))
        self.folder_button.setVisible(self.editable)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        self.every_spin = QSpinBox()
        self.every_spin.setRange(1, 24 * 7)
        self.every_spin.setSuffix(self.tr(" giờ"))
        self.every_spin.setEnabled(self.editable)
        self.export_button = QPushButton(icons.icon("key"), self.tr("Xuất khóa sao lưu…"))
        manager = can(self.ctx.actor, Perm.MANAGE_BACKUPS)  # the admin: the Sao lưu dialog
        self.export_button.setVisible(self.editable and not manager)
        self.backups_button = QPushButton(icons.icon("save"), self.tr("Sao lưu và khôi phục…"))
        self.backups_button.setVisible(manager)
        note = QLabel(
            self.tr(
                "Bản sao lưu được mã hóa. Muốn khôi phục trên máy khác cần tệp khóa sao lưu: "
                "hãy xuất khóa, in hoặc chép ra USB và cất ở nơi an toàn (tủ của Hiệu trưởng), "
                "không để chung với bản sao lưu."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        rows = form(grow_all=False)
        rows.addRow(_name(self.tr("Thư mục sao lưu")), folder_row)
        rows.addRow(_name(self.tr("Tự động sao lưu mỗi")), self.every_spin)
        if manager:
            rows.addRow(_name(self.tr("Bản sao lưu, khóa sao lưu")), self.backups_button)
        elif self.editable:
            rows.addRow(_name(self.tr("Khóa sao lưu")), self.export_button)
        card.body.addLayout(rows)
        card.body.addWidget(note)
        return card

    def _database_card(self) -> Card:
        card = Card(self.tr("Cơ sở dữ liệu"), "database")
        rows = form(grow_all=False)
        rows.addRow(_name(self.tr("Vị trí")), value_label(self.ctx.location))
        rows.addRow(_name(self.tr("Thư mục dữ liệu")), value_label(str(paths.data_dir())))
        card.body.addLayout(rows)
        return card

    def _connect(self) -> None:
        self.save_button.clicked.connect(self._on_save_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.backups_button.clicked.connect(self._on_backups_clicked)
        self.school_button.clicked.connect(self._on_school_clicked)
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ data

    def load(self) -> None:
        """Show the saved settings."""
        current = settings.load()
        self.idle_spin.setValue(int(current.idle_lock_minutes))
        self.folder_edit.setText(current.backup_dir)
        self.every_spin.setValue(int(current.backup_every_hours))
        self.error_label.clear_message()
        self._show_school()
        self.form_state.keep(self._inputs())

    def _inputs(self) -> list[QWidget]:
        return [self.idle_spin, self.folder_edit, self.every_spin]

    def has_unsaved(self) -> bool:
        """Whether settings were changed and not saved (never for those who cannot save)."""
        return self.editable and bool(self.form_state.edited())

    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None] = _noop) -> None:
        """Run ``proceed`` once changed settings are saved or dropped; ``stay`` on Hủy."""
        if not self.has_unsaved():
            proceed()
            return
        choice = UnsavedQuestion.ask(
            self, self.tr("Cài đặt có thay đổi chưa lưu. Lưu lại các thay đổi này?")
        )
        if choice is Unsaved.SAVE:
            if not self.save(then=proceed):
                stay()
        elif choice is Unsaved.DISCARD:
            self.load()
            proceed()
        else:
            stay()

    def _show_school(self) -> None:
        with self.ctx.db.read() as s:
            prof = school.get_profile(s)
        self.school_label.setText(f"{prof.name} ({prof.code})" if prof else "—")

    def save(self, then: Callable[[], None] = _noop) -> bool:
        """Check the settings and write them in the background (the runner announces them, so
        the window applies them), then ``then``; False when the backup folder cannot be used."""
        folder = self.folder_edit.text().strip()
        if folder:
            try:
                Path(folder).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self.error_label.show_message(
                    self.tr("Không dùng được thư mục sao lưu {path}: {reason}").format(
                        path=folder, reason=exc.strerror or exc
                    )
                )
                return False
        updated = replace(
            settings.load(),
            idle_lock_minutes=self.idle_spin.value(),
            backup_dir=folder,
            backup_every_hours=self.every_spin.value(),
        )
        self.error_label.clear_message()

        def done(changes: Changes) -> None:
            self.form_state.keep(self._inputs())
            self._on_saved(changes)
            then()

        ops.run(
            self,
            lambda _progress: settings.save(updated),
            done,
            label=self.tr("Đang lưu cài đặt…"),
        )
        return True

    # ------------------------------------------------------------ slots

    def _on_save_clicked(self) -> None:
        self.save()

    def _on_saved(self, _changes: Changes) -> None:
        Notice.ask(self, self.tr("Cài đặt"), self.tr("Đã lưu cài đặt."))

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(SCHOOL):
            self._show_school()

    def _on_school_clicked(self) -> None:
        with self.ctx.db.read() as s:
            current = school.get_profile(s)
        if current is None:
            return
        edited = SchoolDialog.ask(self, current)
        if edited is None:
            return
        db, actor = self.ctx.db, self.ctx.actor

        def job(progress: Progress) -> school.SchoolProfile:
            with db.uow(actor=actor, reason="Sửa hồ sơ nhà trường") as s:
                return school.update_profile(s, actor, edited)

        ops.run(self, job, label=self.tr("Đang lưu hồ sơ nhà trường…"))

    def _on_folder_clicked(self) -> None:
        start = Path(self.folder_edit.text() or paths.data_dir())
        chosen = FolderDialog.ask(self, self.tr("Chọn thư mục sao lưu"), start)
        if chosen is not None:
            self.folder_edit.setText(str(chosen))

    def _on_backups_clicked(self) -> None:
        from ui.backup_dialog import BackupDialog  # reportlab and the key sheet: when asked

        BackupDialog.ask(self, self.ctx)

    def _on_export_clicked(self) -> None:
        suggested = paths.exports_dir() / f"khoa-sao-luu-{date.today():%Y%m%d}.txt"
        target = SaveFileDialog.ask(
            self, self.tr("Xuất khóa sao lưu"), suggested, self.tr("Tệp khóa (*.txt)")
        )
        if target is None:
            return

        code, actor = self.ctx.db.school_code, self.ctx.actor

        def job(progress: Progress) -> Path:
            return Path(backup_actions.backup_module().export_key(actor, target, code))

        ops.run(self, job, self._on_export_done, label=self.tr("Đang xuất khóa sao lưu…"))

    def _on_export_done(self, target: Path) -> None:
        Notice.ask(
            self,
            self.tr("Xuất khóa sao lưu"),
            self.tr(
                "Đã xuất khóa sao lưu ra {path}.\n\nHãy in hoặc chép tệp này ra USB, cất trong "
                "tủ của Hiệu trưởng, rồi xóa tệp khỏi máy. Ai có tệp này và bản sao lưu "
                "đều đọc được dữ liệu của trường."
            ).format(path=target),
        )
