"""The copies log (sổ cấp bản sao, trích lục học bạ): every copy or extract handed out.

Who handed it out, when, to whom, for what purpose, of which version. Entries are only ever
added (the database refuses to change or delete one: migration 0011); the list prints as an
NĐ 30 document with ``app.printing.nd30.data_table``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor, utcnow
from app.errors import ValidationError
from app.grading.scores import clean_text
from app.messages.transcripts import TRANSCRIPT_MSG as M
from app.printing import nd30
from app.printing.school_header import doc_header
from app.students.models import Student
from app.transcripts import access
from app.transcripts.models import (
    COPY_LABELS,
    STATE_LABELS,
    State,
    Transcript,
    TranscriptCopy,
    TranscriptVersion,
)
from app.transcripts.service import get_version

COPIES = Changes.of("transcript_copy")
MAX_COPIES = 20
LOCAL_TIME_FORMAT = "%d/%m/%Y %H:%M"


@dataclass(frozen=True)
class CopyInput:
    """One handing-out as the secretary types it."""

    kind: str  # CopyKind
    issued_to: str
    purpose: str
    copies: int = 1


@dataclass(frozen=True)
class CopyEntry:
    """A line of the copies log."""

    id: uuid.UUID
    issued_at: datetime
    student_code: str
    full_name: str
    school_year: str
    version: int
    kind: str
    issued_to: str
    purpose: str
    copies: int
    issued_by: str
    issued_by_name: str

    @property
    def kind_label(self) -> str:
        """ "Bản sao" or "Trích lục"."""
        return COPY_LABELS.get(self.kind, self.kind)


def _required(field: str, value: str) -> str:
    text = clean_text(value)
    if not text:
        raise ValidationError(M.field_required.format(field=field))
    return text


def log_copy(
    session: Session, actor: Actor | None, version_id: uuid.UUID, data: CopyInput
) -> Changes:
    """Write one entry of the copies log for an issued version."""
    access.require_copies(actor)
    assert actor is not None
    t, v = get_version(session, version_id)
    if v.state != State.ISSUED:
        raise ValidationError(M.copy_not_issued.format(state=STATE_LABELS.get(v.state, v.state)))
    if data.kind not in COPY_LABELS:
        raise ValidationError(M.copy_kind_bad)
    if not 1 <= data.copies <= MAX_COPIES:
        raise ValidationError(M.copies_bad)
    session.add(
        TranscriptCopy(
            id=uuid.uuid4(),
            school_code=t.school_code,
            version_id=v.id,
            kind=data.kind,
            issued_to=_required("Cấp cho", data.issued_to),
            purpose=_required("Mục đích", data.purpose),
            copies=data.copies,
            issued_by=actor.username,
            issued_by_name=actor.full_name or actor.username,
            issued_at=utcnow(),
        )
    )
    session.flush()
    return COPIES


def list_copies(
    session: Session,
    actor: Actor | None,
    *,
    student_id: uuid.UUID | None = None,
    year: str | None = None,
) -> tuple[CopyEntry, ...]:
    """The copies log, oldest first; for one student and/or one school year if given."""
    access.require_copies(actor)
    stmt = (
        select(TranscriptCopy, TranscriptVersion.number, Transcript.school_year, Student)
        .join(TranscriptVersion, TranscriptVersion.id == TranscriptCopy.version_id)
        .join(Transcript, Transcript.id == TranscriptVersion.transcript_id)
        .join(Student, Student.id == Transcript.student_id)
        .order_by(TranscriptCopy.issued_at, TranscriptCopy.id)
    )
    if student_id is not None:
        stmt = stmt.where(Transcript.student_id == student_id)
    if year:
        stmt = stmt.where(Transcript.school_year == year)
    return tuple(
        CopyEntry(
            c.id,
            c.issued_at,
            s.student_code,
            s.full_name,
            school_year,
            number,
            c.kind,
            c.issued_to,
            c.purpose,
            c.copies,
            c.issued_by,
            c.issued_by_name,
        )  # fmt: skip
        for c, number, school_year, s in session.execute(stmt)
    )


def local_time(moment: datetime) -> str:
    """A stored UTC moment as the school reads it: dd/mm/yyyy hh:mm, local time."""
    return moment.astimezone().strftime(LOCAL_TIME_FORMAT)


COLUMNS = ("TT", "Thời điểm", "Học sinh", "Năm học", "Loại", "Cấp cho", "Mục đích", "Số bản",
           "Người cấp")  # fmt: skip
WIDTHS_MM = (9, 24, 40, 19, 17, 40, 50, 12, 32)


def print_copies(
    session: Session,
    actor: Actor | None,
    path: Path,
    *,
    year: str | None = None,
    on: date | None = None,
) -> Path:
    """The copies log as a landscape A4 PDF with the school's NĐ 30 header."""
    entries = list_copies(session, actor, year=year)
    header, principal = doc_header(session, on or date.today())
    rows = [
        (
            i,
            local_time(e.issued_at),
            f"{e.full_name} ({e.student_code})",
            f"{e.school_year} (bản {e.version})",
            e.kind_label,
            e.issued_to,
            e.purpose,
            e.copies,
            e.issued_by_name,
        )  # fmt: skip
        for i, e in enumerate(entries, start=1)
    ]
    align = ["center", "center", "left", "center", "center", "left", "left", "center", "left"]
    table = nd30.data_table(COLUMNS, rows, WIDTHS_MM, align=align)
    doc = nd30.Nd30Document(path, header, landscape=True)
    subtitle = f"Năm học {year}" if year else ""
    return doc.build(M.copies_title, [table], subtitle=subtitle,
                     signers=[nd30.Signer("Hiệu trưởng", principal)])  # fmt: skip
