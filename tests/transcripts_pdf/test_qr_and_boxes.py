"""The QR code printed on every page carries the payload; the stamp boxes are where they say."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.units import mm

from app.transcripts.layout import DEFAULT_LAYOUT
from app.transcripts.pdf_document import page_count, render_transcript, signature_boxes
from app.transcripts.pdf_footer import qr_matrix, qr_payload
from tests.transcripts_pdf.pdf_tools import flat, page_image, pages_text, region_text
from tests.transcripts_pdf.samples import digest, primary_record, secondary_record


def test_payload_format() -> None:
    """TSHB1|school|student|years|v<version>|sha256, years joined by ",", no stray "|"."""
    digest_hex = "AB" * 32
    payload = qr_payload("79000701", "HS|01", ["2024-2025", "2025-2026"], 2, digest_hex)
    assert payload == f"TSHB1|79000701|HS/01|2024-2025,2025-2026|v2|{'ab' * 32}"
    assert payload.split("|")[-1] == digest_hex.lower()


def _printed_modules(pdf: bytes, tmp: Path, page: int, size: int) -> list[list[bool]]:
    """The QR code's modules as printed: page ``page`` at 600 dpi, each module's centre."""
    dpi = 600
    image = page_image(pdf, tmp, page, dpi)
    f, m = DEFAULT_LAYOUT.footer, DEFAULT_LAYOUT.margins
    px = dpi / 25.4
    left = m.left * px
    top = (DEFAULT_LAYOUT.page_size[1] - f.qr_bottom - f.qr_size) * px
    step = f.qr_size * px / size
    return [
        [
            image.getpixel((int(left + (c + 0.5) * step), int(top + (r + 0.5) * step))) < 128
            for c in range(size)
        ]
        for r in range(size)
    ]


def test_every_page_prints_the_qr_code_of_its_payload(tmp_path: Path) -> None:
    """Module by module, the printed QR code is segno's code of the transcript's payload."""
    record = secondary_record(2)
    data_hash = digest(record)
    pdf = render_transcript(record, data_hash)
    payload = qr_payload("79000701", "HS2023000417", ["2023-2024", "2024-2025"], 1, data_hash)
    expected = [list(row) for row in qr_matrix(payload)]
    assert len(expected) >= 21
    for page in (0, page_count(pdf) - 1):
        assert _printed_modules(pdf, tmp_path, page, len(expected)) == expected
    # every page shows the same form: the code is drawn once in the file, not once a page
    reader = PdfReader(io.BytesIO(pdf))
    for p in reader.pages:
        assert set(p["/Resources"]["/XObject"]) == {"/FormXob.transcript-qr-0"}  # type: ignore[index]


def test_stamp_boxes_are_on_the_last_page_under_their_titles(tmp_path: Path) -> None:
    """Homeroom, principal, seal: three boxes side by side, titled above, named below."""
    record = secondary_record()
    pdf = render_transcript(record, digest(record))
    boxes = signature_boxes(pdf)
    assert list(boxes) == ["homeroom", "principal", "seal"]
    last = len(PdfReader(io.BytesIO(pdf)).pages) - 1
    assert {b.page for b in boxes.values()} == {last}
    width, height = DEFAULT_LAYOUT.page_size[0] * mm, DEFAULT_LAYOUT.page_size[1] * mm
    xs = [b.x for b in boxes.values()]
    assert xs == sorted(xs)
    for a, b in zip(list(boxes.values()), list(boxes.values())[1:], strict=False):
        assert a.x + a.width < b.x  # no overlap
    for box in boxes.values():
        x1, y1, x2, y2 = box.rect
        assert 0 < x1 < x2 < width and DEFAULT_LAYOUT.margins.bottom * mm <= y1 < y2 < height
        assert region_text(pdf, tmp_path, last, (x1, y1, x2, y2)) == ""  # empty: for the stamp
    expected = {
        "homeroom": ("GIÁO VIÊN CHỦ NHIỆM", "Nguyễn Thị Hồng Nhung"),
        "principal": ("HIỆU TRƯỞNG", "Lê Văn Minh"),
        "seal": ("XÁC NHẬN CỦA NHÀ TRƯỜNG", "Trường THCS Kim Đồng"),
    }
    for role, (title, name) in expected.items():
        x1, y1, x2, y2 = boxes[role].rect
        assert title in region_text(pdf, tmp_path, last, (x1, y2, x2, y2 + 14 * mm))
        assert name in region_text(pdf, tmp_path, last, (x1, y1 - 7 * mm, x2, y1))


def test_a_deputy_signs_for_the_principal(tmp_path: Path) -> None:
    """A deputy signs under "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG" with their name; same boxes."""
    record = primary_record()
    pdf = render_transcript(record, digest(record), deputy="Lò Thị Hương")
    boxes = signature_boxes(pdf)
    x1, y1, x2, y2 = boxes["principal"].rect
    page = boxes["principal"].page
    above = region_text(pdf, tmp_path, page, (x1, y2, x2, y2 + 16 * mm))
    assert "KT. HIỆU TRƯỞNG PHÓ HIỆU TRƯỞNG" in above
    assert region_text(pdf, tmp_path, page, (x1, y1 - 7 * mm, x2, y1)) == "Lò Thị Hương"
    first = flat(pages_text(pdf, tmp_path)[0])
    assert "KT. HIỆU TRƯỞNG PHÓ HIỆU TRƯỞNG" in first and "Lò Thị Hương" in first
    plain = render_transcript(record, digest(record))
    assert signature_boxes(plain) == boxes


def test_a_stamp_block_without_room_moves_whole_to_a_new_page(tmp_path: Path) -> None:
    """The comment grows until the stamp block no longer fits: it goes alone to a new last page,
    at the same rectangles, and the comment stays whole on the page before."""
    record = secondary_record(1)
    short = render_transcript(record, digest(record))
    for repeat in range(20, 200, 3):
        comment = " ".join(["Em ngoan, học tốt."] * repeat)
        year = replace(record.years[0], homeroom_comment=comment)
        longer = replace(record, years=(year,))
        pdf = render_transcript(longer, digest(longer))
        if page_count(pdf) > page_count(short):
            break
    else:
        raise AssertionError("the comment never pushed the stamp block over")
    boxes = signature_boxes(pdf)
    assert boxes["seal"].page == page_count(pdf) - 1 == page_count(short)
    assert boxes == {
        role: replace(box, page=box.page + 1) for role, box in signature_boxes(short).items()
    }
    texts = pages_text(pdf, tmp_path)
    assert "Em ngoan" not in texts[-1] and "GIÁO VIÊN CHỦ NHIỆM" in texts[-1]
    assert flat(texts[-2]).count("Em ngoan, học tốt.") == repeat
