"""ORM models of the học bạ: a transcript per student per school year, its versions, their
signatures and signed PDFs, the log of issued copies, and what the forms need beyond the
grade book (extras, years at other schools).

Every row is journalled (``journal.Tracked``). The canonical data of a version and the
bytes of a signed PDF are stored whole but journalled by their SHA-256 only
(``__journal_local__``): the journal says what was written and can prove it, without
copying kilobytes into every entry. Nothing signed is ever changed or deleted: the
service refuses it and the database's triggers (migration 0011) abort it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app import journal
from app.db import Base, SyncMixin, utcnow


class State:
    """States of a transcript version: nháp → chờ ký → đã ký → phát hành."""

    DRAFT = "draft"
    AWAITING = "awaiting_signature"
    SIGNED = "signed"
    ISSUED = "issued"


STATE_LABELS: dict[str, str] = {
    State.DRAFT: "Nháp",
    State.AWAITING: "Chờ ký",
    State.SIGNED: "Đã ký",
    State.ISSUED: "Phát hành",
}
FROZEN_STATES = (State.SIGNED, State.ISSUED)
"""States whose data never changes again (the triggers of migration 0011 say the same)."""


class SignerRole:
    """Who signs, in this order (DOMAIN §4)."""

    HOMEROOM = "homeroom"
    PRINCIPAL = "principal"
    SEAL = "seal"


SIGNING_ORDER = (SignerRole.HOMEROOM, SignerRole.PRINCIPAL, SignerRole.SEAL)
SIGNER_LABELS: dict[str, str] = {
    SignerRole.HOMEROOM: "Giáo viên chủ nhiệm",
    SignerRole.PRINCIPAL: "Hiệu trưởng",
    SignerRole.SEAL: "Chữ ký số của nhà trường",
}


class CopyKind:
    """What was handed out: a copy of the whole transcript, or an extract of it."""

    COPY = "ban_sao"
    EXTRACT = "trich_luc"


COPY_LABELS: dict[str, str] = {CopyKind.COPY: "Bản sao", CopyKind.EXTRACT: "Trích lục"}

JOURNAL_FIELDS: dict[str, str] = {
    "student_id": "Học sinh",
    "class_id": "Lớp",
    "school_year": "Năm học",
    "level": "Cấp học",
    "needs_reissue": "Cần cấp lại",
    "reissue_reason": "Lý do cần cấp lại",
    "latest_version": "Phiên bản mới nhất",
    "transcript_id": "Học bạ",
    "number": "Phiên bản",
    "state": "Trạng thái",
    "data_sha256": "Mã băm dữ liệu (SHA-256)",
    "correction_reason": "Lý do đính chính",
    "prepared_by": "Người lập",
    "prepared_at": "Thời điểm lập",
    "issued_by": "Người phát hành",
    "issued_at": "Thời điểm phát hành",
    "version_id": "Phiên bản học bạ",
    "position": "Thứ tự ký",
    "role": "Người ký với tư cách",
    "signer_name": "Họ tên người ký",
    "signer_title": "Chức danh ký",
    "username": "Tài khoản",
    "signed_at": "Thời điểm ký",
    "certificate_sha256": "Dấu vân tay chứng thư số",
    "revision": "Lần ký",
    "pdf_sha256": "Mã băm tệp PDF",
    "size": "Kích thước (byte)",
    "kind": "Loại",
    "issued_to": "Cấp cho",
    "purpose": "Mục đích",
    "copies": "Số bản",
    "issued_by_name": "Họ tên người cấp",
    "height_cm": "Chiều cao (cm)",
    "weight_kg": "Cân nặng (kg)",
    "certificates": "Chứng chỉ",
    "competitions": "Thi, hội thi",
    "commendations": "Khen thưởng",
    "homeroom_comment": "Nhận xét của giáo viên chủ nhiệm",
    "days_absent_excused": "Nghỉ có phép (ngày)",
    "days_absent_unexcused": "Nghỉ không phép (ngày)",
    "class_name": "Lớp",
    "school_name": "Trường",
    "principal": "Hiệu trưởng",
}


class Transcript(SyncMixin, journal.Tracked, Base):
    """A student's học bạ for one school year; its versions hold the data."""

    __tablename__ = "transcript"
    __journal_label__ = "Học bạ"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("student_id", "school_year"),)

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9), index=True)
    level: Mapped[str] = mapped_column(String(10))
    latest_version: Mapped[int] = mapped_column(Integer, default=0)
    needs_reissue: Mapped[bool] = mapped_column(Boolean, default=False)
    reissue_reason: Mapped[str] = mapped_column(Text, default="")


