"""Restoring a backup from the Sao lưu dialog, with the window's cooperation.

The order, so that the user is never left with a half-restored database: a clear
warning naming the backup's date (Hủy is the default); the window asks about unsaved
edits on its pages and stops its timers (``SessionWindow``: the main window); then on the runner
``app.runtime.restore_in_place`` (the CLI's own checks, a restore point, an atomic
swap, the safe reopen). A backup that fails a check changes nothing and the window
carries on. Once restored, the session ends and everyone logs in again: the restored
accounts are the backup's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app import paths
from app.labels import format_datetime
from app.progress import Progress
from app.runtime import RestoredNotReopened, restore_in_place
from app.safety.backup_admin import BackupEntry, BackupState
from app.safety.restore import RestoreInfo
from ui import errors, ops
from ui.confirm import Notice
from ui.file_dialogs import OpenFileDialog
from ui.pages import PageContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("backup", text)


@runtime_checkable
class SessionWindow(Protocol):
    """What a restore asks of the window the dialog was opened from (``MainWindow``)."""

    def leave_pages(self, proceed: Callable[[], None]) -> None:
        """Ask about unsaved edits on every open page, then ``proceed`` (Hủy: nothing)."""

    def pause_background(self, paused: bool) -> None:
        """Stop (or start again) the scheduled backup, packaging and screen-lock timers."""

    def end_session(self) -> None:
        """Close the window and ask who logs in (the accounts are the backup's now)."""


def session_window(dialog: QWidget) -> SessionWindow | None:
    """The main window ``dialog`` was opened from, or None (a dialog on its own, in tests)."""
    parent = dialog.parentWidget()
    window = parent.window() if parent is not None else None
    return window if isinstance(window, SessionWindow) else None


class RestoreQuestion:
    """The warning before a restore; Hủy is the default button."""

    @classmethod
    def ask(cls, parent: QWidget | None, text: str) -> bool:
        """True when the user chose to restore."""
        box = QMessageBox(QMessageBox.Icon.Warning, _tr("Khôi phục dữ liệu"), text, parent=parent)
        yes = box.addButton(_tr("Khôi phục"), QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(_tr("Hủy"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes


def warning_text(entry: BackupEntry) -> str:
    """What the user reads before a restore: which backup, what is lost, what is kept."""
    return _tr(
        "Khôi phục dữ liệu từ bản sao lưu lúc {when}?\n\n"
        "• Mọi thay đổi nhập sau thời điểm đó sẽ không còn trong dữ liệu (điểm, học sinh, "
        "tài khoản…).\n"
        "• Trước khi thay, phần mềm kiểm tra kỹ bản sao lưu; bản nào hỏng thì không thay gì.\n"
        "• Dữ liệu đang dùng được lưu thành một điểm khôi phục trong {points}, nên vẫn lấy "
        "lại được.\n"
        "• Xong, mọi người phải đăng nhập lại (tài khoản và mật khẩu là của lúc sao lưu)."
    ).format(when=format_datetime(entry.created_at), points=paths.restore_points_dir())


def key_file_for(parent: QWidget, entry: BackupEntry) -> Path | None | Literal[False]:
    """The key file to open ``entry`` with when this PC lacks its key (None: not needed;
    False: the user gave none)."""
    if entry.state is not BackupState.NEEDS_KEY:
        return None
    chosen = OpenFileDialog.ask(
        parent,
        _tr("Máy này chưa có khóa của bản sao lưu này: chọn tệp khóa sao lưu"),
        Path.home(),
        _tr("Tệp khóa sao lưu (*.txt);;Mọi tệp (*)"),
    )
    return chosen if chosen is not None else False


def restore(dialog: QDialog, ctx: PageContext, entry: BackupEntry) -> None:
    """Warn, let the window settle its pages, then restore ``entry`` on the runner."""
    key_file = key_file_for(dialog, entry)
    if key_file is False or not RestoreQuestion.ask(dialog, warning_text(entry)):
        return
    if ops.running():
        Notice.ask(
            dialog,
            _tr("Khôi phục dữ liệu"),
            _tr("Phần mềm đang làm một việc khác. Đợi việc đó xong rồi khôi phục lại."),
            warning=True,
        )
        return
    host = session_window(dialog)
    if host is None:
        _run(dialog, ctx, entry, key_file)
    else:
        host.leave_pages(lambda: _run(dialog, ctx, entry, key_file))


def _run(dialog: QDialog, ctx: PageContext, entry: BackupEntry, key_file: Path | None) -> None:
    host = session_window(dialog)
    runtime, actor = ctx.runtime, ctx.actor
    if host is not None:
        host.pause_background(True)
    dialog.setEnabled(False)  # nothing else starts meanwhile; the progress dialog has Hủy

    def job(progress: Progress) -> RestoreInfo:
        return restore_in_place(runtime, entry.path, actor, key_file, progress)

    def done(info: RestoreInfo) -> None:
        Notice.ask(
            dialog,
            _tr("Đã khôi phục"),
            _tr(
                "Đã khôi phục dữ liệu từ bản sao lưu lúc {when}.\n\nDữ liệu trước khi khôi "
                "phục được giữ tại {kept}.\n\nHãy đăng nhập lại."
            ).format(when=format_datetime(info.created_at), kept=info.kept or "—"),
        )
        dialog.accept()
        if host is not None:
            host.end_session()

    def failed(exc: BaseException) -> None:
        dialog.setEnabled(True)
        errors.show_error(dialog, exc)
        if host is None:
            return
        if isinstance(exc, RestoredNotReopened):  # the backup is in place: start afresh
            dialog.accept()
            host.end_session()
        else:  # nothing was replaced: the window carries on
            host.pause_background(False)

    ops.run(dialog, job, done, label=_tr("Đang kiểm tra và khôi phục…"), on_error=failed)
