"""Students back as ``StudentInput`` values, in list order: what exports write, so they re-import unchanged."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.db import Actor
from app.permissions import Perm, require
from app.students import queries
from app.students.inputs import GUARDIAN_FIELDS, SEX_LABELS, StudentInput
from app.students.models import ClassGroup, Enrolment, Guardian, Student
from app.students.validation import ethnicity_name

CHUNK = 2_000


def _guardians(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    out: dict[uuid.UUID, dict[str, Any]] = {}
    stmt = (
        select(Guardian.student_id, Guardian.relation, Guardian.full_name, Guardian.phone)
        .where(Guardian.student_id.in_(ids))
        .order_by(Guardian.created_at)
    )
    for sid, relation, name, phone in session.execute(stmt):
        fields = GUARDIAN_FIELDS.get(relation)
        if fields and fields[0] not in out.setdefault(sid, {}):
            out[sid][fields[0]], out[sid][fields[1]] = name, phone
    return out


def _classes(session: Session, ids: Sequence[uuid.UUID], year: str) -> dict[uuid.UUID, str]:
    stmt = (
        select(Enrolment.student_id, ClassGroup.name)
        .join(ClassGroup, ClassGroup.id == Enrolment.class_id)
        .where(Enrolment.student_id.in_(ids), Enrolment.school_year == year)
        .order_by(Enrolment.start_date)
    )
    return {sid: name for sid, name in session.execute(stmt)}


def _as_input(s: Any, guardians: dict[str, Any], class_name: str, pid: bool) -> StudentInput:
    return StudentInput(
        full_name=s.full_name,
        date_of_birth=s.date_of_birth,
        sex=SEX_LABELS.get(s.sex, s.sex),
        student_code=s.student_code,
        personal_id=(s.personal_id or "") if pid else None,
        ethnicity=ethnicity_name(s.ethnicity_code) if s.ethnicity_code else "",
        class_name=class_name,
        place_of_birth=s.place_of_birth,
        hometown=s.hometown,
        address=s.address_detail,
        notes=s.notes,
        religion=s.religion,
        nationality=s.nationality,
        address_province=s.address_province,
        address_commune=s.address_commune,
        phone=s.phone,
        **{f: guardians.get(f, "") for pair in GUARDIAN_FIELDS.values() for f in pair},
    )


def as_inputs(
    session: Session,
    actor: Actor | None,
    flt: queries.StudentFilter,
    sort: queries.StudentSort | None = None,
    *,
    include_personal_id: bool = False,
) -> list[StudentInput]:
    """Matching students as template values (sex and ethnicity as names, class of the year).

    ``include_personal_id`` needs VIEW_SENSITIVE and journals one access event,
    so call it inside a write unit of work in that case.
    """
    if include_personal_id:
        require(actor, Perm.VIEW_SENSITIVE)
    ids = queries.list_student_ids(session, actor, flt, sort)
    year = flt.year or queries.access.current_year_name(session)
    out: list[StudentInput] = []
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        by_id = {s.id: s for s in session.scalars(select(Student).where(Student.id.in_(chunk)))}
        guardians, classes = _guardians(session, chunk), _classes(session, chunk, year)
        out += [
            _as_input(by_id[sid], guardians.get(sid, {}), classes.get(sid, ""), include_personal_id)
            for sid in chunk
        ]
    if include_personal_id:
        journal.record_event(
            session, "student", "*", "export_personal_id", {"count": len(out)}, "Xuất danh sách"
        )
    return out
