"""Every parameter of the transcript layouts: page, fonts, column widths, titles and wording.

The drawing code (``pdf_common``, ``pdf_secondary``, ``pdf_primary``) reads all of its
numbers and words from a ``TranscriptLayout``, so a province whose form differs slightly
(another title, a wider teacher column, the seal box on the left) is a changed copy::

    NGHE_AN = replace(DEFAULT_LAYOUT, words=replace(DEFAULT_LAYOUT.words, title="HỌC BẠ SỐ"))

Lengths are in millimetres, font sizes in points. The wording follows the annex of
TT 22/2021 (THCS/THPT) and annex 1 of TT 27/2020 (primary), DOMAIN §4 [verify wording].
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.printing.nd30 import Margins


@dataclass(frozen=True)
class Sizes:
    """Font sizes (pt) and the line height as a multiple of the size."""

    title: float = 22
    subtitle: float = 14
    heading: float = 13
    body: float = 13
    identity: float = 12.5  # the identity lines of the first page
    table: float = 11.5
    footer: float = 9
    leading: float = 1.22


@dataclass(frozen=True)
class Footer:
    """The footer of every page: the QR code (left), check data, "Trang x/y" (right).

    The QR code's bottom edge sits ``qr_bottom`` above the paper's edge, inside the
    bottom margin, so it never takes room from the text."""

    qr_size: float = 17
    qr_bottom: float = 3
    text_gap: float = 3  # between the QR code and the check data


@dataclass(frozen=True)
class StampBoxes:
    """The three boxes of the last page where the visible signatures go (DOMAIN §4).

    They sit side by side at the bottom of the last page's text frame, in this order:
    homeroom teacher, principal, school seal. ``height`` is the box itself; the date
    line and the titles stand above it, the names below. Signature blocks of other pages
    have the same columns with ``hand_space`` to sign in instead of a box."""

    height: float = 28
    gap: float = 4  # between two boxes
    date: float = 7  # the place and date line over the titles
    titles: float = 16  # two lines of title and the note under them
    below: float = 7  # the names under the boxes
    hand_space: float = 18


@dataclass(frozen=True)
class SecondaryColumns:
    """The subject table of a year (mm, total 165 = the A4 text width)."""

    subject: float = 45
    semester_1: float = 17
    semester_2: float = 18
    year: float = 16
    retest: float = 25
    teacher: float = 44


@dataclass(frozen=True)
class SummaryColumns:
    """The summary table of a year (mm): term | conduct | learning | absences."""

    term: float = 30
    conduct: float = 45
    learning: float = 45
    absences: float = 45


@dataclass(frozen=True)
class PrimaryColumns:
    """The primary tables (mm): subjects, and qualities/competencies."""

    subject: float = 50
    level: float = 20
    test_score: float = 18
    comment: float = 77
    rating_name: float = 50
    rating_level: float = 20
    rating_comment: float = 95


@dataclass(frozen=True)
class Words:
    """Every printed word of the layouts (Vietnamese, as on the official forms)."""

    title: str = "HỌC BẠ"
    level_primary: str = "TIỂU HỌC"
    level_lower: str = "TRUNG HỌC CƠ SỞ"
    level_upper: str = "TRUNG HỌC PHỔ THÔNG"
    identity_labels: tuple[tuple[str, str], ...] = (
        ("full_name", "Họ và tên"),
        ("sex", "Giới tính"),
        ("date_of_birth", "Ngày sinh"),
        ("place_of_birth", "Nơi sinh"),
        ("ethnicity", "Dân tộc"),
        ("nationality", "Quốc tịch"),
        ("hometown", "Quê quán"),
        ("address", "Nơi ở hiện nay"),
        ("father", "Họ và tên cha"),
        ("mother", "Họ và tên mẹ"),
        ("guardian", "Người giám hộ"),
        ("personal_id", "Số định danh cá nhân"),
        ("student_code", "Mã học sinh của trường"),
        ("ministry_code", "Mã học sinh (CSDL ngành)"),
        ("lifelong_record_number", "Mã số hồ sơ học tập suốt đời"),
    )
    process_title: str = "QUÁ TRÌNH HỌC TẬP"
    process_headers: tuple[str, ...] = ("Năm học", "Lớp", "Tên trường", "Hiệu trưởng")
    by_hand_note: str = "(*) Năm học ở trường khác, ghi theo hồ sơ chuyển đến."
    correction: str = "Bản đính chính lần {version}. Lý do: {reason}"
    year_heading: str = "Họ và tên: {name}    Lớp: {class_name}    Năm học: {year}"
    subject_title: str = "KẾT QUẢ HỌC TẬP CÁC MÔN HỌC VÀ HOẠT ĐỘNG GIÁO DỤC"
    subject_headers: tuple[str, ...] = (
        "Môn học/Hoạt động giáo dục",
        "Học kì I",
        "Học kì II",
        "Cả năm",
        "Điểm hoặc mức đánh giá lại",
        "Giáo viên môn học xác nhận",
    )
    corrections: str = "Trong trang này có {count} chỗ được sửa chữa"
    confirm_homeroom: str = "XÁC NHẬN CỦA GIÁO VIÊN CHỦ NHIỆM"
    confirm_principal: str = "XÁC NHẬN CỦA HIỆU TRƯỞNG"
    summary_title: str = "TỔNG HỢP KẾT QUẢ NĂM HỌC"
    summary_headers: tuple[str, ...] = (
        "Học kì",
        "Kết quả rèn luyện",
        "Kết quả học tập",
        "Tổng số buổi nghỉ học",
    )
    terms: tuple[str, ...] = ("Học kì I", "Học kì II", "Cả năm")
    conduct_after_summer: str = "Kết quả rèn luyện được đánh giá lại sau rèn luyện trong hè"
    learning_after_retest: str = "Kết quả học tập được đánh giá lại sau kiểm tra lại"
    outcome: str = "Kết quả lên lớp"
    completion: str = "Hoàn thành chương trình"
    certificates: str = "Chứng chỉ"
    competitions: str = "Kết quả tham gia các cuộc thi"
    commendations: str = "Khen thưởng"
    homeroom_comment: str = "Nhận xét của giáo viên chủ nhiệm"
    homeroom: str = "GIÁO VIÊN CHỦ NHIỆM"
    principal: str = "HIỆU TRƯỞNG"
    deputy: tuple[str, str] = ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG")
    seal: str = "XÁC NHẬN CỦA NHÀ TRƯỜNG"
    sign_note: str = "(Ký, ghi rõ họ tên)"
    principal_note: str = "(Ký, ghi rõ họ tên, đóng dấu)"
    seal_note: str = "(Chữ ký số của nhà trường)"
    # primary (annex 1 of TT 27/2020)
    primary_title: str = "KẾT QUẢ GIÁO DỤC NĂM HỌC {year}"
    primary_heading: str = (
        "Họ và tên: {name}    Lớp: {class_name}    Năm học: {year}\n"
        "Trường: {school}    Xã/Phường: {commune}    Tỉnh/Thành phố: {province}"
    )
    primary_health: str = (
        "Chiều cao: {height}    Cân nặng: {weight}    "
        "Số ngày nghỉ: có phép {excused}, không phép {unexcused}"
    )
    primary_sections: tuple[str, ...] = (
        "1. Các môn học và hoạt động giáo dục",
        "2. Những phẩm chất chủ yếu",
        "3. Những năng lực cốt lõi",
        "4. Đánh giá kết quả giáo dục",
        "5. Khen thưởng",
        "6. Hoàn thành chương trình lớp học/chương trình tiểu học",
    )
    primary_subject_headers: tuple[str, ...] = (
        "Môn học và hoạt động giáo dục",
        "Mức đạt được",
        "Điểm KTĐK",
        "Nhận xét",
    )
    quality_headers: tuple[str, ...] = ("Phẩm chất", "Mức đạt được", "Nhận xét")
    competency_headers: tuple[str, ...] = ("Năng lực", "Mức đạt được", "Nhận xét")
    none: str = "Không"
    # the footer
    check_lines: tuple[str, ...] = (
        "Mã trường {school} · Mã học sinh {student} · Bản {version}",
        "Năm học {years}",
    )
    hash_line: str = "Mã kiểm tra SHA-256: {digest}"
    page: str = "Trang {page}/{pages}"


@dataclass(frozen=True)
class TranscriptLayout:
    """One layout variant: everything the drawing code needs besides the record."""

    margins: Margins = Margins(top=20, bottom=25, left=30, right=15)
    sizes: Sizes = field(default_factory=Sizes)
    footer: Footer = field(default_factory=Footer)
    boxes: StampBoxes = field(default_factory=StampBoxes)
    secondary: SecondaryColumns = field(default_factory=SecondaryColumns)
    summary: SummaryColumns = field(default_factory=SummaryColumns)
    primary: PrimaryColumns = field(default_factory=PrimaryColumns)
    words: Words = field(default_factory=Words)
    identity_label_width: float = 58  # mm, the label column of the identity page
    process_columns: tuple[float, ...] = (27, 18, 70, 50)  # year, class, school, principal
    page_size: tuple[float, float] = (210, 297)  # A4 portrait, mm


DEFAULT_LAYOUT = TranscriptLayout()
