"""NĐ 30 printouts: bundled Vietnamese font, header lines, page numbers, repeated table headers."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resource
from app.printing.nd30 import DocHeader, Nd30Document, Signer, data_table, place_date

HEADER = DocHeader(
    "Sở Giáo dục và Đào tạo Thanh Hóa", "Trường THCS Kim Đồng", "Quảng Phú", date(2025, 9, 5)
)


def _all_vietnamese_letters() -> str:
    bases = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    return "đĐ" + "".join(unicodedata.normalize("NFC", b + t) for b in bases for t in tones)


def test_bundled_font_has_every_vietnamese_letter() -> None:
    """Each face of the bundled Liberation Serif covers all 146 Vietnamese letters."""
    letters = _all_vietnamese_letters()
    assert len(letters) == 146  # 12 vowels x 6 tones x 2 cases, plus đ and Đ
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        font = TTFont(face, str(resource("fonts", f"LiberationSerif-{face}.ttf")))
        missing = [c for c in letters if ord(c) not in font.face.charToGlyph]
        assert missing == [], face
    assert resource("fonts", "OFL.txt").is_file()


def test_place_and_date_line_follows_nd30() -> None:
    """Days below 10 and months 1–2 get a leading zero; no date prints blanks to fill in."""
    assert place_date("Quảng Phú", date(2026, 2, 5)) == "Quảng Phú, ngày 05 tháng 02 năm 2026"
    assert place_date("Quảng Phú", date(2025, 11, 20)) == "Quảng Phú, ngày 20 tháng 11 năm 2025"
    assert "ngày …… tháng" in place_date("Quảng Phú", None)


def _build(path: Path, n: int) -> Path:
    rows = [[i + 1, f"Nguyễn Thị Ánh {i + 1}", "05/09/2013", "Nữ"] for i in range(n)]
    table = data_table(["STT", "Họ và tên", "Ngày sinh", "Giới tính"], rows, [12, 80, 35, 25])
    return Nd30Document(path, HEADER).build(
        "DANH SÁCH HỌC SINH LỚP 6A1",
        [table],
        subtitle="Năm học 2025-2026",
        signers=[Signer("Hiệu trưởng", "Lê Văn Minh")],
    )


def test_pdf_text_has_header_names_and_page_numbers(tmp_path: Path) -> None:
    """The PDF reads back with the NĐ 30 header, diacritics intact, and numbers from page 2."""
    reader = PdfReader(_build(tmp_path / "ds.pdf", 70))
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text()
    for line in (
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "TRƯỜNG THCS KIM ĐỒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Phú, ngày 05 tháng 9 năm 2025",
        "DANH SÁCH HỌC SINH LỚP 6A1",
        "Nguyễn Thị Ánh 1",
    ):
        assert line in first
    assert not first.lstrip().startswith("1\n")
    for number, page in enumerate(reader.pages[1:], start=2):
        text = page.extract_text()
        assert text.lstrip().startswith(f"{number}\n")
        assert "Họ và tên" in text  # the table header repeats on every page
    last = reader.pages[-1].extract_text()
    assert "HIỆU TRƯỞNG" in last and "Lê Văn Minh" in last and "Nguyễn Thị Ánh 70" in last


def test_pdf_renders_with_poppler(tmp_path: Path) -> None:
    """poppler renders every page (the file is a valid PDF with embedded fonts)."""
    pdf = _build(tmp_path / "ds.pdf", 40)
    assert shutil.which("pdftoppm"), "poppler-utils is needed to render PDFs"
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == len(PdfReader(pdf).pages)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:] if "LiberationSerif" in line]
    assert len(rows) >= 3  # regular, bold, italic faces are used
    assert all(r[-5] == "yes" for r in rows)  # and embedded (reportlab also lists an unused F1)
