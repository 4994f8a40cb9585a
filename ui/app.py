"""Starting the window: first window at once, the database opening meanwhile, one session per login.

A start shows its first window (the login, or the first-run wizard) after
importing only what that window needs; the data layer loads and the database
opens on a thread meanwhile (``ui.startup``, issue 17 §7). A second launch on
the same database brings the running window to the front and exits
(``ui.single_instance``, issue 17 §5).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from app import launch, settings
from app.errors import AppError, Conflict
from ui import errors, gc_guard, icons, single_instance, style, translations
from ui.confirm import Confirm, Notice
from ui.login_dialog import LoginDialog
from ui.startup import DataLoader

if TYPE_CHECKING:
    from app.accounts import UserInfo
    from app.runtime import DatabaseDamaged, Runtime
    from ui.first_run_wizard import FirstRunWizard
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)
APP_NAME = "Trường Số"
KEYRING_WARNED_KEY = "keyring_warning_shown"
STARTUP_PROBE = "TRUONGSO_STARTUP_PROBE"
"""Set to 1: print when the first window is on screen (JSON: wall clock, CPU) and quit (bench)."""


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
    from ui import guide_viewer
    from ui.main_window import MainWindow

    qapp = QApplication.instance()
    if isinstance(qapp, QApplication) and not qapp.styleSheet():
        style.apply(qapp)
    window = MainWindow(runtime, user)
    help_menu = next(
        m for m in window.menuBar().findChildren(QMenu) if window.about_action in m.actions()
    )
    guide_viewer.install(window, help_menu, lambda: page_on_screen(window))
    return window


def page_on_screen(window: MainWindow) -> str:
    """Key of the page the window shows ("" before the first one opens)."""
    row = window.nav.currentRow()
    return window.specs[row].key if 0 <= row < len(window.specs) else ""


def open_database(db_url: str | None, failed: BaseException | None = None) -> Runtime | None:
    """Open the database; offer recovery when it is damaged. None means give up.

    ``failed``: how a first attempt (the start's loader) failed, handled first.
    """
    from app import modules as _modules  # noqa: F401  (every module wired into the core: decision 008)
    from app.runtime import DatabaseDamaged, open_runtime

    for _attempt in range(2):
        try:
            if failed is not None:
                raise failed
            return open_runtime(db_url)
        except DatabaseDamaged as exc:
            failed = None
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
    from app import labels
    from app.runtime import recover_from_restore_point

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


def show_startup_warnings(runtime: Runtime, parent: QWidget | None = None) -> None:
    """Warn about the database location every start."""
    for warning in runtime.warnings:
        Notice.ask(parent, _tr("Cảnh báo"), warning, warning=True)


def show_keyring_notice(parent: QWidget | None, user: UserInfo) -> None:
    """Tell ``user`` once where the backup key is kept, if app.secrets says they should hear it."""
    from app import secrets
    from app.messages.safety import SAFETY_MSG

    notice = secrets.keyring_notice(user.actor())
    current = settings.load()
    if notice and not current.extra.get(KEYRING_WARNED_KEY):
        Notice.ask(parent, SAFETY_MSG.keyring_fallback_title, notice, warning=True)
        current.extra[KEYRING_WARNED_KEY] = "1"
        settings.save(current)


def has_school(runtime: Runtime) -> bool:
    """Whether the first-run wizard has been completed on this database."""
    from app import school

    with runtime.db.read() as s:
        return school.get_profile(s) is not None


def sign_out(runtime: Runtime, user: UserInfo) -> None:
    """Log that ``user`` left (sign-out, switch of user, quit); a failure to log never stops it."""
    from app import accounts

    try:
        accounts.sign_out(runtime.db, user)
    except AppError as exc:  # e.g. a full disk: said where it matters, not at the door
        log.warning("sign-out not logged: %s", exc.message)


def run_session(runtime: Runtime, user: UserInfo) -> UserInfo | None:
    """Show the main window until it closes; the next user to log in, or None to quit."""
    from app.accounts import UserInfo

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
    sign_out(runtime, user)
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
    key = launch.instance_key(db_url)
    if single_instance.ask_running_to_activate(key):
        log.info("this database is open in a running window: brought it to the front")
        return 0
    server = single_instance.InstanceServer(key, qapp)
    server.listen()
    loader = DataLoader(db_url)
    runtime: Runtime | None = None
    try:
        runtime, user = sign_in(loader)
        while runtime is not None and user is not None:
            user = run_session(runtime, user)
    finally:
        loader.close()
        if runtime is not None:
            runtime.close()
        server.close()
    return 0 if runtime is not None or loader.error is None else 1


def sign_in(loader: DataLoader) -> tuple[Runtime | None, UserInfo | None]:
    """The first window at once, the database opening meanwhile; the runtime and who logged in.

    The login when the file has a school, the first-run wizard when it has none
    (``app.launch.school_on_file``); PostgreSQL, or a file that cannot be read
    here, waits for the database to decide. A database that fails to open
    closes the first window and is handled as before: recovery from a restore
    point, or the message naming the process that has it open.
    """
    first = _first_window(launch.school_on_file(loader.url), loader)
    state = {"open": first is not None, "warned": False}

    def on_loaded() -> None:  # on the GUI thread, the loader thread has ended
        if not state["open"] or first is None:
            return
        if loader.error is not None:
            first.reject()  # handled below, as before
            return
        if isinstance(first, LoginDialog):
            first.database_ready()
        runtime = loader.wait()
        if runtime is not None:
            show_startup_warnings(runtime, first)
            state["warned"] = True
        import ui.main_window  # noqa: F401  (ready before the login ends; no import races now)

    if first is not None:
        loader.finished.connect(on_loaded)
        first.show()
        _probe_first_window(first)
        loader.start()
        first.exec()
        state["open"] = False
    runtime = loader.wait()
    if runtime is None:
        runtime = open_database(loader.url, loader.error)
        if runtime is None:
            return None, None
        first = None
    if not state["warned"]:
        show_startup_warnings(runtime)
    if isinstance(first, LoginDialog):
        return runtime, first.user
    if first is None and not has_school(runtime):
        from ui.first_run_wizard import FirstRunWizard  # only on the first run

        if not FirstRunWizard.ask(None, runtime.db):
            return runtime, None
    elif first is not None and not first.done_ok:
        return runtime, None
    return runtime, LoginDialog.ask(None, runtime.db)


def _first_window(
    has_school_now: bool | None, loader: DataLoader
) -> LoginDialog | FirstRunWizard | None:
    """The window to show before the database has opened, or None to wait for it."""
    if has_school_now is None:
        return None
    if has_school_now:
        return LoginDialog(None, loader.database)
    from ui.first_run_wizard import FirstRunWizard  # only on the first run

    wizard = FirstRunWizard(None, loader.database)
    wizard.setWindowModality(Qt.WindowModality.ApplicationModal)
    return wizard


def _probe_first_window(first: QDialog) -> None:
    """``TRUONGSO_STARTUP_PROBE=1``: print when the first window is on screen, then close it."""
    if not os.environ.get(STARTUP_PROBE):
        return
    QApplication.processEvents()  # shown and painted, as the bench's bare window is
    shown = {"shown_at": time.time(), "cpu": time.process_time()}
    shown["data_layer_loaded"] = "sqlalchemy" in sys.modules  # it loads after, behind the window
    print(json.dumps(shown), flush=True)
    QTimer.singleShot(0, first.reject)
