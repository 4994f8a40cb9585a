"""The lifelong learning-record number (mã số hồ sơ học tập suốt đời, NĐ 88/2026) on the
student record: checked, imported from a real .xlsx, exported, guarded as the personal ID."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from app import students as st
from app.students import exporter
from app.students.lifelong import lifelong_number_issues
from tests.excel.xlsx_builders import make_xlsx
from tests.students_io.builders import pid
from tests.students_io.conftest import School, school  # noqa: F401  (the fixture)

DOB = date(2013, 9, 5)
HEAD = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Số định danh cá nhân"]


def test_rule() -> None:
    """Twelve digits; a number unlike the personal ID is kept with a warning, never refused."""
    own = pid(DOB, "nam", 1)
    assert lifelong_number_issues("", own) == []
    assert lifelong_number_issues(own, own) == []
    (short,) = lifelong_number_issues(own[:11], own)
    assert short.is_error and "12 chữ số" in short.message
    (letters,) = lifelong_number_issues("03821466208A", own)
    assert letters.is_error
    (other,) = lifelong_number_issues(pid(DOB, "nam", 2), own)
    assert not other.is_error and "khác số định danh" in other.message


def test_imported_from_xlsx_and_exported(school: School, tmp_path: Path) -> None:  # noqa: F811
    """Both header names are recognised, a number cell gets its lost zero back, a bad value is
    reported on its row, and the export writes the column for those allowed to see IDs."""
    a, b, c = (pid(DOB, "nam", n) for n in (1, 2, 3))
    rows = [
        HEAD + ["Mã số hồ sơ học tập suốt đời"],
        [1, "Lê Văn An", "05/09/2013", "Nam", "6A1", a, a],
        [2, "Trần Văn Bình", "05/09/2013", "Nam", "6A1", b, int(b)],  # a number: zero lost
        [3, "Đỗ Văn Cường", "05/09/2013", "Nam", "6A1", c, "12345"],
    ]
    path = make_xlsx(tmp_path / "ds.xlsx", {"6A1": rows})
    pv = school.preview(path)
    (use,) = [u for u in pv.columns if u.header == "Mã số hồ sơ học tập suốt đời"]
    assert use.field == "lifelong_record_number"
    values = {r.value.full_name: r.value.lifelong_record_number for r in pv.rows}
    assert values["Lê Văn An"] == a and values["Trần Văn Bình"] == b
    bad = next(r for r in pv.rows if r.value.full_name == "Đỗ Văn Cường")
    (msg,) = [p.message for p in bad.errors if "Mã số hồ sơ học tập suốt đời" in p.message]
    assert "12 chữ số" in msg, msg
    assert all(not r.errors for r in pv.rows if r is not bad)

    short = make_xlsx(tmp_path / "ds2.xlsx", {"6A1": [
        HEAD + ["Mã hồ sơ HTSĐ"], [1, "Lê Văn An", "05/09/2013", "Nam", "6A1", a, a],
        [2, "Trần Văn Bình", "05/09/2013", "Nam", "6A1", b, b],
    ]})  # fmt: skip
    school.import_file(short)
    stored = {s.full_name: s.lifelong_record_number for s in school.students()}
    assert stored == {"Lê Văn An": a, "Trần Văn Bình": b}

    out = tmp_path / "xuat.xlsx"
    with school.db.uow(actor=school.secretary) as s:
        exporter.export_xlsx(s, school.secretary, out, class_name="6A1")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    head = next(r for r in cells if "Mã số hồ sơ học tập suốt đời" in r)
    col = head.index("Mã số hồ sơ học tập suốt đời")
    assert {r[col] for r in cells[cells.index(head) + 1 :] if r[col]} == {a, b}


def test_guarded_as_the_personal_id(school: School) -> None:  # noqa: F811
    """The detail shows the number only with the sensitive fields (read, then journalled)."""
    sec = school.secretary
    number = pid(DOB, "nu", 7)
    with school.db.uow(actor=sec) as s:
        saved = st.create_student(s, sec, st.StudentInput(
            full_name="Phạm Thị Dung", date_of_birth=DOB, sex="Nữ", class_name="6A1",
            personal_id=number, lifelong_record_number=number), year="2025-2026")  # fmt: skip
        sid = st.student_id_by_code(s, saved.student_code)
    with school.db.uow(actor=sec) as s:
        plain = st.get_student_detail(s, sec, sid)
        full = st.get_student_detail(s, sec, sid, include_sensitive=True)
    assert plain.lifelong_record_number is None
    assert full.lifelong_record_number == number
