"""One student's full record for the form, and the guardians' add/update/remove commands."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import access_log, journal
from app.access_log import AccessEvent
from app.changes import Changes, carried
from app.db import Actor
from app.errors import NotFound, ValidationError
from app.messages.students import M
from app.permissions import Perm, require
from app.students import access, store, text
from app.students import validation as v
from app.students.changes import GUARDIAN_CHANGES
from app.students.inputs import GUARDIAN_FIELDS, Relation
from app.students.models import (
    SENSITIVE_FIELDS,
    ClassGroup,
    Enrolment,
    Guardian,
    Student,
    StudentEvent,
    bmi,
)


@dataclass(frozen=True)
class GuardianInfo:
    """A guardian as the form shows it; ``personal_id`` only for sensitive reads."""

    id: uuid.UUID
    relation: str
    full_name: str
    birth_year: int | None
    occupation: str
    phone: str
    personal_id: str | None


@dataclass(frozen=True)
class EnrolmentInfo:
    """A class the student was in, with dates."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class EventInfo:
    """A dated event: transfer, withdrawal, graduation, class change."""

    id: uuid.UUID
    kind: str
    event_date: date
    school_year: str
    other_school: str
    reason: str
    details: str
    changes: Changes = carried()  # set by the commands that record an event


@dataclass(frozen=True)
class StudentDetail:
    """Everything on the student form; sensitive fields are None unless asked for and allowed."""

    id: uuid.UUID
    student_code: str
    full_name: str
    family_middle_name: str
    given_name: str
    date_of_birth: date | None
    sex: str
    ethnicity_code: str
    ethnicity_code_system: str
    religion: str
    nationality: str
    place_of_birth: str
    hometown: str
    address_province: str
    address_commune: str
    address_detail: str
    phone: str
    status: str
    policy_group: str
    disability: bool
    disability_type: str
    poverty: str
    consent_given: bool
    consent_date: date | None
    consent_by: str
    notes: str
    guardians: tuple[GuardianInfo, ...]
    enrolments: tuple[EnrolmentInfo, ...]
    events: tuple[EventInfo, ...]
    sensitive_shown: bool = False
    personal_id: str | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    bmi: float | None = None
    health_notes: str | None = None
    ministry_code: str = ""  # the Ministry's student code (Mã học sinh Bộ GD&ĐT)
    lifelong_record_number: str | None = None  # sensitive, as the personal ID it is based on

    @property
    def current_class(self) -> str:
        """The class of the newest open enrolment, or ""."""
        open_ = [e for e in self.enrolments if e.end_date is None]
        return open_[-1].class_name if open_ else ""


def _guardians(session: Session, sid: uuid.UUID, sensitive: bool) -> tuple[GuardianInfo, ...]:
    stmt = select(Guardian).where(Guardian.student_id == sid).order_by(Guardian.created_at)
    return tuple(
        GuardianInfo(
            g.id,
            g.relation,
            g.full_name,
            g.birth_year,
            g.occupation,
            g.phone,
            g.personal_id if sensitive else None,
        )
        for g in session.scalars(stmt)
    )


def _enrolments(session: Session, sid: uuid.UUID) -> tuple[EnrolmentInfo, ...]:
    stmt = (
        select(Enrolment, ClassGroup.name)
        .join(ClassGroup, ClassGroup.id == Enrolment.class_id)
        .where(Enrolment.student_id == sid)
        .order_by(Enrolment.start_date, Enrolment.created_at)
    )
    return tuple(
        EnrolmentInfo(e.class_id, name, e.school_year, e.start_date, e.end_date)
        for e, name in session.execute(stmt)
    )


def _events(session: Session, sid: uuid.UUID) -> tuple[EventInfo, ...]:
    stmt = (
        select(StudentEvent)
        .where(StudentEvent.student_id == sid)
        .order_by(StudentEvent.event_date, StudentEvent.created_at)
    )
    return tuple(
        EventInfo(e.id, e.kind, e.event_date, e.school_year, e.other_school, e.reason, e.details)
        for e in session.scalars(stmt)
    )


