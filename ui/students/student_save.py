"""Saving the student form: the record and its guardians in one unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from app.db import Actor, Database
from app.students import (
    SavedStudent,
    StudentInput,
    add_guardian,
    create_student,
    remove_guardian,
    update_guardian,
    update_student,
)
from app.students.inputs import GUARDIAN_FIELDS
from ui.students.family_tab import GuardianChange


@dataclass(frozen=True)
class SaveRequest:
    """Everything the form hands to the background job."""

    student_id: uuid.UUID | None
    data: StudentInput
    guardians: tuple[GuardianChange, ...]
    reason: str
    sensitive_shown: bool
    label: str


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


def _apply_guardians(s: Session, actor: Actor, student_id: uuid.UUID, req: SaveRequest) -> None:
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


def save_student(db: Database, actor: Actor, req: SaveRequest) -> SavedStudent:
    """Create or update the student, then their guardians; all or nothing."""
    data = with_guardian_fields(req)
    with db.uow(actor=actor, reason=req.reason or req.label) as s:
        if req.student_id is None:
            saved = create_student(s, actor, data, reason=req.reason)
        else:
            saved = update_student(s, actor, req.student_id, data, reason=req.reason)
        _apply_guardians(s, actor, saved.id, req)
    changed = saved.changed or bool(req.guardians)
    return replace(saved, changed=changed)
