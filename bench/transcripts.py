"""Transcript PDFs: 500 one-year THCS transcripts (no signing) against a bare reportlab canvas.

Run: ``python bench/transcripts.py [--count N] [--repeat R]``. Builds ``--count`` records in
memory (setup is not timed): one school year each, 14 subjects (9 scored, 5 by comment),
the term summary, awards and a long homeroom comment; every student with another name and
other scores. Then, in the same run:

- transcripts: ``render_transcript`` for each record (3 pages: identity and process, the
  subject page, the summary page; the QR code and "Trang x/y" on each page), to bytes;
- baseline: the same text, tables and QR code drawn straight on a reportlab ``Canvas`` at
  hand-placed positions (fixed row heights, the long comment cut with ``simpleSplit``),
  in the same font, to bytes: what the document costs with no layout engine at all.

Prints the time per transcript for both (wall and CPU, best of ``--repeat``), the ratio and
the verdict. Target: transcripts / baseline ≤ 2×.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.units import mm  # noqa: E402
from reportlab.lib.utils import simpleSplit  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts  # noqa: E402
from app.transcripts.pdf_common import format_mark  # noqa: E402
from app.transcripts.pdf_document import render_transcript  # noqa: E402
from app.transcripts.pdf_footer import qr_matrix, qr_payload  # noqa: E402
from app.transcripts.record import (  # noqa: E402
    Identity,
    Level,
    ProcessRow,
    SchoolInfo,
    SubjectLine,
    TermSummary,
    TranscriptRecord,
    YearPage,
)

TARGET = 2.0
YEAR = "2025-2026"
SCHOOL = SchoolInfo(
    "BENCH01", "Trường THCS Đo Hiệu Năng", "Sở Giáo dục và Đào tạo Thanh Hóa", place="Ngọc Lặc"
)
SUBJECTS = (
    ("Ngữ văn", False),
    ("Toán", False),
    ("Ngoại ngữ 1 (Tiếng Anh)", False),
    ("Giáo dục công dân", False),
    ("Lịch sử và Địa lí", False),
    ("Khoa học tự nhiên", False),
    ("Công nghệ", False),
    ("Tin học", False),
    ("Tiếng dân tộc thiểu số", False),
    ("Giáo dục thể chất", True),
    ("Nghệ thuật (Âm nhạc)", True),
    ("Nghệ thuật (Mĩ thuật)", True),
    ("Hoạt động trải nghiệm, hướng nghiệp", True),
    ("Nội dung giáo dục của địa phương", True),
)
COMMENT = (
    "Em chăm chỉ, tích cực phát biểu xây dựng bài, biết giúp đỡ bạn bè trong học tập; "
    "cần rèn thêm kĩ năng trình bày bài viết và đọc thêm sách ngoài giờ để mở rộng vốn từ."
)


def make_record(i: int) -> TranscriptRecord:
    """Student ``i``'s one-year transcript, its scores varied by ``i``."""
    lines = []
    for k, (name, comment_only) in enumerate(SUBJECTS):
        if comment_only:
            lines.append(SubjectLine(name, True, "Đ", "Đ", "Đ", teacher=f"Giáo Viên Môn {k}"))
            continue
        s1, s2 = Decimal(50 + (i * 7 + k * 3) % 50) / 10, Decimal(55 + (i * 5 + k) % 45) / 10
        year = ((s1 + 2 * s2) / 3).quantize(Decimal("0.1"))
        lines.append(SubjectLine(name, False, s1, s2, year, teacher=f"Giáo Viên Môn {k}"))
    page = YearPage(
        YEAR,
        7,
        "7A1",
        SCHOOL.name,
        "Nguyễn Thị Hồng Nhung",
        "Lê Văn Minh",
        tuple(lines),
        terms=(
            TermSummary("Học kì I", "Tốt", "Khá", i % 4),
            TermSummary("Học kì II", "Tốt", "Tốt", i % 3),
            TermSummary("Cả năm", "Tốt", "Tốt", i % 4 + i % 3),
        ),
        outcome="Được lên lớp",
        commendations=("Học sinh Xuất sắc",),
        certificates=("Chứng chỉ Tin học ứng dụng cơ bản",),
        competitions=("Giải Ba Hội thi Tin học trẻ cấp tỉnh",),
        homeroom_comment=COMMENT,
        signed_on=date(2026, 5, 28),
    )
    identity = Identity(
        f"Nguyễn Văn Học Sinh {i:04d}",
        "Nam",
        date(2013, 1 + i % 12, 1 + i % 28),
        place_of_birth="Bệnh viện Đa khoa huyện Ngọc Lặc, tỉnh Thanh Hóa",
        ethnicity="Mường",
        hometown="Xã Ngọc Lặc, tỉnh Thanh Hóa",
        address="Thôn Một, xã Ngọc Lặc, tỉnh Thanh Hóa",
        father="Nguyễn Văn Cha",
        mother="Trần Thị Mẹ",
        personal_id=f"038213{i:06d}",
        student_code=f"B{i:05d}",
    )
    process = (
        ProcessRow("2024-2025", "6A1", SCHOOL.name, "Lê Văn Minh"),
        ProcessRow(YEAR, "7A1", SCHOOL.name, "Lê Văn Minh"),
    )
    return TranscriptRecord(
        Level.SECONDARY, SCHOOL, identity, process, (page,), prepared_on=date(2026, 5, 30)
    )