def get_student_detail(
    session: Session, actor: Actor | None, student_id: uuid.UUID, *, include_sensitive: bool = False
) -> StudentDetail:
    """The full record. ``include_sensitive`` (personal ID, health) needs VIEW_SENSITIVE and
    logs the access (``app.access_log``), so call it inside a write unit of work."""
    access.require_student_visible(session, actor, student_id)
    if include_sensitive:
        require(actor, Perm.VIEW_SENSITIVE)
    s = store.get_student(session, student_id)
    if include_sensitive:
        access_log.record(
            session,
            AccessEvent.SENSITIVE_VIEWED,
            actor,
            entity=(Student.__tablename__, str(s.id)),
            details={"fields": sorted(SENSITIVE_FIELDS)},
        )
    detail = StudentDetail(
        s.id, s.student_code, s.full_name, s.family_middle_name, s.given_name, s.date_of_birth,
        s.sex, s.ethnicity_code, s.ethnicity_code_system, s.religion, s.nationality,
        s.place_of_birth, s.hometown, s.address_province, s.address_commune, s.address_detail,
        s.phone, s.status, s.policy_group, s.disability, s.disability_type, s.poverty,
        s.consent_given, s.consent_date, s.consent_by, s.notes,
        _guardians(session, s.id, include_sensitive), _enrolments(session, s.id),
        _events(session, s.id), ministry_code=s.ministry_code,
    )  # fmt: skip
    if not include_sensitive:
        return detail
    return replace(
        detail,
        sensitive_shown=True,
        personal_id=s.personal_id,
        lifelong_record_number=s.lifelong_record_number,
        height_cm=s.height_cm,
        weight_kg=s.weight_kg,
        bmi=bmi(s.height_cm, s.weight_kg),
        health_notes=s.health_notes,
    )


# ---------------------------------------------------------------- guardians


@dataclass(frozen=True)
class GuardianInput:
    """A guardian as typed in the form."""

    relation: str
    full_name: str
    phone: str = ""
    birth_year: int | None = None
    occupation: str = ""
    personal_id: str | None = None  # None keeps the stored number; "" clears it


def _checked_guardian(g: GuardianInput) -> dict[str, object]:
    if g.relation not in {r.value for r in Relation}:
        raise ValidationError(M.guardian_relation_bad.format(value=g.relation))
    name_field, phone_field = GUARDIAN_FIELDS[g.relation]
    name = text.tidy_name_case(text.clean_text(g.full_name))
    issues = v.name_issues(name_field, name, full=False)
    if not name:
        issues.append(v.error(name_field, "required", M.required))
    phone = v.normalise_phone(g.phone)
    issues += [i for i in [v.phone_issue(phone_field, phone)] if i]
    pid = v.normalise_personal_id(g.personal_id or "")
    issues += v.personal_id_issues(pid, None, None)
    if g.birth_year is not None and not 1900 <= g.birth_year <= date.today().year:
        issues.append(v.error(name_field, "birth_year_bad", M.birth_year_bad, value=g.birth_year))
    store.raise_errors(issues)
    return dict(
        relation=g.relation,
        full_name=name,
        phone=phone,
        birth_year=g.birth_year,
        occupation=text.clean_text(g.occupation),
        personal_id=pid or None,
    )


@dataclass(frozen=True)
class GuardianAdded:
    """The guardian ``add_guardian`` wrote."""

    id: uuid.UUID
    changes: Changes = GUARDIAN_CHANGES


def add_guardian(
    session: Session, actor: Actor | None, student_id: uuid.UUID, data: GuardianInput
) -> GuardianAdded:
    """Add a parent or guardian to a student."""
    require(actor, Perm.EDIT_STUDENTS)
    student = store.get_student(session, student_id)
    g = Guardian(id=uuid.uuid4(), student_id=student.id, school_code=student.school_code)
    for key, val in _checked_guardian(data).items():
        setattr(g, key, val)
    session.add(g)
    session.flush()
    store.refresh_terms(session, student)
    return GuardianAdded(g.id)


def _guardian(session: Session, guardian_id: uuid.UUID) -> Guardian:
    g = session.get(Guardian, guardian_id)
    if g is None:
        raise NotFound(M.guardian_not_found)
    return g


def update_guardian(
    session: Session, actor: Actor | None, guardian_id: uuid.UUID, data: GuardianInput
) -> Changes:
    """Change a guardian's details."""
    require(actor, Perm.EDIT_STUDENTS)
    g = _guardian(session, guardian_id)
    for key, val in _checked_guardian(data).items():
        if key == "personal_id" and data.personal_id is None:
            continue
        if getattr(g, key) != val:
            setattr(g, key, val)
    session.flush()
    store.refresh_terms(session, store.get_student(session, g.student_id))
    return GUARDIAN_CHANGES


def remove_guardian(
    session: Session, actor: Actor | None, guardian_id: uuid.UUID, reason: str = ""
) -> Changes:
    """Remove a guardian (journalled with its last values)."""
    require(actor, Perm.EDIT_STUDENTS)
    g = _guardian(session, guardian_id)
    student = store.get_student(session, g.student_id)
    if reason:
        journal.set_reason(session, g, reason)
    session.delete(g)
    session.flush()
    store.refresh_terms(session, student)
    return GUARDIAN_CHANGES
