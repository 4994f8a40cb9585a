"""ORM models of student records. Every domain row is journalled (``journal.Tracked``).

``StudentSearchTerm`` and ``StudentCodeSequence`` are derived/technical rows and
are not journalled: search terms are rebuilt from the student, and the code
counter only ever moves forward.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import cast

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app import journal
from app.db import Base, SyncMixin
from app.students.inputs import FIELD_LABELS as INPUT_LABELS
from app.students.inputs import RELATION_LABELS, SEX_LABELS, STATUS_LABELS, Status

DEFAULT_NATIONALITY = "Việt Nam"


# Only Perm.VIEW_SENSITIVE may read these, on the form as in the journal, and each read is
# journalled. ``search_text`` holds the personal ID too, so the journal masks it with them.
# The lifelong learning-record number is based on the personal ID (NĐ 88/2026), so it is
# guarded as the ID is.
SENSITIVE_FIELDS = frozenset(
    {"personal_id", "lifelong_record_number", "height_cm", "weight_kg", "health_notes"}
)

# Vietnamese names of the columns of every student table, for the journal viewer, the
# change history and the CLI (``app.labels``); the form's input labels where one exists.
JOURNAL_FIELDS: dict[str, str] = {
    **INPUT_LABELS,
    "student_code": "Mã học sinh",
    "personal_id": "Số định danh cá nhân",
    "family_middle_name": "Họ và tên đệm",
    "given_name": "Tên",
    "date_of_birth": "Ngày sinh",
    "sex": "Giới tính",
    "ethnicity_code": "Dân tộc",
    "ethnicity_code_system": "Bảng mã dân tộc",
    "address_detail": "Địa chỉ (thôn, số nhà)",
    "status": "Trạng thái",
    "search_text": "Dữ liệu tìm kiếm",
    "sort_key": "Khóa sắp xếp",
    "relation": "Quan hệ",
    "birth_year": "Năm sinh",
    "occupation": "Nghề nghiệp",
    "homeroom_teacher_id": "Giáo viên chủ nhiệm",
    "class_id": "Lớp",
    "student_id": "Học sinh",
    "event_date": "Ngày",
    "other_school": "Trường chuyển đến/đi",
    "reason": "Lý do",
    "details": "Chi tiết",
    "kind": "Loại",
    "fields": "Thông tin",
}


class Student(SyncMixin, journal.Tracked, Base):
    """A student's record (hồ sơ học sinh)."""

    __tablename__ = "student"
    __journal_label__ = "Học sinh"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {"sex": SEX_LABELS, "status": STATUS_LABELS}
    __journal_sensitive__ = SENSITIVE_FIELDS | {"search_text"}
    __journal_events__ = {"export_personal_id": "Xuất danh sách có số định danh"}
    __table_args__ = (
        UniqueConstraint("student_code", "school_code"),
        UniqueConstraint("personal_id", "school_code"),
        # Name order with a unique tie-break, so a sorted page is read straight off the index.
        Index("ix_student_sort_key", "sort_key", "id"),
    )

    student_code: Mapped[str] = mapped_column(String(30))
    personal_id: Mapped[str | None] = mapped_column(String(12), nullable=True)
    # The Ministry's own student code (often 10 digits, "Mã định danh"/"Mã MOET" in
    # school-system exports): not the personal ID, kept apart from it.
    ministry_code: Mapped[str] = mapped_column(String(20), default="", index=True)
    # Mã số hồ sơ học tập suốt đời (NĐ 88/2026): 12 digits, based on the personal ID. The
    # database fills "" (no Python default): an insert that leaves it out, as one written for
    # an older revision does, stays valid.
    lifelong_record_number: Mapped[str] = mapped_column(String(12), server_default="")
    family_middle_name: Mapped[str] = mapped_column(String(80), default="")
    given_name: Mapped[str] = mapped_column(String(40))
    full_name: Mapped[str] = mapped_column(String(120))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(3))
    ethnicity_code: Mapped[str] = mapped_column(String(4), default="")
    ethnicity_code_system: Mapped[str] = mapped_column(String(40), default="")
    religion: Mapped[str] = mapped_column(String(60), default="")
    nationality: Mapped[str] = mapped_column(String(60), default=DEFAULT_NATIONALITY)
    place_of_birth: Mapped[str] = mapped_column(String(200), default="")
    hometown: Mapped[str] = mapped_column(String(200), default="")
    address_province: Mapped[str] = mapped_column(String(100), default="")
    address_commune: Mapped[str] = mapped_column(String(100), default="")
    address_detail: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(20), default=Status.ACTIVE, index=True)
    policy_group: Mapped[str] = mapped_column(String(200), default="")
    disability: Mapped[bool] = mapped_column(Boolean, default=False)
    disability_type: Mapped[str] = mapped_column(String(100), default="")
    poverty: Mapped[str] = mapped_column(String(10), default="")
    height_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    weight_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    health_notes: Mapped[str] = mapped_column(Text, default="")
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    consent_by: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Lower-case accented text (name, code, ID, phones) for the exact-match search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Vietnamese name order (given name, then family and middle): see text.name_sort_key.
    sort_key: Mapped[str] = mapped_column(String(200), default="")

    @property
    def bmi(self) -> float | None:
        """Body-mass index computed on read (never stored)."""
        return bmi(self.height_cm, self.weight_kg)


