"""The first window comes before the data layer, which loads behind it (issue 17 §7).

``ui.app.sign_in`` is run as ``run_gui`` runs it, offscreen, with a person's
clicks played by timers; the database is a real file, opened on the loader's
thread. A fresh process checks that nothing of the data layer was imported
when the first window showed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app import school
from app.db import Database, sqlite_url
from app.safety.lock import InstanceLock
from tests.cli_runner import ROOT
from tests.conftest import PASSWORD, Seeded
from ui.app import sign_in
from ui.first_run_wizard import FirstRunWizard
from ui.login_dialog import LoginDialog
from ui.startup import DataLoader


def _file(db: Database) -> Path:
    assert db.path is not None
    return db.path


@pytest.fixture
def loaders() -> Iterator[list[DataLoader]]:
    """Loaders made by a test, closed (thread joined, runtime released) after it."""
    made: list[DataLoader] = []
    yield made
    for loader in made:
        loader.close()


def _when_shown(qtbot: QtBot, kind: type, act: Callable[[object], None]) -> None:
    """Once a window of ``kind`` is on screen, ``act`` on it (from inside its event loop)."""

    def poll() -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if found:
            act(found[0])
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_the_login_shows_at_once_and_signs_in_once_the_database_is_open(
    qtbot: QtBot, ui_seeded: Seeded, loaders: list[DataLoader]
) -> None:
    """The login is the first window; when the loader has opened the file it shows the
    school's name; the credentials typed are checked against the opened database."""
    loader = DataLoader(sqlite_url(_file(ui_seeded.db)))
    loaders.append(loader)
    seen: dict[str, object] = {}

    def log_in(dialog: object) -> None:
        assert isinstance(dialog, LoginDialog)
        seen["before"] = dialog.school_label.text()
        qtbot.waitUntil(
            lambda: loader.done and dialog.school_label.text() != "Đang mở dữ liệu…",
            timeout=30_000,
        )
        seen["school"] = dialog.school_label.text()
        dialog.username_edit.setText("u_admin")
        dialog.password_edit.setText(PASSWORD)
        dialog.login_button.click()

    _when_shown(qtbot, LoginDialog, log_in)
    runtime, user = sign_in(loader)
    assert runtime is not None and user is not None
    try:
        assert user.username == "u_admin"
        with runtime.db.read() as s:
            profile = school.get_profile(s)
        assert profile is not None and seen["school"] == profile.name
        assert seen["before"] in ("Đang mở dữ liệu…", profile.name)
    finally:
        runtime.close()


def test_a_login_before_the_database_is_open_waits_for_it(
    qtbot: QtBot, ui_seeded: Seeded, loaders: list[DataLoader]
) -> None:
    """Clicking "Đăng nhập" at once waits for the loader, then signs in."""
    loader = DataLoader(sqlite_url(_file(ui_seeded.db)))
    loaders.append(loader)

    def log_in(dialog: object) -> None:
        assert isinstance(dialog, LoginDialog)
        dialog.username_edit.setText("u_teacher")
        dialog.password_edit.setText(PASSWORD)
        dialog.login_button.click()

    _when_shown(qtbot, LoginDialog, log_in)
    runtime, user = sign_in(loader)
    assert runtime is not None and user is not None and user.username == "u_teacher"
    runtime.close()


def test_the_lock_taken_on_the_loader_thread_is_released_on_close(
    ui_seeded: Seeded, loaders: list[DataLoader]
) -> None:
    """The instance lock the loader's thread took is the process's: closing on this thread
    frees it, and the next start finds no sign of a crash."""
    path = _file(ui_seeded.db)
    loader = DataLoader(sqlite_url(path))
    loaders.append(loader)
    runtime = loader.wait()
    assert runtime is not None and runtime.lock is not None and runtime.lock.held
    runtime.close()
    again = InstanceLock(path)
    again.acquire()
    assert not again.previous_crashed
    again.release()


def test_a_new_database_starts_with_the_wizard_while_it_is_created(
    qtbot: QtBot, tmp_path: Path, loaders: list[DataLoader]
) -> None:
    """No file yet: the first-run wizard is the first window; the file is created and
    migrated behind it; Hủy ends the start with the runtime open and no one signed in."""
    path = tmp_path / "moi.sqlite"
    loader = DataLoader(sqlite_url(path))
    loaders.append(loader)

    def cancel(wizard: object) -> None:
        assert isinstance(wizard, FirstRunWizard)
        qtbot.waitUntil(lambda: loader.done, timeout=60_000)
        wizard.reject()

    _when_shown(qtbot, FirstRunWizard, cancel)
    runtime, user = sign_in(loader)
    assert runtime is not None and user is None
    try:
        with runtime.db.read() as s:
            assert school.get_profile(s) is None
        assert path.exists()
    finally:
        runtime.close()


HOLD = """
import sys
from pathlib import Path
from app.safety.lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
sys.stdin.read()
"""


def test_a_database_another_process_holds_closes_the_login_and_names_it(
    qtbot: QtBot, ui_seeded: Seeded, loaders: list[DataLoader]
) -> None:
    """Another process holds the file's lock (and answers no second launch): the login
    closes and the message says which process has it open, as before; nothing signs in."""
    path = _file(ui_seeded.db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        loader = DataLoader(sqlite_url(path))
        loaders.append(loader)
        shown: list[str] = []

        def read_and_close(box: object) -> None:
            assert isinstance(box, QMessageBox)
            shown.append(box.text())
            box.buttons()[0].click()

        _when_shown(qtbot, QMessageBox, read_and_close)
        runtime, user = sign_in(loader)
        assert runtime is None and user is None
        assert len(shown) == 1 and f"tiến trình {holder.pid}" in shown[0]
        assert "đang được mở bởi một phiên khác" in shown[0]
        assert not [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, LoginDialog) and w.isVisible()
        ]
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.mark.slow
def test_the_first_window_shows_before_the_data_layer_is_imported(ui_seeded: Seeded) -> None:
    """``python main.py --db …`` in a fresh process: when the login is on screen (the startup
    probe reports it and closes it), SQLAlchemy has not been imported; the start then ends
    normally once the database has opened."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", sqlite_url(_file(ui_seeded.db))],
        cwd=ROOT,
        env={**os.environ, "TRUONGSO_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["data_layer_loaded"] is False
    assert probe["cpu"] > 0 and probe["shown_at"] > 0
