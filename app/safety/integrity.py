"""Integrity checks and warnings about where the database file sits."""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from app.messages import MSG

_CLOUD_MARKERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud", "mega", "pcloud")
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smbfs", "sshfs", "fuse.sshfs", "9p", "afs"}


@dataclass(frozen=True)
class CheckResult:
    """Outcome of ``PRAGMA quick_check``: ok, or the first problems SQLite reports."""

    ok: bool
    detail: str = ""


def quick_check(path: Path) -> CheckResult:
    """Run SQLite's quick_check on a file without changing it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return CheckResult(False, str(exc))
    messages = [str(r[0]) for r in rows]
    if messages == ["ok"]:
        return CheckResult(True)
    return CheckResult(False, "; ".join(messages[:5]))


def _mount_type(path: Path) -> str:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    best, fstype = "", ""
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and target.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype


def _windows_remote(path: Path) -> bool:
    if str(path).startswith("\\\\"):
        return True
    try:
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return False


def location_warning(path: Path | None) -> str | None:
    """A warning when the database sits on a network share or in a cloud-sync folder."""
    if path is None:
        return None
    text = str(path).lower()
    remote = any(m in text for m in _CLOUD_MARKERS)
    if not remote:
        remote = (
            _windows_remote(path) if sys.platform == "win32" else _mount_type(path) in _NETWORK_FS
        )
    return MSG.db_on_network.format(path=path) if remote else None
