"""ORM models of the grade book. Every recorded fact is journalled (``journal.Tracked``).

Only what teachers record is stored: assessments, conduct, absences, re-tests
and the summer conduct result. Averages, levels and outcomes are always
recomputed from them by ``app.grading``. ``ResultSnapshot`` is the one stored
summary: a copy of the computed results taken when a semester is locked (journalled too:
the official results the hub receives), which ``python main.py check`` compares against
a fresh recomputation.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app import journal
from app.db import Base, SyncMixin, utcnow

# Vietnamese names of the grade book's columns, for the journal viewer and the CLI
# (``app.labels``).
JOURNAL_FIELDS: dict[str, str] = {
    "school_year": "Năm học",
    "grade": "Khối",
    "short_name": "Tên viết tắt",
    "periods_per_year": "Số tiết/năm",
    "comment_only": "Đánh giá bằng nhận xét",
    "elective": "Môn lựa chọn",
    "position": "Thứ tự",
    "provenance": "Nguồn",
    "class_id": "Lớp",
    "subject_id": "Môn học",
    "teacher_id": "Giáo viên",
    "student_id": "Học sinh",
    "semester": "Học kì",
    "kind": "Loại đánh giá",
    "number": "Lần đánh giá",
    "value": "Giá trị",
    "conduct": "Rèn luyện",
    "absent_excused": "Nghỉ có phép (buổi)",
    "absent_unexcused": "Nghỉ không phép (buổi)",
    "locked": "Đã khóa",
    "changed_at": "Thời điểm thay đổi",
    "changed_by": "Người thay đổi",
    "checkpoint": "Thời điểm đánh giá",
    "achievement": "Thành tích",
}


class Subject(SyncMixin, journal.Tracked, Base):
    """A subject of one grade in one school year (the school's editable catalogue)."""

    __tablename__ = "subject"
    __journal_label__ = "Môn học"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("school_year", "grade", "name", "school_code"),)

    school_year: Mapped[str] = mapped_column(String(9), index=True)
    level: Mapped[str] = mapped_column(String(10))
    grade: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(20), default="")
    periods_per_year: Mapped[int] = mapped_column(Integer)
    comment_only: Mapped[bool] = mapped_column(Boolean, default=False)
    elective: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    provenance: Mapped[str] = mapped_column(String(300), default="")


class ClassElective(SyncMixin, journal.Tracked, Base):
    """An elective subject a class studies (THPT: the class's chosen combination)."""

    __tablename__ = "class_elective"
    __journal_label__ = "Môn lựa chọn của lớp"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("class_id", "subject_id"),)

    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("subject.id"), index=True)


class Semester(SyncMixin, journal.Tracked, Base):
    """Học kì I or II of a school year, with its dates."""

    __tablename__ = "semester"
    __journal_label__ = "Học kì"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("school_year", "number", "school_code"),)

    school_year: Mapped[str] = mapped_column(String(9))
    number: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)


class TeachingAssignment(SyncMixin, journal.Tracked, Base):
    """A teacher teaches a subject to a class (the class fixes the school year)."""

    __tablename__ = "teaching_assignment"
    __journal_label__ = "Phân công giảng dạy"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("class_id", "subject_id", "teacher_id"),)

    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("subject.id"), index=True)
    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"), index=True)


class Assessment(SyncMixin, journal.Tracked, Base):
    """One recorded assessment: kind TX/GK/CK (a score, or Đạt/Chưa đạt) or DG (the comment).

    ``value`` holds the canonical text: "8.5", "10", "Đạt", "Chưa đạt", or the
    teacher's comment for kind DG. A cleared cell is a deleted row.
    """

    __tablename__ = "assessment"
    __journal_label__ = "Điểm đánh giá"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (
        UniqueConstraint("student_id", "subject_id", "semester", "kind", "number"),
        Index("ix_assessment_year_class", "school_year", "class_id"),
    )

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"))
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("subject.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))
    semester: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(2))
    number: Mapped[int] = mapped_column(Integer, default=1)
    value: Mapped[str] = mapped_column(String(1000))


