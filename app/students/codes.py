"""Student codes: generated per school from a configurable pattern; unique, never reused, stable.

A counter row per school holds the last number handed out. It only moves
forward, so a code freed by a deleted record is never given to someone else,
and a code already taken (e.g. imported) is skipped.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.db import Actor
from app.errors import ValidationError
from app.messages.students import M
from app.permissions import Perm, require
from app.students.models import DEFAULT_CODE_PATTERN, Student, StudentCodeSequence
from app.students.validation import code_issue


def format_code(pattern: str, school: str, year_start: int, seq: int) -> str:
    """Fill a pattern: {school}, {year} (2025), {year2} (25) and {seq} (with a format spec)."""
    return pattern.format(school=school, year=year_start, year2=f"{year_start % 100:02d}", seq=seq)


def check_pattern(pattern: str) -> str:
    """The trimmed pattern, or ``ValidationError`` if it lacks {seq} or gives a bad code."""
    pattern = pattern.strip()
    try:
        sample = format_code(pattern, "THCS0001", 2025, 1)
        other = format_code(pattern, "THCS0001", 2025, 2)
    except (KeyError, ValueError, IndexError):
        raise ValidationError(M.code_pattern_bad.format(value=pattern)) from None
    if "{seq" not in pattern or sample == other or code_issue(sample) is not None:
        raise ValidationError(M.code_pattern_bad.format(value=pattern))
    return pattern


def _sequence(session: Session) -> StudentCodeSequence:
    """This school's counter row, locked for the rest of the transaction (created if missing)."""
    school = session.info.get("school_code", "")
    stmt = select(StudentCodeSequence).where(StudentCodeSequence.school_code == school)
    row = session.scalar(stmt.with_for_update())
    if row is None:
        row = StudentCodeSequence(school_code=school, pattern=DEFAULT_CODE_PATTERN, last_seq=0)
        session.add(row)
        session.flush()
    return row


def code_pattern(session: Session) -> str:
    """The pattern new codes follow."""
    school = session.info.get("school_code", "")
    stmt = select(StudentCodeSequence.pattern).where(StudentCodeSequence.school_code == school)
    return session.scalar(stmt) or DEFAULT_CODE_PATTERN


def set_code_pattern(session: Session, actor: Actor | None, pattern: str) -> str:
    """Change the pattern for codes generated from now on (existing codes never change)."""
    require(actor, Perm.EDIT_STUDENTS)
    pattern = check_pattern(pattern)
    row = _sequence(session)
    old, row.pattern = row.pattern, pattern
    journal.record_event(
        session,
        "student_code_sequence",
        row.school_code,
        "code_pattern",
        {"old": old, "new": pattern},
    )
    session.flush()
    return pattern


def next_codes(session: Session, count: int, year_start: int) -> list[str]:
    """Hand out ``count`` new codes, skipping any already in use; the counter moves past them."""
    if count <= 0:
        return []
    row = _sequence(session)
    school = row.school_code
    codes: list[str] = []
    seq = row.last_seq
    while len(codes) < count:
        need = min(count - len(codes), 5_000)
        batch = [
            (seq + i, format_code(row.pattern, school, year_start, seq + i))
            for i in range(1, need + 1)
        ]
        taken = set(
            session.scalars(
                select(Student.student_code).where(Student.student_code.in_([c for _, c in batch]))
            )
        )
        codes += [c for _, c in batch if c not in taken]
        seq = batch[-1][0]
    row.last_seq = seq
    session.flush()
    return codes
