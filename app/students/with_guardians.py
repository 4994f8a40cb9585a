"""A student's record and their guardians saved together: the form's save, reusable by the
CLI and by sync.

The caller opens the one unit of work; the record is created or updated first,
then each guardian change is applied, all or nothing. While a stored record's
sensitive fields are hidden, a guardian's personal ID is not known here: such a
guardian's name and phone go through the record's own guardian fields (which
keep the hidden ID) instead of rewriting the guardian.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from app.db import Actor
from app.students.detail import (
    GuardianInfo,
    GuardianInput,
    add_guardian,
    remove_guardian,
    update_guardian,
)
from app.students.inputs import GUARDIAN_FIELDS, StudentInput
from app.students.records import SavedStudent, create_student, update_student


@dataclass(frozen=True)
class GuardianChange:
    """What saving does with one relation's guardian."""

    relation: str
    existing: GuardianInfo | None
    value: GuardianInput | None  # None: no guardian given (removes the stored one)

    @property
    def removed(self) -> bool:
        return self.existing is not None and self.value is None


def guardian_change(
    relation: str,
    existing: GuardianInfo | None,
    value: GuardianInput | None,
    sensitive_shown: bool,
) -> GuardianChange | None:
    """What to save for one relation, or None when ``value`` says what is stored.

    A hidden personal ID (``sensitive_shown`` false) is not compared.
    """
    if existing is None and value is None:
        return None
    if existing is not None and value is not None:
        same = (
            value.full_name == existing.full_name
            and value.phone == existing.phone
            and value.birth_year == existing.birth_year
            and value.occupation == existing.occupation
            and (not sensitive_shown or value.personal_id == (existing.personal_id or ""))
        )
        if same:
            return None
    return GuardianChange(relation, existing, value)


@dataclass(frozen=True)
class SaveRequest:
    """A record and its guardian changes, as the form (or another caller) hands them over."""

    student_id: uuid.UUID | None  # None: a new student
    data: StudentInput
    guardians: Sequence[GuardianChange] = ()
    reason: str = ""
    sensitive_shown: bool = True


def _by_name_and_phone(change: GuardianChange, sensitive_shown: bool) -> bool:
    """A stored guardian edited while its ID is hidden: only name and phone may change,
    through the record's own guardian fields (which keep the hidden ID)."""
    return change.existing is not None and change.value is not None and not sensitive_shown


def with_guardian_fields(req: SaveRequest) -> StudentInput:
    """The record input, carrying name and phone of guardians edited while IDs were hidden."""
    data = req.data
    for change in req.guardians:
        if _by_name_and_phone(change, req.sensitive_shown):
            assert change.value is not None
            name_field, phone_field = GUARDIAN_FIELDS[change.relation]
            fields: dict[str, object] = {
                name_field: change.value.full_name,
                phone_field: change.value.phone,
            }
            data = replace(data, **fields)  # type: ignore[arg-type]
    return data


def _apply_guardians(
    s: Session, actor: Actor | None, student_id: uuid.UUID, req: SaveRequest
) -> None:
    for change in req.guardians:
        if _by_name_and_phone(change, req.sensitive_shown):
            continue
        if change.removed:
            assert change.existing is not None
            remove_guardian(s, actor, change.existing.id, req.reason)
        elif change.existing is not None and change.value is not None:
            update_guardian(s, actor, change.existing.id, change.value)
        elif change.value is not None:
            add_guardian(s, actor, student_id, change.value)


def save_with_guardians(session: Session, actor: Actor | None, req: SaveRequest) -> SavedStudent:
    """Create or update the student, then their guardians, in the caller's unit of work.

    Needs ``Perm.EDIT_STUDENTS`` (checked by each service); identity changes
    need ``req.reason``, as ``update_student`` says. The result's ``changes``
    name the student tables when anything was written.
    """
    data = with_guardian_fields(req)
    if req.student_id is None:
        saved = create_student(session, actor, data, reason=req.reason)
    else:
        saved = update_student(session, actor, req.student_id, data, reason=req.reason)
    _apply_guardians(session, actor, saved.id, req)
    return replace(saved, changed=saved.changed or bool(req.guardians))
