"""``python main.py`` in a real process: a few smoke tests, and the in-process runner matches it.

The other CLI tests call the entry function in the test process
(``tests.cli_runner.run_main``); these start the interpreter as a user does, so
start-up, exit codes and what reaches the terminal are checked for real.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.db import sqlite_url
from tests.cli_runner import ROOT, run_main
from tests.conftest import PASSWORD

pytestmark = pytest.mark.slow  # each case starts Python, about 1–2 s


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TRUONGSO_PASSWORD", None)
    return env


def in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``python main.py *args`` through ``run_main``."""
    return run_main(args, env=_env())


def real_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``python main.py *args`` in a new interpreter, stdin closed."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        env=_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


def _same(args: list[str]) -> subprocess.CompletedProcess[str]:
    real, here = real_process(*args), in_process(*args)
    assert here.returncode == real.returncode
    assert (here.stdout, here.stderr) == (real.stdout, real.stderr)
    return real


def test_help_in_a_real_process() -> None:
    """``--help`` starts, prints Vietnamese help and exits 0; the runner prints the same."""
    done = _same(["--help"])
    assert done.returncode == 0 and done.stdout.startswith("Cách dùng: truongso")


@pytest.mark.parametrize(
    ("args", "code"),
    [(["khong-co-lenh"], 2), (["users", "list", "--db", "MISSING"], 1)],
    ids=["unknown-command", "missing-database"],
)
def test_error_exits_in_a_real_process(args: list[str], code: int, tmp_path: Path) -> None:
    """Wrong usage exits 2 and an expected error 1, one line on stderr; the runner agrees."""
    args = [sqlite_url(tmp_path / "khong-co.sqlite") if a == "MISSING" else a for a in args]
    done = _same(args)
    assert done.returncode == code and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("Lỗi: ")


def test_a_command_in_a_real_process(tmp_path: Path) -> None:
    """``init`` then ``users list --json`` in real processes; the runner reads the same list."""
    url = sqlite_url(tmp_path / "truong.sqlite")
    init = real_process(
        "init",
        "--db",
        url,
        "--code",
        "THCS0003",
        "--name",
        "Trường THCS Lê Lợi",
        "--levels",
        "thcs",
        "--province",
        "Thanh Hóa",
        "--password",
        PASSWORD,
        "--year",
        "2025-2026",
    )
    assert init.returncode == 0, init.stderr
    done = _same(["users", "list", "--db", url, "--json"])
    assert [u["username"] for u in json.loads(done.stdout)] == ["admin"]
