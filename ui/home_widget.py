"""Home page: the role's figures (``ui.home``), the school, who is logged in, where the data
lives and how old the backup is."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QWidget,
)

from app import labels, school, secrets, settings
from app.changes import BACKUP, SCHOOL, SCHOOL_YEAR, USERS, Changes
from app.db import Actor
from app.permissions import Perm, can
from app.progress import Progress
from ui import backup_actions, errors, icons, ops
from ui.home.role_panel import RolePanel, role_scroll
from ui.pages import PageContext
from ui.signals import bus
from ui.widgets import Card, PageHeader, field_name, form, page_layout, value_label

STATUS_MAX_AGE_S = 60
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def today_text(day: date) -> str:
    """ "Thứ Hai, 15/09/2025"."""
    return f"{_WEEKDAYS[day.weekday()]}, {labels.format_date(day)}"


@dataclass(frozen=True)
class HomeStatus:
    """What the home page reads off the main thread: backups and the keyring state."""

    latest: datetime | None
    folder: str
    every_hours: int
    warnings: tuple[str, ...]


def _read_status(actor: Actor) -> HomeStatus:
    """The newest backup's time, the backup folder and the keyring notice ``actor`` should see."""
    current = settings.load()
    try:
        folder = str(current.effective_backup_dir())
    except OSError as exc:
        folder = str(exc)
    notice = secrets.keyring_notice(actor)
    warnings = (notice,) if notice else ()
    return HomeStatus(
        backup_actions.latest_backup_time(), folder, current.backup_every_hours, warnings
    )


