"""Issue 18 §5: Ministry codes are not personal IDs; every column is mapped or reported as ignored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app import students as st
from app.errors import ValidationError
from app.students import importer
from tests.excel.xlsx_builders import make_xlsx
from tests.students_io.builders import pid
from tests.students_io.conftest import School

DOB = date(2013, 9, 5)
BASE = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]


def _file(tmp_path: Path, extra_head: list[str], *rows: list[object]) -> Path:
    body = [
        [i, name, "05/09/2013", "Nam", "6A1", *extra] for i, (name, *extra) in enumerate(rows, 1)
    ]
    return make_xlsx(tmp_path / "ds.xlsx", {"6A1": [BASE + extra_head, *body]})


def test_ten_digit_text_under_ma_dinh_danh_is_the_ministry_code(
    school: School, tmp_path: Path
) -> None:
    """ "Mã định danh" holding 10-digit text is stored as the Ministry code, never padded into an ID."""
    path = _file(
        tmp_path, ["Mã định danh"], ["Lê Văn An", "7912345678"], ["Lê Thị Bình", "7912345679"]
    )
    pv = school.preview(path)
    assert any("Mã học sinh Bộ GD&ĐT" in n and "“Mã định danh”" in n for n in pv.notices)
    assert [r.value.ministry_code for r in pv.rows] == ["7912345678", "7912345679"]
    assert all(r.value.personal_id is None for r in pv.rows)
    (use,) = [u for u in pv.columns if u.header == "Mã định danh"]
    assert use.field == "ministry_code" and use.note
    importer.commit(school.db, school.secretary, pv)
    stored = {s.full_name: (s.ministry_code, s.personal_id) for s in school.students()}
    assert stored == {"Lê Văn An": ("7912345678", None), "Lê Thị Bình": ("7912345679", None)}
    with school.db.read(school.secretary) as s:
        found = st.count_students(s, school.secretary, st.StudentFilter(search="7912345679"))
    assert found == 1


def test_twelve_digits_under_ma_dinh_danh_stay_personal_ids(school: School, tmp_path: Path) -> None:
    """The same header over 12-digit IDs is read as the personal ID, and the preview says so."""
    path = _file(tmp_path, ["Mã định danh"], ["Lê Văn An", pid(DOB, "nam", 1)])
    pv = school.preview(path)
    assert pv.rows[0].value.personal_id == pid(DOB, "nam", 1)
    assert any("Số định danh cá nhân" in n for n in pv.notices)


def test_a_text_cell_is_never_padded(school: School, tmp_path: Path) -> None:
    """An 11-digit text ID is refused as it is; it is not turned into an invented 12-digit ID."""
    short = pid(DOB, "nam", 2)[1:]
    path = _file(tmp_path, ["Số định danh cá nhân"], ["Lê Văn An", short])
    (row,) = school.preview(path).rows
    assert row.errors and row.errors[0].value == short and "12 chữ số" in row.errors[0].reason
    result = importer.commit(school.db, school.secretary, school.preview(path), skip_rejected=True)
    assert result.inserted == 0 and school.students() == []


def test_zeros_restored_in_a_number_cell_need_the_users_consent(
    school: School, tmp_path: Path
) -> None:
    """A number cell that lost its leading zero is repaired only when the user accepts it."""
    full = pid(DOB, "nam", 3)
    path = _file(tmp_path, ["Số định danh cá nhân"], ["Lê Văn An", int(full)])
    pv = school.preview(path)
    (row,) = pv.rows
    assert row.value.personal_id == full and row.needs_reason
    assert row.warnings[0].needs_confirming
    with pytest.raises(ValidationError):
        importer.commit(school.db, school.secretary, pv)
    assert school.students() == []
    importer.commit(school.db, school.secretary, pv, reason="Đã đối chiếu giấy khai sinh")
    assert [s.personal_id for s in school.students()] == [full]


def test_columns_the_record_has_are_mapped_and_the_rest_reported(
    school: School, tmp_path: Path
) -> None:
    """Religion and policy group are stored; "Nghề nghiệp cha" is listed as ignored, not lost unseen."""
    head = ["Tôn giáo", "Đối tượng chính sách", "Mã MOET", "Căn cước", "Nghề nghiệp cha"]
    path = _file(
        tmp_path, head,
        ["Lê Văn An", "Công giáo", "Con thương binh", "7912345678", pid(DOB, "nam", 4), "Làm nông"],
    )  # fmt: skip
    pv = school.preview(path)
    uses = {u.header: u.field for u in pv.columns}
    assert uses["Tôn giáo"] == "religion" and uses["Đối tượng chính sách"] == "policy_group"
    assert uses["Mã MOET"] == "ministry_code" and uses["Căn cước"] == "personal_id"
    assert uses["Nghề nghiệp cha"] == ""
    assert any("“Nghề nghiệp cha”" in n and "bỏ qua" in n for n in pv.notices)
    importer.commit(school.db, school.secretary, pv)
    (s,) = school.students()
    assert (s.religion, s.policy_group, s.ministry_code, s.personal_id) == (
        "Công giáo", "Con thương binh", "7912345678", pid(DOB, "nam", 4)
    )  # fmt: skip


def test_the_ministry_code_is_exported_and_reimports_unchanged(
    school: School, tmp_path: Path
) -> None:
    """An export carries the Ministry code in its own column; importing it back changes nothing."""
    school.import_file(_file(tmp_path, ["Mã HS Bộ"], ["Lê Văn An", "7912345678"]))
    out = tmp_path / "xuat.xlsx"
    with school.db.uow(school.secretary) as s:
        st.exporter.export_xlsx(s, school.secretary, out)
    pv = school.preview(out)
    assert pv.counts["unchanged"] == 1
    assert [u.field for u in pv.columns if u.header.startswith("Mã học sinh Bộ")] == [
        "ministry_code"
    ]


def test_too_long_text_and_bad_ministry_codes_are_refused_by_cell(
    school: School, tmp_path: Path
) -> None:
    """Text longer than the record holds, or a code with symbols, is refused naming the cell."""
    path = _file(tmp_path, ["Tôn giáo", "Mã MOET"], ["Lê Văn An", "x" * 61, "79-123/45"])
    (row,) = school.preview(path).rows
    reasons = {p.column: p.reason for p in row.errors}
    assert "60 ký tự" in reasons["Tôn giáo"] and "tối đa 20 ký tự" in reasons["Mã MOET"]


def test_parent_headers_and_user_mappings_keep_every_column(school: School, tmp_path: Path) -> None:
    """ "SĐT phụ huynh" is read (as the guardian's phone); an unknown header can be mapped by hand."""
    path = _file(
        tmp_path, ["Họ tên phụ huynh", "SĐT phụ huynh", "SĐT ông bà"],
        ["Lê Văn An", "Lê Văn Ba", "0912 000 222", "0913000333"],
    )  # fmt: skip
    pv = school.preview(path)
    assert {u.header: u.field for u in pv.columns}["SĐT ông bà"] == ""
    assert pv.rows[0].value.guardian_phone == "0912000222"
    mapped = school.preview(path, mapping={"SĐT ông bà": "Điện thoại"})
    assert {u.header: u.field for u in mapped.columns}["SĐT ông bà"] == "phone"
    assert mapped.mapping == (("SĐT ông bà", "Điện thoại"),)
    importer.commit(school.db, school.secretary, mapped)
    (s,) = school.students()
    assert school.guardians(s)["giam_ho"] == ("Lê Văn Ba", "0912000222")
    assert s.phone == "0913000333"
    with pytest.raises(ValidationError) as exc:
        school.preview(path, mapping={"SĐT ông bà": "Điện thoại ông"})
    assert "“SĐT ông bà”" in exc.value.message and "“SĐT mẹ”" in exc.value.message


def test_a_guardian_phone_without_a_name_is_reported(school: School, tmp_path: Path) -> None:
    """A mother's phone with no mother's name cannot be stored: the row says so, not silently."""
    path = _file(tmp_path, ["SĐT mẹ"], ["Lê Văn An", "0913000333"])
    (row,) = school.preview(path).rows
    (warning,) = row.warnings
    assert warning.column == "SĐT mẹ" and "không được lưu" in warning.reason


def test_a_formula_without_a_stored_result_is_reported(school: School, tmp_path: Path) -> None:
    """The import warns, naming sheet, row and column, where a formula cell read as empty."""
    rows = [BASE + ["Địa chỉ"], [1, "Lê Văn An", "05/09/2013", "Nam", "6A1", '=CONCAT("Thôn ", 3)']]
    pv = school.preview(make_xlsx(tmp_path / "ct.xlsx", {"6A1": rows}))
    (warning,) = pv.rows[0].warnings
    assert (warning.sheet, warning.row, warning.column) == ("6A1", 2, "Địa chỉ")
    assert "công thức" in warning.reason
