"""The command line as a user runs it: ``python main.py ...``, through its entry function.

Commands run in this process (``tests.cli_runner``); ``tests/test_cli_process.py``
checks the same things in a real process.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.db import sqlite_path, sqlite_url
from app.safety.lock import InstanceLock
from tests.cli_runner import run_main

PASSWORD = "matkhau123"
ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "error:", "Traceback")


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python main.py *args`` with the test's data folder; never waits for a terminal."""
    full_env = dict(os.environ)
    full_env.pop("TRUONGSO_PASSWORD", None)
    full_env.update(env or {})
    return run_main(args, env=full_env)


def ok(*args: str) -> str:
    """Run a command that must succeed; return its stdout."""
    res = cli(*args)
    assert res.returncode == 0, res.stderr
    return res.stdout


def data(*args: str) -> Any:
    """Run a command with ``--json`` and parse what it prints."""
    return json.loads(ok(*args, "--json"))


def one_line_error(res: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """Assert the failure shape: exit code, one Vietnamese line on stderr, no traceback."""
    assert res.returncode == code, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("Lỗi: ")
    assert not any(word in res.stderr for word in ENGLISH)
    return lines[0]


def init(url: str) -> None:
    """``init`` a test school at ``url``."""
    ok(
        "init",
        "--db",
        url,
        "--code",
        "THCS0002",
        "--name",
        "Trường THCS Chu Văn An",
        "--levels",
        "thcs",
        "--province",
        "Thanh Hóa",
        "--password",
        PASSWORD,
        "--year",
        "2025-2026",
    )


@pytest.fixture
def school_url(tmp_path: Path) -> str:
    """An SQLite file initialised through ``main.py init``."""
    url = sqlite_url(tmp_path / "cli.sqlite")
    init(url)
    return url


# ---------------------------------------------------------------- help


@pytest.mark.parametrize("args", [["--help"], ["users", "add", "--help"], ["journal", "-h"]])
def test_help_is_vietnamese(args: list[str]) -> None:
    """Help, including argparse's own headings, is Vietnamese."""
    out = ok(*args)
    assert out.startswith("Cách dùng: truongso")
    assert "tùy chọn:" in out and "hiện hướng dẫn này rồi thoát" in out
    assert not any(word in out for word in ENGLISH)


def test_help_lists_every_command() -> None:
    """The top-level help names the core commands with Vietnamese descriptions."""
    out = ok("--help")
    for command in ("init", "demo", "check", "journal", "users"):
        assert f"    {command} " in out
    assert "kiểm tra toàn vẹn CSDL" in out


def test_wrong_usage_is_one_vietnamese_line() -> None:
    """An unknown command or a missing argument: exit code 2 and one line pointing to --help."""
    line = one_line_error(cli("khong-co-lenh"), code=2)
    assert "khong-co-lenh" in line and "truongso --help" in line
    line = one_line_error(cli("users", "add"), code=2)
    assert "thiếu tham số bắt buộc" in line and "--name" in line


# ---------------------------------------------------------------- commands end to end


def test_init_users_and_journal_on_each_backend(db_url: str) -> None:
    """init, users add/list/passwd and the journal work with ``--db`` on SQLite and PostgreSQL."""
    init(db_url)
    added = data(
        "users",
        "add",
        "co.lan",
        "--db",
        db_url,
        "--name",
        "Nguyễn Thị Lan",
        "--role",
        "teacher",
        "--password",
        "giaovien123",
    )
    assert added == {"username": "co.lan", "role": "teacher"}
    users = {u["username"]: u for u in data("users", "list", "--db", db_url)}
    assert set(users) == {"admin", "co.lan"}
    assert users["co.lan"]["full_name"] == "Nguyễn Thị Lan"
    assert "Nguyễn Thị Lan" in ok("users", "list", "--db", db_url)
    ok("users", "passwd", "co.lan", "--db", db_url, "--password", "moi456789")
    entries = data("journal", "list", "--db", db_url, "--user", "cli")
    assert {e["entity_type"] for e in entries} == {"user_account"}
    assert any(e["reason"] == "Quản trị viên đặt lại mật khẩu" for e in entries)
    verified = data("journal", "verify", "--db", db_url)
    assert verified["ok"] and verified["broken_at"] is None and verified["count"] >= 5


def test_password_can_come_from_the_environment(school_url: str) -> None:
    """TRUONGSO_PASSWORD is used when --password is absent (no prompt in scripts)."""
    res = cli(
        "users",
        "add",
        "thu.ky",
        "--db",
        school_url,
        "--name",
        "Lê Văn Ký",
        "--role",
        "secretary",
        env={"TRUONGSO_PASSWORD": "thuky2025"},
    )
    assert res.returncode == 0, res.stderr
    assert "Đã tạo tài khoản thu.ky" in res.stdout


@pytest.mark.slow
def test_demo_creates_the_demo_school(tmp_path: Path) -> None:
    """``demo`` makes the demo school with one account per role and the documented password."""
    url = sqlite_url(tmp_path / "demo.sqlite")
    out = data("demo", "--db", url, "--students", "20")
    assert out["school"] == "79000701"
    assert {"admin", "hieutruong", "giaovu", "gv.toan"} <= set(out["users"])
    roles = {u["role"] for u in data("users", "list", "--db", url)}
    assert roles == {
        "admin",
        "principal",
        "secretary",
        "teacher",
        "it_coordinator",
        "equipment_officer",
    }


def test_check_passes_on_a_sound_database(school_url: str) -> None:
    """``check`` runs quick_check, the journal chain and later modules' checks; all pass."""
    results = data("check", "--db", school_url)
    assert [r["check"] for r in results][:2] == ["csdl", "nhat_ky"]
    assert all(r["ok"] for r in results), results
    assert "✔" in ok("check", "--db", school_url)


def test_tampering_is_reported_with_the_entry_number(school_url: str) -> None:
    """Editing a journal row with sqlite3 makes verify and check fail, naming that entry."""
    path = sqlite_path(school_url)
    assert path is not None
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER journal_entry_no_update")  # as whoever edits the file would
        conn.execute("UPDATE journal_entry SET reason = 'sửa lén' WHERE seq = 2")
    conn.close()
    res = cli("journal", "verify", "--db", school_url)
    assert res.returncode == 1
    assert "mục số 2" in res.stdout
    assert data_or_fail("journal", "verify", "--db", school_url)["broken_at"] == 2
    res = cli("check", "--db", school_url)
    assert res.returncode == 1
    assert "✘ Nhật ký bị sửa đổi ngoài ứng dụng tại mục số 2" in res.stdout


def data_or_fail(*args: str) -> Any:
    """Parse ``--json`` output of a command that is expected to exit 1."""
    res = cli(*args, "--json")
    assert res.returncode == 1, res.stderr
    return json.loads(res.stdout)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            [
                "users",
                "add",
                "Cô Lan",
                "--name",
                "Lan",
                "--role",
                "teacher",
                "--password",
                "abc12345",
            ],
            "Tên đăng nhập chỉ gồm",
        ),
        (
            ["users", "add", "co.lan", "--name", "Lan", "--role", "teacher", "--password", "ngan1"],
            "Mật khẩu phải có ít nhất 8 ký tự",
        ),
        (
            ["users", "add", "admin", "--name", "A", "--role", "admin", "--password", "abc12345"],
            "Tên đăng nhập admin đã tồn tại",
        ),
        (
            ["users", "passwd", "khong.co", "--password", "abc12345"],
            "Không tìm thấy tài khoản khong.co",
        ),
        (["users", "add", "co.lan", "--name", "Lan", "--role", "teacher"], "Thiếu mật khẩu"),
    ],
    ids=["bad-username", "weak-password", "duplicate", "unknown-user", "no-password-no-terminal"],
)
def test_bad_input_is_one_vietnamese_line_and_exit_1(
    school_url: str, args: list[str], expected: str
) -> None:
    """Refused input gives exit code 1 and one line saying what is wrong; nothing is written."""
    before = journal_rows(school_url)
    line = one_line_error(cli(*args, "--db", school_url))
    assert expected in line
    assert journal_rows(school_url) == before


