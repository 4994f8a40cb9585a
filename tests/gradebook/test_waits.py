"""A PC that hangs or stays busy while holding the writers' lock (issue 15 §7), real processes.

Before: no timeout at all, so a frozen PC in the middle of a save blocked every
writer of the school, silently and for ever. Now its session is ended after the
idle limit and the others go on; a writer that waits says so (``db_waits.on_wait``)
and, past ``lock_timeout``, gives up with a Vietnamese message and exit 1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from app import sqlite_files
from app.checks import check_record_histories
from app.db import Actor, Database, make_engine
from app.db_waits import PgTimeouts, WaitedTooLong, on_wait
from app.gradebook.entry import CellEdit, save_scores
from tests.cli_runner import ROOT
from tests.gradebook.conftest import GradeSchool
from tests.gradebook.race_worker import COLUMN, SEMESTER, Cell, Holder
from tests.gradebook.test_races import ANH, _cell

pytestmark = pytest.mark.slow  # real processes and real waits, a few seconds each
ON_POSTGRES = pytest.mark.parametrize("seeded", ["postgresql"], indirect=True)
DEFAULT_LOCK_WAIT_S = PgTimeouts().lock_wait_s


def _url(gs: GradeSchool) -> str:
    return gs.db.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def holder_of(gs: GradeSchool, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Start a PC that saved ``value`` into Lê Văn Anh's Toán TX1 and keeps its transaction."""
    made: list[Holder] = []

    def start(value: str, idle_limit: float) -> Holder:
        monkeypatch.setenv("TRUONGSO_PG_IDLE_TIMEOUT", str(idle_limit))
        cell = Cell(_url(gs), gs.class_id, gs.subjects["Toán"], gs.students[ANH])
        made.append(Holder(cell, gs.db.school_code, value))
        monkeypatch.delenv("TRUONGSO_PG_IDLE_TIMEOUT")
        return made[-1]

    yield start
    for h in made:
        h.close()


def _grades_set(
    gs: GradeSchool, value: str, **env: str
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """``python main.py grades set`` on the same cell in a real process: (seconds, result)."""
    args = ["grades", "set", "--student", gs.codes[ANH], "--subject", "Toán", "--semester",
            str(SEMESTER), "--kind", "TX", "--index", COLUMN[2:], "--value", value,
            "--db", _url(gs)]  # fmt: skip
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=90,  # the old code waited for ever here
    )
    return time.monotonic() - start, done


