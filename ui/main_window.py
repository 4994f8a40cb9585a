"""The main window: navigation on the left, the pages on the right, menus and status bar."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import app
from app import school, settings
from app.accounts import UserInfo
from app.changes import SETTINGS, Changes
from app.permissions import Perm, can
from app.runtime import Runtime
from ui import backup_actions, icons, ops, style
from ui.idle_lock import IdleWatcher
from ui.login_dialog import LoginDialog
from ui.navigation import visible_pages
from ui.pages import PageContext, PageSpec
from ui.password_dialog import ChangePasswordDialog
from ui.screen import PageHost, place_main_window
from ui.signals import bus
from ui.sync.scheduler import SyncScheduler

DEFAULT_SIZE = QSize(1200, 760)
"""The window's size on a screen larger than 1366×768 (smaller screens get it maximised)."""


class MainWindow(QMainWindow):
    """One logged-in session; ``logout_requested``/``user_switched`` end it."""

    logout_requested = Signal()
    user_switched = Signal(object)
    closed = Signal()

    def __init__(self, runtime: Runtime, user: UserInfo) -> None:
        super().__init__()
        self.runtime = runtime
        self.user = user
        self.specs: list[PageSpec] = visible_pages(user.actor())
        keys = tuple(spec.key for spec in self.specs)
        self.ctx = PageContext(runtime, user, self.open_target, keys)
        self.pages: dict[str, QWidget] = {}
        self._hosts: dict[str, PageHost] = {}
        self._quitting = False
        self._closed = False
        self._leave_checked = False
        with runtime.db.read() as s:
            prof = school.get_profile(s)
        self.school_name = prof.name if prof else ""
        self.setWindowTitle(self.school_name)  # Qt adds " — Trường Số" (applicationDisplayName)
        self._build()
        self._build_menus()
        self._build_status()
        self.idle = IdleWatcher(settings.load().idle_lock_minutes, self)
        self.scheduler = backup_actions.BackupScheduler(self, runtime.db)
        self.sync_scheduler = SyncScheduler(self, runtime.db)
        self._connect()
        self.open_page(self.specs[0].key)
        place_main_window(self, DEFAULT_SIZE)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack = QStackedWidget()
        for spec in self.specs:
            item = QListWidgetItem(icons.icon(spec.icon, "#b8c7d9", "#ffffff"), self.tr(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(200, 36))  # 12 pages fit a 1024×768 screen
            self.nav.addItem(item)
            host = PageHost()  # scrolls only when the window is smaller than the page
            self._hosts[spec.key] = host
            self.stack.addWidget(host)
        self.lock_cover = self._lock_cover()
        self.content = QWidget()
        row = QHBoxLayout(self.content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._nav_panel())
        row.addWidget(self.stack, 1)
        self.outer = QStackedWidget()
        self.outer.addWidget(self.content)
        self.outer.addWidget(self.lock_cover)
        self.setCentralWidget(self.outer)

    def _nav_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("navPanel")
        panel.setFixedWidth(236)
        title = QLabel(self.tr("Trường Số"))
        title.setObjectName("navTitle")
        subtitle = QLabel(self.school_name)
        subtitle.setObjectName("navSubtitle")
        subtitle.setWordWrap(True)
        who = QLabel(
            f"<b style='color:white'>{self.user.full_name}</b><br>"
            f"{self.user.username} · {self.user.role_label}"
        )
        who.setObjectName("navSubtitle")
        who.setWordWrap(True)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 18, 0, 14)
        layout.setSpacing(4)
        for label in (title, subtitle):
            label.setContentsMargins(18, 0, 14, 0)
            layout.addWidget(label)
        layout.addSpacing(14)
        layout.addWidget(self.nav, 1)
        who.setContentsMargins(18, 0, 14, 0)
        layout.addWidget(who)
        return panel

    def _lock_cover(self) -> QWidget:
        cover = QWidget()
        cover.setObjectName("page")
        mark = QLabel()
        mark.setPixmap(icons.pixmap("lock", 64, style.MUTED))
        text = QLabel(self.tr("Màn hình đã khóa"))
        text.setObjectName("pageTitle")
        layout = QVBoxLayout(cover)
        layout.addStretch(1)
        layout.addWidget(mark, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return cover

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Tệp"))
        self.backup_action = QAction(icons.icon("save"), self.tr("Sao lưu ngay"), self)
        self.backup_action.setVisible(
            can(self.user.actor(), Perm.BACKUP) and self.runtime.db.path is not None
        )
        self.password_action = QAction(icons.icon("key"), self.tr("Đổi mật khẩu…"), self)
        self.lock_action = QAction(icons.icon("lock"), self.tr("Khóa màn hình"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.logout_action = QAction(icons.icon("logout"), self.tr("Đăng xuất"), self)
        self.quit_action = QAction(self.tr("Thoát"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        for action in (self.backup_action, self.password_action, self.lock_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.logout_action)
        file_menu.addAction(self.quit_action)
        help_menu = bar.addMenu(self.tr("Trợ &giúp"))
        self.about_action = QAction(icons.icon("info"), self.tr("Giới thiệu"), self)
        help_menu.addAction(self.about_action)

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.user_status = QLabel(
            self.tr("Người dùng: {name} ({user})").format(
                name=self.user.full_name, user=self.user.username
            )
        )
        self.role_status = QLabel(self.tr("Vai trò: {role}").format(role=self.user.role_label))
        self.db_status = QLabel(self.tr("CSDL: {where}").format(where=self.ctx.location))
        self.db_status.setToolTip(self.ctx.location)
        bar.addPermanentWidget(self.user_status)
        bar.addPermanentWidget(self.role_status)
        bar.addPermanentWidget(self.db_status, 1)
        bar.messageChanged.connect(self._on_status_message_changed)

    def _connect(self) -> None:
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        self.backup_action.triggered.connect(self._on_backup_triggered)
        self.password_action.triggered.connect(self._on_password_triggered)
        self.lock_action.triggered.connect(self.lock_screen)
        self.logout_action.triggered.connect(self._on_logout_triggered)
        self.quit_action.triggered.connect(self._on_quit_triggered)
        self.about_action.triggered.connect(self._on_about_triggered)
        self.idle.idle.connect(self.lock_screen)
        self.scheduler.failed.connect(self._on_scheduled_backup_failed)
        self.scheduler.succeeded.connect(self._on_scheduled_backup_succeeded)
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ pages

    def page_keys(self) -> list[str]:
        """Keys of the pages in the navigation, in order."""
        return [spec.key for spec in self.specs]

    def open_page(self, key: str) -> QWidget:
        """Show a page (building it the first time) and return its widget."""
        index = self.page_keys().index(key)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        return self._ensure_page(key)

    def open_target(self, key: str, params: Mapping[str, str]) -> bool:
        """Show page ``key`` and hand ``params`` to its ``show_target``; False without it."""
        if key not in self.page_keys():
            return False
        page = self.open_page(key)
        show = getattr(page, "show_target", None)
        if show is not None and params:
            show(dict(params))
        return True

    def _ensure_page(self, key: str) -> QWidget:
        if key not in self.pages:
            spec = next(s for s in self.specs if s.key == key)
            widget = spec.factory(self.ctx)
            self._hosts[key].set_page(widget)
            self.pages[key] = widget
        return self.pages[key]

    def _on_nav_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.specs[row].key
        if self._ask_before_leaving(key):
            return
        self._ensure_page(key)
        self.stack.setCurrentWidget(self._hosts[key])

    def _ask_before_leaving(self, key: str) -> bool:
        """True when the page shown asks about its unsaved changes before ``key`` opens.

        A page whose edits would be forgotten once out of sight (settings) sets
        ``asks_on_page_leave``; the grade book keeps its edits until exit.
        """
        shown = next((k for k, h in self._hosts.items() if h is self.stack.currentWidget()), None)
        page = self.pages.get(shown or "")
        if page is None or shown == key or not getattr(page, "asks_on_page_leave", False):
            return False
        if not page.has_unsaved():  # type: ignore[attr-defined]
            return False
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self.page_keys().index(shown or ""))
        self.nav.blockSignals(False)
        page.request_leave(lambda: self.open_page(key))  # type: ignore[attr-defined]
        return True

    # ------------------------------------------------------------ actions

    def start_background(self) -> None:
        """Start the scheduled backup and packaging checks (after the window is shown)."""
        self.scheduler.start()
        self.sync_scheduler.start()

    def pause_background(self, paused: bool) -> None:
        """Stop (or start again) the scheduled backup, packaging and screen-lock timers: a
        restore replaces the database under them (ui.backup_restore)."""
        if paused:
            self.idle.pause()
            self.scheduler.timer.stop()
            self.sync_scheduler.stop()
        else:
            self.idle.resume()
            self.start_background()

    def end_session(self) -> None:
        """End the session once the database was restored (its pages were asked about their
        edits before): everyone logs in again, the accounts being the backup's."""
        self._leave_checked = True
        self.logout_requested.emit()

    def lock_screen(self) -> None:
        """Hide the content and ask for the password again (or another user's)."""
        if self.outer.currentWidget() is self.lock_cover:
            return
        self.idle.pause()
        self.outer.setCurrentWidget(self.lock_cover)
        self.menuBar().setEnabled(False)
        user = LoginDialog.ask(self, self.runtime.db, locked_user=self.user.username)
        self.menuBar().setEnabled(True)
        if user is None:
            self._quitting = True
            self.close()
            return
        if user.username != self.user.username:
            self.user_switched.emit(user)
            return
        self.outer.setCurrentWidget(self.content)
        self.idle.resume()

    def _on_backup_triggered(self) -> None:
        backup_actions.start_backup(self, self.runtime.db, self.user.actor(), self._on_backup_done)

    def _on_backup_done(self, info: Any) -> None:
        self.statusBar().showMessage(
            self.tr("Đã sao lưu vào {path}").format(path=getattr(info, "path", "")), 8000
        )

    def _on_scheduled_backup_succeeded(self, info: Any) -> None:
        self._on_backup_done(info)

    def _on_scheduled_backup_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("Sao lưu tự động không thành công: {error}").format(error=message), 15000
        )

    def _on_status_message_changed(self, message: str) -> None:
        """A short message ("Đã thêm học sinh …") takes the place of the role and the database."""
        self.role_status.setVisible(not message)
        self.db_status.setVisible(not message)

    def _on_password_triggered(self) -> None:
        if ChangePasswordDialog.ask(self, self.runtime.db, self.user):
            self.statusBar().showMessage(self.tr("Đã đổi mật khẩu."), 5000)

    def _on_logout_triggered(self) -> None:
        self.leave_pages(self.logout_requested.emit)

    def _on_quit_triggered(self) -> None:
        self.leave_pages(self._quit_now)

    def _quit_now(self) -> None:
        self._quitting = True
        self._leave_checked = True
        self.close()

    def leave_pages(self, proceed: Callable[[], None]) -> None:
        """Ask about unsaved edits on every open page (grade sheets), then ``proceed``.

        A page with unsaved work offers ``has_unsaved()`` and
        ``request_leave(proceed, stay)``; choosing Hủy on any page stays.
        """
        dirty = [p for p in self.pages.values() if getattr(p, "has_unsaved", lambda: False)()]

        def step(i: int) -> None:
            if i == len(dirty):
                proceed()
                return
            self.open_page(next(k for k, p in self.pages.items() if p is dirty[i]))
            dirty[i].request_leave(lambda: step(i + 1), lambda: None)  # type: ignore[attr-defined]

        step(0)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Giới thiệu"),
            self.tr(
                "<h3>Trường Số {version}</h3>"
                "<p>Phần mềm quản lý trường học chạy ngoại tuyến: hồ sơ học sinh, sổ điểm, "
                "học bạ số, thiết bị và tự đánh giá chuyển đổi số.</p>"
                "<p>Dữ liệu được lưu trên máy này, ghi nhật ký thay đổi có mã băm "
                "và sao lưu mã hóa định kỳ.</p>"
            ).format(version=app.__version__),
        )

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(SETTINGS):
            self.idle.set_minutes(settings.load().idle_lock_minutes)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if (
            not self._closed
            and not self._leave_checked
            and any(getattr(p, "has_unsaved", lambda: False)() for p in self.pages.values())
        ):
            event.ignore()
            self.leave_pages(self._close_now)
            return
        if not self._closed:
            self._closed = True
            self.idle.stop()
            self.scheduler.timer.stop()
            self.sync_scheduler.stop()
            bus.changed.disconnect(self._on_bus_changed)
            ops.wait_all()
        super().closeEvent(event)
        self.closed.emit()

    def _close_now(self) -> None:
        self._leave_checked = True
        QTimer.singleShot(0, self.close)  # not from inside the close event being handled

    @property
    def quitting(self) -> bool:
        """True when the user chose to quit rather than log out."""
        return self._quitting
