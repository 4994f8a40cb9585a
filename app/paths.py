"""The one place that resolves bundled resources and per-user data folders (STYLE rule 20)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "TruongSo"
APP_AUTHOR = "TruongSo"


def bundle_root() -> Path:
    """The folder holding ``resources/`` and ``migrations/``: the repo, or the PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    """Path of a bundled read-only resource, e.g. ``resource("fonts", "LiberationSerif-Regular.ttf")``."""
    return bundle_root().joinpath("resources", *parts)


def migrations_dir() -> Path:
    """Folder of the Alembic environment shipped with the app."""
    return bundle_root() / "migrations"


def data_dir() -> Path:
    """Per-user data folder; ``TRUONGSO_DATA_DIR`` overrides it (tests, portable installs).

    Owner-only (``owner_only``): the folder and everything the app writes are readable by
    this user alone."""
    override = os.environ.get("TRUONGSO_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    owner_only(path)
    return path


_secured: set[Path] = set()


def owner_only(folder: Path) -> None:
    """Make what this process creates owner-only from now on, and ``folder``'s content too.

    Children's records, restore points, logs and exports are nobody else's to read: on
    POSIX the process's umask becomes 077 (every file this process creates, SQLite's WAL
    and shared-memory files and the exports included, is 0600, every folder 0700), and
    what an earlier version left in ``folder`` with wider modes is narrowed, once per
    process. On Windows the data folder lies in the user's profile (``%LOCALAPPDATA%``),
    whose ACL already gives only that user (and administrators) access.
    """
    if os.name != "posix":
        return
    os.umask(0o077)
    if folder in _secured:
        return
    _secured.add(folder)
    for root, dirs, files in os.walk(folder):
        for name, mode in [(d, 0o700) for d in dirs] + [(f, 0o600) for f in files]:
            target = os.path.join(root, name)
            try:
                if not os.path.islink(target) and os.stat(target).st_mode & 0o077:
                    os.chmod(target, mode)
            except OSError:
                continue
    try:
        if os.stat(folder).st_mode & 0o077:
            os.chmod(folder, 0o700)
    except OSError:
        pass


def default_db_path() -> Path:
    """The embedded SQLite database used when no URL is configured."""
    return data_dir() / "truongso.sqlite"


def backups_dir() -> Path:
    """Where scheduled encrypted backups are written unless settings name another folder."""
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def restore_points_dir() -> Path:
    """Where restore points (plain online SQLite copies) are kept."""
    path = data_dir() / "restore-points"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    """Rotating log files."""
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def exports_dir() -> Path:
    """Default folder for files the user exports."""
    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path
