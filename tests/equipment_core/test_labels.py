"""The QR label sheet: every label's text in its own cell, pages, start position, QR codes, fit."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import mm

from app.equipment.labels import (
    ASCENT,
    DESCENT,
    LAYOUTS,
    Label,
    SheetLayout,
    arrange,
    layout_named,
    pages_needed,
    write_labels,
)
from app.errors import ValidationError
from app.printing.fonts import text_width

SCHOOL = "Trường THCS Nguyễn Trãi"
NAMES = [
    "Máy chiếu",
    "Bộ thí nghiệm đo gia tốc rơi tự do",
    "Bản đồ hành chính Việt Nam",
    "Tranh ảnh: Quá trình quang hợp ở thực vật",
    "Mô hình cấu tạo tai người",
    "Đàn phím điện tử",
    "Cân đồng hồ 5 kg",
    "Bộ dụng cụ vẽ bảng: thước, com-pa, ê-ke",
]
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def sample(count: int) -> list[Label]:
    rooms = [None, "Phòng bộ môn Vật lý", "Thư viện"]
    return [
        Label(f"TB-{i:06d}", NAMES[i % len(NAMES)], SCHOOL, rooms[i % len(rooms)])
        for i in range(1, count + 1)
    ]


def cell_texts(pdf: Path, layout: SheetLayout) -> dict[tuple[int, int], str]:
    """The words pdftotext finds, grouped by the label cell their centre lies in, in reading
    order: {(page, slot): text}. A word outside every cell is an error."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    page_h = layout.page_size[1] * mm
    for page, body in enumerate(out.split("<page ")[1:]):
        for x0, y0, x1, y1, word in WORD.findall(body):
            cx, cy = (float(x0) + float(x1)) / 2, page_h - (float(y0) + float(y1)) / 2
            slot = next(
                s for s in range(layout.per_sheet)
                if 0 <= cx - layout.label_origin(s)[0] <= layout.label_width * mm
                and 0 <= cy - layout.label_origin(s)[1] <= layout.label_height * mm
            )  # fmt: skip
            cells.setdefault((page, slot), []).append((round(float(y0)), float(x0), word))
    return {
        key: unicodedata.normalize("NFC", html.unescape(" ".join(w for _, _, w in sorted(v))))
        for key, v in cells.items()
    }


def test_every_label_shows_its_code_name_and_school_in_its_own_cell(tmp_path: Path) -> None:
    """Each of 50 labels on 3×8 paper: code, Vietnamese name, room and school, intact, in its cell."""
    layout, labels = LAYOUTS["3x8"], sample(50)
    pdf = tmp_path / "nhan.pdf"
    assert write_labels(pdf, labels, layout) == 3
    assert len(PdfReader(pdf).pages) == 3
    cells = cell_texts(pdf, layout)
    assert len(cells) == 50
    for index, label in enumerate(labels):
        text = cells[divmod(index, layout.per_sheet)]
        assert text.startswith(label.code), text
        assert label.short_name in text
        assert SCHOOL in text
        assert (label.room or "") in text


def test_start_position_skips_used_labels_of_the_first_sheet(tmp_path: Path) -> None:
    """Starting at position 23 of a 3×8 sheet: labels 1-2 fill slots 22-23, the third a new page."""
    layout = LAYOUTS["3x8"]
    pdf = tmp_path / "nhan.pdf"
    assert write_labels(pdf, sample(3), layout, start_at=23) == 2
    cells = cell_texts(pdf, layout)
    assert sorted(cells) == [(0, 22), (0, 23), (1, 0)]
    assert cells[(0, 22)].startswith("TB-000001")
    assert cells[(1, 0)].startswith("TB-000003")


def test_page_counts() -> None:
    """Sheets needed: 50 on 3×8 = 3, 50 on 4×10 = 2, 40 on 4×10 from position 2 = 2."""
    assert pages_needed(50, LAYOUTS["3x8"]) == 3
    assert pages_needed(48, LAYOUTS["3x8"]) == 2
    assert pages_needed(50, LAYOUTS["4x10"]) == 2
    assert pages_needed(40, LAYOUTS["4x10"], start_at=2) == 2
    assert pages_needed(1, LAYOUTS["4x10"], start_at=40) == 1


