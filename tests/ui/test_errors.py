"""Error presentation: expected errors show their message, bugs an apology and the log path."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from pytestqt.qtbot import QtBot

from app.errors import Conflict
from app.logs import log_path
from ui import errors
from ui.errors import ErrorDialog


def test_app_error_is_shown_as_its_message() -> None:
    """An AppError's Vietnamese message and details are shown as they are."""
    title, message, details, footer = errors.describe(Conflict("Đã có", details="chi tiết"))
    assert (title, message, details, footer) == ("Không thực hiện được", "Đã có", "chi tiết", "")


def test_bug_gets_apology_details_and_log_path() -> None:
    """Any other exception gets the apology, its traceback and where the log is."""
    try:
        empty: dict[str, int] = {}
        empty["khong-co"] += 1
    except KeyError as exc:
        title, message, details, footer = errors.describe(exc)
    assert title == "Lỗi không mong muốn"
    assert message.startswith("Rất tiếc, đã xảy ra lỗi không mong muốn")
    assert "KeyError" in details and "Traceback" in details
    assert str(log_path()) in footer


def test_excepthook_logs_and_presents_bugs(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An uncaught exception is logged with its traceback and shown with the apology."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        ErrorDialog, "ask", classmethod(lambda cls, p, t, m, d="", f="": shown.append((t, d)))
    )
    errors.install_excepthook()
    try:
        raise RuntimeError("hỏng")
    except RuntimeError as exc:
        with caplog.at_level(logging.CRITICAL, logger="ui.errors"):
            sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown and shown[0][0] == "Lỗi không mong muốn"
    assert "RuntimeError: hỏng" in shown[0][1]
    assert any(r.exc_info and r.exc_info[0] is RuntimeError for r in caplog.records)


def test_error_dialog_details_toggle(qtbot: QtBot) -> None:
    """The details are hidden until "Xem chi tiết" is pressed."""
    dialog = ErrorDialog(None, "Lỗi", "Thông báo", "Dòng 1\nDòng 2", "")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.details_edit.isVisible()
    dialog.details_button.click()
    assert dialog.details_edit.isVisible()
    assert dialog.details_button.text() == "Ẩn chi tiết"
