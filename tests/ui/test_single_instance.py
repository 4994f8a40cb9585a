"""A second launch brings the running window to the front (issue 17 §5).

Two real processes on one database, offscreen; the protocol's edges (nobody
listening, a crashed window's socket, a window that does not answer) with a
real QLocalServer in this process and the second launch in another.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from app.db import sqlite_url
from tests.cli_runner import ROOT
from tests.conftest import Seeded
from ui.single_instance import InstanceServer, ask_running_to_activate

OFFSCREEN_NOTES = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
)
ASK = """
import sys
from PySide6.QtCore import QCoreApplication
from ui.single_instance import ask_running_to_activate
app = QCoreApplication(sys.argv)
sys.exit(0 if ask_running_to_activate(sys.argv[1]) else 1)
"""


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TRUONGSO_DATA_DIR": str(data)}


def _key() -> str:
    return f"truongso-test-{uuid.uuid4().hex[:16]}"


@pytest.fixture
def server(qtbot: QtBot) -> Iterator[InstanceServer]:
    srv = InstanceServer(_key())
    yield srv
    srv.close()


def _second_launch(key: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", ASK, key], cwd=ROOT, env=_env(Path("/nonexistent")), text=True
    )


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOTES)
def test_a_second_launch_brings_the_minimised_window_back(
    qtbot: QtBot, server: InstanceServer
) -> None:
    """The running window is minimised; a second launch asks, the window comes back and is
    the active one, and the second launch is told so (exit 0)."""
    assert server.listen()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    with qtbot.waitSignal(server.activated, timeout=30_000):
        second = _second_launch(server.key)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
    assert second.returncode == 0
    assert not window.isMinimized() and QApplication.activeWindow() is window


def test_nobody_listening_means_no_answer(qtbot: QtBot) -> None:
    """No running window: the second launch hears nothing, at once, and starts normally."""
    started = time.monotonic()
    assert ask_running_to_activate(_key()) is False
    assert time.monotonic() - started < 2


def test_a_crashed_windows_socket_is_replaced(qtbot: QtBot) -> None:
    """A socket file left by a killed window: asking gets no answer, and the next window
    takes the name over and answers."""
    key = _key()
    path = os.path.join(QDir.tempPath(), key)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)
    stale.listen()
    stale.close()  # the file stays, nobody behind it
    try:
        assert os.path.exists(path)
        assert ask_running_to_activate(key) is False
        srv = InstanceServer(key)
        assert srv.listen()
        with qtbot.waitSignal(srv.activated, timeout=30_000):
            second = _second_launch(key)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
        assert second.returncode == 0
        srv.close()
    finally:
        if os.path.exists(path):
            os.unlink(path)


def test_a_window_that_does_not_answer_is_given_up_on(qtbot: QtBot) -> None:
    """A listener that accepts and never answers (a hung window): the second launch stops
    waiting after its time and goes on as before (the lock and its message decide), and
    leaves that window its socket."""
    key = _key()
    path = os.path.join(QDir.tempPath(), key)
    mute = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mute.bind(path)
    mute.listen()
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(mute.accept()[0]), daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        assert ask_running_to_activate(key, answer_ms=300) is False
        assert time.monotonic() - started < 3
        thread.join(timeout=5)
        assert accepted and accepted[0].recv(64) == b"activate\n"
        srv = InstanceServer(key)  # the socket of a live window is not taken from it
        assert srv.listen() is False and os.path.exists(path)
        srv.close()
    finally:
        for conn in accepted:
            conn.close()
        mute.close()
        os.unlink(path)


def _wait_for_line(log: Path, text: str, proc: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(encoding="utf-8"):
            return
        assert proc.poll() is None, "the first window exited"
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not logged within {timeout} s")


@pytest.mark.slow
def test_two_launches_on_one_database(tmp_path: Path, ui_seeded: Seeded) -> None:
    """``main.py`` twice on the same database: the second exits 0 at once and says nothing;
    the first, still at its login, logs that it was brought to the front."""
    assert ui_seeded.db.path is not None
    url = sqlite_url(ui_seeded.db.path)
    data = tmp_path / "data"
    log = data / "logs" / "truongso.log"
    first = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", url],
        cwd=ROOT,
        env=_env(data),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        _wait_for_line(log, "listening for a second launch", first, 120)
        second = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", url],
            cwd=ROOT,
            env=_env(data),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert (second.returncode, second.stdout, second.stderr) == (0, "", "")
        _wait_for_line(log, "brought to the front by a second launch: LoginDialog", first, 30)
        assert first.poll() is None
    finally:
        first.terminate()
        first.wait(timeout=30)
