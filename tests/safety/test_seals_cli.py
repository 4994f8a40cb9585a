"""The seals from the command line (issue 15 §1): ``check`` reports a re-chained journal, a cut
tail and a hand-edited account or grade; every command says at start when the journal was cut."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.db import sqlite_path, sqlite_url
from app.journal_schema import entry_hash
from tests.cli_runner import run_main


def _cli(*args: str):
    return run_main(args, env=dict(os.environ))


@pytest.fixture
def school(tmp_path: Path) -> tuple[str, Path]:
    """A school made by ``init`` and a second year, on this PC (its keyring has the key)."""
    url = sqlite_url(tmp_path / "cli.sqlite")
    res = _cli("init", "--db", url, "--code", "THCS0009", "--name", "Trường THCS Lê Lợi",
               "--levels", "thcs", "--province", "Thanh Hóa", "--password", "matkhau123",
               "--year", "2025-2026")  # fmt: skip
    assert res.returncode == 0, res.stderr
    path = sqlite_path(url)
    assert path is not None
    return url, path


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER IF EXISTS journal_entry_no_update")
        conn.execute("DROP TRIGGER IF EXISTS journal_entry_no_delete")
        for sql in statements:
            conn.execute(sql)
    conn.close()


def test_a_sound_school_checks_clean_with_its_seals(school: tuple[str, Path]) -> None:
    """Made and checked by commands of one PC: the seals and every row are reported good."""
    url, _ = school
    res = _cli("check", "--db", url)
    assert res.returncode == 0, res.stdout
    assert "✔ Dấu niêm phong khớp: nhật ký đến mục" in res.stdout
    assert "✔ Mọi dòng dữ liệu khớp với nhật ký" in res.stdout


def test_a_teacher_raised_to_administrator_by_hand_fails_check(school: tuple[str, Path]) -> None:
    """A role changed in a database browser: the account's seal and its journal both tell."""
    url, path = school
    assert _cli("users", "add", "--db", url, "gv.a", "--name", "Cô A", "--role", "teacher",
                "--password", "matkhau123").returncode == 0  # fmt: skip
    _sql(path, "UPDATE user_account SET role = 'admin' WHERE username = 'gv.a'")
    res = _cli("check", "--db", url)
    assert res.returncode == 1
    assert "✘ Tài khoản «gv.a» bị sửa trực tiếp trong CSDL" in res.stdout
    assert "«Vai trò» khác với giá trị nhật ký ghi lần cuối" in res.stdout


def test_a_rechained_journal_fails_check_and_a_cut_one_is_told_at_start(
    school: tuple[str, Path],
) -> None:
    """Re-chaining needs no key for the plain hashes, but the seals catch it; a cut tail with the
    head fixed up is announced by the next command, before it runs."""
    url, path = school
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM journal_entry ORDER BY seq")]
    conn.close()
    from datetime import datetime

    prev = rows[0]["prev_hash"]
    statements = []
    for row in rows:
        row["prev_hash"] = prev
        if row["seq"] == 2:
            row["reason"] = "sửa lén"
        row["at"] = datetime.fromisoformat(row["at"])
        prev = entry_hash(row)
        statements.append(
            f"UPDATE journal_entry SET reason = '{row['reason']}', prev_hash = '{row['prev_hash']}', "
            f"hash = '{prev}' WHERE seq = {row['seq']}"
        )
    statements.append(f"UPDATE journal_head SET hash = '{prev}'")
    _sql(path, *statements)
    assert _cli("journal", "verify", "--db", url).returncode == 0  # the plain chain is fooled
    res = _cli("check", "--db", url)
    assert res.returncode == 1
    assert "✘ Mục số 2 của nhật ký có dấu niêm phong không khớp" in res.stdout

    last = len(rows)
    _sql(path, f"DELETE FROM journal_entry WHERE seq = {last}",
         f"UPDATE journal_head SET seq = {last - 1}, hash = "
         f"(SELECT hash FROM journal_entry WHERE seq = {last - 1}), mac = NULL")  # fmt: skip
    res = _cli("users", "list", "--db", url)
    assert res.returncode == 0
    assert f"Máy này đã ghi nhật ký đến mục {last}, nhưng CSDL chỉ còn đến mục {last - 1}" in (
        res.stderr
    )
    assert "chạy Kiểm tra dữ liệu" in res.stderr
