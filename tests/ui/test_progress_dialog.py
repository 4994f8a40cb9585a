"""The runner's progress dialog: a determinate bar with the count, and a Hủy that stops the job
(issue 17 §5)."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QProgressBar, QPushButton
from pytestqt.qtbot import QtBot

from app.errors import Cancelled
from app.progress import Progress, check_cancel
from ui import ops


def test_counted_steps_show_a_determinate_bar_and_cancel_stops_the_job(qtbot: QtBot) -> None:
    """1.250 of 3.000 students: the bar's range is 3.000 and "1.250/3.000 học sinh" is written
    under the step's name; Hủy makes the job raise Cancelled, which reaches on_error quietly."""
    reported = threading.Event()
    failures: list[BaseException] = []

    def job(progress: Progress) -> None:
        progress.update(1250, 3000, "Ghi dữ liệu", "học sinh")
        reported.set()
        while True:
            check_cancel(progress)
            threading.Event().wait(0.01)

    op = ops.run(None, job, on_error=failures.append, label="Đang nhập…")
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=5000)
    dialog = op.dialog
    assert dialog is not None and reported.is_set()
    qtbot.waitUntil(lambda: dialog.value() == 1250, timeout=3000)
    bar = dialog.findChild(QProgressBar)
    assert bar is not None and (bar.minimum(), bar.maximum()) == (0, 3000)
    assert dialog.labelText() == "Ghi dữ liệu\n1.250/3.000 học sinh"
    [cancel] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Hủy"]
    cancel.click()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], Cancelled) and not op.running


def test_a_step_without_a_count_shows_a_busy_bar(qtbot: QtBot) -> None:
    """Reading a file cannot be counted: the bar moves without a total, and no numbers show."""
    release = threading.Event()

    def job(progress: Progress) -> str:
        progress.update(0, 0, "Đọc tệp ds.xlsx")
        release.wait(5)
        return "xong"

    results: list[str] = []
    op = ops.run(None, job, results.append)
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=5000)
    assert op.dialog is not None and op.dialog.maximum() == 0
    assert op.dialog.labelText() == "Đọc tệp ds.xlsx"
    release.set()
    qtbot.waitUntil(lambda: results == ["xong"], timeout=5000)