def bmi(height_cm: float | None, weight_kg: float | None) -> float | None:
    """Weight / height², one decimal; None when either is missing."""
    if not height_cm or not weight_kg:
        return None
    return round(weight_kg / (height_cm / 100) ** 2, 1)


class StudentSearchTerm(Base):
    """One accent-folded search term of a student: each name suffix, code, ID and phone.

    A prefix range on the primary key answers "nguyen thi h" or "0912" from the
    index on both SQLite and PostgreSQL.
    """

    __tablename__ = "student_search_term"
    # Covering index for "does this student match?" while a page walks the name order.
    __table_args__ = (Index("ix_student_search_term_student", "student_id", "term"),)

    term: Mapped[str] = mapped_column(String(80), primary_key=True)
    student_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("student.id", ondelete="CASCADE"), primary_key=True
    )


class Guardian(SyncMixin, journal.Tracked, Base):
    """A parent or legal guardian of a student (0..n per student)."""

    __tablename__ = "guardian"
    __journal_label__ = "Người thân của học sinh"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {"relation": RELATION_LABELS}
    __journal_sensitive__ = frozenset({"personal_id"})

    student_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("student.id", ondelete="CASCADE"), index=True
    )
    relation: Mapped[str] = mapped_column(String(20))
    full_name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    occupation: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    personal_id: Mapped[str | None] = mapped_column(String(12), nullable=True)


class ClassGroup(SyncMixin, journal.Tracked, Base):
    """A class (lớp) of one school year, e.g. 6A1 in 2025-2026."""

    __tablename__ = "class_group"
    __journal_label__ = "Lớp học"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("name", "school_year", "school_code"),)

    school_year: Mapped[str] = mapped_column(String(9), index=True)
    grade: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(20))
    homeroom_teacher_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True, index=True
    )


class Enrolment(SyncMixin, journal.Tracked, Base):
    """A student in a class for (part of) a school year; open while ``end_date`` is empty."""

    __tablename__ = "enrolment"
    __journal_label__ = "Xếp lớp"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (
        Index("ix_enrolment_class_open", "class_id", "end_date"),
        # A student's class in a year: looked up once per listed row.
        Index("ix_enrolment_student_year", "student_id", "school_year", "start_date"),
    )

    student_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("student.id", ondelete="CASCADE")
    )
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"))
    school_year: Mapped[str] = mapped_column(String(9))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class EventKind:
    """Kinds of student events."""

    ENROLLED = "nhap_hoc"
    TRANSFER_IN = "chuyen_den"
    TRANSFER_OUT = "chuyen_di"
    WITHDRAWAL = "thoi_hoc"
    GRADUATION = "tot_nghiep"
    SUSPENSION = "bao_luu"
    CLASS_CHANGE = "chuyen_lop"


EVENT_LABELS: dict[str, str] = {
    EventKind.ENROLLED: "Nhập học",
    EventKind.TRANSFER_IN: "Chuyển đến",
    EventKind.TRANSFER_OUT: "Chuyển đi",
    EventKind.WITHDRAWAL: "Thôi học",
    EventKind.GRADUATION: "Tốt nghiệp",
    EventKind.SUSPENSION: "Bảo lưu",
    EventKind.CLASS_CHANGE: "Chuyển lớp",
}


class StudentEvent(SyncMixin, journal.Tracked, Base):
    """A dated change in a student's standing: transfer, withdrawal, graduation…"""

    __tablename__ = "student_event"
    __journal_label__ = "Biến động học sinh"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {"kind": EVENT_LABELS}

    student_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("student.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    event_date: Mapped[date] = mapped_column(Date)
    school_year: Mapped[str] = mapped_column(String(9), default="")
    other_school: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="")


DEFAULT_CODE_PATTERN = "{school}{year2}{seq:04d}"


class StudentCodeSequence(SyncMixin, Base):
    """The per-school code pattern and the last number handed out (never goes back)."""

    __tablename__ = "student_code_sequence"
    __table_args__ = (UniqueConstraint("school_code"),)
    # Not journalled row by row (every new code moves the counter); its events are.
    __journal_label__ = "Mẫu mã học sinh"
    __journal_events__ = {"code_pattern": "Đổi mẫu mã học sinh"}

    pattern: Mapped[str] = mapped_column(String(60), default=DEFAULT_CODE_PATTERN)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


# The search-term table for Core executemany (no ORM bookkeeping on ~7 rows per student).
SEARCH_TERM_TABLE = cast(Table, StudentSearchTerm.__table__)