def qr_of(code: str) -> list[list[bool]]:
    """The modules of a full-size QR code of ``code`` at error level M (what scanners read)."""
    made = segno.make(code, error="m", micro=False, boost_error=False)
    return [[bool(v) for v in row] for row in made.matrix]


def read_qr(png: Path, layout: SheetLayout, label: Label, slot: int, dpi: int) -> list[list[bool]]:
    """The modules of the QR code drawn for ``label`` in ``slot``, read back from the rendered
    page by sampling each module's centre."""
    placed = arrange(label, layout, slot)
    x, y = layout.label_origin(slot)
    size = len(qr_of(label.code))
    module = placed.qr_size / size
    image = Image.open(png).convert("L")
    scale = dpi / 72
    page_h = layout.page_size[1] * mm
    top = page_h - (y + placed.qr_y + placed.qr_size)

    def dark(r: int, c: int) -> bool:
        px = round((x + placed.qr_x + (c + 0.5) * module) * scale)
        py = round((top + (r + 0.5) * module) * scale)
        value = image.getpixel((px, py))
        return isinstance(value, int) and value < 128

    return [[dark(r, c) for c in range(size)] for r in range(size)]


@pytest.mark.parametrize("name", ["3x8", "4x10"])
def test_qr_codes_on_the_rendered_page_are_the_codes(tmp_path: Path, name: str) -> None:
    """The page rendered at 300 dpi shows, for each label, the QR code of its own code."""
    layout, labels = LAYOUTS[name], sample(5)
    labels[4] = Label("PHONG-MAY/02.115", "Máy tính để bàn", SCHOOL)
    pdf = tmp_path / "nhan.pdf"
    write_labels(pdf, labels, layout)
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(tmp_path / "p")],
                   check=True)  # fmt: skip
    for slot, label in enumerate(labels):
        assert read_qr(tmp_path / "p.png", layout, label, slot, 300) == qr_of(label.code)


def assert_fits(label: Label, layout: SheetLayout, slot: int | None = None) -> None:
    """Every line of ``label`` in ``slot`` inside the label less its blank edges, right of the
    QR code, and no two lines overlapping; the QR code inside too."""
    placed = arrange(label, layout, slot)
    w, h = layout.label_width * mm, layout.label_height * mm
    left, bottom, right, top = (v * mm for v in layout.insets(slot))
    eps = 0.01
    assert placed.qr_x >= left - eps and placed.qr_y >= bottom - eps
    assert placed.qr_y + placed.qr_size <= h - top + eps
    text_left = placed.qr_x + placed.qr_size
    previous_bottom = h
    for line in sorted(placed.lines, key=lambda line: -line.y):
        line_right = line.x + text_width(line.text, line.font, line.size)
        line_top, line_bottom = line.y + ASCENT * line.size, line.y - DESCENT * line.size
        assert text_left < line.x and line_right <= w - right + eps, (line, w - right)
        assert line_bottom >= bottom - eps and line_top <= h - top + eps, line
        assert line_top <= previous_bottom + eps, line
        previous_bottom = line_bottom
        assert line.size >= 4.5


LONG = "Bộ thiết bị thực hành thí nghiệm điện từ học và quang học dùng cho phòng bộ môn Vật lý " * 3


@pytest.mark.parametrize("name", list(LAYOUTS))
@pytest.mark.parametrize(
    "label",
    [
        Label("TB-000001", "Máy chiếu", SCHOOL),
        Label("TB-000001", LONG, SCHOOL, "Phòng thí nghiệm Hóa – Sinh tầng 3 nhà B"),
        Label("TB-000001", "Kínhhiểnviquanghọc" * 6, "Trường " + "Tiểu học và THCS " * 8),
        Label("PHONG-MAY-TIN-HOC-SO-2/MAY-TINH-0123456789", "Máy tính", SCHOOL, "Phòng máy 2"),
    ],
    ids=["short", "long-words", "one-huge-word", "long-code"],
)
def test_long_texts_stay_inside_the_label(name: str, label: Label) -> None:
    """Long names, codes, rooms and school names are shrunk, wrapped or cut, never past the edge
    (an inner label, and the two corner labels of the sheet)."""
    layout = LAYOUTS[name]
    for slot in (None, 0, layout.per_sheet - 1):
        assert_fits(label, layout, slot)


