"""The transcript layouts read back: identity, process, year pages, marks, wording, page numbers."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.errors import NotFound
from app.transcripts.layout import DEFAULT_LAYOUT, Words
from app.transcripts.pdf_document import render_transcript
from tests.transcripts_pdf.pdf_tools import flat, pages_text
from tests.transcripts_pdf.samples import LONG_COMMENT, digest, primary_record, secondary_record


def _render(record, **kw) -> bytes:  # type: ignore[no-untyped-def]
    return render_transcript(record, digest(record), **kw)


def test_secondary_transcript_reads_back_page_by_page(tmp_path: Path) -> None:
    """A three-year THCS transcript: identity, process, per year a subject and a summary page."""
    record = secondary_record()
    pdf = _render(record)
    pages = pages_text(pdf, tmp_path)
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) == 7
    first = flat(pages[0])
    for text in (
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO LÂM ĐỒNG",
        "TRƯỜNG THCS KIM ĐỒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "HỌC BẠ",
        "TRUNG HỌC CƠ SỞ",
        "K' Brơi Ha Nguyên",
        "07/03/2011",
        "Cơ Ho",
        "068311004521",
        "QUÁ TRÌNH HỌC TẬP",
        "2022-2023 (*)",
        "Trường THCS Lý Tự Trọng, Đức Trọng",
        "Quảng Phú, ngày 30 tháng 5 năm 2026",
    ):
        assert text in first, text
    for number, page in enumerate(pages, start=1):
        assert f"Trang {number}/7" in page
        assert "Mã kiểm tra SHA-256: " + digest(record) in flat(page)
    subjects = flat(pages[1])
    assert "KẾT QUẢ HỌC TẬP CÁC MÔN HỌC VÀ HOẠT ĐỘNG GIÁO DỤC" in subjects
    assert "Lớp: 7A1" in subjects and "Năm học: 2023-2024" in subjects
    assert "Toán 8,5 7,0 6,9 Trần Văn Hùng" in subjects  # one decimal, a comma
    assert "Giáo dục thể chất Đ Đ Đ Ka Sô Liễng" in subjects
    assert "Trong trang này có 0 chỗ được sửa chữa" in subjects
    assert "Trong trang này có 1 chỗ được sửa chữa" in flat(pages[3])  # the second year
    assert "5,5" in flat(pages[3])  # the re-test of Toán
    summary = flat(pages[2])
    for text in (
        "TỔNG HỢP KẾT QUẢ NĂM HỌC",
        "Học kì I Tốt Khá 2",
        "Cả năm Tốt Tốt 3",
        "Kết quả lên lớp: Được lên lớp",
        "Chứng chỉ: Chứng chỉ Tin học ứng dụng cơ bản",
        "Giải Ba Hội thi Tin học trẻ cấp tỉnh năm 2025",
        "Khen thưởng: Học sinh Xuất sắc",
        LONG_COMMENT,  # wrapped over lines, all there
        "Quảng Phú, ngày 28 tháng 5 năm 2024",
    ):
        assert text in summary, text
    assert "Hoàn thành chương trình THCS" in flat(pages[6])


def test_one_year_file_has_only_that_year(tmp_path: Path) -> None:
    """years=[…] draws the identity page and that year only; an unknown year is refused."""
    record = secondary_record()
    pages = pages_text(_render(record, years=["2024-2025"]), tmp_path)
    assert len(pages) == 3
    text = flat(" ".join(pages))
    assert "Năm học: 2024-2025" in text
    assert "Năm học: 2023-2024" not in text and "Năm học: 2025-2026" not in text
    assert "Năm học 2024-2025" in flat(pages[0])  # the footer names the file's year
    with pytest.raises(NotFound, match="2019-2020"):
        _render(record, years=["2019-2020"])


def test_primary_transcript_has_the_six_sections(tmp_path: Path) -> None:
    """A primary year: heading, height/weight/absences, sections 1–6 with levels, scores, comments."""
    record = primary_record()
    pages = pages_text(_render(record), tmp_path)
    text = flat(" ".join(pages))
    assert "TIỂU HỌC" in flat(pages[0]) and "Sùng Thị Mỷ" in flat(pages[0])
    for section in DEFAULT_LAYOUT.words.primary_sections:
        assert text.count(section) == 2, section  # once per year
    for fragment in (
        "KẾT QUẢ GIÁO DỤC NĂM HỌC 2024-2025",
        "Chiều cao: 118,5 cm",
        "Cân nặng: 21,4 kg",
        "có phép 2, không phép 0",
        "Toán T 10 Hoàn thành tốt nội dung học tập.",
        "Tiếng Việt H 9",
        LONG_COMMENT,
        "Yêu nước T Biết yêu thương, giúp đỡ bạn.",
        "Giải quyết vấn đề và sáng tạo Đ",
        "Hoàn thành xuất sắc",
        "Học sinh Xuất sắc; Đạt giải Nhì Hội thi Viết chữ đẹp cấp trường",
        "Hoàn thành chương trình lớp học",
        "Minh Sơn, ngày 25 tháng 5 năm 2026",
        "Nông Văn Quyết",
    ):
        assert fragment in text, fragment
    assert all(f"Trang {n}/{len(pages)}" in p for n, p in enumerate(pages, start=1))


def test_a_correction_says_so_and_rendering_is_reproducible(tmp_path: Path) -> None:
    """Version 2 names its reason; the same record and hash always give the same bytes."""
    record = replace(secondary_record(1), version=2, correction_reason="Sửa điểm Toán HK II")
    pdf = _render(record)
    assert pdf == _render(record)
    first = flat(pages_text(pdf, tmp_path)[0])
    assert "Bản đính chính lần 2. Lý do: Sửa điểm Toán HK II" in first
    assert "Bản 2" in first


def test_a_province_variant_is_a_changed_layout(tmp_path: Path) -> None:
    """Wording comes from the layout: another title is one replace(), nothing else changes."""
    variant = replace(DEFAULT_LAYOUT, words=replace(Words(), title="HỌC BẠ ĐIỆN TỬ"))
    record = secondary_record(1)
    pdf = render_transcript(record, digest(record), layout=variant)
    assert "HỌC BẠ ĐIỆN TỬ" in pages_text(pdf, tmp_path)[0]
