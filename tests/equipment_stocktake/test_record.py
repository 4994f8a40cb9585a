"""The biên bản kiểm kê PDF and the labels command: read back as text (Vietnamese intact)
and rendered to PNG with pdftoppm; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pypdf
import pytest

from app import cli
from app.equipment import disposal
from app.equipment.stocktake_print import write_record
from tests.equipment_stocktake.conftest import Counting


def _text(path: Path) -> str:
    """The PDF's text by pdftotext (layout kept), checked against pypdf's reading."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    assert "BIÊN BẢN KIỂM KÊ" in "".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    return out


def _png(path: Path) -> Path:
    prefix = path.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path),
                    str(prefix)], check=True)  # fmt: skip
    [png] = path.parent.glob(f"{prefix.name}*.png")
    return png


def _session(counting: Counting) -> int:
    principal = counting.school.actor("principal")
    with counting.school.db.uow(actor=principal) as s:
        disposal.dispose(s, principal, "TB-000006", "Cháy nguồn")
    number = counting.open(place="Phòng Tin 1, dãy nhà B")
    counting.scan(number, "TB-000001", "TB-000002", "TB-000002", "TB-000007", "TB-000006",
                  "TB-123456", "%%")  # fmt: skip
    counting.scan(number, "TB-000003", condition="hong_nhe")
    return number


def test_record_reads_back_with_every_category_and_the_committee(
    counting: Counting, tmp_path: Path
) -> None:
    number = _session(counting)
    draft = tmp_path / "ban-xem-truoc.pdf"
    with counting.school.db.read(actor=counting.officer) as s:
        write_record(s, counting.officer, number, draft)
    assert "Bản xem trước" in _text(draft)
    counting.apply(counting.preview(number), move_wrong_room=True)
    final = tmp_path / "bien-ban.pdf"
    with counting.school.db.read(actor=counting.school.actor("principal")) as s:
        write_record(s, counting.school.actor("principal"), number, final)
    text = _text(final)
    flat = " ".join(text.split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "TRƯỜNG THCS KIM ĐỒNG", "Số: 01/BB-KKTB", "BIÊN BẢN KIỂM KÊ THIẾT BỊ",
                     "tại Phòng Tin 1, dãy nhà B", "1. Lê Văn Minh — Hiệu trưởng, Trưởng ban",
                     "Phạm Quốc Việt", "Số thiết bị theo sổ: 5; số lượt quét: 8 (1 lượt quét trùng",
                     "Có mặt đúng phòng", "Có mặt nhưng ở phòng khác", "Không tìm thấy",
                     "Tình trạng thay đổi", "Tốt → Hỏng nhẹ", "Đã thanh lý nhưng vẫn còn",
                     "Nhãn không có trong sổ", "TB-123456", "Máy tính để bàn", "Máy chiếu",
                     "chuyển sổ về phòng thực tế", "«Thất lạc»", "NGƯỜI LẬP BIÊN BẢN",
                     "TRƯỞNG BAN KIỂM KÊ", "Ký tên"):  # fmt: skip
        assert expected in flat, expected
    assert "Bản xem trước" not in flat
    assert _png(final).stat().st_size > 10_000


def test_labels_command_writes_every_code(
    counting: Counting, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = counting.school.db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "nhan.pdf"
    code = cli.main(["equipment", "labels", "--db", url, "--room", "Phòng Tin 1", "--layout",
                     "4x10", "--start", "39", "--out", str(out), "--json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["pages"] == 2
    assert data["codes"] == [f"TB-00000{i}" for i in range(1, 7)]
    text = "".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert all(f"TB-00000{i}" in text for i in range(1, 7))
    assert "Trường THCS Kim Đồng" in text and "Máy tính để bàn" in text
    code = cli.main(["equipment", "labels", "--db", url, "--codes", "TB-000008", "tb-000007",
                     "--out", str(out)])  # fmt: skip
    assert code == 0 and "Đã ghi 2 nhãn (1 trang, khổ 3x8)" in capsys.readouterr().out
    code = cli.main(["equipment", "labels", "--db", url, "--codes", "TB-000099", "--out",
                     str(tmp_path / "khong.pdf")])  # fmt: skip
    assert code == 1 and "TB-000099" in capsys.readouterr().err
    assert not (tmp_path / "khong.pdf").exists()