TEXT = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậềểễếệỏõóọờởỡớợ ỲỴ-0123456789",
               min_size=1, max_size=160)  # fmt: skip


@given(name=st.sampled_from(list(LAYOUTS)), short=TEXT, school=TEXT, room=st.none() | TEXT,
       code=st.from_regex(r"[A-Z0-9]{1,40}", fullmatch=True), slot=st.none() | st.integers(0, 13))  # fmt: skip
def test_any_text_fits(
    name: str, short: str, school: str, room: str | None, code: str, slot: int | None
) -> None:
    """Property: whatever the texts (Vietnamese letters, long or short) and wherever the label
    sits on the sheet, every line fits its label."""
    assert_fits(Label(code, short, school, room), LAYOUTS[name], slot)


@pytest.mark.parametrize("name", ["3x8", "4x10"])
def test_nothing_printed_near_the_paper_edge(tmp_path: Path, name: str) -> None:
    """Papers cut edge to edge: a full sheet rendered leaves the outer 4 mm blank (printers
    cannot print there), while ink does come within 6 mm of every edge (the space is used)."""
    layout = LAYOUTS[name]
    pdf = tmp_path / "nhan.pdf"
    write_labels(pdf, sample(layout.per_sheet), layout)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-gray", "-singlefile", str(pdf),
                    str(tmp_path / "p")], check=True)  # fmt: skip
    image = Image.open(tmp_path / "p.png").convert("L")
    width, height = image.size

    def inked(box: tuple[int, int, int, int]) -> bool:
        low = image.crop(box).getextrema()[0]
        return isinstance(low, int) and low < 200

    edge, near = round(layout.page_edge / 25.4 * 100) - 1, round(6 / 25.4 * 100)
    assert not inked((0, 0, width, edge)) and not inked((0, height - edge, width, height))
    assert not inked((0, 0, edge, height)) and not inked((width - edge, 0, width, height))
    assert inked((0, 0, width, near)) and inked((0, height - near, width, height))
    assert inked((0, 0, near, height)) and inked((width - near, 0, width, height))


def test_layouts_fit_on_the_page() -> None:
    """Every paper's labels lie on the page and do not overlap each other."""
    for layout in LAYOUTS.values():
        last_x, last_y = layout.label_origin(layout.per_sheet - 1)
        assert layout.label_origin(0)[1] + layout.label_height * mm <= layout.page_size[1] * mm
        assert last_x + layout.label_width * mm <= layout.page_size[0] * mm + 0.01
        assert last_y >= -0.01
        assert layout.label_origin(1)[0] - layout.label_origin(0)[0] >= layout.label_width * mm


def test_bad_requests_are_refused_in_vietnamese_and_leave_the_old_file(tmp_path: Path) -> None:
    """No labels, a start position off the sheet, an unknown paper: a clear message; the PDF
    already at the path is untouched and no temporary file is left."""
    pdf = tmp_path / "nhan.pdf"
    pdf.write_bytes(b"old")
    with pytest.raises(ValidationError, match="Chưa chọn thiết bị"):
        write_labels(pdf, [], LAYOUTS["3x8"])
    with pytest.raises(ValidationError, match="từ 1 đến 40"):
        write_labels(pdf, sample(1), LAYOUTS["4x10"], start_at=41)
    with pytest.raises(ValidationError, match="từ 1 đến 24"):
        write_labels(pdf, sample(1), LAYOUTS["3x8"], start_at=0)
    with pytest.raises(ValidationError, match="chưa có mã"):
        write_labels(pdf, [Label("  ", "Máy chiếu", SCHOOL)], LAYOUTS["3x8"])
    with pytest.raises(ValidationError, match="Không có khổ giấy nhãn «5x13»"):
        layout_named("5x13")
    assert pdf.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["nhan.pdf"]
    assert layout_named(" 3×8 ") is LAYOUTS["3x8"]
    assert LAYOUTS["4x10"].title == "A4, 4 × 10 nhãn 52,5 × 29,7 mm"