@ON_POSTGRES
def test_sessions_are_bounded(gs: GradeSchool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lock wait, statement time and keepalives on every session; the idle limit on writers."""

    def show(s: object, name: str) -> str:
        return str(s.execute(text(f"SHOW {name}")).scalar())  # type: ignore[attr-defined]

    with gs.db.read() as s:
        assert show(s, "lock_timeout") == "45s"
        assert show(s, "statement_timeout") == "5min"
        assert show(s, "tcp_keepalives_idle") == "10"
        assert show(s, "idle_in_transaction_session_timeout") == "0"  # readers hold no lock
    with gs.db.uow(actor=gs.admin) as s:
        assert show(s, "idle_in_transaction_session_timeout") == "0"
        edit = CellEdit(gs.students[ANH], COLUMN, "8")
        save_scores(s, gs.admin, gs.class_id, gs.subjects["Toán"], SEMESTER, [edit])
        assert show(s, "idle_in_transaction_session_timeout") == "30s"  # holds the head now
    monkeypatch.setenv("TRUONGSO_PG_LOCK_TIMEOUT", "2.5")
    other = Database(make_engine(_url(gs)))
    with other.read() as s:
        assert show(s, "lock_timeout") == "2500ms"
    other.dispose()


@ON_POSTGRES
def test_a_frozen_pc_is_cut_off_and_the_others_go_on(gs: GradeSchool, holder_of) -> None:  # type: ignore[no-untyped-def]
    """A PC frozen mid-save: after its idle limit the server ends it; the next save goes through."""
    frozen = holder_of("5", idle_limit=1.5)
    frozen.freeze()
    seconds, done = _grades_set(gs, "7")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # It waited for the frozen PC (over a second), and went through once the server cut it off,
    # well before the default lock wait would have run out (the process start included, on a
    # loaded machine).
    assert 1.0 < seconds < DEFAULT_LOCK_WAIT_S
    assert _cell(gs) == "7"
    outcome = frozen.release()  # it wakes up: its save was undone, and it is told so
    assert outcome.startswith("AppError: Máy này đã dừng quá 1,5 giây giữa lúc đang ghi"), outcome
    assert _cell(gs) == "7"
    assert check_record_histories(gs.db).ok


@ON_POSTGRES
def test_a_writer_that_waits_too_long_gives_up_clearly(gs: GradeSchool, holder_of) -> None:  # type: ignore[no-untyped-def]
    """Another PC busy past the lock wait: exit 1, one Vietnamese line, nothing written."""
    busy = holder_of("5", idle_limit=60)
    seconds, done = _grades_set(gs, "7", TRUONGSO_PG_LOCK_TIMEOUT="2")
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stderr.strip() == (
        "Lỗi: Máy khác đang ghi vào cơ sở dữ liệu chung và sau 2 giây vẫn chưa xong, nên thay đổi "
        "của bạn chưa được ghi. Hãy thử lại sau ít phút; nếu vẫn vậy, hãy xem máy kia có bị "
        "treo không."
    )
    assert seconds < DEFAULT_LOCK_WAIT_S  # the 2 s asked for, not the default wait
    assert busy.release() == "committed"
    assert _cell(gs) == "5"


@ON_POSTGRES
def test_a_waiting_write_says_so_and_goes_on(gs: GradeSchool, holder_of) -> None:  # type: ignore[no-untyped-def]
    """Waiting for another PC is announced (on_wait) and ends when it commits; old value chains."""
    busy = holder_of("5", idle_limit=60)
    heard: list[tuple[bool, float]] = []
    result: list[object] = []

    def write() -> None:
        with on_wait(lambda waiting: heard.append((waiting, time.monotonic()))):
            try:
                with gs.db.uow(actor=Actor.system("may-2")) as s:
                    edit = CellEdit(gs.students[ANH], COLUMN, "6")
                    saved = save_scores(
                        s, s.info["actor"], gs.class_id, gs.subjects["Toán"], SEMESTER, [edit]
                    )
                result.append((saved.inserted, saved.updated, saved.deleted, saved.unchanged))
            except Exception as exc:  # reported by the assertion below
                result.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(1.0)
    assert [w for w, _ in heard] == [True]  # waiting now, and said so
    released_at = time.monotonic()
    assert busy.release() == "committed"
    writer.join(timeout=20)
    assert not writer.is_alive()
    assert result == [(0, 1, 0, 0)]  # it saw the other PC's 5 and changed it
    assert [w for w, _ in heard] == [True, False] and heard[1][1] >= released_at - 0.1
    assert _cell(gs) == "6"
    assert check_record_histories(gs.db).ok


@pytest.mark.parametrize("seeded", ["sqlite"], indirect=True)
def test_sqlite_busy_is_a_clear_message(gs: GradeSchool) -> None:
    """SQLite: another process holding the file's write lock past the busy timeout: no bug."""
    assert gs.db.path is not None
    # Through the app's door (SQLCipher's SQLite): two SQLite libraries in one process do not
    # see each other's locks (decision 019), as another process would.
    other = sqlite_files.connect(gs.db.path)
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    try:
        start = time.monotonic()
        with pytest.raises(WaitedTooLong) as caught, gs.db.uow(actor=gs.admin) as s:
            edit = CellEdit(gs.students[ANH], COLUMN, "8")
            save_scores(s, gs.admin, gs.class_id, gs.subjects["Toán"], SEMESTER, [edit])
        assert time.monotonic() - start >= 9
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert caught.value.message.startswith("Tệp dữ liệu đang bận vì một thao tác khác chưa ghi")
    assert "10 giây" in caught.value.message


@ON_POSTGRES
def test_the_window_says_it_waits_for_another_pc(gs: GradeSchool, holder_of, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A save run by the window's background runner shows "Đang chờ máy khác…" in its
    progress dialog while another PC holds the database, then finishes."""
    from PySide6.QtWidgets import QWidget

    from app.messages.waits import WAITS_MSG
    from ui import ops

    busy = holder_of("5", idle_limit=60)
    widget = QWidget()
    qtbot.addWidget(widget)
    done: list[object] = []

    def job(_progress: object) -> object:
        with gs.db.uow(actor=Actor.system("may-3")) as s:
            edit = CellEdit(gs.students[ANH], COLUMN, "6")
            return save_scores(
                s, s.info["actor"], gs.class_id, gs.subjects["Toán"], SEMESTER, [edit]
            )

    op = ops.run(widget, job, done.append, label="Đang lưu điểm…")
    qtbot.waitUntil(
        lambda: op.dialog is not None and op.dialog.labelText() == WAITS_MSG.waiting, timeout=8000
    )
    assert busy.release() == "committed"
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    assert _cell(gs) == "6"
