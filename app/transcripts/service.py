"""The transcript's life: prepare (nháp) → submit (chờ ký) → signatures in order (đã ký) → issue.

A version's data is the canonical JSON of its ``TranscriptRecord`` and its SHA-256. A draft
is rebuilt in place while nobody has signed it; once a signature is on it, a change makes a
new version (đính chính) with its reason, and the old one stays as it was. Nothing signed
is changed or deleted: these functions refuse, and the database's triggers (migration 0011)
abort any write that tries. Services take a session and never commit (STYLE rule 7).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Actor, utcnow
from app.errors import Conflict, NotFound, ValidationError
from app.gradebook.access import get_class
from app.grading.scores import clean_text
from app.messages.transcripts import TRANSCRIPT_MSG as M
from app.students.models import ClassGroup, Enrolment, Student
from app.transcripts import access, build, canonical
from app.transcripts.models import (
    FROZEN_STATES,
    SIGNER_LABELS,
    SIGNING_ORDER,
    STATE_LABELS,
    State,
    Transcript,
    TranscriptPdf,
    TranscriptSignature,
    TranscriptVersion,
)
from app.transcripts.record import TranscriptRecord
from app.write_lock import lock_for_write

TRANSCRIPTS = Changes.of("transcript", "transcript_version")
SIGNATURES = Changes.of("transcript_signature", "transcript_pdf", "transcript_version")
MIN_REASON = 5


@dataclass(frozen=True)
class Prepared:
    """What preparing one student's transcript did: ``created`` (a new version), ``rebuilt``
    (a draft updated in place) or neither (the data had not changed)."""

    transcript_id: uuid.UUID
    version_id: uuid.UUID
    number: int
    created: bool
    rebuilt: bool
    data_sha256: str
    changes: Changes = TRANSCRIPTS


def _reason(text: str | None) -> str:
    cleaned = clean_text(text or "")
    if len(cleaned) < MIN_REASON:
        raise ValidationError(M.correction_reason_required.format(n=MIN_REASON))
    return cleaned


def _transcript(session: Session, student_id: uuid.UUID, year: str) -> Transcript | None:
    return session.scalar(
        select(Transcript).where(
            Transcript.student_id == student_id, Transcript.school_year == year
        )
    )


def latest(session: Session, transcript: Transcript) -> TranscriptVersion | None:
    """The transcript's newest version."""
    return session.scalar(
        select(TranscriptVersion).where(
            TranscriptVersion.transcript_id == transcript.id,
            TranscriptVersion.number == transcript.latest_version,
        )
    )


def signature_count(session: Session, version_id: uuid.UUID) -> int:
    """How many signatures a version carries."""
    stmt = select(func.count()).where(TranscriptSignature.version_id == version_id)
    return int(session.scalar(stmt) or 0)


def _is_fixed(session: Session, v: TranscriptVersion) -> bool:
    """Signed, issued, or carrying at least one signature: its data never changes again."""
    return v.state in FROZEN_STATES or signature_count(session, v.id) > 0


def _same_data(a: TranscriptRecord, b: TranscriptRecord) -> bool:
    """Equal apart from what only says when and which version."""

    def bare(r: TranscriptRecord) -> str:
        return canonical.dumps(replace(r, version=1, correction_reason="", prepared_on=None))

    return bare(a) == bare(b)


def prepare(
    session: Session,
    actor: Actor | None,
    student_id: uuid.UUID,
    year: str,
    reason: str = "",
    today: date | None = None,
) -> Prepared:
    """Prepare (or rebuild) a student's transcript of a locked year.

    A draft nobody signed is rebuilt in place. After a signature, a new version is made
    only if the data changed, with ``reason`` (or the journalled "cần cấp lại" reason) as
    its correction reason; the signed version stays as it was."""
    lock_for_write(session)
    group = build.class_of(session, student_id, year)
    access.require_prepare(actor, group)
    assert actor is not None
    on = today or date.today()
    t = _transcript(session, student_id, year)
    current = latest(session, t) if t is not None else None
    number = current.number if current is not None else 1
    record = build.build_record(session, student_id, year, version=number, prepared_on=on)
    if t is None:
        t = Transcript(id=uuid.uuid4(), school_code=session.info.get("school_code", ""),
                       student_id=student_id, class_id=group.id, school_year=year,
                       level=record.level.value, latest_version=0)  # fmt: skip
        session.add(t)
        session.flush()
    if current is not None and not _is_fixed(session, current):
        return _rebuild(session, actor, t, current, record)
    correction = ""
    if current is not None:
        old = canonical.loads(current.data)
        if _same_data(old, record) and not reason:
            raise Conflict(M.signed_unchanged.format(version=current.number))
        correction = _reason(reason or t.reissue_reason)
        number = current.number + 1
        record = replace(record, version=number, correction_reason=correction)
    return _new_version(session, actor, t, number, record, correction)


