"""The online step of a signed transcript, queued until a connection is there (issue 9 §3).

Transcripts are signed offline (PAdES-B-B). When the school's seal completes a version, its
online step — the CAs' revocation data and a document timestamp, which make the signatures
checkable for good (PAdES-B-LT/LTA) — is queued here. ``complete_pending`` runs the queue
when the network and a time-stamping authority are reachable: each file gets the two new
revisions appended (``app.signing.online``; the signatures stay valid) and is kept as the
version's next revision. A step that fails stays queued with its error and the number of
attempts; one bad step never blocks the others.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, Uuid, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app import journal
from app.db import Actor, Base, Database, SyncMixin, utcnow
from app.errors import AppError
from app.messages.transcript_signing import TSIGN_MSG as M
from app.progress import NullProgress, Progress, check_cancel
from app.transcripts.models import JOURNAL_FIELDS, TranscriptPdf
from app.write_lock import lock_for_write

if TYPE_CHECKING:
    from pyhanko.sign.timestamps import TimeStamper
    from pyhanko_certvalidator import ValidationContext


class TranscriptOnlineStep(SyncMixin, journal.Tracked, Base):
    """A signed version waiting for its revocation data and document timestamp."""

    __tablename__ = "transcript_online_step"
    __journal_label__ = "Bước trực tuyến của học bạ đã ký"
    __journal_fields__ = {
        **JOURNAL_FIELDS,
        "document_sha256": "Mã băm tệp đã ký",
        "fields": "Các chữ ký",
        "queued_at": "Thời điểm xếp hàng",
        "done_at": "Thời điểm hoàn tất",
        "attempts": "Số lần thử",
        "last_error": "Lỗi lần thử gần nhất",
    }

    version_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("transcript_version.id"), unique=True
    )
    document_sha256: Mapped[str] = mapped_column(String(64))
    fields: Mapped[str] = mapped_column(String(200))  # the signature fields, comma-separated
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


def enqueue(session: Session, version_id: uuid.UUID, signed: bytes, fields: Sequence[str]) -> None:
    """Queue the online step of a version whose last signature was just made."""
    session.add(
        TranscriptOnlineStep(
            id=uuid.uuid4(),
            school_code=session.info.get("school_code", ""),
            version_id=version_id,
            document_sha256=hashlib.sha256(signed).hexdigest(),
            fields=",".join(fields),
            queued_at=utcnow(),
            attempts=0,
            last_error="",
        )
    )


def pending(session: Session) -> list[TranscriptOnlineStep]:
    """The steps still to do, oldest first."""
    return list(
        session.scalars(
            select(TranscriptOnlineStep)
            .where(TranscriptOnlineStep.done_at.is_(None))
            .order_by(TranscriptOnlineStep.queued_at)
        )
    )


@dataclass
class QueueRun:
    """What a run of the queue did."""

    done: int = 0
    failures: list[tuple[uuid.UUID, str]] = field(default_factory=list)


def _newest(session: Session, version_id: uuid.UUID) -> tuple[int, bytes]:
    revision, pdf = session.execute(
        select(TranscriptPdf.revision, TranscriptPdf.pdf)
        .where(TranscriptPdf.version_id == version_id)
        .order_by(TranscriptPdf.revision.desc())
        .limit(1)
    ).one()
    return int(revision), bytes(pdf)


def complete_pending(
    db: Database,
    actor: Actor | None,
    *,
    timestamper: TimeStamper,
    context: ValidationContext,
    progress: Progress | None = None,
) -> QueueRun:
    """Do every queued step; each success is kept at once as the version's next revision."""
    from app.signing.online import PendingOnlineStep, complete_online_steps

    progress = progress or NullProgress()
    with db.read(actor) as s:
        steps = [(x.id, x.version_id, x.document_sha256, x.fields, x.queued_at) for x in pending(s)]
    run = QueueRun()
    progress.update(0, len(steps), M.online_label, M.batch_unit)
    for done, (step_id, version_id, digest, fields, queued) in enumerate(steps):
        check_cancel(progress)
        with db.read(actor) as s:
            revision, pdf = _newest(s, version_id)
        step = PendingOnlineStep(digest, tuple(fields.split(",")), queued)
        try:
            completed = complete_online_steps(pdf, step, timestamper=timestamper, context=context)
        except AppError as exc:
            run.failures.append((version_id, exc.message))
            _attempted(db, actor, step_id, exc.message)
        else:
            _keep(db, actor, step_id, version_id, revision + 1, completed)
            run.done += 1
        progress.update(done + 1, len(steps), M.online_label, M.batch_unit)
    return run


def _attempted(db: Database, actor: Actor | None, step_id: uuid.UUID, error: str) -> None:
    with db.uow(actor) as s:
        step = s.get(TranscriptOnlineStep, step_id)
        if step is not None:
            step.attempts, step.last_error = step.attempts + 1, error


def _keep(
    db: Database,
    actor: Actor | None,
    step_id: uuid.UUID,
    version_id: uuid.UUID,
    revision: int,
    pdf: bytes,
) -> None:
    with db.uow(actor, reason=M.online_reason) as s:
        lock_for_write(s)
        step = s.get(TranscriptOnlineStep, step_id)
        if step is None or step.done_at is not None:
            return  # another PC did it meanwhile
        s.add(TranscriptPdf(
            id=uuid.uuid4(), school_code=step.school_code, version_id=version_id,
            revision=revision, pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf),
        ))  # fmt: skip
        step.attempts, step.done_at, step.last_error = step.attempts + 1, utcnow(), ""


def counts(session: Session) -> dict[str, Any]:
    """How many steps wait and how many are done (for the page and ``transcript online``)."""
    waiting = session.scalar(select(func.count()).where(TranscriptOnlineStep.done_at.is_(None)))
    total = session.scalar(select(func.count()).select_from(TranscriptOnlineStep))
    return {"waiting": int(waiting or 0), "done": int(total or 0) - int(waiting or 0)}
