"""The biên bản thanh lý (issue 11 §2: disposal "with a printed record"): the disposals of a
period or of chosen codes, read back from the PDF, with the totals; refused when none match;
from the command line too. SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app import cli
from app.equipment import disposal
from app.equipment.disposal_print import disposed_items, write_disposal_record
from app.errors import PermissionDenied, ValidationError
from tests.equipment.conftest import EquipmentSchool


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def _disposed(school: EquipmentSchool) -> tuple[str, str, str]:
    (pc,) = school.add("Máy tính để bàn", is_computer=True, room="Phòng Tin 1",
                       value_vnd=Decimal(12_500_000))  # fmt: skip
    (rulers,) = school.add("Thước thẳng 1 m", count=20, serial=False, room="Phòng học 6A1",
                           value_vnd=Decimal(45_000))  # fmt: skip
    (kept,) = school.add("Máy chiếu đa năng", room="Phòng học 6A1")
    principal = school.actor("principal")
    with school.db.uow(actor=principal) as s:
        disposal.dispose(s, principal, pc, "Hỏng bo mạch chủ, sửa không kinh tế",
                         on=date(2026, 11, 20))  # fmt: skip
        disposal.dispose(s, principal, rulers, "Cong vênh, mất số đo", on=date(2026, 12, 1))
    return pc, rulers, kept


def test_the_record_lists_the_disposals_of_a_period_with_totals(
    school: EquipmentSchool, tmp_path: Path
) -> None:
    pc, rulers, kept = _disposed(school)
    officer = school.officer
    with school.db.read(actor=officer) as s:
        assert [x.code for x in disposed_items(s, officer)] == [pc, rulers]
        assert [x.code for x in disposed_items(s, officer, first=date(2026, 11, 25))] == [rulers]
        path, count = write_disposal_record(s, officer, tmp_path / "bb.pdf", number=3,
                                            officer="Hoàng Văn Bình")  # fmt: skip
    assert count == 2
    text = _text(path)
    assert "BIÊN BẢN THANH LÝ THIẾT BỊ" in text and "Số: 03/BB-TLTB" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert pc in text and rulers in text and kept not in text
    assert "Hỏng bo mạch chủ" in text and "Cong vênh" in text
    assert "20/11/2026" in text and "01/12/2026" in text
    # 12.500.000 for the computer, 20 × 45.000 = 900.000 for the rulers
    assert "900.000" in text and "13.400.000" in text and "21 đơn vị" in text
    assert "Hoàng Văn Bình" in text and "HIỆU TRƯỞNG" in text
    png = tmp_path / "bb"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path), str(png)],
                   check=True)  # fmt: skip
    assert list(tmp_path.glob("bb*.png"))


def test_no_match_and_no_right_are_refused(school: EquipmentSchool, tmp_path: Path) -> None:
    _disposed(school)
    officer, secretary = school.officer, school.actor("secretary")
    with school.db.read(actor=officer) as s, pytest.raises(ValidationError, match="Không có"):
        write_disposal_record(s, officer, tmp_path / "x.pdf", first=date(2027, 1, 1))
    with school.db.read(actor=officer) as s, pytest.raises(ValidationError, match="sau ngày"):
        disposed_items(s, officer, first=date(2026, 12, 2), last=date(2026, 12, 1))
    with school.db.read(actor=secretary) as s, pytest.raises(PermissionDenied):
        disposed_items(s, secretary)
    assert not (tmp_path / "x.pdf").exists()


def test_from_the_command_line(
    school: EquipmentSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pc, rulers, _ = _disposed(school)
    url = school.db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "bien-ban.pdf"
    code = cli.main(["equipment", "dispose-record", "--db", url, "--out", str(out),
                     "--codes", pc.lower()])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0 and "Đã ghi biên bản thanh lý 1 thiết bị" in printed
    text = _text(out)
    assert pc in text and rulers not in text
