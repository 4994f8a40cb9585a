"""The teacher sheet round trip: export, fill like a teacher in Excel, import, lock, change, history."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from app.errors import Conflict, PermissionDenied, ValidationError
from app.gradebook.catalogue import SubjectEdit, update_subject
from app.gradebook.grid import grade_grid
from app.gradebook.history import grade_history
from app.gradebook.locking import lock_semester
from app.gradesheets import Choice, commit_sheet, export_sheet, preview_sheet
from app.gradesheets import layout as L
from app.gradesheets.sheet_writer import grid_fingerprint
from tests.gradesheets.conftest import (
    NAME_ORDER,
    SYSTEM,
    SheetSchool,
    open_sheet,
    row_of,
    teacher_types,
)

ANH, BAO, CHAU = "Lê Văn Anh", "Nguyễn Văn Bảo", "Phạm Minh Châu"


def export(sc: SheetSchool, path: Path, subject: str = "Toán", semester: int = 1) -> Path:
    """Export a sheet as the assigned teacher."""
    with sc.db.read(sc.teacher) as s:
        export_sheet(s, sc.teacher, sc.class_id, sc.subjects[subject], semester, path)
    return path


def stored(
    sc: SheetSchool, name: str, column: str, subject: str = "Toán", semester: int = 1
) -> str | None:
    """The stored value of one cell now."""
    with sc.db.read(sc.principal) as s:
        grid = grade_grid(s, sc.principal, sc.class_id, sc.subjects[subject], semester)
    row = next(r for r in grid.rows if r.student_id == sc.students[name])
    return row.cell(column).stored


def preview(sc: SheetSchool, path: Path, actor: object = None):  # type: ignore[no-untyped-def]
    """Preview as ``actor`` (default: the assigned teacher)."""
    who = actor or sc.teacher
    with sc.db.read(who) as s:  # type: ignore[arg-type]
        return preview_sheet(s, who, path)  # type: ignore[arg-type]


def test_export_is_protected_validated_and_carries_hidden_ids(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """Title block, name order, pre-filled numbers, locked structure, validation and the veryHidden sheet."""
    sc = school6
    sc.save("Toán", 1, {(ANH, "TX1"): "8.5", (ANH, "DG"): "=Chăm chỉ"})
    path = export(sc, tmp_path / "toan.xlsx")
    wb, ws = open_sheet(path)
    assert [w.title for w in wb.worksheets if w.sheet_state == "visible"] == [ws.title]
    assert wb[L.META_SHEET].sheet_state == "veryHidden"
    assert wb.security.lockStructure
    titles = [ws.cell(r, 1).value for r in range(1, 5)]
    assert titles[:3] == [
        "TRƯỜNG THCS KIM ĐỒNG",
        "BẢNG ĐIỂM MÔN TOÁN — LỚP 6A1",
        "Học kì I — Năm học 2025-2026",
    ]
    assert titles[3] == "Giáo viên bộ môn: Người dùng teacher"
    header = [c.value for c in ws[L.HEADER_ROW]]
    assert header == [
        "STT",
        "Mã HS",
        "Họ và tên",
        "TX1",
        "TX2",
        "TX3",
        "TX4",
        "GK",
        "CK",
        "Nhận xét",
    ]
    names = [ws.cell(r, 3).value for r in range(L.FIRST_DATA_ROW, L.FIRST_DATA_ROW + 5)]
    assert names == list(NAME_ORDER)
    anh = row_of(ws, sc.codes[ANH])
    assert ws.cell(anh, 4).value == 8.5
    assert ws.cell(anh, 10).value == "=Chăm chỉ" and ws.cell(anh, 10).data_type == "s"
    assert ws.protection.sheet
    assert ws.cell(L.HEADER_ROW, 4).protection.locked and ws.cell(anh, 2).protection.locked
    assert ws.cell(anh, 3).protection.locked and not ws.cell(anh, 4).protection.locked
    kinds = {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}
    assert kinds[f"D{L.FIRST_DATA_ROW}:D{L.FIRST_DATA_ROW + 4}"] == "custom"
    assert kinds[f"J{L.FIRST_DATA_ROW}:J{L.FIRST_DATA_ROW + 4}"] == "textLength"
    meta = {r[0].value: r[1].value for r in wb[L.META_SHEET].iter_rows(min_row=2, max_row=17)}
    assert meta["class_id"] == str(sc.class_id) and meta["semester"] == "1"
    with sc.db.read(sc.teacher) as s:
        grid = grade_grid(s, sc.teacher, sc.class_id, sc.subjects["Toán"], 1)
    assert meta["fingerprint"] == grid_fingerprint(grid)


def test_full_round_trip(school6: SheetSchool, tmp_path: Path) -> None:
    """Fill, errors located, fix, diff, commit, lock, principal's change with a reason, history."""
    sc = school6
    sc.save("Toán", 1, {(ANH, "TX1"): "6", (ANH, "GK"): "5"})
    path = export(sc, tmp_path / "toan.xlsx")
    anh, bao = sc.codes[ANH], sc.codes[BAO]
    teacher_types(
        path,
        {
            (anh, "TX1"): "8,5",  # typed with a decimal comma, stored by Excel as text
            (anh, "TX2"): 7,  # a number
            (anh, "GK"): None,  # cleared
            (bao, "TX1"): "11",  # out of range
            (bao, "Nhận xét"): "Cần cố gắng hơn",
        },
    )
    bao_row = row_of(open_sheet(path)[1], bao)
    pv = preview(sc, path)
    assert [(p.row, p.column, p.value) for p in pv.problems] == [(bao_row, "TX1", "11")]
    message = pv.problems[0].message
    assert message.startswith(f"Trang tính “6A1 Toán HK1”, dòng {bao_row}, cột “TX1”: “11” — ")
    assert "10" in message
    with pytest.raises(ValidationError):
        commit_sheet(sc.db, sc.teacher, pv)
    assert stored(sc, ANH, "TX1") == "6" and stored(sc, BAO, "DG") is None

    teacher_types(path, {(bao, "TX1"): 9})
    pv = preview(sc, path)
    assert pv.ok and not pv.conflicts
    diff = {(c.student_code, c.column): (c.old_text, c.new_text) for c in pv.changes}
    assert diff == {
        (anh, "TX1"): ("6", "8,5"),
        (anh, "TX2"): ("", "7"),
        (anh, "GK"): ("5", ""),
        (bao, "TX1"): ("", "9"),
        (bao, "DG"): ("", "Cần cố gắng hơn"),
    }
    result = commit_sheet(sc.db, sc.teacher, pv)
    assert (result.inserted, result.updated, result.deleted) == (3, 1, 1)
    if sc.db.path is not None:
        assert result.restore_point is not None and result.restore_point.exists()
    assert [stored(sc, ANH, c) for c in ("TX1", "TX2", "GK")] == ["8.5", "7", None]
    assert stored(sc, BAO, "DG") == "Cần cố gắng hơn"

    with sc.db.uow(actor=sc.principal) as s:
        lock_semester(s, sc.principal, sc.class_id, 1, "Khóa sổ học kì I")
    path = export(sc, tmp_path / "sau-khoa.xlsx")
    teacher_types(path, {(anh, "TX2"): "7.5"})
    pv = preview(sc, path)
    assert any("đã khóa sổ" in n for n in pv.notices)
    with pytest.raises(PermissionDenied, match="khóa"):
        commit_sheet(sc.db, sc.teacher, pv, reason="Chấm phúc khảo")
    pv = preview(sc, path, sc.principal)
    with pytest.raises(ValidationError, match="lý do"):
        commit_sheet(sc.db, sc.principal, pv)
    assert stored(sc, ANH, "TX2") == "7"
    commit_sheet(sc.db, sc.principal, pv, reason="Chấm phúc khảo theo đơn ngày 20/01/2026")
    assert stored(sc, ANH, "TX2") == "7.5"
    with sc.db.read(sc.principal) as s:
        history = grade_history(s, sc.principal, sc.students[ANH])
    change = [h for h in history if h.what.endswith("TX2") and h.new == "7,5"]
    assert len(change) == 1
    assert change[0].old == "7" and change[0].reason == "Chấm phúc khảo theo đơn ngày 20/01/2026"
    assert change[0].username == "u_principal"
    first = next(h for h in history if h.what.endswith("TX1") and h.new == "8,5")
    assert first.reason == "Nhập bảng điểm từ tệp toan.xlsx" and first.old == "6"


