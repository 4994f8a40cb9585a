"""``import-list``: a minimum list from a spreadsheet or CSV, previewed, then written whole.

The rows here are made up for the tests ("Thiết bị thử …"); no official line is invented.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app import journal_read
from app.equipment import list_import, lists, register
from app.equipment.models import EquipmentList, ReferenceItem
from app.errors import PermissionDenied, ValidationError
from tests.equipment.conftest import EquipmentSchool

HEADER = ["STT", "Môn học", "Lớp", "Tên thiết bị", "Mục đích", "Mô tả chi tiết",
          "Đối tượng sử dụng", "Đơn vị tính", "Số lượng", "Tính theo"]  # fmt: skip
ROWS = [
    [1, "Toán", 6, "Thiết bị thử A", "Dạy học thử", "Mô tả thử", "GV", "Bộ", 1, "lớp"],
    [2, "Toán", 6, "Thiết bị thử B", "", "", "GV, HS", "Cái", 7, "lớp"],
    [1, "Tin học", 7, "Thiết bị thử C", "", "", "HS", "Bộ", 1, "trường"],
]


def _xlsx(path: Path, rows: list[list[object]], sheet: str = "TT38") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(["DANH MỤC THIẾT BỊ (bản thử)"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _counts(school: EquipmentSchool) -> tuple[int, int, int]:
    with school.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(EquipmentList)) or 0,
            s.scalar(select(func.count()).select_from(ReferenceItem)) or 0,
            journal_read.head_seq(s),
        )


def test_dry_run_shows_the_changes_and_writes_nothing_then_apply_writes_them(
    school: EquipmentSchool, tmp_path: Path
) -> None:
    """The preview counts three additions and writes nothing; the import writes them; the
    same file again changes nothing, not even the journal."""
    path = _xlsx(tmp_path / "tt38.xlsx", ROWS)
    before = _counts(school)
    with school.db.read() as s:
        pv = list_import.preview_list(s, school.officer, path, version="2021",
                                      circular="TT 38/2021")  # fmt: skip
    assert pv.refusal() == "" and pv.plan is not None
    assert (pv.plan.circular, pv.plan.level, pv.plan.inserted) == ("38/2021/TT-BGDĐT", "thcs", 3)
    assert _counts(school) == before
    _pv, changes = list_import.import_list(school.db, school.officer, path, version="2021",
                                           circular="38/2021", source="bản thử")  # fmt: skip
    assert changes.touches("equipment_reference_item")
    written = _counts(school)
    assert written[:2] == (1, 3) and written[2] > before[2]
    with school.db.read() as s:
        summary = lists.list_lists(s, school.actor("teacher"))
        b = s.scalar(select(ReferenceItem).where(ReferenceItem.name == "Thiết bị thử B"))
        assert b is not None and (b.user, b.quantity, b.scope, b.unit) == ("GV,HS", 7, "lop", "Cái")
    assert [(x.version, x.items, x.subjects) for x in summary] == [("2021", 3, ("Tin học", "Toán"))]
    again, _ = list_import.import_list(school.db, school.officer, path, version="2021",
                                       circular="38/2021")  # fmt: skip
    assert again.plan is not None and again.plan.unchanged == 3 and again.plan.inserted == 0
    assert _counts(school)[2] == written[2]


def test_a_bad_row_names_sheet_row_column_and_value_and_nothing_is_written(
    school: EquipmentSchool, tmp_path: Path
) -> None:
    """One grade outside THCS and one quantity of zero: both named; no list, no line."""
    bad = [*ROWS[:2], [3, "Toán", 10, "Thiết bị thử D", "", "", "GV", "Bộ", 0, "lớp"]]
    path = _xlsx(tmp_path / "sai.xlsx", bad, sheet="Toán")
    before = _counts(school)
    with pytest.raises(ValidationError) as err:
        list_import.import_list(school.db, school.officer, path, version="2021", circular="38/2021")
    text = err.value.message
    assert "Chưa nhập gì: có 2 ô sai" in text
    assert "Trang tính “Toán”, dòng 5, cột “Lớp”: “10” — lớp 10 không thuộc cấp THCS" in text
    assert "Trang tính “Toán”, dòng 5, cột “Số lượng”: “0”" in text
    assert _counts(school) == before


def test_a_line_repeated_in_the_file_is_refused(school: EquipmentSchool, tmp_path: Path) -> None:
    """Two rows with the same subject, grade and number: the second names the first."""
    path = _xlsx(tmp_path / "trung.xlsx", [*ROWS, ROWS[0]])
    with school.db.read() as s:
        pv = list_import.preview_list(s, school.officer, path, version="1", circular="38/2021")
    assert pv.plan is None
    assert [p.message for p in pv.errors] == [
        "Trang tính “TT38”, dòng 6, cột “Số thứ tự”: “1” — trùng số thứ tự với dòng 3 "
        "(cùng môn, cùng lớp)"
    ]


def test_a_new_file_for_the_same_version_updates_and_keeps_linked_lines(
    school: EquipmentSchool, tmp_path: Path
) -> None:
    """A line gone from the file is removed unless a register item points at it; a changed
    line is updated in place (the item's link stays)."""
    path = _xlsx(tmp_path / "v1.xlsx", ROWS)
    list_import.import_list(school.db, school.officer, path, version="2021", circular="38/2021")
    with school.db.read() as s:
        ids = {r.name: r.id for r in s.scalars(select(ReferenceItem))}
    school.add("Bộ thử A trong sổ", reference_id=ids["Thiết bị thử A"])
    changed = [[2, "Toán", 6, "Thiết bị thử B (sửa)", "", "", "GV", "Cái", 8, "lớp"]]
    path2 = _xlsx(tmp_path / "v1b.xlsx", changed)
    pv, _ = list_import.import_list(school.db, school.officer, path2, version="2021",
                                    circular="38/2021")  # fmt: skip
    assert pv.plan is not None
    assert (pv.plan.updated, pv.plan.removed, len(pv.plan.kept_in_use)) == (1, 1, 1)
    with school.db.read() as s:
        names = sorted(r.name for r in s.scalars(select(ReferenceItem)))
    assert names == ["Thiết bị thử A", "Thiết bị thử B (sửa)"]


def test_a_csv_file_in_the_documented_schema(school: EquipmentSchool, tmp_path: Path) -> None:
    """The CSV columns of docs/equipment.md read the same; a bad cell names file, row, column."""
    path = tmp_path / "tt37.csv"
    path.write_text(
        "circular,level,subject,grade,item_no,name,purpose,description,user,unit,quantity,scope,notes\n"
        "37/2021/TT-BGDĐT,tieu_hoc,Toán,1,1,Thiết bị thử E,,,GV,Bộ,1,lop,\n"
        "37/2021/TT-BGDĐT,tieu_hoc,Toán,1,2,Thiết bị thử F,,,HS,Bộ,abc,lop,\n",
        encoding="utf-8",
    )
    with school.db.read() as s:
        pv = list_import.preview_list(s, school.officer, path, version="2021")
    assert [p.message for p in pv.errors] == [
        "Trang tính “tt37.csv”, dòng 3, cột “Số lượng”: “abc” — số lượng phải là số nguyên dương"
    ]
    path.write_text(path.read_text(encoding="utf-8").replace(",abc,", ",2,"), encoding="utf-8")
    pv, _ = list_import.import_list(school.db, school.officer, path, version="2021")
    assert pv.plan is not None and (pv.plan.level, pv.plan.inserted) == ("tieu_hoc", 2)


def test_a_csv_column_outside_the_schema_is_named(school: EquipmentSchool, tmp_path: Path) -> None:
    """A CSV column the schema does not have is reported as not read, never dropped silently."""
    path = tmp_path / "tt37.csv"
    path.write_text(
        "circular,level,subject,grade,item_no,name,user,unit,quantity,scope,ghi_chu_rieng\n"
        "37/2021/TT-BGDĐT,tieu_hoc,Toán,1,1,Thiết bị thử E,GV,Bộ,1,lop,của cô Lan\n",
        encoding="utf-8",
    )
    with school.db.read() as s:
        pv = list_import.preview_list(s, school.officer, path, version="2021")
    assert not pv.errors
    assert any("“ghi_chu_rieng”" in n and "bỏ qua" in n for n in pv.notices), pv.notices


def test_a_teacher_may_not_import_a_list(school: EquipmentSchool, tmp_path: Path) -> None:
    """Importing a list is the equipment officer's: refused in the service for a teacher."""
    path = _xlsx(tmp_path / "tt38.xlsx", ROWS)
    with pytest.raises(PermissionDenied):
        list_import.import_list(school.db, school.actor("teacher"), path, version="1",
                                circular="38/2021")  # fmt: skip
    assert _counts(school)[:2] == (0, 0)


def test_register_items_link_to_list_lines(school: EquipmentSchool, tmp_path: Path) -> None:
    """An item added with a reference keeps it (the compliance report will count it)."""
    path = _xlsx(tmp_path / "tt38.xlsx", ROWS)
    list_import.import_list(school.db, school.officer, path, version="2021", circular="38/2021")
    with school.db.read() as s:
        ref = s.scalar(select(ReferenceItem.id).where(ReferenceItem.name == "Thiết bị thử C"))
    (code,) = school.add("Bộ thiết bị thử C", reference_id=ref)
    with school.db.read() as s:
        item = register.item_by_code(s, code)
        assert item.reference_id == ref