class TranscriptVersion(SyncMixin, journal.Tracked, Base):
    """One version of a transcript: its canonical data, its hash and its state."""

    __tablename__ = "transcript_version"
    __journal_label__ = "Phiên bản học bạ"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {"state": STATE_LABELS}
    __journal_local__ = frozenset({"data"})  # journalled by data_sha256
    __table_args__ = (UniqueConstraint("transcript_id", "number"),)

    transcript_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("transcript.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default=State.DRAFT)
    data: Mapped[str] = mapped_column(Text)
    data_sha256: Mapped[str] = mapped_column(String(64))
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    prepared_by: Mapped[str] = mapped_column(String(64), default="")
    prepared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(64), default="")
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TranscriptSignature(SyncMixin, journal.Tracked, Base):
    """A signature on a version: who, as what, in which place of the order, when, which cert."""

    __tablename__ = "transcript_signature"
    __journal_label__ = "Chữ ký học bạ"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {"role": SIGNER_LABELS}
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    version_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("transcript_version.id"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_title: Mapped[str] = mapped_column(String(120), default="")
    username: Mapped[str] = mapped_column(String(64), default="")
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    certificate_sha256: Mapped[str] = mapped_column(String(64))


class TranscriptPdf(SyncMixin, journal.Tracked, Base):
    """The bytes of a version's PDF after each signature (revision 1, 2, 3), kept for good."""

    __tablename__ = "transcript_pdf"
    __journal_label__ = "Tệp học bạ đã ký"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_local__ = frozenset({"pdf"})  # journalled by pdf_sha256 and size
    __table_args__ = (UniqueConstraint("version_id", "revision"),)

    version_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("transcript_version.id"), index=True
    )
    revision: Mapped[int] = mapped_column(Integer)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)


class TranscriptCopy(SyncMixin, journal.Tracked, Base):
    """One entry of the copies log (sổ cấp bản sao, trích lục học bạ)."""

    __tablename__ = "transcript_copy"
    __journal_label__ = "Cấp bản sao học bạ"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {"kind": COPY_LABELS}

    version_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("transcript_version.id"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    issued_to: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(300))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    issued_by: Mapped[str] = mapped_column(String(64))
    issued_by_name: Mapped[str] = mapped_column(String(120), default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TranscriptExtra(SyncMixin, journal.Tracked, Base):
    """What the forms need and the grade book lacks, per student per year.

    Lists (certificates, competitions, commendations) hold one item per line."""

    __tablename__ = "transcript_extra"
    __journal_label__ = "Thông tin bổ sung học bạ"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_sensitive__ = frozenset({"height_cm", "weight_kg"})
    __table_args__ = (UniqueConstraint("student_id", "school_year"),)

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    school_year: Mapped[str] = mapped_column(String(9))
    # One decimal as text ("135.5"): SQLite has no decimal type (a float would print 135.49999).
    height_cm: Mapped[str] = mapped_column(String(6), default="")
    weight_kg: Mapped[str] = mapped_column(String(6), default="")
    days_absent_excused: Mapped[int | None] = mapped_column(Integer, nullable=True)
    days_absent_unexcused: Mapped[int | None] = mapped_column(Integer, nullable=True)
    certificates: Mapped[str] = mapped_column(Text, default="")
    competitions: Mapped[str] = mapped_column(Text, default="")
    commendations: Mapped[str] = mapped_column(Text, default="")
    homeroom_comment: Mapped[str] = mapped_column(Text, default="")


class TranscriptProcess(SyncMixin, journal.Tracked, Base):
    """A year at another school for "Quá trình học tập", entered by hand."""

    __tablename__ = "transcript_process"
    __journal_label__ = "Quá trình học tập (nhập tay)"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("student_id", "school_year"),)

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))
    class_name: Mapped[str] = mapped_column(String(20))
    school_name: Mapped[str] = mapped_column(String(200))
    principal: Mapped[str] = mapped_column(String(120), default="")