def digest(record: TranscriptRecord) -> str:
    return hashlib.sha256(repr(record).encode()).hexdigest()


def ours(items: list[tuple[TranscriptRecord, str]]) -> int:
    """The transcripts as the app draws them."""
    return sum(len(render_transcript(record, data_hash)) for record, data_hash in items)


def _grid(c: Canvas, x: float, top: float, widths: list[float], rows: list[list[str]]) -> float:
    """A table of fixed 6.5 mm rows at (x, top); returns its bottom."""
    h = 6.5 * mm
    y = top
    c.setFont(SERIF, 11.5)
    for row in rows:
        cx = x
        for w, text in zip(widths, row, strict=True):
            c.rect(cx, y - h, w, h)
            c.drawString(cx + 3, y - h + 5, text)
            cx += w
        y -= h
    return y


def _footer(c: Canvas, record: TranscriptRecord, data_hash: str, page: int, pages: int) -> None:
    c.doForm("qr")
    c.setFont(SERIF, 9)
    x = 50 * mm
    c.drawString(x, 15 * mm, f"Mã trường {record.school.code} · Mã học sinh … · Bản 1")
    c.drawString(x, 11 * mm, f"Năm học {YEAR}")
    c.drawString(x, 7 * mm, f"Mã kiểm tra SHA-256: {data_hash}")
    c.setFont(SERIF, 12)
    c.drawRightString(195 * mm, 11 * mm, f"Trang {page}/{pages}")


def _signers(c: Canvas, y: float, names: list[tuple[str, str]]) -> None:
    width = 165 * mm / len(names)
    for k, (title, name) in enumerate(names):
        cx = 30 * mm + k * width + width / 2
        c.setFont(SERIF_BOLD, 12)
        c.drawCentredString(cx, y, title)
        c.setFont(SERIF_ITALIC, 11)
        c.drawCentredString(cx, y - 5 * mm, "(Ký, ghi rõ họ tên)")
        c.rect(cx - width / 2 + 2, y - 40 * mm, width - 4, 28 * mm)
        c.setFont(SERIF_BOLD, 12)
        c.drawCentredString(cx, y - 46 * mm, name)


