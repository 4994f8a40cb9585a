"""Create and update student records (form path: one student at a time, ORM, journalled)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Actor
from app.errors import ValidationError
from app.messages.students import M
from app.permissions import Perm, require
from app.students import access, classes, codes, rowmap, store
from app.students import validation as v
from app.students.changes import STUDENT_CHANGES
from app.students.check import validate_input
from app.students.inputs import IDENTITY_FIELDS, StudentInput, label
from app.students.issues import OVERRIDABLE
from app.students.models import Student
from app.students.rowmap import COLUMN_FIELD, given_columns


@dataclass(frozen=True)
class SavedStudent:
    """What a create or update did: the student, whether anything changed, and warnings kept."""

    id: uuid.UUID
    student_code: str
    changed: bool
    warnings: tuple[v.Issue, ...] = ()

    @property
    def changes(self) -> Changes:
        """What the save changed (the student's record and what hangs on it), or nothing."""
        return STUDENT_CHANGES if self.changed else Changes()


def create_student(
    session: Session,
    actor: Actor | None,
    data: StudentInput,
    *,
    year: str | None = None,
    reason: str = "",
    on: date | None = None,
) -> SavedStudent:
    """Add a student (code generated when not given) and enrol them in ``data.class_name``.

    Errors raise ``ValidationError``; a personal ID that disagrees with the
    birth date or sex is kept only with a ``reason``, which is journalled.
    """
    require(actor, Perm.EDIT_STUDENTS)
    year = access.year_name(session, year)
    checked = validate_input(data, year_start=access.year_start(year))
    value = checked.value
    issues = list(checked.issues) + store.db_issues(session, value)
    group = classes.class_by_name(session, value.class_name, year) if value.class_name else None
    store.raise_errors(issues)
    store.require_reason_for(issues, reason)
    code = value.student_code or codes.next_codes(session, 1, access.year_start(year))[0]
    cols = given_columns(value) | {"student_code": code}
    cols |= rowmap.derived(cols)
    student = Student(id=uuid.uuid4(), school_code=session.info.get("school_code", ""), **cols)
    session.add(student)
    if reason:
        journal.set_reason(session, student, reason)
    session.flush()
    store.apply_guardians(session, student, value, reason)
    store.refresh_terms(session, student)
    if group is not None:
        start = on or classes.default_start(session, year)
        classes.place_in_class(session, student, group, start)
    return SavedStudent(student.id, code, True, tuple(i for i in issues if not i.is_error))


def _changed_columns(student: Student, cols: dict[str, Any]) -> dict[str, Any]:
    return {k: val for k, val in cols.items() if getattr(student, k) != val}


def update_student(
    session: Session,
    actor: Actor | None,
    student_id: uuid.UUID,
    data: StudentInput,
    *,
    reason: str = "",
    year: str | None = None,
) -> SavedStudent:
    """Change the fields ``data`` gives (None = keep); identity changes need a ``reason``.

    Identity fields are the name, date of birth, sex and personal ID. A class
    in ``data.class_name`` moves the student to that class of ``year``.
    """
    require(actor, Perm.EDIT_STUDENTS)
    student = store.get_student(session, student_id)
    year = access.year_name(session, year)
    checked = validate_input(data, for_insert=False, year_start=access.year_start(year))
    value = checked.value
    cols = given_columns(value)
    cols.pop("student_code", None)  # codes are stable: never changed by an edit
    changes = _changed_columns(student, cols)
    identity = [f for f in IDENTITY_FIELDS if f in {COLUMN_FIELD.get(c, c) for c in changes}]
    merged = StudentInput(
        full_name=cols.get("full_name", student.full_name),
        date_of_birth=cols.get("date_of_birth", student.date_of_birth),
        sex=cols.get("sex", student.sex),
        personal_id=value.personal_id,
    )
    issues = [i for i in checked.issues if i.code not in OVERRIDABLE]
    if identity:
        pid = student.personal_id if value.personal_id is None else value.personal_id
        issues += [
            i
            for i in v.personal_id_issues(pid or "", merged.date_of_birth, merged.sex)
            if not i.is_error
        ]
    issues += store.db_issues(session, merged, exclude_id=student.id, candidates=False)
    store.raise_errors(issues)
    if identity and not reason.strip():
        names = ", ".join(label(f) for f in identity)
        raise ValidationError(M.identity_reason_required.format(fields=names))
    guardians_changed = store.apply_guardians(session, student, value, reason)
    store.write_student(session, student, changes, reason)
    moved = False
    if value.class_name:
        group = classes.class_by_name(session, value.class_name, year)
        moved = classes.place_in_class(
            session, student, group, classes.default_start(session, year), reason
        )
    if changes or guardians_changed:
        store.refresh_terms(session, student)
    warnings = tuple(i for i in issues if not i.is_error)
    return SavedStudent(
        student.id, student.student_code, bool(changes or guardians_changed or moved), warnings
    )
