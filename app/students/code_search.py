"""Finding students by part of their code or Ministry code (``hs1``, ``260689``), on each
column's index rather than the whole table where the database allows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, or_, select, union
from sqlalchemy.orm import Session

from app.students.models import Student

# A code part needs this many characters: fewer would match most of the school.
CODE_PART_MIN = 3
# Above this many matching terms, a page is read along the sort index instead of by key
# (and counting a common part stops there).
COMMON_TERM = 3_000


def is_code_part(term: str) -> bool:
    """Whether a folded term may be part of a code: letters and digits, one digit at least."""
    return len(term) >= CODE_PART_MIN and term.isalnum() and any(ch.isdigit() for ch in term)


_CODE_COLUMNS = (Student.student_code, Student.ministry_code)
_ROWID: ColumnElement[Any] = literal_column("student.rowid")


def code_like(term: str, dialect: str) -> ColumnElement[bool]:
    """The student's code or Ministry code contains ``term``, in any case.

    LIKE ignores ASCII case on SQLite; PostgreSQL needs ILIKE.
    """
    pattern = f"%{term}%"
    if dialect == "sqlite":
        return or_(*(c.like(pattern) for c in _CODE_COLUMNS))
    return or_(*(c.ilike(pattern) for c in _CODE_COLUMNS))


def code_part_ids(term: str, dialect: str) -> Select[Any]:
    """Ids of the students whose code or Ministry code contains ``term``.

    On SQLite each column's own index is scanned, not the table, through the row
    ids those indexes hold.
    """
    if dialect != "sqlite":
        return select(Student.id).where(code_like(term, dialect))
    pattern = f"%{term}%"
    rows = union(*(select(_ROWID).where(c.like(pattern)) for c in _CODE_COLUMNS))
    return select(Student.id).where(_ROWID.in_(rows))


def code_part_count(term: str, dialect: str, session: Session) -> int:
    """How many codes and Ministry codes hold ``term``, counting each no further than
    ``COMMON_TERM`` (a part every code shares stops early)."""
    pattern = f"%{term}%"
    key = _ROWID if dialect == "sqlite" else Student.id
    total = 0
    for column in _CODE_COLUMNS:
        test = column.like(pattern) if dialect == "sqlite" else column.ilike(pattern)
        inner = select(key).where(test).limit(COMMON_TERM).subquery()
        total += int(session.scalar(select(func.count()).select_from(inner)) or 0)
    return total