def bare(record: TranscriptRecord, data_hash: str) -> bytes:
    """The same three pages drawn straight on a canvas."""
    out = io.BytesIO()
    c = Canvas(out, pagesize=(210 * mm, 297 * mm), initialFontName=SERIF, invariant=True)
    matrix = qr_matrix(qr_payload(record.school.code, "x", [YEAR], 1, data_hash))
    module = 17 * mm / len(matrix)
    c.beginForm("qr")
    for r, line in enumerate(matrix):  # dark runs of a row as one rectangle, as the app does
        start = None
        for k, dark in enumerate((*line, False)):
            if dark and start is None:
                start = k
            elif not dark and start is not None:
                y = 20 * mm - (r + 1) * module
                c.rect(30 * mm + start * module, y, (k - start) * module, module, 0, 1)
                start = None
    c.endForm()
    page = record.years[0]
    # page 1: header, identity, process
    c.setFont(SERIF, 12.5)
    c.drawCentredString(70 * mm, 270 * mm, record.school.parent_body.upper())
    c.setFont(SERIF_BOLD, 12.5)
    c.drawCentredString(70 * mm, 265 * mm, record.school.name.upper())
    c.drawCentredString(145 * mm, 270 * mm, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.drawCentredString(145 * mm, 265 * mm, "Độc lập - Tự do - Hạnh phúc")
    c.setFont(SERIF_BOLD, 22)
    c.drawCentredString(112 * mm, 245 * mm, "HỌC BẠ")
    c.setFont(SERIF, 13)
    y = 225 * mm
    ident = record.identity
    for label, value in (
        ("Họ và tên", ident.full_name),
        ("Giới tính", ident.sex),
        ("Ngày sinh", ident.date_of_birth.strftime("%d/%m/%Y") if ident.date_of_birth else ""),
        ("Nơi sinh", ident.place_of_birth),
        ("Dân tộc", ident.ethnicity),
        ("Quốc tịch", ident.nationality),
        ("Quê quán", ident.hometown),
        ("Nơi ở hiện nay", ident.address),
        ("Họ và tên cha", ident.father),
        ("Họ và tên mẹ", ident.mother),
        ("Người giám hộ", ident.guardian),
        ("Số định danh cá nhân", ident.personal_id),
        ("Mã học sinh của trường", ident.student_code),
        ("Mã học sinh (CSDL ngành)", ident.ministry_code),
        ("Mã số hồ sơ học tập suốt đời", ident.lifelong_record_number),
    ):
        c.drawString(30 * mm, y, f"{label}:")
        c.drawString(88 * mm, y, value)
        y -= 6.2 * mm
    rows = [["Năm học", "Lớp", "Tên trường", "Hiệu trưởng"]]
    rows += [[p.school_year, p.class_name, p.school_name, p.principal] for p in record.process]
    _grid(c, 30 * mm, y - 10 * mm, [27 * mm, 18 * mm, 70 * mm, 50 * mm], rows)
    _signers(c, 70 * mm, [("", ""), ("HIỆU TRƯỞNG", page.principal)])
    _footer(c, record, data_hash, 1, 3)
    c.showPage()
    # page 2: the subject table
    c.setFont(SERIF_BOLD, 13)
    c.drawCentredString(112 * mm, 270 * mm, "KẾT QUẢ HỌC TẬP CÁC MÔN HỌC VÀ HOẠT ĐỘNG GIÁO DỤC")
    rows = [["Môn học", "Học kì I", "Học kì II", "Cả năm", "Đánh giá lại", "Giáo viên"]]
    rows += [
        [
            s.name,
            format_mark(s.semester_1),
            format_mark(s.semester_2),
            format_mark(s.year),
            format_mark(s.retest),
            s.teacher,
        ]
        for s in page.subjects
    ]
    widths = [45 * mm, 17 * mm, 18 * mm, 16 * mm, 25 * mm, 44 * mm]
    y = _grid(c, 30 * mm, 260 * mm, widths, rows)
    c.setFont(SERIF_ITALIC, 13)
    c.drawString(30 * mm, y - 8 * mm, "Trong trang này có 0 chỗ được sửa chữa")
    _signers(c, y - 16 * mm, [("GVCN", page.homeroom_teacher), ("HIỆU TRƯỞNG", page.principal)])
    _footer(c, record, data_hash, 2, 3)
    c.showPage()
    # page 3: the summary
    c.setFont(SERIF_BOLD, 13)
    c.drawCentredString(112 * mm, 270 * mm, "TỔNG HỢP KẾT QUẢ NĂM HỌC")
    rows = [["Học kì", "Rèn luyện", "Học tập", "Buổi nghỉ"]]
    rows += [[t.term, t.conduct or "", t.learning or "", str(t.absences)] for t in page.terms]
    y = _grid(c, 30 * mm, 260 * mm, [30 * mm, 45 * mm, 45 * mm, 45 * mm], rows) - 8 * mm
    c.setFont(SERIF, 13)
    for label, value in (
        ("Kết quả lên lớp", page.outcome),
        ("Chứng chỉ", "; ".join(page.certificates)),
        ("Kết quả tham gia các cuộc thi", "; ".join(page.competitions)),
        ("Khen thưởng", "; ".join(page.commendations)),
        ("Nhận xét của giáo viên chủ nhiệm", page.homeroom_comment),
    ):
        for line in simpleSplit(f"{label}: {value}", SERIF, 13, 165 * mm):
            c.drawString(30 * mm, y, line)
            y -= 6 * mm
    c.setFont(SERIF_ITALIC, 13)
    c.drawCentredString(150 * mm, 82 * mm, "Ngọc Lặc, ngày 28 tháng 5 năm 2026")
    signers = [("GVCN", page.homeroom_teacher), ("HIỆU TRƯỞNG", page.principal)]
    _signers(c, 76 * mm, [*signers, ("NHÀ TRƯỜNG", SCHOOL.name)])
    _footer(c, record, data_hash, 3, 3)
    c.showPage()
    c.save()
    return out.getvalue()


def baseline(items: list[tuple[TranscriptRecord, str]]) -> int:
    """The same documents drawn with a bare canvas."""
    return sum(len(bare(record, data_hash)) for record, data_hash in items)


def timed(fn: Callable[[list[tuple[TranscriptRecord, str]]], int], items: list) -> tuple:  # type: ignore[type-arg]
    """(wall s, CPU s, bytes) of one pass."""
    t, c = time.perf_counter(), time.process_time()
    size = fn(items)
    return time.perf_counter() - t, time.process_time() - c, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2, help="passes (best kept)")
    args = parser.parse_args()
    register_fonts()
    items = [(r, digest(r)) for r in (make_record(i) for i in range(args.count))]
    assert replace(items[0][0]) == items[0][0]
    print(
        f"bench/transcripts.py: {args.count} one-year THCS transcripts (3 pages each), no signing"
    )
    timed(ours, items[:5])  # warm-up: fonts, styles, imports
    timed(baseline, items[:5])
    best: dict[str, tuple[float, float, int]] = {}
    for _ in range(args.repeat):
        for name, fn in (("baseline", baseline), ("transcripts", ours)):
            run = timed(fn, items)
            if name not in best or run[1] < best[name][1]:
                best[name] = run
    report(best, args.count)


def report(best: dict[str, tuple[float, float, int]], count: int) -> None:
    """Per-transcript wall and CPU time, the ratio and the verdict."""
    print(f"  per transcript   {'wall':>9} {'CPU':>9} {'size':>9}")
    for name, note in (
        ("baseline", "(bare canvas, hand-placed text and tables)"),
        ("transcripts", "(render_transcript: platypus layout, wrapping, footers)"),
    ):
        wall, cpu, size = best[name]
        print(
            f"  {name:<14} {wall / count * 1000:7.1f} ms {cpu / count * 1000:7.1f} ms"
            f" {size / count / 1024:6.1f} KB   {note}"
        )
    ratio_wall = best["transcripts"][0] / best["baseline"][0]
    ratio_cpu = best["transcripts"][1] / best["baseline"][1]
    print(f"  ratio          {ratio_wall:7.2f}×   {ratio_cpu:7.2f}×")
    print(f"  all {count}: {best['transcripts'][0]:.1f} s wall (transcripts)")
    verdict = "within target" if ratio_cpu <= TARGET else "ABOVE TARGET"
    print(f"  target ≤ {TARGET:.0f}× (CPU) — {verdict}")


if __name__ == "__main__":
    main()
