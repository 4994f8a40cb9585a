"""``import-items``: register lines from a spreadsheet or CSV, previewed, then written whole,
on SQLite and PostgreSQL. The items are made up for the tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app import cli, journal_read
from app.equipment import register, register_import
from app.equipment.models import EquipmentItem, Room
from app.errors import ValidationError
from tests.equipment.conftest import EquipmentSchool

HEADER = ["Mã", "Tên thiết bị", "Nhóm", "Phòng", "Số lượng", "ĐVT", "Theo dõi từng chiếc",
          "Số sê-ri", "Ngày nhập", "Nguồn kinh phí", "Nguyên giá", "Tình trạng", "Ghi chú"]  # fmt: skip
ROWS: list[list[object]] = [
    ["", "Máy chiếu thử", "Thiết bị trình chiếu", "Phòng học 6A1", 3, "chiếc", "có", "",
     "15/08/2024", "Ngân sách", "12.500.000", "Tốt", ""],
    ["", "Thước thử", "Đồ dùng", "", 40, "cái", "không", "", date(2023, 9, 5), "xã hội hóa",
     25000, "", "để trong kho"],
    ["TB-900001", "Loa thử", "", "Phòng Tin 1", 1, "", "", "SN-42", "", "Tài trợ", "", "hỏng nhẹ",
     ""],
]  # fmt: skip


def _xlsx(path: Path, rows: list[list[object]], sheet: str = "Sổ thiết bị") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(["SỔ QUẢN LÝ THIẾT BỊ (bản thử)"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _state(school: EquipmentSchool) -> tuple[int, int, int]:
    with school.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(EquipmentItem)) or 0,
            s.scalar(select(func.count()).select_from(Room)) or 0,
            journal_read.head_seq(s),
        )


def test_dry_run_writes_nothing_then_apply_writes_serial_and_counted_rows(
    school: EquipmentSchool, tmp_path: Path
) -> None:
    """The preview counts 3 + 40 + 1 units as 5 register rows and writes nothing; the import
    writes 3 serial projectors, one counted row of 40 rulers and the speaker with its own
    code, journalled with the file name."""
    path = _xlsx(tmp_path / "so-thiet-bi.xlsx", ROWS)
    before = _state(school)
    with school.db.read() as s:
        pv = register_import.preview_items(s, school.officer, path)
    assert pv.refusal() == "" and not pv.problems
    assert (len(pv.lines), pv.units, pv.register_rows) == (3, 44, 5)
    assert _state(school) == before
    _pv, codes, _changes = register_import.import_items(school.db, school.officer, path)
    assert len(codes) == 5 and codes[-1] == "TB-900001"
    with school.db.read() as s:
        rows = {r.code: r for r in register.list_items(s, school.officer)}
        projectors = [r for r in rows.values() if r.name == "Máy chiếu thử"]
        assert len(projectors) == 3
        assert all(p.serial and p.quantity == 1 and p.room == "Phòng học 6A1" for p in projectors)
        assert projectors[0].value_vnd == Decimal(12_500_000)
        assert projectors[0].acquired_on == date(2024, 8, 15)
        (ruler,) = [r for r in rows.values() if r.name == "Thước thử"]
        assert (ruler.serial, ruler.quantity, ruler.unit, ruler.room) == (False, 40, "cái", "")
        assert (ruler.funding, ruler.value_vnd, ruler.notes) == (
            "xa_hoi_hoa",
            25000,
            "để trong kho",
        )
        speaker = rows["TB-900001"]
        assert (speaker.condition, speaker.funding, speaker.unit) == (
            "hong_nhe",
            "tai_tro",
            "chiếc",
        )
        assert s.scalar(select(EquipmentItem.serial_number).where(
            EquipmentItem.code == "TB-900001")) == "SN-42"  # fmt: skip
        history = register.item_history(s, school.officer, projectors[0].code)
    assert any("so-thiet-bi.xlsx" in (h.reason or "") for h in history)
    assert _state(school)[0] == before[0] + 5


@pytest.mark.parametrize(
    ("col", "value", "column", "reason"),
    [
        (8, "31/02/2024", "Ngày nhập", "không có trên lịch"),
        (10, "mười triệu", "Nguyên giá", "số tiền"),
        (11, "mất", "Tình trạng", "Tình trạng không đúng"),
        (3, "Phòng Hóa", "Phòng", "Chưa có phòng này"),
        (6, "", "Theo dõi từng chiếc", "Số lượng lớn hơn 1"),
    ],
)
def test_a_bad_cell_names_sheet_row_column_value_and_nothing_is_written(
    school: EquipmentSchool, tmp_path: Path, col: int, value: str, column: str, reason: str
) -> None:
    """One bad cell in the first row refuses the whole file; the message names where."""
    rows = [list(r) for r in ROWS]
    rows[0][col] = value
    path = _xlsx(tmp_path / "sai.xlsx", rows)
    before = _state(school)
    with pytest.raises(ValidationError) as err:
        register_import.import_items(school.db, school.officer, path)
    text = str(err.value)
    assert "Chưa nhập gì: có 1 ô sai" in text
    where = f"Trang tính “Sổ thiết bị”, dòng 3, cột “{column}”"
    assert where in text and reason in text
    if value:
        assert f"“{value}”" in text
    assert _state(school) == before


def test_a_code_already_in_the_register_is_refused_and_rooms_are_created_only_when_asked(
    school: EquipmentSchool, tmp_path: Path
) -> None:
    (taken,) = school.add("Máy tính thử", is_computer=True)
    path = tmp_path / "ds.csv"
    path.write_text("Mã,Tên,Phòng,SL,Theo dõi từng chiếc\n"
                    f"{taken.lower()},Bàn thử,,1,có\n"
                    ",Bộ thí nghiệm thử,Phòng Hóa,2,có\n", encoding="utf-8")  # fmt: skip
    with school.db.read() as s:
        pv = register_import.preview_items(s, school.officer, path)
    messages = [p.message for p in pv.errors]
    assert len(messages) == 2
    assert f"Trang tính “ds.csv”, dòng 2, cột “Mã”: “{taken}”" in messages[0]
    assert "dòng 3, cột “Phòng”: “Phòng Hóa”" in messages[1]
    path.write_text("Tên,Phòng,SL,Theo dõi từng chiếc\n"
                    "Bộ thí nghiệm thử,Phòng Hóa,2,có\n", encoding="utf-8")  # fmt: skip
    pv, codes, _ = register_import.import_items(school.db, school.officer, path, create_rooms=True)
    assert pv.new_rooms == ("Phòng Hóa",) and len(codes) == 2
    with school.db.read() as s:
        assert len(register.list_items(s, school.officer, room="Phòng Hóa")) == 2


def test_cli_dry_run_then_apply(
    school: EquipmentSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``equipment import-items --dry-run`` prints the lines and writes nothing; without it
    the lines are written; a refused cell exits 1 naming the place."""
    url = school.db.engine.url.render_as_string(hide_password=False)
    path = _xlsx(tmp_path / "so.xlsx", ROWS)
    before = _state(school)
    code = cli.main(["equipment", "import-items", "--db", url, str(path), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0 and "3 dòng, 44 chiếc/bộ → 5 dòng sổ mới" in out and "Chạy thử" in out
    assert _state(school) == before
    code = cli.main(["equipment", "import-items", "--db", url, str(path)])
    out = capsys.readouterr().out
    assert code == 0 and "Đã nhập 5 dòng sổ" in out
    assert _state(school)[0] == before[0] + 5
    bad = _xlsx(tmp_path / "sai.xlsx", [["", "Ghế thử", "", "", "ba", "", "", "", "", "", "",
                                        "", ""]])  # fmt: skip
    code = cli.main(["equipment", "import-items", "--db", url, str(bad)])
    captured = capsys.readouterr()
    assert code == 1
    assert "dòng 3, cột “Số lượng”: “ba”" in captured.out + captured.err


def test_a_csv_column_the_import_does_not_read_is_named(
    school: EquipmentSchool, tmp_path: Path
) -> None:
    """A CSV's extra column is reported as ignored, like a spreadsheet's, never dropped silently."""
    path = tmp_path / "so.csv"
    path.write_text("Tên thiết bị,Số lượng,Người phụ trách\nGhế thử,1,Cô Lan\n", encoding="utf-8")
    with school.db.read() as s:
        pv = register_import.preview_items(s, school.officer, path)
    assert [line.data.name for line in pv.lines] == ["Ghế thử"]
    assert any("“Người phụ trách”" in n and "bỏ qua" in n for n in pv.notices), pv.notices
