"""Integrity checks and warnings about where the database file sits."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from app import sqlite_files
from app.disk_space import disk_full, is_disk_full
from app.messages import MSG
from app.sqlite_files import readonly_uri

__all__ = ["CheckResult", "integrity_check", "location_warning", "quick_check", "readonly_uri"]

# Folder names (lower case) that cloud-sync clients create; matched per path component.
_CLOUD_PREFIXES = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "my drive",
    "icloud drive",
    "iclouddrive",
    "megasync",
    "pcloud",
    "pcloud drive",
    "yandex.disk",
    "nextcloud",
    "owncloud",
    "box sync",
    "syncthing",
    "sync.com",
)
_CLOUD_EXACT = {"box", "mega"}
_NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "sshfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.gvfsd-fuse",
    "davfs",
    "fuse.davfs2",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "lustre",
}


@dataclass(frozen=True)
class CheckResult:
    """Outcome of ``PRAGMA quick_check``: ok, or the first problems SQLite reports."""

    ok: bool
    detail: str = ""


def _pragma_check(path: Path, pragma: str, key: bytes | None = None) -> CheckResult:
    try:
        conn = sqlite_files.connect(path, readonly=True, key=key)
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite_files.DatabaseError as exc:
        if is_disk_full(exc, path):  # no room for SQLite's shared-memory file: not damage
            raise disk_full(path) from exc
        return CheckResult(False, str(exc))
    messages = [str(r[0]) for r in rows]
    if messages == ["ok"]:
        return CheckResult(True)
    return CheckResult(False, "; ".join(messages[:5]))


def quick_check(path: Path) -> CheckResult:
    """Run SQLite's quick_check on a file without changing it."""
    return _pragma_check(path, "quick_check")


def integrity_check(path: Path, key: bytes | None = None) -> CheckResult:
    """Run SQLite's full integrity_check (indexes too) on a file without changing it
    (``key``: a file encrypted with a key not named beside it, such as a backup's body)."""
    return _pragma_check(path, "integrity_check", key)


def _unescape_mount(field: str) -> str:
    """Mount points in /proc/mounts escape spaces and tabs as octal (``\\040``)."""
    return (
        field.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
    )


def _mount_type(path: Path) -> str:
    """File-system type of the mount holding ``path`` (Linux), or ''."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    best, fstype = "", ""
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, fstype = point, parts[2]
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


def _in_cloud_folder(path: Path) -> bool:
    """True when a folder on the way to ``path`` is a cloud-sync client's folder."""
    parts = [p.lower() for p in Path(path).resolve().parent.parts]
    if any(p in _CLOUD_EXACT or p.startswith(_CLOUD_PREFIXES) for p in parts):
        return True
    resolved = str(Path(path).resolve()).lower()
    for var in ("OneDrive", "OneDriveConsumer", "OneDriveCommercial"):
        root = os.environ.get(var)
        if root and resolved.startswith(str(Path(root).resolve()).lower()):
            return True
    return False


def location_warning(path: Path | None) -> str | None:
    """A warning when the database sits on a network share or in a cloud-sync folder."""
    if path is None:
        return None
    remote = _in_cloud_folder(path)
    if not remote:
        remote = (
            _windows_remote(path) if sys.platform == "win32" else _mount_type(path) in _NETWORK_FS
        )
    return MSG.db_on_network.format(path=path) if remote else None
