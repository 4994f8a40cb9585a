"""The CLI as a user runs it: backup, key export, a new PC with key import/--key-file, restore."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.db import sqlite_url
from tests.conftest import PASSWORD
from tests.safety.conftest import run_cli, start_worker, wait_for_line


def _ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, done.stderr
    return done


def _one_line_error(done: subprocess.CompletedProcess[str], start: str) -> None:
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: " + start), done.stderr


def _usernames(data: Path, url: str) -> set[str]:
    done = _ok(run_cli(data, "users", "list", "--json", "--db", url, keyring="memory"))
    return {u["username"] for u in json.loads(done.stdout)}


@pytest.fixture(scope="module")
def _old_pc_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: a school set up from the CLI, backed up, its key exported (file keyring)."""
    root = tmp_path_factory.mktemp("old-pc")
    data = root / "may-cu"
    url = sqlite_url(data / "truongso.sqlite")
    _ok(
        run_cli(
            data,
            "init",
            "--code",
            "THCS0001",
            "--name",
            "Trường THCS Kim Đồng",
            "--levels",
            "thcs",
            "--password",
            PASSWORD,
            "--db",
            url,
        )
    )
    done = _ok(run_cli(data, "backup", "--json", "--db", url))
    assert Path(json.loads(done.stdout)["path"]).parent == data / "backups"
    assert "Máy này không có kho khóa bí mật" in done.stderr  # the fallback is announced
    key = root / "usb" / "khoa-sao-luu.txt"
    key.parent.mkdir()
    done = _ok(run_cli(data, "key", "export", "--out", str(key), "--db", url))
    assert "cất trong tủ của Hiệu trưởng" in done.stdout and key.exists()
    return root


@pytest.fixture
def old_pc(_old_pc_template: Path, tmp_path: Path) -> tuple[Path, str, Path, Path]:
    """A private copy of the old PC: data folder, database URL, backup file, key file."""
    root = tmp_path / "old-pc"
    shutil.copytree(_old_pc_template, root)
    data = root / "may-cu"
    backup = next((data / "backups").glob("*.tsbak"))
    return data, sqlite_url(data / "truongso.sqlite"), backup, root / "usb" / "khoa-sao-luu.txt"


def test_backup_list_shows_the_backup(old_pc: tuple[Path, str, Path, Path]) -> None:
    """backup-list --json reads the header: school code and size."""
    data, url, backup, _ = old_pc
    listed = json.loads(_ok(run_cli(data, "backup-list", "--json", "--db", url)).stdout)
    assert [(b["path"], b["school_code"]) for b in listed] == [(str(backup), "THCS0001")]


def test_new_pc_restores_with_key_file_and_with_imported_key(
    old_pc: tuple[Path, str, Path, Path], tmp_path: Path
) -> None:
    """A fresh data folder restores with --key-file, or after `key import`, and passes `check`."""
    _, _, backup, key = old_pc
    new = tmp_path / "may-moi"
    url = sqlite_url(new / "truongso.sqlite")
    done = _ok(
        run_cli(
            new,
            "restore",
            str(backup),
            "--key-file",
            str(key),
            "--json",
            "--db",
            url,
            keyring="memory",
        )
    )
    info = json.loads(done.stdout)
    assert info["school_code"] == "THCS0001" and info["kept"] is None
    assert "admin" in _usernames(new, url)
    _ok(run_cli(new, "check", "--db", url, keyring="memory"))

    third = tmp_path / "may-thu-ba"
    done = _ok(run_cli(third, "key", "import", str(key)))
    assert "THCS0001" in done.stdout
    url3 = sqlite_url(third / "truongso.sqlite")
    _ok(run_cli(third, "restore", str(backup), "--db", url3))
    assert "admin" in _usernames(third, url3)


def test_restore_over_changed_data_keeps_the_replaced_database(
    old_pc: tuple[Path, str, Path, Path],
) -> None:
    """Restore on the same PC undoes later changes and names the restore point it kept."""
    data, url, backup, _ = old_pc
    _ok(
        run_cli(
            data,
            "users",
            "add",
            "thu.ky",
            "--name",
            "Nguyễn Thị Thư",
            "--role",
            "secretary",
            "--password",
            PASSWORD,
            "--db",
            url,
        )
    )
    assert "thu.ky" in _usernames(data, url)
    info = json.loads(_ok(run_cli(data, "restore", str(backup), "--json", "--db", url)).stdout)
    assert "thu.ky" not in _usernames(data, url)
    kept = Path(info["kept"])
    assert kept.exists() and "thu.ky" in _usernames(data, sqlite_url(kept))


def test_failures_are_one_vietnamese_line_and_exit_1(
    old_pc: tuple[Path, str, Path, Path], tmp_path: Path
) -> None:
    """No key on a new PC, a missing file, a bad key file: exit 1, one line starting "Lỗi:"."""
    _, _, backup, key = old_pc
    empty = tmp_path / "may-trong"
    url = sqlite_url(empty / "truongso.sqlite")
    _one_line_error(
        run_cli(empty, "restore", str(backup), "--db", url, keyring="memory"), "Chưa có khóa"
    )
    assert not (empty / "truongso.sqlite").exists()
    missing = tmp_path / "khong-co.tsbak"
    _one_line_error(
        run_cli(empty, "restore", str(missing), "--db", url, keyring="memory"), "Không tìm thấy"
    )
    bad = tmp_path / "sai.txt"
    bad.write_text(
        key.read_text(encoding="utf-8").replace("(key): ", "(key): 00"), encoding="utf-8"
    )
    _one_line_error(run_cli(empty, "key", "import", str(bad), keyring="memory"), "Tệp khóa sao lưu")
    _one_line_error(
        run_cli(empty, "backup", "--db", sqlite_url(tmp_path / "go-nham.sqlite"), keyring="memory"),
        "",
    )
    assert not (tmp_path / "go-nham.sqlite").exists()


def test_restore_is_refused_while_the_app_has_the_database_open(
    old_pc: tuple[Path, str, Path, Path], tmp_path: Path
) -> None:
    """A running instance (holding the lock) blocks `restore`; the file is not replaced."""
    data, url, backup, _ = old_pc
    db_file = data / "truongso.sqlite"
    before = db_file.read_bytes()
    proc = start_worker("hold", url, tmp_path / "app-data")
    try:
        wait_for_line(proc, "HOLDING")
        _one_line_error(run_cli(data, "restore", str(backup), "--db", url), "Cơ sở dữ liệu")
    finally:
        proc.communicate(input="", timeout=30)
    assert db_file.read_bytes() == before