def journal_rows(url: str) -> int:
    """How many journal entries the SQLite file holds, read with sqlite3 directly."""
    conn = sqlite3.connect(f"file:{sqlite_path(url)}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM journal_entry").fetchone()[0])
    finally:
        conn.close()


def test_init_twice_is_refused(school_url: str) -> None:
    """A database that already has a school cannot be initialised again."""
    res = cli(
        "init",
        "--db",
        school_url,
        "--code",
        "KHAC01",
        "--name",
        "Khác",
        "--levels",
        "thpt",
        "--password",
        PASSWORD,
    )
    assert "đã có hồ sơ trường THCS0002" in one_line_error(res)


def test_a_missing_database_file_is_not_created(tmp_path: Path) -> None:
    """A mistyped --db for a read command is an error, not a new empty database."""
    missing = tmp_path / "go-nham.sqlite"
    line = one_line_error(cli("users", "list", "--db", sqlite_url(missing)))
    assert "Không tìm thấy tệp CSDL" in line and str(missing) in line
    assert not missing.exists()


def test_a_database_in_use_is_refused(school_url: str) -> None:
    """While another process holds the database, a writing command refuses and names it."""
    path = sqlite_path(school_url)
    assert path is not None
    with InstanceLock(path):
        res = cli(
            "users",
            "add",
            "co.lan",
            "--db",
            school_url,
            "--name",
            "Lan",
            "--role",
            "teacher",
            "--password",
            "giaovien123",
        )
    assert "đang được mở bởi một phiên khác" in one_line_error(res)


# ---------------------------------------------------------------- the contract for every module


def _leaf_commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[str, argparse.ArgumentParser]]:
    """Every runnable command (a parser with a ``func``), found through the sub-parsers."""
    found = []
    if parser.get_default("func") is not None:
        found.append((" ".join(path), parser))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _leaf_commands(sub, (*path, name))
    return found


def test_every_command_takes_db_and_has_vietnamese_help() -> None:
    """Each command of every registered module accepts --db and prints Vietnamese help."""
    from app import cli

    commands = _leaf_commands(cli.build_parser())
    assert {"init", "demo", "check", "journal verify", "users passwd"} <= {c for c, _ in commands}
    for name, parser in commands:
        options = {o for a in parser._actions for o in a.option_strings}
        assert "--db" in options, f"{name} has no --db"
        assert "Cách dùng: truongso" in parser.format_help(), name


PIPE_SCRIPT = """
import argparse, sys
from app.cli import run

def spill(args, ctx):
    for i in range(200_000):
        print(f"dòng {i} " + "x" * 60)
    return 0

sys.exit(run(argparse.Namespace(func=spill)))
"""


def test_output_cut_short_by_a_closed_pipe_is_not_an_error() -> None:
    """`… | head` closing the pipe ends the command quietly with 0, not "Lỗi không mong muốn"."""
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [sys.executable, "-c", PIPE_SCRIPT],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().decode("utf-8")
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0
    assert first.startswith("dòng 0")
    assert "Lỗi" not in err and "BrokenPipe" not in err
