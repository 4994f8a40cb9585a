"""Machine-local settings kept as a small JSON file in the data folder.

School-wide settings that must travel with the data live in the database
(``app.school``); this file holds what belongs to one PC: which database to
open, where backups go and how soon the screen locks.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from app import paths
from app.changes import SETTINGS, Changes


@dataclass
class Settings:
    """Per-PC settings; unknown keys in the file are ignored, missing ones take defaults."""

    db_url: str = ""
    backup_dir: str = ""
    idle_lock_minutes: int = 15
    backup_every_hours: int = 24
    extra: dict[str, str] = field(default_factory=dict)

    def effective_backup_dir(self) -> Path:
        """The folder backups go to: the configured one or the default."""
        if self.backup_dir:
            path = Path(self.backup_dir)
            path.mkdir(parents=True, exist_ok=True)
            return path
        return paths.backups_dir()


def settings_path() -> Path:
    """Location of the settings file."""
    return paths.data_dir() / "settings.json"


def load() -> Settings:
    """Read settings, falling back to defaults for a missing or unreadable file."""
    path = settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in raw.items() if k in known})


def save(settings: Settings) -> Changes:
    """Write settings atomically so a crash never leaves a half-written file."""
    path = settings_path()
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return Changes.of(SETTINGS)
