"""The schema's text lengths, enforced before anything reaches the database.

SQLite stores a 40,000-character name in a column declared 120 long, and
PostgreSQL refuses it with an error the user cannot read. The student import
and the student form check their own fields with the row and column named
(``app.students.validation.TEXT_LIMITS``); this is the rule for everything
else — an account's name, the school profile, a class, a comment — and the
backstop for them all: before each flush, every text column of a new or
changed record is compared with its declared length, and an over-long value
stops the whole unit of work with a Vietnamese message naming the field, the
limit and the start of the value. Nothing is written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from app import labels
from app.errors import ValidationError
from app.messages.students import M

_SHOWN = 30  # characters of the value quoted in the message


def too_long(obj: Any) -> ValidationError | None:
    """The error for ``obj``'s first text value longer than its column allows, if any."""
    mapper = inspect(obj).mapper
    table = str(getattr(mapper.local_table, "name", ""))
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        length = getattr(column.type, "length", None)
        if not length or not isinstance(column.type, String):
            continue
        value = getattr(obj, attr.key, None)
        if isinstance(value, str) and len(value) > length:
            shown = value[:_SHOWN] + "…" if len(value) > _SHOWN else value
            field = labels.field_label(attr.key, table)
            return ValidationError(M.too_long.format(field=field, n=length, value=shown))
    return None


@event.listens_for(Session, "before_flush")
def _within_lengths(session: Session, _context: object, _instances: object) -> None:
    for obj in (*session.new, *session.dirty):
        if (error := too_long(obj)) is not None:
            raise error