def _new_version(
    session: Session,
    actor: Actor,
    t: Transcript,
    number: int,
    record: TranscriptRecord,
    correction: str,
) -> Prepared:
    text = canonical.dumps(record)
    v = TranscriptVersion(id=uuid.uuid4(), school_code=t.school_code, transcript_id=t.id,
                          number=number, state=State.DRAFT, data=text,
                          data_sha256=canonical.sha256_text(text), correction_reason=correction,
                          prepared_by=actor.username, prepared_at=utcnow())  # fmt: skip
    session.add(v)
    t.latest_version = number
    if correction:
        journal.set_reason(session, v, correction)
    session.flush()
    return Prepared(t.id, v.id, number, True, False, v.data_sha256)


def _rebuild(
    session: Session, actor: Actor, t: Transcript, v: TranscriptVersion, record: TranscriptRecord
) -> Prepared:
    record = replace(record, correction_reason=v.correction_reason)
    old = canonical.loads(v.data)
    if _same_data(old, record):
        return Prepared(t.id, v.id, v.number, False, False, v.data_sha256, Changes())
    text = canonical.dumps(record)
    v.data, v.data_sha256 = text, canonical.sha256_text(text)
    v.state, v.prepared_by, v.prepared_at = State.DRAFT, actor.username, utcnow()
    session.flush()
    return Prepared(t.id, v.id, v.number, False, True, v.data_sha256)


def class_students(session: Session, group: ClassGroup) -> list[uuid.UUID]:
    """The students enrolled in the class during its year, in name order."""
    stmt = (
        select(Student.id)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(Enrolment.class_id == group.id)
        .group_by(Student.id, Student.sort_key)
        .order_by(Student.sort_key, Student.id)
    )
    return list(session.scalars(stmt))


def prepare_class(
    session: Session, actor: Actor | None, class_id: uuid.UUID, reason: str = ""
) -> list[Prepared]:
    """Prepare every student of a class whose year is locked (in one unit of work)."""
    group = get_class(session, class_id)
    access.require_prepare(actor, group)
    build.require_locked(session, group)
    out = []
    for sid in class_students(session, group):
        if build.class_of(session, sid, group.school_year).id != group.id:
            continue  # moved to another class of the year: prepared there
        t = _transcript(session, sid, group.school_year)
        v = latest(session, t) if t is not None else None
        if v is not None and _is_fixed(session, v) and not (t and t.needs_reissue) and not reason:
            continue  # signed and not flagged: nothing to do
        out.append(prepare(session, actor, sid, group.school_year, reason))
    return out


# ---------------------------------------------------------------- states


def get_version(session: Session, version_id: uuid.UUID) -> tuple[Transcript, TranscriptVersion]:
    """A version and its transcript (NotFound)."""
    v = session.get(TranscriptVersion, version_id)
    t = session.get(Transcript, v.transcript_id) if v is not None else None
    if v is None or t is None:
        raise NotFound(M.version_not_found)
    return t, v


def submit(session: Session, actor: Actor | None, version_id: uuid.UUID) -> Changes:
    """Nháp → chờ ký: the data is checked and handed to the signers."""
    lock_for_write(session)
    t, v = get_version(session, version_id)
    access.require_prepare(actor, get_class(session, t.class_id))
    if v.state != State.DRAFT:
        raise Conflict(M.not_draft.format(state=_state(v.state)))
    if v.number != t.latest_version:
        raise Conflict(M.not_latest.format(version=v.number, latest=t.latest_version))
    v.state = State.AWAITING
    session.flush()
    return TRANSCRIPTS


