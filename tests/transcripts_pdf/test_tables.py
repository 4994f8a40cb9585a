"""Long tables go over pages between rows, never through one, repeating their header row."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from app.transcripts.pdf_document import render_transcript
from app.transcripts.record import SubjectLine
from tests.transcripts_pdf.pdf_tools import flat, pages_text
from tests.transcripts_pdf.samples import digest, primary_record, secondary_record


def _pages_holding(pages: list[str], text: str) -> list[int]:
    return [i for i, page in enumerate(pages) if text in flat(page)]


def test_a_long_subject_table_never_splits_a_row(tmp_path: Path) -> None:
    """40 subjects with names and teachers over several lines: every row is whole on one page,
    the header row on each, the confirmation with the last rows."""
    record = secondary_record(1)
    lines = tuple(
        SubjectLine(
            f"Chuyên đề học tập tự chọn số {i}: tìm hiểu văn hóa các dân tộc Tây Nguyên",
            False,
            Decimal("8.5"),
            Decimal("7.0"),
            Decimal(f"{7 + i % 3}.{i % 10}"),
            teacher=f"K' Brơi Ha Nguyên Thị Hồng Nhung Số {i}",
        )
        for i in range(1, 41)
    )
    long = replace(record, years=(replace(record.years[0], subjects=lines),))
    pages = pages_text(render_transcript(long, digest(long)), tmp_path)
    table_pages = _pages_holding(pages, "Chuyên đề học tập tự chọn số")
    assert len(table_pages) >= 2
    for i in table_pages:  # the header row repeats on each page of the table
        assert "Giáo viên môn học xác nhận" in flat(pages[i])
    for i in range(1, 41):
        name = f"Chuyên đề học tập tự chọn số {i}: tìm hiểu văn hóa các dân tộc Tây Nguyên"
        holding = _pages_holding(pages, name)
        assert len(holding) == 1, (i, holding)
        page = flat(pages[holding[0]])
        assert f"Nhung Số {i} " in page + " "  # its teacher on the same page
        assert f"{7 + i % 3},{i % 10}" in page
    closing = _pages_holding(pages, "Trong trang này có 0 chỗ được sửa chữa")
    assert len(closing) == 1  # the confirmation stands with the table's last rows
    assert "tự chọn số 40:" in flat(pages[closing[0]])
    assert "XÁC NHẬN CỦA HIỆU TRƯỞNG" in flat(pages[closing[0]])


def test_long_primary_comments_are_never_cut(tmp_path: Path) -> None:
    """Every long comment of a primary year wraps in its cell and stays on one page."""
    record = primary_record()
    comments = [
        f"Nhận xét {i}: em đọc to, rõ ràng, viết đúng chính tả, trình bày sạch đẹp; "
        "biết hợp tác với bạn khi làm việc nhóm, mạnh dạn nêu ý kiến; cần luyện thêm "
        "kĩ năng giải toán có lời văn và đọc hiểu văn bản dài ở nhà cùng gia đình."
        for i in range(1, 10)
    ]
    year = record.years[0]
    subjects = tuple(
        replace(line, comment=c) for line, c in zip(year.subjects, comments, strict=True)
    )
    long = replace(record, years=(replace(year, subjects=subjects),))
    pages = pages_text(render_transcript(long, digest(long)), tmp_path)
    for comment in comments:
        assert len(_pages_holding(pages, comment)) == 1, comment[:12]


def test_the_first_pages_sign_off_never_stands_alone(tmp_path: Path) -> None:
    """Many years at other schools push the process table over: its last rows go with the
    principal's sign-off, which never opens a page by itself."""
    record = secondary_record()
    extra = tuple(
        replace(record.process[0], school_year=f"20{10 + k}-20{11 + k}", class_name=f"{k}B")
        for k in range(10)
    )
    long = replace(record, process=extra + record.process)
    pages = pages_text(render_transcript(long, digest(long)), tmp_path)
    signed = _pages_holding(pages, "Quảng Phú, ngày 30 tháng 5 năm 2026")
    assert len(signed) == 1
    assert "2025-2026 9A1 Trường THCS Kim Đồng" in flat(pages[signed[0]])
    assert "KẾT QUẢ HỌC TẬP" in flat(pages[signed[0] + 1])  # the year pages follow


def test_a_summary_without_terms_keeps_blank_rows(tmp_path: Path) -> None:
    """No term results recorded: HK I, HK II, Cả năm are still printed, empty, never 0."""
    record = secondary_record(1)
    long = replace(record, years=(replace(record.years[0], terms=()),))
    summary = flat(pages_text(render_transcript(long, digest(long)), tmp_path)[2])
    assert "Tổng số buổi nghỉ học Học kì I Học kì II Cả năm Kết quả rèn luyện được" in summary
