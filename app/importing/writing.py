"""The write step of every import: one transaction after a restore point, journalled with why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from app.db import Actor, Database
from app.progress import NullProgress, Progress, check_cancel
from app.safety import restore_points

T = TypeVar("T")


def journal_reason(label: str, reason: str | None) -> str:
    """The journal's reason for an import: "Nhập … từ tệp X", then the user's words if any."""
    said = (reason or "").strip()
    return f"{label}: {said}" if said else label


def write_after_restore_point(
    db: Database,
    actor: Actor | None,
    write: Callable[[Session], T],
    *,
    restore_label: str,
    why: str,
    progress: Progress | None = None,
) -> tuple[T, Path | None]:
    """Take a restore point, then run ``write`` in one unit of work journalled with ``why``.

    A cancel through ``progress`` before or after ``write`` rolls everything back;
    returns what ``write`` returned and the restore point's path (None when the
    database is not a local file).
    """
    progress = progress or NullProgress()
    check_cancel(progress)
    point = restore_points.take(db.path, restore_label)
    with db.uow(actor=actor, reason=why) as s:
        result = write(s)
        check_cancel(progress)
    return result, (point.path if point else None)
