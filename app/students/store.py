"""Shared write helpers: find students, database-level checks, search refresh, guardians from input."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from app import journal
from app.errors import NotFound, ValidationError
from app.messages.students import M
from app.students import rowmap
from app.students import validation as v
from app.students.inputs import GUARDIAN_FIELDS, StudentInput
from app.students.issues import OVERRIDABLE
from app.students.models import SEARCH_TERM_TABLE, Guardian, Student, StudentSearchTerm


def get_student(session: Session, student_id: uuid.UUID) -> Student:
    """The student with this id, or ``NotFound``."""
    student = session.get(Student, student_id)
    if student is None:
        raise NotFound(M.student_not_found.format(code=student_id))
    return student


def student_id_by_code(session: Session, code: str) -> uuid.UUID:
    """The id of the student with this code (case-insensitive on input), or ``NotFound``."""
    wanted = code.strip().upper()
    found = session.scalar(select(Student.id).where(Student.student_code == wanted))
    if found is None:
        found = session.scalar(select(Student.id).where(Student.student_code == code.strip()))
    if found is None:
        raise NotFound(M.student_not_found.format(code=code))
    return found


def raise_errors(issues: Sequence[v.Issue]) -> None:
    """``ValidationError`` listing every error issue, if any."""
    errors = [i.message for i in issues if i.is_error]
    if errors:
        raise ValidationError(" ".join(errors))


def require_reason_for(issues: Sequence[v.Issue], reason: str) -> None:
    """Overridable warnings (personal-ID disagreement) may be kept only with a reason."""
    needing = [i.message for i in issues if i.code in OVERRIDABLE]
    if needing and not reason.strip():
        raise ValidationError(M.warnings_need_reason.format(warnings=" ".join(needing)))


def db_issues(
    session: Session,
    value: StudentInput,
    exclude_id: uuid.UUID | None = None,
    *,
    candidates: bool = True,
) -> list[v.Issue]:
    """Checks needing the database: ID or code already used, and duplicate candidates."""
    out: list[v.Issue] = []
    if value.personal_id:
        row = session.execute(
            select(Student.id, Student.full_name, Student.student_code).where(
                Student.personal_id == value.personal_id
            )
        ).first()
        if row is not None and row.id != exclude_id:
            out.append(
                v.error(
                    "personal_id",
                    "pid_duplicate",
                    M.pid_duplicate,
                    value=value.personal_id,
                    other=row.full_name,
                    code=row.student_code,
                )
            )
    if value.student_code:
        other = session.scalar(select(Student.id).where(Student.student_code == value.student_code))
        if other is not None and other != exclude_id:
            out.append(v.error("student_code", "code_taken", M.code_taken, code=value.student_code))
    if candidates and value.full_name and value.date_of_birth and not value.personal_id:
        out += duplicate_candidates(session, value, exclude_id)
    return out


def duplicate_candidates(
    session: Session, value: StudentInput, exclude_id: uuid.UUID | None = None
) -> list[v.Issue]:
    """Warnings for students with the same name and date of birth (never merged automatically)."""
    stmt = select(Student.id, Student.full_name, Student.student_code).where(
        Student.full_name == value.full_name, Student.date_of_birth == value.date_of_birth
    )
    return [
        v.warning(
            "full_name",
            "duplicate_candidate",
            M.duplicate_candidate,
            other=r.full_name,
            code=r.student_code,
        )
        for r in session.execute(stmt)
        if r.id != exclude_id
    ]


def phones_of(session: Session, student: Student) -> list[str]:
    """The student's own phone and every guardian's phone."""
    stmt = select(Guardian.phone).where(Guardian.student_id == student.id)
    return [p for p in [student.phone, *session.scalars(stmt)] if p]


def write_student(
    session: Session, student: Student, cols: dict[str, Any], reason: str = ""
) -> bool:
    """Apply changed columns and the derived ones as one journalled update; True if anything changed."""
    changed = {k: val for k, val in cols.items() if getattr(student, k) != val}
    for key, val in changed.items():
        setattr(student, key, val)
    current = {c: getattr(student, c) for c in _DERIVED_INPUTS}
    for key, val in rowmap.derived(current).items():
        if getattr(student, key) != val:
            setattr(student, key, val)
    if changed and reason:
        journal.set_reason(session, student, reason)
    session.flush()
    return bool(changed)


_DERIVED_INPUTS = ("family_middle_name", "given_name", "full_name", "student_code", "personal_id")


def refresh_terms(session: Session, student: Student) -> None:
    """Rebuild the search terms of one student (name suffixes, code, ID, phones)."""
    phones = phones_of(session, student)
    session.execute(delete(StudentSearchTerm).where(StudentSearchTerm.student_id == student.id))
    terms = rowmap.search_terms(
        student.full_name, student.student_code, student.personal_id, phones, student.ministry_code
    )
    session.connection().execute(
        insert(SEARCH_TERM_TABLE),
        [{"term": t, "student_id": student.id} for t in sorted(terms)],
    )


def apply_guardians(
    session: Session, student: Student, value: StudentInput, reason: str = ""
) -> bool:
    """Create or update the father, mother and guardian named in the input; True if anything changed."""
    changed = False
    for relation, (name_field, phone_field) in GUARDIAN_FIELDS.items():
        name, phone = getattr(value, name_field), getattr(value, phone_field)
        if name is None and phone is None:
            continue
        existing = session.scalar(
            select(Guardian)
            .where(Guardian.student_id == student.id, Guardian.relation == relation)
            .order_by(Guardian.created_at)
            .limit(1)
        )
        if existing is None:
            if name:
                existing = Guardian(
                    id=uuid.uuid4(),
                    student_id=student.id,
                    relation=relation,
                    full_name=name,
                    phone=phone or "",
                    school_code=student.school_code,
                )
                session.add(existing)
                changed = True
                if reason:
                    journal.set_reason(session, existing, reason)
            continue
        touched = False
        if name and existing.full_name != name:
            existing.full_name, touched = name, True
        if phone is not None and existing.phone != phone:
            existing.phone, touched = phone, True
        if touched and reason:
            journal.set_reason(session, existing, reason)
        changed = changed or touched
    session.flush()
    return changed