class HomeWidget(QWidget):
    """Overview cards; "Sao lưu ngay" writes a backup through ui/ops."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._status_op: ops.Op[HomeStatus] | None = None
        self._status_at = 0.0
        self._build()
        self._connect()
        self.refresh()
        self.role_panel.refresh()

    def _build(self) -> None:
        layout = page_layout(self)
        self.header = PageHeader(
            self.tr("Xin chào, {name}").format(name=self.ctx.user.full_name), ""
        )
        layout.addWidget(self.header)
        self.warnings_box = QWidget()
        self.warnings_layout = QHBoxLayout(self.warnings_box)
        self.warnings_layout.setContentsMargins(0, 0, 0, 0)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warningBanner")
        self.warning_label.setWordWrap(True)
        self.warnings_layout.addWidget(self.warning_label)
        self.warnings_box.setVisible(bool(self.ctx.runtime.warnings))
        self.warning_label.setText("\n".join(self.ctx.runtime.warnings))
        layout.addWidget(self.warnings_box)
        self.tabs = QTabWidget()
        self.role_panel = RolePanel(self.ctx)  # the role's figures (issue 12 §5)
        self.tabs.addTab(role_scroll(self.role_panel), self.tr("Việc cần chú ý"))
        info = QWidget()
        grid = QGridLayout(info)
        grid.setContentsMargins(0, 12, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        grid.addWidget(self._school_card(), 0, 0, 2, 1)
        grid.addWidget(self._user_card(), 0, 1)
        grid.addWidget(self._year_card(), 1, 1)
        grid.addWidget(self._data_card(), 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(3, 1)
        self.tabs.addTab(info, self.tr("Nhà trường và dữ liệu"))
        layout.addWidget(self.tabs, 1)

    def _school_card(self) -> Card:
        card = Card(self.tr("Nhà trường"), "school")
        self.school_values: dict[str, QLabel] = {}
        rows = form()
        for key, text in (
            ("name", self.tr("Tên trường")),
            ("code", self.tr("Mã trường")),
            ("levels", self.tr("Cấp học")),
            ("province", self.tr("Tỉnh/thành phố")),
            ("commune", self.tr("Xã/phường")),
            ("authority", self.tr("Cơ quan quản lý")),
            ("principal", self.tr("Hiệu trưởng")),
        ):
            self.school_values[key] = value_label()
            rows.addRow(field_name(text), self.school_values[key])
        self.school_values["name"].setObjectName("bigValue")
        card.body.addLayout(rows)
        return card

    def _user_card(self) -> Card:
        card = Card(self.tr("Tài khoản đang dùng"), "user")
        rows = form()
        user = self.ctx.user
        rows.addRow(field_name(self.tr("Họ và tên")), value_label(user.full_name))
        rows.addRow(field_name(self.tr("Tên đăng nhập")), value_label(user.username))
        rows.addRow(field_name(self.tr("Vai trò")), value_label(user.role_label))
        card.body.addLayout(rows)
        return card

    def _year_card(self) -> Card:
        card = Card(self.tr("Năm học hiện tại"), "calendar")
        self.year_label = value_label()
        self.year_label.setObjectName("bigValue")
        self.year_dates_label = value_label()
        self.year_dates_label.setObjectName("muted")
        card.body.addWidget(self.year_label)
        card.body.addWidget(self.year_dates_label)
        return card

    def _data_card(self) -> Card:
        card = Card(self.tr("Dữ liệu và sao lưu"), "database")
        rows = form()
        self.location_label = value_label(self.ctx.location)
        self.backup_label = value_label()
        self.backup_folder_label = value_label()
        self.backup_folder_label.setObjectName("muted")
        rows.addRow(field_name(self.tr("Vị trí cơ sở dữ liệu")), self.location_label)
        rows.addRow(field_name(self.tr("Sao lưu gần nhất")), self.backup_label)
        rows.addRow(field_name(self.tr("Thư mục sao lưu")), self.backup_folder_label)
        self.backup_button = QPushButton(icons.icon("save", "#ffffff"), self.tr("Sao lưu ngay"))
        self.backup_button.setObjectName("primary")
        self.backup_button.setVisible(
            can(self.ctx.actor, Perm.BACKUP) and self.ctx.db.path is not None
        )
        row = QHBoxLayout()
        row.addLayout(rows, 1)
        row.addWidget(self.backup_button, 0)
        card.body.addLayout(row)
        return card

    def _connect(self) -> None:
        self.backup_button.clicked.connect(self._on_backup_clicked)
        bus.changed.connect(self._on_bus_changed)

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(SCHOOL, SCHOOL_YEAR, BACKUP, USERS, "settings"):
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self._status_at and time.monotonic() - self._status_at > STATUS_MAX_AGE_S:
            self.load_status()
        super().showEvent(event)

    def _on_backup_clicked(self) -> None:
        self.backup_button.setEnabled(False)
        backup_actions.start_backup(
            self, self.ctx.db, self.ctx.actor, self._on_backup_done, self._on_backup_failed
        )

    def _on_backup_done(self, _info: Any) -> None:
        self.backup_button.setEnabled(True)

    def _on_backup_failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        errors.show_error(self, exc)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        """Re-read the school and the year now, and the backup status in the background."""
        with self.ctx.db.read() as s:
            prof = school.get_profile(s)
            year = school.current_year(s)
        self._show_school(prof)
        self._show_year(year)
        subtitle = today_text(date.today())
        if year is not None:
            subtitle += self.tr(" · Năm học {year}").format(year=year.name)
        self.header.subtitle_label.setText(subtitle)
        self.header.subtitle_label.setVisible(True)
        self.load_status()

    def load_status(self) -> None:
        """Read the backup folder and the keyring state off the main thread."""
        if self._status_op is not None and self._status_op.running:
            return
        if not self._status_at:
            self.backup_label.setText(self.tr("Đang kiểm tra…"))
        actor = self.ctx.actor

        def job(_progress: Progress) -> HomeStatus:
            return _read_status(actor)

        self._status_op = ops.run(
            self, job, self._on_status_loaded, on_error=self._on_status_failed, quiet=True
        )

    def _on_status_loaded(self, status: HomeStatus) -> None:
        self._status_at = time.monotonic()
        self._show_backup(status)
        self._show_warnings(status)

    def _on_status_failed(self, exc: BaseException) -> None:
        self._status_at = time.monotonic()
        self.backup_label.setText(str(exc))

    def _show_school(self, prof: school.SchoolProfile | None) -> None:
        values = {
            "name": prof.name if prof else "",
            "code": prof.code if prof else "",
            "levels": prof.level_labels if prof else "",
            "province": prof.province if prof else "",
            "commune": prof.commune if prof else "",
            "authority": prof.authority if prof else "",
            "principal": prof.principal if prof else "",
        }
        for key, text in values.items():
            self.school_values[key].setText(text or "—")

    def _show_year(self, year: school.YearInfo | None) -> None:
        if year is None:
            self.year_label.setText(self.tr("Chưa chọn năm học"))
            self.year_dates_label.setText("")
            return
        self.year_label.setText(self.tr("Năm học {name}").format(name=year.name))
        self.year_dates_label.setText(
            self.tr("Từ {start} đến {end}").format(
                start=labels.format_date(year.start_date), end=labels.format_date(year.end_date)
            )
        )

    def _show_backup(self, status: HomeStatus) -> None:
        if self.ctx.db.path is None:
            self.backup_label.setText(
                self.tr("Cơ sở dữ liệu PostgreSQL: sao lưu bằng công cụ của máy chủ (pg_dump).")
            )
            self.backup_folder_label.setText("—")
            return
        self.backup_folder_label.setText(status.folder)
        self.backup_label.setText(self._backup_text(status.latest, status.every_hours))

    def _backup_text(self, when: datetime | None, every_hours: int) -> str:
        if when is None:
            self.backup_label.setObjectName("statusBad")
            self._restyle(self.backup_label)
            if can(self.ctx.actor, Perm.BACKUP):
                return self.tr("Chưa có bản sao lưu nào. Hãy sao lưu ngay.")
            return self.tr("Chưa có bản sao lưu nào (Giáo vụ hoặc Ban giám hiệu sao lưu).")
        overdue = datetime.now(UTC) - when > timedelta(hours=max(every_hours, 1) * 2)
        self.backup_label.setObjectName("statusWarn" if overdue else "statusOk")
        self._restyle(self.backup_label)
        age = labels.format_age(when)
        return self.tr("{age} (lúc {time})").format(
            age=age[:1].upper() + age[1:], time=labels.format_datetime(when)
        )

    def _show_warnings(self, status: HomeStatus) -> None:
        messages = [*self.ctx.runtime.warnings, *status.warnings]
        self.warning_label.setText("\n".join(messages))
        self.warnings_box.setVisible(bool(messages))

    @staticmethod
    def _restyle(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
