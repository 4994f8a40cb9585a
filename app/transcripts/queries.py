"""Reading transcripts: a class's list with each student's state, a student's versions,
the "cần cấp lại" list. Queries return frozen dataclasses and write nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook.access import get_class
from app.permissions import Perm, require
from app.students.models import Student
from app.transcripts import access, build
from app.transcripts.models import (
    STATE_LABELS,
    Transcript,
    TranscriptSignature,
    TranscriptVersion,
)
from app.transcripts.service import class_students


@dataclass(frozen=True)
class SignatureInfo:
    """One signature on a version."""

    position: int
    role: str
    signer_name: str
    signer_title: str
    username: str
    signed_at: datetime
    certificate_sha256: str


@dataclass(frozen=True)
class VersionInfo:
    """One version of a transcript."""

    id: uuid.UUID
    number: int
    state: str
    data_sha256: str
    correction_reason: str
    prepared_by: str
    prepared_at: datetime
    issued_by: str
    issued_at: datetime | None
    signatures: tuple[SignatureInfo, ...]

    @property
    def state_label(self) -> str:
        """Nháp, Chờ ký, Đã ký, Phát hành."""
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True)
class TranscriptRow:
    """A student of a class and where their transcript of the year stands (None: not made)."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    school_year: str
    class_name: str
    transcript_id: uuid.UUID | None = None
    version: VersionInfo | None = None
    needs_reissue: bool = False
    reissue_reason: str = ""


def signatures(session: Session, version_id: uuid.UUID) -> tuple[SignatureInfo, ...]:
    """The signatures of a version, in order."""
    stmt = (
        select(TranscriptSignature)
        .where(TranscriptSignature.version_id == version_id)
        .order_by(TranscriptSignature.position)
    )
    return tuple(
        SignatureInfo(
            x.position,
            x.role,
            x.signer_name,
            x.signer_title,
            x.username,
            x.signed_at,
            x.certificate_sha256,
        )  # fmt: skip
        for x in session.scalars(stmt)
    )


def version_info(session: Session, v: TranscriptVersion) -> VersionInfo:
    """A version row as a frozen value."""
    return VersionInfo(v.id, v.number, v.state, v.data_sha256, v.correction_reason, v.prepared_by,
                       v.prepared_at, v.issued_by, v.issued_at, signatures(session, v.id))  # fmt: skip


def class_transcripts(
    session: Session, actor: Actor | None, class_id: uuid.UUID
) -> tuple[TranscriptRow, ...]:
    """Each student of the class and their transcript of the class's year (newest version)."""
    group = get_class(session, class_id)
    access.require_view(actor, group)
    out = []
    for sid in class_students(session, group):
        if build.class_of(session, sid, group.school_year).id != group.id:
            continue
        out.append(student_row(session, sid, group.school_year, group.name))
    return tuple(out)


def student_row(
    session: Session, student_id: uuid.UUID, year: str, class_name: str
) -> TranscriptRow:
    """One student's row (no permission check: the callers check)."""
    s = session.get(Student, student_id)
    assert s is not None
    t = session.scalar(
        select(Transcript).where(
            Transcript.student_id == student_id, Transcript.school_year == year
        )
    )
    if t is None:
        return TranscriptRow(student_id, s.student_code, s.full_name, year, class_name)
    v = session.scalar(
        select(TranscriptVersion).where(
            TranscriptVersion.transcript_id == t.id,
            TranscriptVersion.number == t.latest_version,
        )
    )
    return TranscriptRow(student_id, s.student_code, s.full_name, year, class_name, t.id,
                         version_info(session, v) if v else None, t.needs_reissue,
                         t.reissue_reason)  # fmt: skip


def versions(
    session: Session, actor: Actor | None, student_id: uuid.UUID, year: str
) -> tuple[VersionInfo, ...]:
    """Every version of a student's transcript of a year, oldest first (signed ones included)."""
    access.require_view(actor, build.class_of(session, student_id, year))
    stmt = (
        select(TranscriptVersion)
        .join(Transcript, Transcript.id == TranscriptVersion.transcript_id)
        .where(Transcript.student_id == student_id, Transcript.school_year == year)
        .order_by(TranscriptVersion.number)
    )
    return tuple(version_info(session, v) for v in session.scalars(stmt))


def needing_reissue(
    session: Session, actor: Actor | None, year: str | None = None
) -> tuple[TranscriptRow, ...]:
    """The "cần cấp lại" list: signed transcripts whose data changed since (the whole school)."""
    require(actor, Perm.ISSUE_TRANSCRIPTS)
    stmt = select(Transcript.student_id, Transcript.school_year).where(
        Transcript.needs_reissue.is_(True)
    )
    if year:
        stmt = stmt.where(Transcript.school_year == year)
    rows = []
    for sid, school_year in session.execute(stmt.order_by(Transcript.school_year)):
        group = build.class_of(session, sid, school_year)
        rows.append(student_row(session, sid, school_year, group.name))
    return tuple(sorted(rows, key=lambda r: (r.school_year, r.class_name, r.full_name)))


def count_by_state(session: Session, year: str) -> dict[str, int]:
    """How many newest versions of the year's transcripts are in each state."""
    stmt = (
        select(TranscriptVersion.state, func.count())
        .join(
            Transcript,
            (Transcript.id == TranscriptVersion.transcript_id)
            & (Transcript.latest_version == TranscriptVersion.number),
        )
        .where(Transcript.school_year == year)
        .group_by(TranscriptVersion.state)
    )
    return {state: int(n) for state, n in session.execute(stmt)}
