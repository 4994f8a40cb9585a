"""The secretary's home page: records to complete, transfers waiting for papers, recent changes.

- Records: students still studying with no personal ID number, or no guardian's phone.
- Transfers: students who moved away this year with no copy of their transcript handed
  out since, and arrivals whose years at the other school ("Quá trình học tập") are not
  entered yet.
- Recent changes: how many changes the journal holds on student records this week, and
  the newest few (who, which record, when). Only that they changed is shown, never a
  value, so nothing sensitive shows.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session

from app import labels
from app.db import Actor
from app.home.common import Period, current_period, data_figures
from app.home.figures import Facts, Figure, HomePage, Section, Tone, count_figure, target
from app.journal_schema import JournalEntry
from app.journal_view import record_names
from app.messages.home import HOME_MSG as M
from app.permissions import Perm, require
from app.students.gaps import GUARDIAN_PHONE, PERSONAL_ID, gap_clause
from app.students.inputs import Status
from app.students.models import EventKind, Student, StudentEvent
from app.transcripts.models import Transcript, TranscriptCopy, TranscriptProcess, TranscriptVersion

RECENT_DAYS = 7
RECENT_LINES = 5
STUDENT_TABLES = ("student", "guardian", "enrolment", "student_event")
"""The journal's entity types that make up a student's record."""


def page(session: Session, actor: Actor | None, facts: Facts) -> HomePage:
    """The secretary's page."""
    return HomePage("secretary", tuple(sections(session, actor, facts)))


def sections(session: Session, actor: Actor | None, facts: Facts) -> list[Section]:
    """Records to complete, recent changes, the backup."""
    require(actor, Perm.EDIT_STUDENTS)
    period = current_period(session, facts)
    return [
        records(session, period),
        recent(session, facts),
        Section("data", M.data, data_figures(session, actor, facts)),
    ]


def _count(session: Session, *conds: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(Student).where(*conds)) or 0)


def records(session: Session, period: Period | None) -> Section:
    """Gaps in the records of students still studying, and transfers waiting for papers."""
    figures = [
        count_figure(
            "no_personal_id",
            M.no_personal_id,
            _count(session, gap_clause(PERSONAL_ID)),
            target("students", gap=PERSONAL_ID),
        ),
        count_figure(
            "no_guardian_phone",
            M.no_guardian_phone,
            _count(session, gap_clause(GUARDIAN_PHONE)),
            target("students", gap=GUARDIAN_PHONE),
        ),
    ]
    if period is not None:
        figures += [_transfers_out(session, period), _transfers_in(session, period)]
    return Section("records", M.records, tuple(figures))


def _events(kind: str, year: str) -> ColumnElement[bool]:
    return and_(
        StudentEvent.student_id == Student.id,
        StudentEvent.kind == kind,
        StudentEvent.school_year == year,
    )


def _transfers_out(session: Session, period: Period) -> Figure:
    copy = (
        select(TranscriptCopy.id)
        .join(TranscriptVersion, TranscriptVersion.id == TranscriptCopy.version_id)
        .join(Transcript, Transcript.id == TranscriptVersion.transcript_id)
        .where(
            Transcript.student_id == StudentEvent.student_id,
            TranscriptCopy.issued_at >= StudentEvent.event_date,
        )
    )
    left = select(StudentEvent.id).where(
        _events(EventKind.TRANSFER_OUT, period.year), ~exists(copy)
    )
    n = _count(session, Student.status == Status.TRANSFERRED_OUT, exists(left))
    where = target("students", year=period.year, status=Status.TRANSFERRED_OUT)
    return count_figure("transfers_out", M.transfers_out, n, where)


def _transfers_in(session: Session, period: Period) -> Figure:
    process = select(TranscriptProcess.id).where(TranscriptProcess.student_id == Student.id)
    arrived = select(StudentEvent.id).where(_events(EventKind.TRANSFER_IN, period.year))
    n = _count(session, exists(arrived), ~exists(process))
    return count_figure("transfers_in", M.transfers_in, n, target("transcripts", year=period.year))


def recent(session: Session, facts: Facts) -> Section:
    """How many changes to student records this week, and the newest few."""
    since = facts.now - timedelta(days=RECENT_DAYS)
    ours = and_(JournalEntry.entity_type.in_(STUDENT_TABLES), JournalEntry.at >= since)
    n = int(session.scalar(select(func.count()).select_from(JournalEntry).where(ours)) or 0)
    count = count_figure(
        "recent_changes", M.recent_count.format(days=RECENT_DAYS), n, None, alarm=Tone.PLAIN
    )
    figures = [count]
    latest = session.execute(
        select(
            JournalEntry.seq,
            JournalEntry.at,
            JournalEntry.username,
            JournalEntry.entity_type,
            JournalEntry.entity_id,
            JournalEntry.op,
        )
        .where(ours, JournalEntry.entity_type == "student")
        .order_by(JournalEntry.seq.desc())
        .limit(RECENT_LINES)
    ).all()
    names = record_names(session, [(r.entity_type, r.entity_id) for r in latest])
    for r in latest:
        name = names.get(r.entity_id, labels.entity_label(r.entity_type))
        figures.append(
            Figure(
                f"recent:{r.seq}",
                M.recent_line.format(what=labels.op_label(r.op), name=name),
                labels.format_age(r.at, facts.now),
                target("students", student=r.entity_id),
                M.recent_by.format(user=r.username, when=labels.format_datetime(r.at)),
            )
        )
    empty = M.recent_none.format(days=RECENT_DAYS)
    return Section("recent", M.recent, tuple(figures), empty, lines=True)