class ConductRecord(SyncMixin, journal.Tracked, Base):
    """A student's conduct level and absences (half-day sessions) in one semester."""

    __tablename__ = "conduct_record"
    __journal_label__ = "Rèn luyện và chuyên cần"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("student_id", "school_year", "semester"),)

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))
    semester: Mapped[int] = mapped_column(Integer)
    conduct: Mapped[str | None] = mapped_column(String(10), nullable=True)
    absent_excused: Mapped[int | None] = mapped_column(Integer, nullable=True)
    absent_unexcused: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SummerConduct(SyncMixin, journal.Tracked, Base):
    """The conduct level after summer training (rèn luyện trong hè) of a flagged student."""

    __tablename__ = "summer_conduct"
    __journal_label__ = "Rèn luyện trong hè"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("student_id", "school_year"),)

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))
    conduct: Mapped[str] = mapped_column(String(10))


class RetestResult(SyncMixin, journal.Tracked, Base):
    """A re-test (kiểm tra lại) result of one subject: a score, or Đạt/Chưa đạt."""

    __tablename__ = "retest_result"
    __journal_label__ = "Kiểm tra lại"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("student_id", "subject_id"),)

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("subject.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))
    value: Mapped[str] = mapped_column(String(20))


class GradeLock(SyncMixin, journal.Tracked, Base):
    """Whether a class's semester is locked; lock and unlock are journalled updates."""

    __tablename__ = "grade_lock"
    __journal_label__ = "Khóa sổ điểm"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("class_id", "semester"),)

    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"))
    semester: Mapped[int] = mapped_column(Integer)
    locked: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(64), default="")


class ResultSnapshot(SyncMixin, journal.Tracked, Base):
    """Computed results of a student as they stood at lock time (scope 1, 2, or 0 = year).

    The official results (kết quả chính thức) the statistics read, so journalled and sent to
    the hub as ``result@1`` (decision 022 §4); those stored before they were journalled are
    adopted once (``app.safety.adoption``). ``data`` is canonical JSON that the check
    recomputes and compares; a locked change refreshes it in the same transaction.
    """

    __tablename__ = "result_snapshot"
    __journal_label__ = "Kết quả chính thức"
    __journal_fields__ = {
        **JOURNAL_FIELDS,
        "scope": "Kết quả của",
        "data": "Kết quả",
        "taken_at": "Thời điểm chốt",
    }
    __journal_values__ = {"scope": {"0": "Cả năm", "1": "Học kì I", "2": "Học kì II"}}
    __table_args__ = (UniqueConstraint("student_id", "school_year", "scope"),)

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))
    scope: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RetestChoice(SyncMixin, journal.Tracked, Base):
    """A subject a flagged student chose to re-test; the outcome waits for every chosen one."""

    __tablename__ = "retest_choice"
    __journal_label__ = "Môn chọn kiểm tra lại"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("student_id", "subject_id"),)

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("subject.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))


class PrimaryRating(SyncMixin, journal.Tracked, Base):
    """TT27: a primary student's level of one quality or competency at one checkpoint.

    ``checkpoint`` 1 is mid-semester, 2 end of semester (semester 2 end = end of
    year); ``name`` is one of ``resources/grading/primary_ratings.csv``;
    ``value`` is "Tốt", "Đạt" or "Cần cố gắng".
    """

    __tablename__ = "primary_rating"
    __journal_label__ = "Phẩm chất, năng lực"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (
        UniqueConstraint("student_id", "school_year", "semester", "checkpoint", "name"),
    )

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))
    semester: Mapped[int] = mapped_column(Integer)
    checkpoint: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(String(20))


class PrimaryNomination(SyncMixin, journal.Tracked, Base):
    """TT27 Điều 15: the class recognises a student's outstanding achievement (for the title)."""

    __tablename__ = "primary_nomination"
    __journal_label__ = "Đề nghị khen thưởng"
    __journal_fields__ = JOURNAL_FIELDS
    __table_args__ = (UniqueConstraint("student_id", "school_year"),)

    student_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("student.id"))
    class_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("class_group.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))
    achievement: Mapped[str] = mapped_column(String(500))
