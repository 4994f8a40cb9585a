"""ORM models of the CĐS self-assessment (decision 036).

- ``CriteriaSetRecord``: a criteria set as imported, its canonical JSON and SHA-256; never
  changed once stored (a corrected set is a new version).
- ``Assessment``: the school's self-assessment of one school year, the set it is made
  against (kept for good: a newer set never changes it) and its workflow state.
- ``Answer``: one criterion's result (value or manual points), note, and the pre-filled value
  the app computed, until the user overrides it with a reason.
- ``EvidenceFile`` and ``EvidenceBlob``: a file attached to a criterion (its name, type,
  version) and its bytes, stored once per SHA-256 (content-addressed).

Every row is journalled; the bytes are journalled by their SHA-256 and size.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app import journal
from app.db import Base, SyncMixin
from app.messages.cds import CDS_MSG as M


class State:
    """Where an assessment is in its workflow (``app.cds.workflow``)."""

    DRAFT = "nhap"
    SUBMITTED = "cho_duyet"
    APPROVED = "bgh_duyet"
    SENT = "da_gui"
    ACCEPTED = "duoc_duyet"
    RETURNED = "tra_lai"


CDS_JOURNAL_FIELDS: dict[str, str] = {
    "key": "Mã bộ tiêu chí",
    "version": "Phiên bản",
    "title": "Tên bộ tiêu chí",
    "decision": "Văn bản",
    "decision_date": "Ngày văn bản",
    "verified": "Đã đối chiếu với văn bản gốc",
    "content": "Nội dung bộ tiêu chí",
    "content_sha256": "Mã kiểm tra nội dung (SHA-256)",
    "source": "Nguồn",
    "school_year": "Năm học",
    "set_id": "Bộ tiêu chí",
    "state": "Trạng thái",
    "principal_comment": "Nhận xét của BGH",
    "authority_comment": "Nhận xét của cấp trên",
    "authority_decided_on": "Ngày cấp trên trả lời",
    "approved_by": "Người duyệt",
    "approved_at": "Thời điểm duyệt",
    "sent_by": "Người gửi",
    "sent_at": "Thời điểm gửi",
    "assessment_id": "Phiếu tự đánh giá",
    "criterion": "Tiêu chí",
    "value": "Kết quả",
    "points": "Điểm",
    "note": "Ghi chú",
    "prefill_metric": "Số liệu tự tính",
    "prefill_value": "Kết quả tự tính",
    "prefill_explanation": "Cách tính",
    "overridden": "Sửa kết quả tự tính",
    "override_reason": "Lý do sửa kết quả tự tính",
    "file_name": "Tên tệp",
    "media_type": "Loại tệp",
    "size": "Dung lượng (byte)",
    "sha256": "Mã kiểm tra tệp (SHA-256)",
    "file_version": "Phiên bản tệp",
    "added_by": "Người thêm",
    "withdrawn": "Đã gỡ",
    "withdrawn_reason": "Lý do gỡ",
}

STATE_LABELS: dict[str, str] = {
    State.DRAFT: M.state_draft,
    State.SUBMITTED: M.state_submitted,
    State.APPROVED: M.state_approved,
    State.SENT: M.state_sent,
    State.ACCEPTED: M.state_accepted,
    State.RETURNED: M.state_returned,
}


class CriteriaSetRecord(SyncMixin, journal.Tracked, Base):
    """One version of a criteria set, as validated and stored (never edited)."""

    __tablename__ = "cds_criteria_set"
    __journal_label__ = "Bộ tiêu chí chuyển đổi số"
    __journal_fields__ = CDS_JOURNAL_FIELDS
    __journal_local__ = frozenset({"content"})  # journalled by content_sha256
    __table_args__ = (UniqueConstraint("school_code", "key", "version"),)

    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    decision: Mapped[str] = mapped_column(String(120))
    decision_date: Mapped[date] = mapped_column(Date)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    content: Mapped[bytes] = mapped_column(LargeBinary)  # canonical JSON, UTF-8
    content_sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(300), default="")


class Assessment(SyncMixin, journal.Tracked, Base):
    """The school's self-assessment (phiếu tự đánh giá) of one school year."""

    __tablename__ = "cds_assessment"
    __journal_label__ = "Phiếu tự đánh giá chuyển đổi số"
    __journal_fields__ = CDS_JOURNAL_FIELDS
    __journal_values__ = {"state": STATE_LABELS}
    __table_args__ = (UniqueConstraint("school_code", "school_year"),)

    school_year: Mapped[str] = mapped_column(String(9))
    set_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cds_criteria_set.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), default=State.DRAFT)
    principal_comment: Mapped[str] = mapped_column(Text, default="")
    authority_comment: Mapped[str] = mapped_column(Text, default="")
    authority_decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    approved_by: Mapped[str] = mapped_column(String(64), default="")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    sent_by: Mapped[str] = mapped_column(String(64), default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Answer(SyncMixin, journal.Tracked, Base):
    """One criterion's result in an assessment."""

    __tablename__ = "cds_answer"
    __journal_label__ = "Kết quả tiêu chí chuyển đổi số"
    __journal_fields__ = CDS_JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("assessment_id", "criterion"),)

    assessment_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("cds_assessment.id"), index=True
    )
    criterion: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(40), default="")  # "true", "12", "85.5"; "" none
    points: Mapped[Decimal | None] = mapped_column(Numeric(6, 2), nullable=True)  # manual only
    note: Mapped[str] = mapped_column(Text, default="")
    prefill_metric: Mapped[str] = mapped_column(String(60), default="")
    prefill_value: Mapped[str] = mapped_column(String(40), default="")
    prefill_explanation: Mapped[str] = mapped_column(Text, default="")
    overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str] = mapped_column(Text, default="")


class EvidenceBlob(SyncMixin, journal.Tracked, Base):
    """The bytes of an evidence file, stored once per SHA-256."""

    __tablename__ = "cds_evidence_blob"
    __journal_label__ = "Nội dung tệp minh chứng"
    __journal_fields__ = CDS_JOURNAL_FIELDS
    __journal_local__ = frozenset({"data"})  # journalled by sha256 and size
    __table_args__ = (UniqueConstraint("school_code", "sha256"),)

    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class EvidenceFile(SyncMixin, journal.Tracked, Base):
    """A file attached to a criterion; a new file of the same name is a new version."""

    __tablename__ = "cds_evidence"
    __journal_label__ = "Tệp minh chứng chuyển đổi số"
    __journal_fields__ = CDS_JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("assessment_id", "criterion", "file_name", "file_version"),)

    assessment_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("cds_assessment.id"), index=True
    )
    criterion: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    file_version: Mapped[int] = mapped_column(Integer, default=1)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    added_by: Mapped[str] = mapped_column(String(64), default="")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
