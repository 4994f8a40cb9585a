"""Signing transcript versions: the next signature in the order, in its box, kept for good.

A version's first signature goes on the PDF drawn from its stored data
(``render_transcript`` with the data's SHA-256 in every page's QR code); each later
one on the newest signed revision, as an incremental update that keeps the earlier
signatures valid (``app.signing``). ``service.record_signature`` checks the order and
who may sign, and keeps the new bytes as the next revision of the version.

The principal's box is titled "HIỆU TRƯỞNG" on the page, drawn before anyone signs;
a deputy signing for the principal says "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG" in the
signature's own stamp (decision 020).

A class is signed in one batch with one signer: the PIN is asked once, each file is
saved as soon as it is signed (its own unit of work), one that fails is listed with
its reason and the batch goes on; the user can stop between files.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor, Database
from app.errors import AppError, Cancelled
from app.messages.transcript_signing import TSIGN_MSG as M
from app.progress import NullProgress, Progress, check_cancel
from app.signing.pades import SignRequest, check_certificate_dates, sign_request
from app.signing.signers import Signer, SignerError, certificate_sha256
from app.transcripts import online_steps, service
from app.transcripts.models import SIGNER_LABELS, SIGNING_ORDER, SignerRole
from app.transcripts.pdf_document import render_transcript, signature_boxes

FIELD_NAMES = {
    SignerRole.HOMEROOM: "HocBa_GVCN",
    SignerRole.PRINCIPAL: "HocBa_HieuTruong",
    SignerRole.SEAL: "HocBa_NhaTruong",
}
"""The signature field of each role (the verifier expects them in this order)."""
DEPUTY_ROLE = "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG"
_STAMP_ROLE = {
    SignerRole.HOMEROOM: "Giáo viên chủ nhiệm",
    SignerRole.PRINCIPAL: "Hiệu trưởng",
    SignerRole.SEAL: "Nhà trường",
}


@dataclass(frozen=True)
class SignAs:
    """Who signs and as what: the role in the order, the name on the stamp, a deputy or not."""

    role: str
    signer_name: str
    deputy: bool = False

    @property
    def stamp_role(self) -> str:
        if self.deputy and self.role == SignerRole.PRINCIPAL:
            return DEPUTY_ROLE
        return _STAMP_ROLE[self.role]

    @property
    def title(self) -> str:
        """The title recorded with the signature ("" for the role's own)."""
        return DEPUTY_ROLE.replace("\n", " / ") if self.stamp_role == DEPUTY_ROLE else ""


def document(session: Session, version_id: uuid.UUID) -> bytes:
    """The bytes the next signature goes on: the newest signed revision, else the drawing."""
    stored = service.stored_pdf(session, version_id)
    if stored is not None:
        return stored
    _t, version = service.get_version(session, version_id)
    return render_transcript(service.record_of(session, version_id), version.data_sha256)


def _request(pdf: bytes, who: SignAs, place: str) -> SignRequest:
    box = signature_boxes(pdf)[who.role]
    return SignRequest(
        field_name=FIELD_NAMES[who.role],
        box=(box.page, box.rect),
        name=who.signer_name,
        role=who.stamp_role,
        reason=M.reason.format(role=SIGNER_LABELS[who.role]),
        location=place,
    )


def _place(session: Session) -> str:
    from app.school import get_profile

    profile = get_profile(session)
    return (profile.commune or profile.province) if profile else ""


def sign_version(
    db: Database, actor: Actor | None, version_id: uuid.UUID, signer: Signer, who: SignAs
) -> bytes:
    """Add ``who``'s signature to a version awaiting signatures; returns the signed bytes."""
    with db.read(actor) as s:
        pdf = document(s, version_id)
        place = _place(s)
    signed = sign_request(pdf, signer, _request(pdf, who, place))
    _record(db, actor, version_id, signer, who, signed)
    return signed


def _record(
    db: Database,
    actor: Actor | None,
    version_id: uuid.UUID,
    signer: Signer,
    who: SignAs,
    signed: bytes,
) -> None:
    sig = service.SignatureInput(
        role=who.role,
        signer_name=who.signer_name,
        certificate_sha256=certificate_sha256(signer.certificate),
        signed_pdf=signed,
        signer_title=who.title,
    )
    with db.uow(actor, reason=M.journal_reason.format(role=SIGNER_LABELS[who.role])) as s:
        service.record_signature(s, actor, version_id, sig)
        if who.role == SIGNING_ORDER[-1]:  # the last signature: the online step waits
            online_steps.enqueue(s, version_id, signed, [FIELD_NAMES[r] for r in SIGNING_ORDER])


@dataclass(frozen=True)
class Item:
    """A version to sign in a batch, and how to name it in the list of failures."""

    version_id: uuid.UUID
    label: str  # "HS0012 Nguyễn Văn An"


SIGNED = service.SIGNATURES | Changes.of("transcript_online_step")
"""What signing touches: signatures, kept files, the version's state, the online queue."""


@dataclass
class BatchOutcome:
    """What a batch did: how many were signed, and each one that was not, with why."""

    signed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def changes(self) -> Changes:
        """What the batch changed (nothing when nothing was signed)."""
        return SIGNED if self.signed else Changes()


def sign_many(
    db: Database,
    actor: Actor | None,
    items: Sequence[Item],
    signer: Signer,
    who: SignAs,
    progress: Progress | None = None,
) -> BatchOutcome:
    """Sign every item with one signer (one PIN), saving each as soon as it is signed."""
    progress = progress or NullProgress()
    out = BatchOutcome()
    total = len(items)
    progress.update(0, total, M.batch_label, M.batch_unit)
    check_certificate_dates(signer.certificate)  # the one PIN prompt of a token
    with db.read(actor) as s:
        place = _place(s)
    for done, item in enumerate(items):
        try:
            check_cancel(progress)
        except Cancelled:
            out.cancelled = True
            break
        try:
            with db.read(actor) as s:
                pdf = document(s, item.version_id)
            signed = sign_request(pdf, signer, _request(pdf, who, place))
            _record(db, actor, item.version_id, signer, who, signed)
        except SignerError as exc:  # the key or the token: every later file would fail too
            out.failures.extend((i.label, exc.message) for i in items[done:])
            break
        except AppError as exc:
            out.failures.append((item.label, exc.message))
        else:
            out.signed += 1
        progress.update(done + 1, total, M.batch_label, M.batch_unit)
    return out
