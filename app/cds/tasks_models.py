"""ORM models of the year's CĐS task checklist (decision 037).

- ``TaskListRecord``: the task list a school year follows, as validated and stored
  (canonical JSON and its SHA-256; replaced whole by a newer file, the journal keeps the old).
- ``TaskProgress``: one task's state, responsible person, due date and note in that year;
  a row exists once someone records something (until then the task is «chưa làm»).
- ``TaskEvidence``: a file attached to a task; its bytes are stored once per SHA-256 in the
  self-assessment's blob table (``app.cds.models.EvidenceBlob``).

Every row is journalled; the list's content is journalled by its SHA-256.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import journal
from app.db import Base, SyncMixin
from app.messages.cds_tasks import TASKS_MSG as M


class TaskState:
    """Where a task stands."""

    TODO = "chua_lam"
    DOING = "dang_lam"
    DONE = "da_xong"
    NOT_APPLICABLE = "khong_ap_dung"


TASK_STATE_LABELS: dict[str, str] = {
    TaskState.TODO: M.state_todo,
    TaskState.DOING: M.state_doing,
    TaskState.DONE: M.state_done,
    TaskState.NOT_APPLICABLE: M.state_na,
}

TASK_JOURNAL_FIELDS: dict[str, str] = {
    "school_year": "Năm học",
    "document": "Văn bản hướng dẫn",
    "content": "Danh sách việc",
    "content_sha256": "Mã kiểm tra danh sách (SHA-256)",
    "file_name": "Tên tệp",
    "code": "Mã việc",
    "state": "Trạng thái",
    "responsible": "Người phụ trách",
    "due_on": "Hạn",
    "note": "Ghi chú",
    "media_type": "Loại tệp",
    "size": "Dung lượng (byte)",
    "sha256": "Mã kiểm tra tệp (SHA-256)",
    "added_by": "Người thêm",
    "withdrawn": "Đã gỡ",
    "withdrawn_reason": "Lý do gỡ",
}


class TaskListRecord(SyncMixin, journal.Tracked, Base):
    """The task list of one school year."""

    __tablename__ = "cds_task_list"
    __journal_label__ = "Danh sách việc CNTT, chuyển đổi số"
    __journal_fields__ = TASK_JOURNAL_FIELDS
    __journal_local__ = frozenset({"content"})  # journalled by content_sha256
    __table_args__ = (UniqueConstraint("school_code", "school_year"),)

    school_year: Mapped[str] = mapped_column(String(9))
    document: Mapped[str] = mapped_column(String(120))
    content: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255), default="")


class TaskProgress(SyncMixin, journal.Tracked, Base):
    """One task's progress in a school year."""

    __tablename__ = "cds_task"
    __journal_label__ = "Việc CNTT, chuyển đổi số"
    __journal_fields__ = TASK_JOURNAL_FIELDS
    __journal_values__ = {"state": TASK_STATE_LABELS}
    __table_args__ = (UniqueConstraint("school_code", "school_year", "code"),)

    school_year: Mapped[str] = mapped_column(String(9))
    code: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(16), default=TaskState.TODO)
    responsible: Mapped[str] = mapped_column(String(120), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class TaskEvidence(SyncMixin, journal.Tracked, Base):
    """A file attached to a task (its bytes: ``EvidenceBlob`` with the same SHA-256)."""

    __tablename__ = "cds_task_evidence"
    __journal_label__ = "Minh chứng việc CNTT, chuyển đổi số"
    __journal_fields__ = TASK_JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("school_code", "school_year", "code", "sha256"),)

    school_year: Mapped[str] = mapped_column(String(9))
    code: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    added_by: Mapped[str] = mapped_column(String(64), default="")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
