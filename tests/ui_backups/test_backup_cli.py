"""The command line runs the Sao lưu screen's services: backup-list says whether each backup
restores here, key export --sheet writes the printed sheet, restore --check-only replaces
nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from app.db import sqlite_url
from tests.conftest import PASSWORD
from tests.safety.conftest import run_cli


def _ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, done.stderr
    return done


def test_list_sheet_and_check_from_the_command_line(tmp_path: Path) -> None:
    """A school set up from the CLI is backed up; backup-list --json gives the backup as
    restorable and a stray file as unreadable; key export --sheet writes the key and its PDF;
    restore --check-only passes and leaves the database file as it was."""
    data = tmp_path / "may"
    db_file = data / "truongso.sqlite"
    url = sqlite_url(db_file)
    _ok(
        run_cli(
            data, "init", "--code", "THCS0001", "--name", "Trường THCS Kim Đồng",
            "--levels", "thcs", "--password", PASSWORD, "--db", url, keyring="memory",
        )
    )  # fmt: skip
    made = json.loads(_ok(run_cli(data, "backup", "--json", "--db", url, keyring="memory")).stdout)
    (data / "backups" / "la.tsbak").write_bytes(b"khong phai")
    listed = json.loads(
        _ok(run_cli(data, "backup-list", "--json", "--db", url, keyring="memory")).stdout
    )
    assert [(b["path"], b["state"]) for b in listed] == [
        (made["path"], "ready"),
        (str(data / "backups" / "la.tsbak"), "unreadable"),
    ]
    text = _ok(run_cli(data, "backup-list", "--db", url, keyring="memory")).stdout
    assert "Khôi phục được" in text and "Không đọc được" in text
    usb = tmp_path / "usb"
    usb.mkdir()
    done = _ok(
        run_cli(
            data, "key", "export", "--out", str(usb / "khoa.txt"), "--sheet",
            str(usb / "phieu.pdf"), "--json", "--db", url, keyring="memory",
        )
    )  # fmt: skip
    exported = json.loads(done.stdout)
    assert exported["sheet"] == str(usb / "phieu.pdf") and (usb / "phieu.pdf").stat().st_size
    stamp = db_file.stat().st_mtime_ns
    checked = _ok(
        run_cli(
            data, "restore", made["path"], "--check-only", "--db", url, keyring="memory"
        )
    )  # fmt: skip
    assert "qua được mọi kiểm tra; chưa thay dữ liệu nào" in checked.stdout
    assert db_file.stat().st_mtime_ns == stamp
    assert not (data / "restore-points").exists() or not list(
        (data / "restore-points").glob("*truoc-khoi-phuc*")
    )
