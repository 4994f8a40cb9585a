"""The principal's home page: enrolment by grade, missing grades and locks, what awaits them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook.models import GradeLock
from app.home import grades
from app.home.cds import section as cds_section
from app.home.common import Period, current_period, data_figures
from app.home.equipment import loans_pending
from app.home.figures import (
    Facts,
    Figure,
    HomePage,
    Section,
    Target,
    Tone,
    count_figure,
    target,
)
from app.messages.home import HOME_MSG as M
from app.numbers import thousands
from app.permissions import Perm, can, require
from app.students.inputs import Status
from app.students.models import ClassGroup, Enrolment, Student
from app.transcripts.models import State, Transcript, TranscriptVersion

TOP_PAIRS = 6
"""How many class × subject pairs with the most missing values the page names."""


def sections(session: Session, actor: Actor | None, facts: Facts) -> list[Section]:
    """Enrolment, the grade book's state, approvals and the backup (the whole school)."""
    require(actor, Perm.LOCK_GRADES)
    period = current_period(session, facts)
    out = []
    if period is None:
        out.append(Section("enrolment", M.enrolment, (), M.no_year))
    else:
        out += [enrolment(session, period), grade_book(session, actor, period)]
        out.append(approvals(session, actor, period))
    out.append(Section("data", M.data, data_figures(session, actor, facts)))
    return out


def page(session: Session, actor: Actor | None, facts: Facts) -> HomePage:
    """The principal's page (with this year's CĐS phiếu, which the principal approves, before
    the data's section)."""
    out = sections(session, actor, facts)
    cds = cds_section(session, actor, facts)
    if cds is not None:
        out.insert(len(out) - 1, cds)
    return HomePage("principal", tuple(out))


def enrolment(session: Session, period: Period) -> Section:
    """Students still in a class of the year, per grade (one grouped query)."""
    stmt = (
        select(ClassGroup.grade, func.count(func.distinct(Enrolment.student_id)))
        .join(Enrolment, Enrolment.class_id == ClassGroup.id)
        .join(Student, Student.id == Enrolment.student_id)
        .where(
            ClassGroup.school_year == period.year,
            Enrolment.end_date.is_(None),
            Student.status == Status.ACTIVE,
        )
        .group_by(ClassGroup.grade)
        .order_by(ClassGroup.grade)
    )
    rows = [(int(g), int(n)) for g, n in session.execute(stmt)]
    if not rows:
        return Section("enrolment", M.enrolment, (), M.enrolment_none)
    figures = [
        Figure(
            f"enrolment:{grade}",
            M.enrolment_grade.format(grade=grade),
            thousands(n),
            target("students", year=period.year, grade=grade, status=Status.ACTIVE),
            count=n,
        )
        for grade, n in rows
    ]
    total = sum(n for _, n in rows)
    figures.append(
        Figure(
            "enrolment:total",
            M.enrolment_total,
            thousands(total),
            target("students", year=period.year, status=Status.ACTIVE),
            count=total,
        )
    )
    return Section("enrolment", M.enrolment, tuple(figures))


def grade_book(session: Session, actor: Actor | None, period: Period) -> Section:
    """Missing values this semester (the total and the largest gaps) and the classes locked."""
    number = period.semester.number
    found = grades.missing_counts(session, actor, period.year, number)
    total = sum(m.missing for m in found)
    classes = len({m.class_id for m in found})
    book = target("gradebook", year=period.year, semester=number)
    note = M.missing_classes.format(n=classes) if classes else M.missing_none
    figures = [count_figure("missing", M.missing_total, total, book, note=note)]
    figures.append(_locks(session, period, book))
    for m in found[:TOP_PAIRS]:
        figures.append(
            count_figure(
                f"missing:{m.class_name}:{m.subject}",
                M.missing_pair.format(cls=m.class_name, subject=m.subject),
                m.missing,
                target(
                    "gradebook",
                    year=period.year,
                    semester=number,
                    subject_id=str(m.subject_id) if m.subject_id else None,
                    **{"class": m.class_name, "subject": m.subject},
                ),
            )
        )
    title = M.grades.format(semester=period.semester.label)
    return Section("grades", title, tuple(figures))


def _locks(session: Session, period: Period, where: Target) -> Figure:
    number = period.semester.number
    classes = select(ClassGroup.id).where(ClassGroup.school_year == period.year)
    total = int(session.scalar(select(func.count()).select_from(classes.subquery())) or 0)
    locked = int(
        session.scalar(
            select(func.count()).where(
                GradeLock.class_id.in_(classes),
                GradeLock.semester == number,
                GradeLock.locked.is_(True),
            )
        )
        or 0
    )
    tone = Tone.OK if total and locked == total else Tone.PLAIN
    value = M.locks_value.format(locked=thousands(locked), total=thousands(total))
    return Figure("locks", M.locks, value, where, tone=tone, count=locked)


def approvals(session: Session, actor: Actor | None, period: Period) -> Section:
    """Transcripts waiting for a signature or to be issued again, loan slips to approve."""
    newest = (
        select(func.count())
        .select_from(TranscriptVersion)
        .join(
            Transcript,
            (Transcript.id == TranscriptVersion.transcript_id)
            & (Transcript.latest_version == TranscriptVersion.number),
        )
        .where(Transcript.school_year == period.year, TranscriptVersion.state == State.AWAITING)
    )
    awaiting = int(session.scalar(newest) or 0)
    reissue = int(
        session.scalar(
            select(func.count()).where(
                Transcript.needs_reissue.is_(True), Transcript.school_year == period.year
            )
        )
        or 0
    )
    books = target("transcripts", year=period.year)
    figures = [
        count_figure("transcripts_awaiting", M.transcripts_awaiting, awaiting, books),
        count_figure("transcripts_reissue", M.transcripts_reissue, reissue, books),
    ]
    if can(actor, Perm.VIEW_LOANS):
        figures.append(loans_pending(session))
    return Section("approvals", M.approvals, tuple(figures))
