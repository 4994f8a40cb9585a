"""Journalled row writes the grade-book services share: insert, update or delete by value.

A recorded value lives in one row per key (a cell, a rating, a nomination, a
re-test, a summer result); "no value" means no row. ``sync_values`` brings a
set of keys to the wanted values, ``put_value`` does it for one row; both
attach the written reason to every changed row, so the journal keeps it with
the old and new values, and flush. The rows passed in must have been read after
``app.write_lock.lock_for_write``: then no other PC changes them before this
commits, and the old values journalled are the ones replaced.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app import journal
from app.students.models import ClassGroup

Counts = tuple[int, int, int, int]
"""(inserted, updated, deleted, unchanged)."""
K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


def new_row(session: Session, model: Callable[..., R], **values: Any) -> R:
    """A new row of ``model`` with a fresh id and the session's school code (not added yet)."""
    return model(id=uuid.uuid4(), school_code=session.info.get("school_code", ""), **values)


def student_row(
    session: Session,
    model: Callable[..., R],
    group: ClassGroup,
    student_id: uuid.UUID,
    **values: Any,
) -> R:
    """A new row of a student's record in ``group``'s school year (not added yet)."""
    return new_row(
        session,
        model,
        student_id=student_id,
        class_id=group.id,
        school_year=group.school_year,
        **values,
    )


def sync_values(
    session: Session,
    existing: Mapping[K, R],
    wanted: Iterable[tuple[K, str | None]],
    make: Callable[[K, str], R],
    reason: str | None,
    *,
    field: str = "value",
    also: Mapping[str, Any] | None = None,
) -> Counts:
    """Make each key's row hold the wanted value in ``field``: insert (``make``), update or delete.

    ``existing`` maps keys to their rows now; a wanted None deletes the row.
    ``also`` is set on every updated row (e.g. the class a student is in now).
    """
    inserted = updated = deleted = same = 0
    for key, value in wanted:
        row = existing.get(key)
        if (getattr(row, field) if row is not None else None) == value:
            same += 1
            continue
        if row is None:
            assert value is not None
            row = make(key, value)
            session.add(row)
            inserted += 1
        elif value is None:
            session.delete(row)
            deleted += 1
        else:
            setattr(row, field, value)
            for name, extra in (also or {}).items():
                setattr(row, name, extra)
            updated += 1
        if reason:
            journal.set_reason(session, row, reason)
    session.flush()
    return inserted, updated, deleted, same


def put_value(
    session: Session,
    row: R | None,
    value: str | None,
    make: Callable[..., R],
    reason: str | None,
    *,
    field: str = "value",
    also: Mapping[str, Any] | None = None,
) -> bool:
    """``sync_values`` for one row (``make(field=value)`` builds a new one); True if changed."""
    counts = sync_values(
        session,
        {0: row} if row is not None else {},
        [(0, value)],
        lambda _key, text: make(**{field: text}),
        reason,
        field=field,
        also=also,
    )
    return counts[3] == 0
