"""Transcript records built by hand: a THCS student over three years, a primary pupil over two."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from decimal import Decimal

from app.transcripts.record import (
    Identity,
    Level,
    ProcessRow,
    Rating,
    SchoolInfo,
    SubjectLine,
    TermSummary,
    TranscriptRecord,
    YearPage,
)

D = Decimal
SCHOOL = SchoolInfo(
    code="79000701",
    name="Trường THCS Kim Đồng",
    parent_body="Sở Giáo dục và Đào tạo Lâm Đồng",
    commune="Xã Quảng Phú",
    province="Lâm Đồng",
    place="Quảng Phú",
)
LONG_COMMENT = (
    "Em chăm chỉ, tích cực phát biểu xây dựng bài, biết giúp đỡ bạn bè trong học tập; "
    "cần rèn thêm kĩ năng trình bày bài viết và đọc thêm sách ngoài giờ để mở rộng vốn từ."
)
SUBJECTS = [
    ("Ngữ văn", False, "Nguyễn Thị Hồng Nhung"),
    ("Toán", False, "Trần Văn Hùng"),
    ("Ngoại ngữ 1 (Tiếng Anh)", False, "Lê Thị Thu Hà"),
    ("Giáo dục công dân", False, "Phạm Thị Lan"),
    ("Lịch sử và Địa lí", False, "Hoàng Văn Nam"),
    ("Khoa học tự nhiên", False, "Đỗ Thị Mai"),
    ("Công nghệ", False, "Vũ Văn Long"),
    ("Tin học", False, "Bùi Thị Ngọc Ánh"),
    ("Giáo dục thể chất", True, "Ka Sô Liễng"),
    ("Nghệ thuật (Âm nhạc)", True, "Đinh Thị Hoa"),
    ("Nghệ thuật (Mĩ thuật)", True, "Đinh Văn Tùng"),
    ("Hoạt động trải nghiệm, hướng nghiệp", True, "Nguyễn Thị Hồng Nhung"),
    ("Nội dung giáo dục của địa phương", True, "Ma Văn Khánh"),
    ("Tiếng dân tộc thiểu số (Tiếng K'Ho)", False, "K' Brơi Ha Nguyên"),
]


def secondary_year(year: str, grade: int, class_name: str, bump: int) -> YearPage:
    """One THCS year with 14 subjects: scores, comment subjects (Đ), a re-test."""
    lines = []
    for i, (name, comment_only, teacher) in enumerate(SUBJECTS):
        if comment_only:
            lines.append(SubjectLine(name, True, "Đ", "Đ", "Đ", teacher=teacher))
            continue
        s1 = D(60 + (i * 7 + bump) % 35) / 10
        s2 = D(65 + (i * 5 + bump) % 30) / 10
        yr = ((s1 + 2 * s2) / 3).quantize(D("0.1"))
        retest = D("5.5") if name == "Toán" and bump == 2 else None
        lines.append(SubjectLine(name, False, s1, s2, yr, retest, teacher))
    lines[1] = replace(lines[1], semester_1=D("8.5"))
    return YearPage(
        school_year=year,
        grade=grade,
        class_name=class_name,
        school_name=SCHOOL.name,
        homeroom_teacher="Nguyễn Thị Hồng Nhung",
        principal="Lê Văn Minh",
        subjects=tuple(lines),
        terms=(
            TermSummary("Học kì I", "Tốt", "Khá", 2),
            TermSummary("Học kì II", "Tốt", "Tốt", 1),
            TermSummary("Cả năm", "Tốt", "Tốt", 3),
        ),
        outcome="Được lên lớp",
        completion="Hoàn thành chương trình THCS" if grade == 9 else "",
        commendations=("Học sinh Xuất sắc",),
        certificates=("Chứng chỉ Tin học ứng dụng cơ bản",),
        competitions=("Giải Ba Hội thi Tin học trẻ cấp tỉnh năm 2025",),
        homeroom_comment=LONG_COMMENT,
        signed_on=date(int(year[-4:]), 5, 28),
    )


def secondary_record(years: int = 3) -> TranscriptRecord:
    """K' Brơi Ha Nguyên, a K'Ho girl in grades 7–9 (one year at another school)."""
    pages = [
        secondary_year("2023-2024", 7, "7A1", 0),
        secondary_year("2024-2025", 8, "8A1", 2),
        secondary_year("2025-2026", 9, "9A1", 5),
    ][:years]
    process = [
        ProcessRow("2022-2023", "6A", "Trường THCS Lý Tự Trọng, Đức Trọng", "Trần Thị Bích", True),
        *(ProcessRow(p.school_year, p.class_name, p.school_name, p.principal) for p in pages),
    ]
    return TranscriptRecord(
        level=Level.SECONDARY,
        school=SCHOOL,
        identity=Identity(
            full_name="K' Brơi Ha Nguyên",
            sex="Nữ",
            date_of_birth=date(2011, 3, 7),
            place_of_birth="Trạm Y tế xã Tà Năng, huyện Đức Trọng, tỉnh Lâm Đồng",
            ethnicity="Cơ Ho",
            hometown="Thôn Đarahoa, xã Tà Năng, tỉnh Lâm Đồng",
            address="Thôn Đà Thiện, xã Quảng Phú, tỉnh Lâm Đồng",
            father="K' Brơi Ha Sương",
            mother="Ka Nhàn",
            personal_id="068311004521",
            student_code="HS2023000417",
            ministry_code="6800417231",
            lifelong_record_number="068311004521",
        ),
        process=tuple(process),
        years=tuple(pages),
        prepared_on=date(2026, 5, 30),
        corrections_on_pages=(0, 1, 0),
    )


QUALITIES = ("Yêu nước", "Nhân ái", "Chăm chỉ", "Trung thực", "Trách nhiệm")
COMPETENCIES = (
    "Tự chủ và tự học",
    "Giao tiếp và hợp tác",
    "Giải quyết vấn đề và sáng tạo",
    "Ngôn ngữ",
    "Tính toán",
    "Khoa học",
    "Thẩm mĩ",
    "Thể chất",
)
PRIMARY_SUBJECTS = [
    ("Tiếng Việt", D(9)),
    ("Toán", D(10)),
    ("Ngoại ngữ 1 (Tiếng Anh)", D(8)),
    ("Đạo đức", None),
    ("Tự nhiên và Xã hội", None),
    ("Giáo dục thể chất", None),
    ("Âm nhạc", None),
    ("Mĩ thuật", None),
    ("Hoạt động trải nghiệm", None),
]


def primary_year(year: str, grade: int) -> YearPage:
    """One primary year: levels, test scores, ratings with comments, height and weight."""
    lines = tuple(
        SubjectLine(
            name,
            score is None,
            level="T" if i % 3 else "H",
            test_score=score,
            comment=LONG_COMMENT if i == 0 else "Hoàn thành tốt nội dung học tập.",
        )
        for i, (name, score) in enumerate(PRIMARY_SUBJECTS)
    )
    return YearPage(
        school_year=year,
        grade=grade,
        class_name=f"{grade}A",
        school_name="Trường Tiểu học Minh Sơn",
        homeroom_teacher="Hà Thị Thanh Xuân",
        principal="Nông Văn Quyết",
        subjects=lines,
        height_cm=D("118.5"),
        weight_kg=D("21.4"),
        days_absent_excused=2,
        days_absent_unexcused=0,
        qualities=tuple(Rating(q, "T", "Biết yêu thương, giúp đỡ bạn.") for q in QUALITIES),
        competencies=tuple(Rating(c, "Đ", "") for c in COMPETENCIES),
        overall="Hoàn thành xuất sắc",
        commendations=("Học sinh Xuất sắc", "Đạt giải Nhì Hội thi Viết chữ đẹp cấp trường"),
        completion="Hoàn thành chương trình lớp học" if grade < 5 else "",
        homeroom_comment="",
        signed_on=date(int(year[-4:]), 5, 25),
    )


def primary_record() -> TranscriptRecord:
    """Sùng Thị Mỷ, a Mông girl in grades 1–2 at a primary school."""
    pages = (primary_year("2024-2025", 1), primary_year("2025-2026", 2))
    school = replace(
        SCHOOL,
        code="79000812",
        name="Trường Tiểu học Minh Sơn",
        parent_body="Ủy ban nhân dân xã Minh Sơn",
        commune="Xã Minh Sơn",
        province="Thanh Hóa",
        place="Minh Sơn",
    )
    return TranscriptRecord(
        level=Level.PRIMARY,
        school=school,
        identity=Identity(
            full_name="Sùng Thị Mỷ",
            sex="Nữ",
            date_of_birth=date(2018, 1, 9),
            place_of_birth="Bệnh viện Đa khoa huyện Ngọc Lặc, tỉnh Thanh Hóa",
            ethnicity="Mông",
            hometown="Xã Minh Sơn, tỉnh Thanh Hóa",
            address="Bản Cốc, xã Minh Sơn, tỉnh Thanh Hóa",
            father="Sùng A Páo",
            mother="Giàng Thị Dế",
            student_code="TH2024000021",
        ),
        process=tuple(
            ProcessRow(p.school_year, p.class_name, p.school_name, p.principal) for p in pages
        ),
        years=pages,
        prepared_on=date(2026, 5, 30),
    )


def digest(record: TranscriptRecord) -> str:
    """A stand-in for the canonical hash (the record module's helper computes the real one)."""
    return hashlib.sha256(repr(record).encode()).hexdigest()