def _state(state: str) -> str:
    return STATE_LABELS.get(state, state)


@dataclass(frozen=True)
class SignatureInput:
    """A signature made on a version's PDF (by ``app.signing``): who, as what, the new bytes."""

    role: str  # SignerRole
    signer_name: str
    certificate_sha256: str
    signed_pdf: bytes
    signer_title: str = ""  # "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG" for a deputy


def record_signature(
    session: Session, actor: Actor | None, version_id: uuid.UUID, sig: SignatureInput
) -> Changes:
    """Record the next signature in the order and keep the signed PDF (a new revision).

    After the school's seal the version is đã ký; a "cần cấp lại" flag is cleared when the
    newest version is signed."""
    lock_for_write(session)
    t, v = get_version(session, version_id)
    if v.state != State.AWAITING:
        raise Conflict(M.not_awaiting.format(state=_state(v.state)))
    position = signature_count(session, v.id) + 1
    expected = SIGNING_ORDER[position - 1]
    if sig.role != expected:
        raise Conflict(M.wrong_order.format(expected=SIGNER_LABELS[expected],
                                            got=SIGNER_LABELS.get(sig.role, sig.role)))  # fmt: skip
    access.require_sign(actor, get_class(session, t.class_id), sig.role)
    assert actor is not None
    if len(sig.certificate_sha256) != 64 or not sig.signed_pdf.startswith(b"%PDF"):
        raise ValidationError(M.signature_bad)
    session.add(TranscriptSignature(
        id=uuid.uuid4(), school_code=t.school_code, version_id=v.id, position=position,
        role=sig.role, signer_name=clean_text(sig.signer_name),
        signer_title=clean_text(sig.signer_title), username=actor.username, signed_at=utcnow(),
        certificate_sha256=sig.certificate_sha256.lower(),
    ))  # fmt: skip
    session.add(TranscriptPdf(
        id=uuid.uuid4(), school_code=t.school_code, version_id=v.id, revision=position,
        pdf=sig.signed_pdf, pdf_sha256=hashlib.sha256(sig.signed_pdf).hexdigest(),
        size=len(sig.signed_pdf),
    ))  # fmt: skip
    session.flush()
    if position == len(SIGNING_ORDER):
        v.state = State.SIGNED
        if t.needs_reissue and v.number == t.latest_version and v.correction_reason:
            t.needs_reissue = False
            journal.set_reason(session, t, M.reissued.format(version=v.number))
        session.flush()
    return SIGNATURES


def issue(session: Session, actor: Actor | None, version_id: uuid.UUID) -> Changes:
    """Đã ký → phát hành (the principal)."""
    access.require_issue(actor)
    assert actor is not None
    lock_for_write(session)
    _t, v = get_version(session, version_id)
    if v.state != State.SIGNED:
        raise Conflict(M.not_signed.format(state=_state(v.state)))
    v.state, v.issued_by, v.issued_at = State.ISSUED, actor.username, utcnow()
    session.flush()
    return TRANSCRIPTS


def delete_draft(session: Session, actor: Actor | None, version_id: uuid.UUID) -> Changes:
    """Remove a draft nobody signed (a signed version is never removed)."""
    lock_for_write(session)
    t, v = get_version(session, version_id)
    access.require_prepare(actor, get_class(session, t.class_id))
    if _is_fixed(session, v):
        raise Conflict(M.signed_never_deleted)
    session.delete(v)
    session.flush()
    t.latest_version = v.number - 1
    if t.latest_version == 0:
        session.delete(t)
    session.flush()
    return TRANSCRIPTS


def record_of(session: Session, version_id: uuid.UUID) -> TranscriptRecord:
    """The record a stored version holds (drawn again exactly, years later)."""
    _t, v = get_version(session, version_id)
    return canonical.loads(v.data)


def stored_pdf(session: Session, version_id: uuid.UUID) -> bytes | None:
    """The newest signed PDF of a version, if any."""
    return session.scalar(
        select(TranscriptPdf.pdf)
        .where(TranscriptPdf.version_id == version_id)
        .order_by(TranscriptPdf.revision.desc())
        .limit(1)
    )
