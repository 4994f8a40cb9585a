"""Evidence files (minh chứng) of a criterion: checked, stored content-addressed, versioned.

A file is accepted when its extension is one of PDF, image (JPG, PNG) or office document and
its first bytes agree (a renamed executable is refused), and it is not larger than
``MAX_BYTES``. Its bytes are stored once per SHA-256 (``EvidenceBlob``); the criterion gets an
``EvidenceFile`` row naming it. Nothing is ever replaced: a file of the same name with other
bytes is the next version of that name, the same bytes again are refused as already there,
and a wrong file is withdrawn with a reason (kept, no longer counted).

``evidence_content`` gives a file's bytes and how the screen previews it (PDF, image, or
opened with the system's program for office documents).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cds.models import EvidenceBlob, EvidenceFile
from app.changes import Changes, carried
from app.db import Actor
from app.errors import Conflict, NotFound, ValidationError
from app.messages.cds import CDS_MSG as M
from app.permissions import Perm, require

MAX_BYTES = 20 * 1024 * 1024
"""The largest evidence file accepted (20 MB): a scanned plan of a few dozen pages."""
CHANGES = Changes.of("cds_evidence", "cds_evidence_blob")

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension → (media type, how it is previewed, the magic bytes its content starts with, kind)
_TYPES: dict[str, tuple[str, str, tuple[bytes, ...], str]] = {
    ".pdf": ("application/pdf", "pdf", (b"%PDF",), "PDF"),
    ".jpg": ("image/jpeg", "image", (b"\xff\xd8\xff",), "ảnh JPG"),
    ".jpeg": ("image/jpeg", "image", (b"\xff\xd8\xff",), "ảnh JPG"),
    ".png": ("image/png", "image", (b"\x89PNG\r\n\x1a\n",), "ảnh PNG"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "office", (_ZIP,), "Word"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "office",
              (_ZIP,), "Excel"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",
              "office", (_ZIP,), "PowerPoint"),
    ".doc": ("application/msword", "office", (_OLE,), "Word"),
    ".xls": ("application/vnd.ms-excel", "office", (_OLE,), "Excel"),
    ".ppt": ("application/vnd.ms-powerpoint", "office", (_OLE,), "PowerPoint"),
    ".odt": ("application/vnd.oasis.opendocument.text", "office", (_ZIP,), "OpenDocument"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "office", (_ZIP,), "OpenDocument"),
    ".odp": ("application/vnd.oasis.opendocument.presentation", "office", (_ZIP,),
             "OpenDocument"),
}  # fmt: skip


@dataclass(frozen=True)
class EvidenceInfo:
    """An evidence file as lists show it."""

    id: uuid.UUID
    criterion: str
    file_name: str
    file_version: int
    media_type: str
    preview: str  # "pdf", "image" or "office" (opened with the system's program)
    size: int
    sha256: str
    added_by: str
    added_at: datetime
    withdrawn: bool
    withdrawn_reason: str
    changes: Changes = carried()


@dataclass(frozen=True)
class EvidenceContent:
    """A file's bytes for the preview or for saving a copy."""

    file_name: str
    media_type: str
    preview: str
    data: bytes


