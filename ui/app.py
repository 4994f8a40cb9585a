"""Starting the window: open the database safely, first run, login, one session per login."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale
from PySide6.QtWidgets import QApplication, QWidget

from app import labels, school, secrets, settings
from app import modules as _modules  # noqa: F401  (every module wired into the core: decision 008)
from app.accounts import UserInfo
from app.errors import AppError, Conflict
from app.messages.safety import SAFETY_MSG
from app.runtime import DatabaseDamaged, Runtime, open_runtime, recover_from_restore_point
from ui import errors, gc_guard, icons, style, translations
from ui.confirm import Confirm, Notice
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow

log = logging.getLogger(__name__)
APP_NAME = "Trường Số"
KEYRING_WARNED_KEY = "keyring_warning_shown"


def _tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


def make_application() -> QApplication:
    """The QApplication with our name, locale, icon and look (reused if one exists)."""
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName("TruongSo")
    qapp.setApplicationDisplayName(APP_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translations.install(qapp)
    style.apply(qapp)
    qapp.setWindowIcon(icons.icon("school", style.ACCENT))
    gc_guard.install(qapp)
    return qapp


def build_main_window(runtime: Runtime, user: UserInfo) -> MainWindow:
    """The main window for ``user``, built without showing any dialog (startup bench)."""
    qapp = QApplication.instance()
    if isinstance(qapp, QApplication) and not qapp.styleSheet():
        style.apply(qapp)
    return MainWindow(runtime, user)


def open_database(db_url: str | None) -> Runtime | None:
    """Open the database; offer recovery when it is damaged. None means give up."""
    for _attempt in range(2):
        try:
            return open_runtime(db_url)
        except DatabaseDamaged as exc:
            if not _recover(exc):
                return None
        except Conflict as exc:
            Notice.ask(None, _tr("Dữ liệu đang được mở"), exc.message, warning=True)
            return None
        except AppError as exc:
            errors.show_error(None, exc)
            return None
    return None


def _recover(exc: DatabaseDamaged) -> bool:
    question = _tr(
        "{message}\n\nKhôi phục từ điểm khôi phục tốt gần nhất? Tệp bị hỏng sẽ được giữ lại "
        "bên cạnh để kiểm tra sau."
    ).format(message=exc.message)
    if not Confirm.ask(None, _tr("Cơ sở dữ liệu bị hỏng"), question, _tr("Khôi phục")):
        return False
    try:
        point = recover_from_restore_point(exc.path)
    except (AppError, OSError) as err:
        errors.show_error(None, err)
        return False
    if point is None:
        Notice.ask(
            None,
            _tr("Cơ sở dữ liệu bị hỏng"),
            _tr("Không có điểm khôi phục nào còn tốt. Hãy khôi phục từ bản sao lưu."),
            warning=True,
        )
        return False
    taken = datetime.fromtimestamp(point.stat().st_mtime, UTC)
    kept = sorted(
        p
        for p in exc.path.parent.glob(f"{exc.path.name}.hong-*")
        if not p.name.endswith(("-wal", "-shm", "-journal"))
    )
    Notice.ask(
        None,
        _tr("Đã khôi phục"),
        _tr(
            "Đã khôi phục dữ liệu từ điểm khôi phục lúc {time}. Những thay đổi sau thời điểm "
            "đó cần nhập lại.\n\nTệp bị hỏng được giữ lại tại {kept}."
        ).format(
            time=labels.format_datetime(taken),
            kept=kept[-1] if kept else exc.path.parent,
        ),
    )
    return True


def show_startup_warnings(runtime: Runtime) -> None:
    """Warn about the database location every start."""
    for warning in runtime.warnings:
        Notice.ask(None, _tr("Cảnh báo"), warning, warning=True)


def show_keyring_notice(parent: QWidget | None, user: UserInfo) -> None:
    """Tell ``user`` once where the backup key is kept, if app.secrets says they should hear it."""
    notice = secrets.keyring_notice(user.actor())
    current = settings.load()
    if notice and not current.extra.get(KEYRING_WARNED_KEY):
        Notice.ask(parent, SAFETY_MSG.keyring_fallback_title, notice, warning=True)
        current.extra[KEYRING_WARNED_KEY] = "1"
        settings.save(current)


def has_school(runtime: Runtime) -> bool:
    """Whether the first-run wizard has been completed on this database."""
    with runtime.db.read() as s:
        return school.get_profile(s) is not None


def run_session(runtime: Runtime, user: UserInfo) -> UserInfo | None:
    """Show the main window until it closes; the next user to log in, or None to quit."""
    window = build_main_window(runtime, user)
    loop = QEventLoop()
    outcome: dict[str, UserInfo | None | bool] = {"next": None, "login": False}

    def on_logout() -> None:
        outcome["login"] = True
        window.close()

    def on_switch(other: UserInfo) -> None:
        outcome["next"] = other
        window.close()

    window.logout_requested.connect(on_logout)
    window.user_switched.connect(on_switch)
    window.closed.connect(loop.quit)
    window.show()
    show_keyring_notice(window, user)
    window.start_background()
    loop.exec()
    window.deleteLater()
    if isinstance(outcome["next"], UserInfo):
        return outcome["next"]
    if outcome["login"]:
        return LoginDialog.ask(None, runtime.db)
    return None


def run_gui(db_url: str | None) -> int:
    """Run the desktop app; the process exit code."""
    qapp = make_application()
    qapp.setQuitOnLastWindowClosed(False)
    errors.install_excepthook()
    runtime = open_database(db_url)
    if runtime is None:
        return 1
    try:
        show_startup_warnings(runtime)
        if not has_school(runtime):
            from ui.first_run_wizard import FirstRunWizard  # only on the first run

            if not FirstRunWizard.ask(None, runtime.db):
                return 0
        user = LoginDialog.ask(None, runtime.db)
        while user is not None:
            user = run_session(runtime, user)
    finally:
        runtime.close()
    return 0
