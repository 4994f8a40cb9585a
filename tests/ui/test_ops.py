"""ui/ops: results, expected errors and cancellation come back on the main thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.changes import Changes
from app.errors import Cancelled, ValidationError
from app.progress import Progress, check_cancel
from ui import ops
from ui.errors import ErrorDialog
from ui.signals import bus

MAIN = threading.get_ident()


def test_result_is_delivered_on_main_thread(qtbot: QtBot) -> None:
    """The job runs on a worker thread; its result reaches on_done on the main thread."""
    seen: dict[str, int] = {}

    def job(progress: Progress) -> int:
        return threading.get_ident()

    def done(worker: int) -> None:
        seen["worker"], seen["callback"] = worker, threading.get_ident()

    ops.run(None, job, done)
    qtbot.waitUntil(lambda: "callback" in seen)
    assert seen["worker"] != MAIN
    assert seen["callback"] == MAIN


def test_app_error_reaches_on_error_on_main_thread(qtbot: QtBot) -> None:
    """An AppError raised by the job is handed to on_error, on the main thread."""
    caught: list[tuple[BaseException, int]] = []

    def job(progress: Progress) -> None:
        raise ValidationError("Mã trường không hợp lệ")

    ops.run(None, job, on_error=lambda exc: caught.append((exc, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(caught))
    exc, thread = caught[0]
    assert isinstance(exc, ValidationError)
    assert exc.message == "Mã trường không hợp lệ"
    assert thread == MAIN


def test_app_error_default_shows_its_message(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without on_error, an AppError is presented with its Vietnamese message."""
    shown: list[str] = []
    monkeypatch.setattr(
        ErrorDialog, "ask", classmethod(lambda cls, p, t, m, d="", f="": shown.append(m))
    )

    def job(progress: Progress) -> None:
        raise ValidationError("Tên trường không được để trống.")

    ops.run(None, job)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["Tên trường không được để trống."]


def test_cancel_delivers_cancelled(qtbot: QtBot) -> None:
    """Op.cancel sets the flag the job polls; the job's Cancelled reaches on_error."""
    started = threading.Event()
    caught: list[BaseException] = []

    def job(progress: Progress) -> None:
        started.set()
        while True:
            check_cancel(progress)
            threading.Event().wait(0.005)

    op = ops.run(None, job, on_error=caught.append)
    qtbot.waitUntil(started.is_set)
    op.cancel()
    qtbot.waitUntil(lambda: bool(caught))
    assert isinstance(caught[0], Cancelled)
    assert not op.running


def test_progress_dialog_appears_late_and_its_cancel_stops_the_job(qtbot: QtBot) -> None:
    """A job outliving 0.5 s gets a progress dialog whose Cancel button cancels the job."""
    caught: list[BaseException] = []

    def job(progress: Progress) -> None:
        progress.update(1, 10, "Đang xử lý bước 1")
        while True:
            check_cancel(progress)
            threading.Event().wait(0.005)

    op = ops.run(None, job, on_error=caught.append, label="Đang thử")
    assert op._dialog is None
    qtbot.waitUntil(lambda: op._dialog is not None, timeout=3000)
    dialog = op._dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.labelText() == "Đang xử lý bước 1")
    assert dialog.maximum() == 10
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Hủy"
    cancel_button.click()
    qtbot.waitUntil(lambda: bool(caught))
    assert isinstance(caught[0], Cancelled)
    assert op._dialog is None


def test_quick_job_shows_no_dialog_and_announces_changes(qtbot: QtBot) -> None:
    """A Changes result is announced on the bus, and a fast job never shows a dialog."""
    done: list[Changes] = []
    with qtbot.waitSignal(bus.changed, timeout=3000) as blocker:
        op = ops.run(None, lambda p: Changes.of("user_account"), done.append)
    qtbot.waitUntil(lambda: bool(done))
    assert blocker.args == [Changes.of("user_account")]
    assert op._dialog is None