def size_text(size: int) -> str:
    """``1,5 MB``, ``320 KB``."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(size // 1024, 1)} KB"


def check_file(name: str, data: bytes, limit: int = MAX_BYTES) -> tuple[str, str]:
    """The media type and preview kind of a file, or a clear ``ValidationError``."""
    ext = Path(name).suffix.lower()
    kind = _TYPES.get(ext)
    if kind is None:
        raise ValidationError(M.evidence_type.format(name=name))
    if not data:
        raise ValidationError(M.evidence_empty.format(name=name))
    if len(data) > limit:
        raise ValidationError(M.evidence_too_large.format(name=name, size=size_text(len(data)),
                                                          limit=size_text(limit)))  # fmt: skip
    media_type, preview, magics, label = kind
    if not any(data.startswith(m) for m in magics):
        raise ValidationError(M.evidence_content.format(name=name, ext=ext, kind=label))
    return media_type, preview


def preview_kind(file_name: str) -> str:
    """How the screen shows a stored file."""
    kind = _TYPES.get(Path(file_name).suffix.lower())
    return kind[1] if kind else "office"


def info(row: EvidenceFile) -> EvidenceInfo:
    """The list form of a stored row."""
    return EvidenceInfo(row.id, row.criterion, row.file_name, row.file_version, row.media_type,
                        preview_kind(row.file_name), row.size, row.sha256, row.added_by,
                        row.created_at, row.withdrawn, row.withdrawn_reason)  # fmt: skip


def store_blob(session: Session, data: bytes) -> str:
    """Store ``data`` once under its SHA-256; the hash."""
    sha = hashlib.sha256(data).hexdigest()
    if session.scalar(select(EvidenceBlob.id).where(EvidenceBlob.sha256 == sha)) is None:
        session.add(EvidenceBlob(sha256=sha, size=len(data), data=data))
    return sha


def attach(
    session: Session, actor: Actor | None, assessment_id: uuid.UUID, criterion: str, name: str,
    data: bytes,
) -> EvidenceInfo:  # fmt: skip
    """Attach ``data`` as ``name`` to a criterion (the caller checked the assessment is editable
    and the criterion exists); a new version when the name is taken by other bytes."""
    require(actor, Perm.CDS_EDIT)
    name = Path(name).name.strip()
    media_type, _preview = check_file(name, data)
    sha = hashlib.sha256(data).hexdigest()
    rows = session.scalars(
        select(EvidenceFile).where(
            EvidenceFile.assessment_id == assessment_id, EvidenceFile.criterion == criterion
        )
    ).all()
    same = next((r for r in rows if r.sha256 == sha and not r.withdrawn), None)
    if same is not None:
        raise Conflict(M.evidence_same.format(code=criterion, name=same.file_name,
                                              version=same.file_version))  # fmt: skip
    version = 1 + max((r.file_version for r in rows if r.file_name == name), default=0)
    store_blob(session, data)
    row = EvidenceFile(assessment_id=assessment_id, criterion=criterion, file_name=name,
                       file_version=version, media_type=media_type, size=len(data), sha256=sha,
                       added_by=actor.username if actor else "")  # fmt: skip
    session.add(row)
    session.flush()
    return EvidenceInfo(**{**info(row).__dict__, "changes": CHANGES})


def read_file(name: str | Path) -> bytes:
    """The bytes of a file the user picked, or a clear error."""
    path = Path(name)
    try:
        if path.stat().st_size > MAX_BYTES:  # said before reading a huge file into memory
            size = size_text(path.stat().st_size)
            raise ValidationError(M.evidence_too_large.format(name=path.name, size=size,
                                                              limit=size_text(MAX_BYTES)))  # fmt: skip
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(M.evidence_unreadable.format(name=path.name,
                                                           detail=exc.strerror)) from exc  # fmt: skip


def withdraw(
    session: Session, actor: Actor | None, assessment_id: uuid.UUID, evidence_id: uuid.UUID,
    reason: str,
) -> Changes:  # fmt: skip
    """Withdraw a file of the assessment attached by mistake: kept with the reason, no longer
    counted."""
    require(actor, Perm.CDS_EDIT)
    row = session.get(EvidenceFile, evidence_id)
    if row is None or row.assessment_id != assessment_id:
        raise NotFound(M.evidence_not_found)
    if not reason.strip():
        raise ValidationError(M.evidence_withdraw_reason.format(name=row.file_name))
    row.withdrawn, row.withdrawn_reason = True, reason.strip()
    return CHANGES


def files_of(session: Session, assessment_id: uuid.UUID) -> list[EvidenceInfo]:
    """Every file of an assessment, by criterion, name and version."""
    rows = session.scalars(
        select(EvidenceFile)
        .where(EvidenceFile.assessment_id == assessment_id)
        .order_by(EvidenceFile.criterion, EvidenceFile.file_name, EvidenceFile.file_version)
    ).all()
    return [info(r) for r in rows]


def counts(session: Session, assessment_id: uuid.UUID) -> dict[str, int]:
    """How many files (not withdrawn) each criterion has."""
    rows = session.execute(
        select(EvidenceFile.criterion, func.count())
        .where(EvidenceFile.assessment_id == assessment_id, EvidenceFile.withdrawn.is_(False))
        .group_by(EvidenceFile.criterion)
    )
    return {code: int(n) for code, n in rows}


def evidence_content(
    session: Session, actor: Actor | None, evidence_id: uuid.UUID
) -> EvidenceContent:
    """A file's bytes, for the preview or to save a copy."""
    require(actor, Perm.CDS_VIEW)
    row = session.get(EvidenceFile, evidence_id)
    if row is None:
        raise NotFound(M.evidence_not_found)
    data = session.scalar(select(EvidenceBlob.data).where(EvidenceBlob.sha256 == row.sha256))
    if data is None:
        raise NotFound(M.evidence_not_found)
    return EvidenceContent(row.file_name, row.media_type, preview_kind(row.file_name), data)


def blob(session: Session, sha256: str) -> bytes | None:
    """The stored bytes of ``sha256``."""
    return session.scalar(select(EvidenceBlob.data).where(EvidenceBlob.sha256 == sha256))
