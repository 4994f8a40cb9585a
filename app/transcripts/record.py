"""What one transcript (học bạ) says: the contract between the record and its documents.

``app.transcripts`` builds a ``TranscriptRecord`` from the locked grade book, the student
record and the enrolment history; the PDF layouts draw it, the JSON export maps it, and
its canonical form is hashed for the QR code. Nothing here reads the database or draws:
it is plain, frozen data, so a transcript made years ago can be drawn again exactly.

Values are kept as the grade book decided them, not as printed:

- a score is a ``Decimal`` with one decimal place (``Decimal("8.5")``); the layouts print
  it with a comma ("8,5");
- a comment-assessed subject, a level or a rating is its official label ("Đ", "CĐ",
  "Tốt", "Khá", "Hoàn thành tốt", "T", "H", "C");
- ``None`` means "not recorded" and prints as an empty cell, never as 0.

DOMAIN §4 gives the layouts: THCS/THPT (annex of TT 22/2021) and primary (annex 1 of
TT 27/2020).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

Mark = Decimal | str | None
"""A score (Decimal, one decimal place), a label ("Đ", "Tốt", "T"), or None (not recorded)."""


class Level(StrEnum):
    """Which layout a transcript follows."""

    PRIMARY = "primary"  # tiểu học, TT 27/2020
    SECONDARY = "secondary"  # THCS and THPT, TT 22/2021


@dataclass(frozen=True)
class SchoolInfo:
    """The school as the header and the process table name it."""

    code: str
    name: str  # "Trường THCS Kim Đồng"
    parent_body: str  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO THANH HÓA" or "PHÒNG GD&ĐT …"
    commune: str = ""
    district: str = ""
    province: str = ""
    place: str = ""  # the place of the date line ("Quảng Phú")


@dataclass(frozen=True)
class Identity:
    """The identity page (trang đầu): from the student record at the time of preparation."""

    full_name: str
    sex: str  # "Nam" / "Nữ"
    date_of_birth: date | None
    place_of_birth: str = ""
    ethnicity: str = ""  # the name ("Kinh", "Tày"), not the code
    nationality: str = "Việt Nam"
    hometown: str = ""
    address: str = ""
    father: str = ""
    mother: str = ""
    guardian: str = ""
    personal_id: str = ""  # số định danh cá nhân (12 digits) or ""
    student_code: str = ""  # the school's code
    ministry_code: str = ""  # mã học sinh of the sector database
    lifelong_record_number: str = ""  # mã số hồ sơ học tập suốt đời (NĐ 88/2026)


@dataclass(frozen=True)
class ProcessRow:
    """One line of "Quá trình học tập": a year, a class, a school and its principal.

    Years at other schools are entered by hand (``entered_by_hand``)."""

    school_year: str  # "2025-2026"
    class_name: str
    school_name: str
    principal: str = ""
    entered_by_hand: bool = False


@dataclass(frozen=True)
class SubjectLine:
    """One row of the subject page (secondary) or of section 1 (primary)."""

    name: str  # "Toán", "Hoạt động trải nghiệm, hướng nghiệp"
    comment_only: bool  # assessed by comment only (Đ/CĐ; primary: no test score)
    semester_1: Mark = None
    semester_2: Mark = None
    year: Mark = None
    retest: Mark = None  # điểm hoặc mức đánh giá lại
    teacher: str = ""  # the subject teacher who confirms (giáo viên môn học)
    # primary only (TT 27): level T/H/C, the periodic test score, the comment
    level: str | None = None
    test_score: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True)
class TermSummary:
    """One row of the secondary summary page: HK I, HK II or Cả năm."""

    term: str  # "Học kì I", "Học kì II", "Cả năm"
    conduct: str | None = None  # kết quả rèn luyện
    learning: str | None = None  # kết quả học tập
    absences: int | None = None  # tổng số buổi nghỉ


@dataclass(frozen=True)
class Rating:
    """A quality or competency (primary sections 2 and 3): T/Đ/C and a comment."""

    name: str  # "Yêu nước", "Tự chủ và tự học", "Ngôn ngữ"
    level: str | None = None  # "T", "Đ", "C"
    comment: str = ""


@dataclass(frozen=True)
class YearPage:
    """Everything one school year adds to the transcript."""

    school_year: str
    grade: int  # 1–12
    class_name: str
    school_name: str
    homeroom_teacher: str
    principal: str
    subjects: tuple[SubjectLine, ...]
    # secondary: the summary page
    terms: tuple[TermSummary, ...] = ()
    conduct_after_summer: str | None = None  # rèn luyện lại trong hè
    learning_after_retest: str | None = None  # kết quả học tập sau kiểm tra lại
    outcome: str = ""  # "Lên lớp", "Lên lớp sau kiểm tra lại…", "Không được lên lớp"
    completion: str = ""  # "Hoàn thành chương trình THCS" (final grade) or ""
    # both levels
    commendations: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()  # chứng chỉ
    competitions: tuple[str, ...] = ()  # thi, hội thi
    homeroom_comment: str = ""
    # primary: the six sections' other parts
    height_cm: Decimal | None = None
    weight_kg: Decimal | None = None
    days_absent_excused: int | None = None
    days_absent_unexcused: int | None = None
    qualities: tuple[Rating, ...] = ()
    competencies: tuple[Rating, ...] = ()
    overall: str = ""  # 4. kết quả giáo dục: Hoàn thành xuất sắc / tốt, Hoàn thành, Chưa…
    signed_on: date | None = None  # the date of the confirmation line


@dataclass(frozen=True)
class TranscriptRecord:
    """A student's transcript: identity, process, and the year pages it covers.

    ``version`` counts the versions of the same student's transcript for these years
    (1 first, 2 after a correction); ``correction_of`` and ``correction_reason`` say what
    a later version corrects."""

    level: Level
    school: SchoolInfo
    identity: Identity
    process: tuple[ProcessRow, ...]
    years: tuple[YearPage, ...]
    version: int = 1
    correction_reason: str = ""
    prepared_on: date | None = None
    corrections_on_pages: tuple[int, ...] = field(default=())
    """"Trong trang này có … chỗ được sửa chữa": per year page, in order (0 for a new one)."""
