"""Transfers in and out, withdrawal, graduation and suspension: dated, journalled events.

Each one records a ``StudentEvent``, sets the student's status and closes the
open enrolment, in the caller's single unit of work. ``readmit`` (nhập học) takes a
student who left back on the same record: a graduate admitted to the next level,
a suspended student returning.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal, school
from app.db import Actor
from app.errors import Conflict, ValidationError
from app.messages.students import M
from app.permissions import Perm, require
from app.students import access, classes, records, store, text
from app.students.changes import STUDENT_CHANGES
from app.students.detail import EventInfo
from app.students.inputs import STATUS_LABELS, Status, StudentInput
from app.students.models import EVENT_LABELS, Enrolment, EventKind, Student, StudentEvent
from app.students.validation import format_date

_LEAVING: dict[str, Status] = {
    EventKind.TRANSFER_OUT: Status.TRANSFERRED_OUT,
    EventKind.WITHDRAWAL: Status.WITHDRAWN,
    EventKind.GRADUATION: Status.GRADUATED,
    EventKind.SUSPENSION: Status.SUSPENDED,
}


def _event(session: Session, student: Student, kind: str, on: date, **kw: str) -> StudentEvent:
    event = StudentEvent(
        id=uuid.uuid4(),
        student_id=student.id,
        kind=kind,
        event_date=on,
        school_year=access.current_year_name(session),
        school_code=student.school_code,
        **kw,
    )
    session.add(event)
    return event


def _info(e: StudentEvent) -> EventInfo:
    return EventInfo(e.id, e.kind, e.event_date, e.school_year, e.other_school, e.reason, e.details)


def _close_enrolments(session: Session, student: Student, on: date, what: str) -> None:
    stmt = select(Enrolment).where(Enrolment.student_id == student.id, Enrolment.end_date.is_(None))
    for enrolment in session.scalars(stmt):
        if on < enrolment.start_date:
            raise ValidationError(
                M.event_date_before.format(
                    what=what, day=format_date(on), start=format_date(enrolment.start_date)
                )
            )
        enrolment.end_date = on


def _leave(
    session: Session,
    actor: Actor | None,
    student_id: uuid.UUID,
    kind: str,
    on: date,
    reason: str,
    other_school: str = "",
    reason_required: bool = True,
) -> EventInfo:
    require(actor, Perm.EDIT_STUDENTS)
    what = EVENT_LABELS[kind].lower()
    reason = text.clean_text(reason)
    if reason_required and not reason:
        raise ValidationError(M.event_reason_required.format(what=what))
    student = store.get_student(session, student_id)
    if student.status != Status.ACTIVE:
        raise Conflict(
            M.status_not_active.format(
                code=student.student_code, status=STATUS_LABELS.get(student.status, student.status)
            )
        )
    _close_enrolments(session, student, on, what)
    event = _event(
        session, student, kind, on, reason=reason, other_school=text.clean_text(other_school)
    )
    student.status = _LEAVING[kind]
    journal.set_reason(session, student, reason or EVENT_LABELS[kind])
    journal.set_reason(session, event, reason or EVENT_LABELS[kind])
    session.flush()
    return replace(_info(event), changes=STUDENT_CHANGES)


def transfer_out(
    session: Session,
    actor: Actor | None,
    student_id: uuid.UUID,
    *,
    on: date,
    reason: str,
    to_school: str = "",
) -> EventInfo:
    """The student moves to another school (chuyển đi)."""
    return _leave(session, actor, student_id, EventKind.TRANSFER_OUT, on, reason, to_school)


def withdraw(
    session: Session, actor: Actor | None, student_id: uuid.UUID, *, on: date, reason: str
) -> EventInfo:
    """The student stops attending (thôi học)."""
    return _leave(session, actor, student_id, EventKind.WITHDRAWAL, on, reason)


def graduate(
    session: Session, actor: Actor | None, student_id: uuid.UUID, *, on: date, reason: str = ""
) -> EventInfo:
    """The student completes the school's last grade (tốt nghiệp)."""
    return _leave(
        session, actor, student_id, EventKind.GRADUATION, on, reason, reason_required=False
    )