def test_conflicts_are_flagged_per_cell_and_choices_honoured(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """Cells changed in the app after the export: conflicts when the teacher changed them too."""
    sc = school6
    sc.save("Toán", 1, {(ANH, "TX1"): "5", (BAO, "TX1"): "5", (CHAU, "TX1"): "5"})
    path = export(sc, tmp_path / "toan.xlsx")
    sc.save("Toán", 1, {(ANH, "TX1"): "6", (BAO, "TX1"): "6", (CHAU, "TX1"): "6"})
    anh, bao, chau = sc.codes[ANH], sc.codes[BAO], sc.codes[CHAU]
    teacher_types(path, {(anh, "TX1"): 9, (bao, "TX1"): 8, (chau, "TX2"): 7})
    pv = preview(sc, path)
    assert {(c.student_code, c.column) for c in pv.conflicts} == {(anh, "TX1"), (bao, "TX1")}
    assert [(c.student_code, c.column) for c in pv.plain_changes] == [(chau, "TX2")]
    assert pv.changed_elsewhere == 1
    anh_conflict = next(c for c in pv.conflicts if c.student_code == anh)
    assert (anh_conflict.base_text, anh_conflict.old_text, anh_conflict.new_text) == ("5", "6", "9")
    assert "lúc xuất là 5, trong phần mềm nay là 6, trong tệp là 9" in anh_conflict.message

    with pytest.raises(Conflict, match="xung đột"):
        commit_sheet(sc.db, sc.teacher, pv)
    assert stored(sc, CHAU, "TX2") is None
    choices = {anh_conflict.key: Choice.KEEP_CURRENT}
    choices |= {c.key: Choice.TAKE_SHEET for c in pv.conflicts if c.student_code == bao}
    result = commit_sheet(sc.db, sc.teacher, pv, choices)
    assert result.kept == 1 and (result.inserted, result.updated) == (1, 1)
    assert [stored(sc, n, "TX1") for n in (ANH, BAO, CHAU)] == ["6", "8", "6"]
    assert stored(sc, CHAU, "TX2") == "7"


def test_grid_changed_after_the_preview_is_refused(school6: SheetSchool, tmp_path: Path) -> None:
    """A cell changed between preview and confirm: nothing is written, the user previews again."""
    sc = school6
    path = export(sc, tmp_path / "toan.xlsx")
    teacher_types(path, {(sc.codes[ANH], "TX1"): 9, (sc.codes[BAO], "TX1"): 8})
    pv = preview(sc, path)
    sc.save("Toán", 1, {(ANH, "TX1"): "4"})
    with pytest.raises(Conflict, match="xem trước lại"):
        commit_sheet(sc.db, sc.teacher, pv)
    assert stored(sc, BAO, "TX1") is None and stored(sc, ANH, "TX1") == "4"


def test_odd_cells_are_refused_with_reasons(school6: SheetSchool, tmp_path: Path) -> None:
    """A date, two decimals, words and a TX beyond the catalogue each name their cell and reason."""
    sc = school6
    path = export(sc, tmp_path / "toan.xlsx")
    anh = sc.codes[ANH]
    teacher_types(
        path,
        {
            (anh, "TX1"): datetime(2025, 5, 8),
            (anh, "TX2"): 8.25,
            (anh, "TX3"): "tám",
            (anh, "TX4"): " 9 ",
        },
    )
    problems = {p.column: p for p in preview(sc, path).problems}
    assert set(problems) == {"TX1", "TX2", "TX3"}
    assert problems["TX1"].value == "08/05/2025" and "ngày tháng" in problems["TX1"].reason
    assert problems["TX2"].value == "8,25" and "chữ số thập phân" in problems["TX2"].reason
    assert problems["TX3"].value == "tám"


def test_comment_only_subject_sheet(school6: SheetSchool, tmp_path: Path) -> None:
    """GDTC: Đ/CĐ list validation; Đ, CĐ and Đạt accepted; anything else refused."""
    sc = school6
    path = export(sc, tmp_path / "gdtc.xlsx", subject="Giáo dục thể chất")
    wb, ws = open_sheet(path)
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists == ['"Đ,CĐ"'] * 4
    anh, bao = sc.codes[ANH], sc.codes[BAO]
    teacher_types(
        path, {(anh, "TX1"): "Đ", (anh, "TX2"): "CĐ", (anh, "GK"): "Đạt", (bao, "CK"): "8"}
    )
    pv = preview(sc, path)
    assert [(p.column, p.value) for p in pv.problems] == [("CK", "8")]
    teacher_types(path, {(bao, "CK"): "đ"})
    pv = preview(sc, path)
    commit_sheet(sc.db, sc.teacher, pv)
    assert [stored(sc, ANH, c, "Giáo dục thể chất") for c in ("TX1", "TX2", "GK")] == [
        "Đạt",
        "Chưa đạt",
        "Đạt",
    ]
    assert {c.new_text for c in pv.changes} == {"Đ", "CĐ"}


def _meta_edit(path: Path, key: str, value: str) -> None:
    wb = openpyxl.load_workbook(path)
    meta = wb[L.META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == key:
            row[1].value = value
    wb.save(path)


def test_foreign_or_damaged_sheets_are_refused(school6: SheetSchool, tmp_path: Path) -> None:
    """Another school, a removed or edited hidden sheet, another grid, a plain workbook: clear refusals."""
    sc = school6
    base = export(sc, tmp_path / "toan.xlsx")

    def copy(name: str) -> Path:
        return Path(shutil.copy(base, tmp_path / name))

    removed = copy("removed.xlsx")
    wb = openpyxl.load_workbook(removed)
    del wb[L.META_SHEET]
    wb.save(removed)
    with pytest.raises(ValidationError, match="trang thông tin ẩn đã bị xóa"):
        preview(sc, removed)

    other = copy("other.xlsx")
    _meta_edit(other, "school_code", "THCS9999")
    with pytest.raises(ValidationError, match="bảng điểm của trường khác"):
        preview(sc, other)

    edited = copy("edited.xlsx")
    _meta_edit(edited, "subject_id", str(sc.subjects["Ngữ văn"]))
    with pytest.raises(ValidationError, match="đã bị sửa hoặc hỏng"):
        preview(sc, edited)

    with (
        sc.db.read(sc.teacher) as s,
        pytest.raises(ValidationError, match="không phải bảng điểm đang nhập"),
    ):
        preview_sheet(
            s, sc.teacher, base, expect=(sc.class_id, sc.subjects["Giáo dục thể chất"], 1)
        )

    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Họ tên", "Điểm"])
    wb.active.append(["Lê Văn Anh", 8])
    wb.save(plain)
    with pytest.raises(ValidationError, match="không phải bảng điểm xuất từ Trường Số"):
        preview(sc, plain)


def test_teacher_without_the_assignment_cannot_import(school6: SheetSchool, tmp_path: Path) -> None:
    """The homeroom teacher does not teach Toán: the preview refuses them."""
    sc = school6
    path = export(sc, tmp_path / "toan.xlsx")
    with pytest.raises(PermissionDenied):
        preview(sc, path, sc.homeroom)


def test_fewer_regular_assessments_after_the_export(school6: SheetSchool, tmp_path: Path) -> None:
    """The catalogue now asks for 3 TX: a TX4 typed in an older sheet is refused with the reason."""
    sc = school6
    path = export(sc, tmp_path / "toan.xlsx")
    with sc.db.uow(actor=SYSTEM) as s:
        update_subject(s, SYSTEM, sc.subjects["Toán"], SubjectEdit(periods_per_year=70))
    anh = sc.codes[ANH]
    teacher_types(path, {(anh, "TX3"): 7, (anh, "TX4"): 8})
    pv = preview(sc, path)
    assert [(p.column, p.value) for p in pv.problems] == [("TX4", "8")]
    assert "TX4" in pv.problems[0].reason and "3" in pv.problems[0].reason
    assert [(c.column, c.new) for c in pv.changes] == [("TX3", "7")]
