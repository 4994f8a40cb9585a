"""What the Đồng bộ panel's buttons and the schedule do (issue 10 §2, §3, §5): make packages
now, make then copy them to a USB stick or folder, take the hub's receipts back. Each wraps
the school's side (``app.sync.school_side``) and returns what it did with its ``Changes``, so
the window's runner announces them and the panel and the home page refresh.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from app.changes import Changes
from app.db import Actor, Database
from app.messages.sync_ui import SYNC_UI_MSG as M
from app.progress import NullProgress, Progress
from app.sync import school_side
from app.sync.queue_view import OUTBOX


def _outbox_changes() -> Changes:
    return Changes.of(OUTBOX)


@dataclass(frozen=True)
class Made:
    """Packages just made (none when the journal had nothing new)."""

    packages: tuple[uuid.UUID, ...]
    changes: Changes = field(default_factory=_outbox_changes)

    @property
    def text(self) -> str:
        if not self.packages:
            return M.made_none
        return M.made_some.format(count=len(self.packages))


def make_now(db: Database, actor: Actor | None, progress: Progress | None = None) -> Made:
    """Package what the journal has that no package holds yet ("Gửi ngay"). Part 1 has no
    network: the packages wait in the queue for a USB export (or, later, the network)."""
    return Made(tuple(school_side.make_packages(db, actor, progress=progress)))


@dataclass(frozen=True)
class Exported:
    """A USB export: the packages made first, then every file copied, and where."""

    made: tuple[uuid.UUID, ...]
    folder: Path
    files: tuple[str, ...]
    missing: tuple[tuple[str, str], ...] = ()
    changes: Changes = field(default_factory=_outbox_changes)

    @property
    def text(self) -> str:
        text = (
            M.exported.format(count=len(self.files), folder=self.folder)
            if self.files
            else M.exported_none
        )
        return "\n".join([text, *(f"{name}: {why}" for name, why in self.missing)])


def export_usb(
    db: Database, actor: Actor | None, root: Path, progress: Progress | None = None
) -> Exported:
    """Make what is new, then copy every package not yet confirmed under ``root``."""
    progress = progress or NullProgress()
    made = school_side.make_packages(db, actor, progress=progress)
    result = school_side.export_to(db, actor, root, progress=progress)
    return Exported(tuple(made), result.folder, tuple(result.files), tuple(result.missing))


@dataclass(frozen=True)
class Taken:
    """Receipts read from a USB stick or folder: package id → the hub's status, and each file
    that could not be used with why."""

    applied: dict[str, str]
    refused: tuple[tuple[str, str], ...]
    changes: Changes = field(default_factory=_outbox_changes)


def take_receipts(db: Database, actor: Actor | None, root: Path) -> Taken:
    """Verify and apply every receipt in ``root/TruongSo/bienNhan``."""
    result = school_side.import_receipts(db, actor, root)
    return Taken(dict(result.applied), tuple(result.refused))
