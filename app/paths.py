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
    """Per-user data folder; ``TRUONGSO_DATA_DIR`` overrides it (tests, portable installs)."""
    override = os.environ.get("TRUONGSO_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


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