def suspend(
    session: Session, actor: Actor | None, student_id: uuid.UUID, *, on: date, reason: str
) -> EventInfo:
    """The student pauses studies and keeps the right to return (bảo lưu)."""
    return _leave(session, actor, student_id, EventKind.SUSPENSION, on, reason)


def transfer_in(
    session: Session,
    actor: Actor | None,
    data: StudentInput,
    *,
    on: date,
    from_school: str,
    reason: str,
    year: str | None = None,
) -> records.SavedStudent:
    """A student arrives from another school (chuyển đến): new record, class, and the event."""
    require(actor, Perm.EDIT_STUDENTS)
    reason = text.clean_text(reason)
    if not reason:
        raise ValidationError(M.event_reason_required.format(what="chuyển đến"))
    saved = records.create_student(session, actor, data, year=year, reason=reason, on=on)
    student = store.get_student(session, saved.id)
    event = _event(
        session,
        student,
        EventKind.TRANSFER_IN,
        on,
        reason=reason,
        other_school=text.clean_text(from_school),
    )
    journal.set_reason(session, event, reason)
    session.flush()
    return saved


def readmit(
    session: Session,
    actor: Actor | None,
    student_id: uuid.UUID,
    *,
    on: date,
    class_name: str,
    reason: str,
    year: str | None = None,
) -> EventInfo:
    """Admit again a student who left (graduated, transferred out, withdrew, suspended): the same
    record becomes «Đang học» in ``class_name`` of ``year`` (the current one) from ``on``."""
    require(actor, Perm.EDIT_STUDENTS)
    reason = text.clean_text(reason)
    if not reason:
        raise ValidationError(M.event_reason_required.format(what="nhập học"))
    if not class_name:
        raise ValidationError(M.readmit_class_required)
    student = store.get_student(session, student_id)
    if student.status == Status.ACTIVE:
        raise Conflict(M.readmit_active.format(code=student.student_code))
    year_name = access.year_name(session, year)
    group = classes.class_by_name(session, class_name, year_name)
    _check_readmit_date(session, student, on, year_name)
    was = STATUS_LABELS.get(student.status, student.status)
    details = M.readmit_details.format(cls=group.name, year=year_name, status=was)
    event = _event(session, student, EventKind.ENROLLED, on, reason=reason, details=details)
    event.school_year = year_name
    student.status = Status.ACTIVE
    classes.place_in_class(session, student, group, on, reason)
    journal.set_reason(session, student, reason)
    journal.set_reason(session, event, reason)
    session.flush()
    return replace(_info(event), changes=STUDENT_CHANGES)


def _check_readmit_date(session: Session, student: Student, on: date, year: str) -> None:
    """``on`` falls in ``year`` and after the student's last enrolment ended."""
    info = next(y for y in school.list_years(session) if y.name == year)
    if not info.start_date <= on <= info.end_date:
        raise ValidationError(
            M.readmit_date_outside.format(
                day=format_date(on),
                year=year,
                start=format_date(info.start_date),
                end=format_date(info.end_date),
            )  # fmt: skip
        )
    ended = session.scalar(
        select(Enrolment.end_date)
        .where(Enrolment.student_id == student.id, Enrolment.end_date.is_not(None))
        .order_by(Enrolment.end_date.desc())
        .limit(1)
    )
    if ended is not None and on <= ended:
        raise ValidationError(
            M.readmit_date_before.format(day=format_date(on), end=format_date(ended))
        )


def list_events(session: Session, actor: Actor | None, student_id: uuid.UUID) -> list[EventInfo]:
    """A student's events, oldest first."""
    access.require_student_visible(session, actor, student_id)
    stmt = (
        select(StudentEvent)
        .where(StudentEvent.student_id == student_id)
        .order_by(StudentEvent.event_date, StudentEvent.created_at)
    )
    return [_info(e) for e in session.scalars(stmt)]
