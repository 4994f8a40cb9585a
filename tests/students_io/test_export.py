"""Export: template layout that imports back unchanged, no formula injection, NĐ 30 class lists."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from sqlalchemy import select

from app import journal
from app import students as st
from app.students import class_list_pdf, exporter
from app.students.exporter import TEMPLATE_FIELDS
from tests.students_io.builders import MESSY_REASON, messy_workbook
from tests.students_io.conftest import School, header_row

INJECTIONS = ['=HYPERLINK("http://x.example","bấm")', "+84-1", "-1+1", "@SUM(A1)"]


def _export(school: School, path: Path, **kw: object) -> exporter.ExportResult:
    with school.db.uow(actor=school.secretary) as s:
        return exporter.export_xlsx(s, school.secretary, path, **kw)  # type: ignore[arg-type]


def _many(school: School, n: int, class_name: str = "6A1") -> None:
    """``n`` students in one class through the bulk path."""
    sec = school.secretary
    inputs = [
        st.StudentInput(
            full_name=f"Nguyễn Thị {name}", date_of_birth=date(2014, 1 + i % 12, 1 + i % 28),
            sex="Nữ", class_name=class_name,
        )
        for i, name in enumerate(f"Ánh{'a' * (i // 20)}" for i in range(n))
    ]  # fmt: skip
    with school.db.uow(actor=sec) as s:
        st.upsert_students(s, sec, inputs, reason="dữ liệu thử")


def test_export_then_import_changes_nothing(school: School, tmp_path: Path) -> None:
    """A whole-school export, per-class sheets or one sheet, re-imports with every row unchanged."""
    school.import_file(messy_workbook(tmp_path / "ds.xlsx"), reason=MESSY_REASON)
    for one_sheet in (False, True):
        out = _export(school, tmp_path / f"xuat-{one_sheet}.xlsx", sheet_per_class=not one_sheet)
        assert out.students == 7 and out.sheets == (1 if one_sheet else 3)
        before = school.journal_count()
        pv = school.preview(out.path)
        assert pv.counts["unchanged"] == 7 and not pv.problems
        result = school.import_file(out.path)
        assert not result.written and school.journal_count() == before


def test_export_layout_keeps_codes_as_text_and_dates_as_dates(
    school: School, tmp_path: Path
) -> None:
    """Headers are the template's; IDs and phones are text; birth dates are real dd/mm/yyyy dates."""
    school.import_file(messy_workbook(tmp_path / "ds.xlsx"), reason=MESSY_REASON)
    out = _export(school, tmp_path / "6a1.xlsx", class_name="6a1")
    ws = openpyxl.load_workbook(out.path)["6A1"]
    assert [c.value for c in ws[1]] == header_row()
    col = {f: i + 1 for i, f in enumerate(TEMPLATE_FIELDS)}
    anh = next(
        r for r in ws.iter_rows(min_row=2) if r[col["full_name"] - 1].value == "Nguyễn Thị Ánh"
    )
    pid_cell = anh[col["personal_id"] - 1]
    assert pid_cell.data_type == "s" and pid_cell.value.startswith("038")
    assert anh[col["father_phone"] - 1].value == "0912345678"
    dob = anh[col["date_of_birth"] - 1]
    assert dob.value == datetime(2014, 3, 12) and dob.number_format == "DD/MM/YYYY"


def test_formula_injection_is_neutralised_in_exports(school: School, tmp_path: Path) -> None:
    """Text starting with = + - @ is exported as inert text cells and re-imports identically."""
    sec = school.secretary
    with school.db.uow(actor=sec) as s:
        for i, payload in enumerate(INJECTIONS):
            st.create_student(
                s, sec,
                st.StudentInput(full_name=f"Lê Văn {'ABCD'[i]}", date_of_birth=date(2014, 1, 1),
                                sex="Nam", notes=payload, address=payload, class_name="6A1"),
            )  # fmt: skip
    out = _export(school, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(out.path).active
    notes_col = TEMPLATE_FIELDS.index("notes") + 1
    cells = [ws.cell(r, notes_col) for r in range(2, 2 + len(INJECTIONS))]
    assert sorted(c.value for c in cells) == sorted(INJECTIONS)
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert school.preview(out.path).counts["unchanged"] == len(INJECTIONS)


def test_export_is_journalled_and_ids_need_the_right(school: School, tmp_path: Path) -> None:
    """Exports are access events; a teacher's export of their class leaves personal IDs out."""
    school.import_file(messy_workbook(tmp_path / "ds.xlsx"), reason=MESSY_REASON)
    teacher = school.seeded.actor("teacher")
    with school.db.uow(actor=school.secretary) as s:
        group = s.scalar(select(st.ClassGroup).where(st.ClassGroup.name == "6A1"))
        assert group is not None
        st.set_homeroom(s, school.secretary, group.id, "u_teacher")
    with school.db.uow(actor=teacher) as s:
        out = exporter.export_xlsx(s, teacher, tmp_path / "gv.xlsx", class_name="6A1")
    ws = openpyxl.load_workbook(out.path).active
    pid_col = TEMPLATE_FIELDS.index("personal_id") + 1
    assert out.students == 3 and all(ws.cell(r, pid_col).value is None for r in range(2, 5))
    with school.db.read() as s:
        events = journal.query(s, journal.JournalFilter(entity_type="student", op="event"))
    assert events and events[0].username == "u_teacher" and events[0].changes["count"] == 3


def test_template_has_marks_dropdowns_and_imports(school: School, tmp_path: Path) -> None:
    """The template marks required columns, offers sex/ethnicity/class lists and imports once filled."""
    with school.db.read(school.secretary) as s:
        path = exporter.write_template(s, school.secretary, tmp_path / "mau.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Danh sách học sinh"]
    headers = [c.value for c in ws[1]]
    assert (
        headers[2] == "Họ và tên (*)"
        and headers[7] == "Lớp (*)"
        and headers[6] == "Số định danh cá nhân"
    )
    lists = wb[exporter.LIST_SHEET]
    assert lists.sheet_state == "hidden"
    ranges = {str(d.sqref) for d in ws.data_validations.dataValidation}
    assert ranges == {"E2:E2001", "F2:F2001", "H2:H2001"}  # sex, ethnicity, class
    assert [lists.cell(r, 3).value for r in range(2, 5)] == ["6A1", "6A2", "7A1"]
    assert sum(1 for r in range(2, 60) if lists.cell(r, 2).value) == 54
    ws.append(["1", None, "Phạm Minh Đức", "01/02/2014", "Nam", "Kinh", None, "7A1"])
    wb.save(path)
    pv = school.preview(path)
    assert pv.counts["insert"] == 1 and not pv.problems


def test_class_list_pdf_in_nd30_format(school: School, tmp_path: Path) -> None:
    """A long class list prints with the NĐ 30 header, diacritics, and page numbers from page 2."""
    _many(school, 45)
    with school.db.uow(actor=school.secretary) as s:
        out = class_list_pdf.export_pdf(s, school.secretary, tmp_path / "6a1.pdf", class_name="6A1",
                                  on=date(2025, 9, 5))  # fmt: skip
    reader = PdfReader(out.path)
    assert out.students == 45 and len(reader.pages) >= 2
    first = reader.pages[0].extract_text()
    for line in ("TRƯỜNG THCS KIM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Quảng Phú, ngày 05 tháng 9 năm 2025",
                 "DANH SÁCH HỌC SINH LỚP 6A1", "Năm học 2025-2026", "Nguyễn Thị Ánh"):  # fmt: skip
        assert line in first
    assert reader.pages[1].extract_text().lstrip().startswith("2\n")
    last = reader.pages[-1].extract_text()
    assert "Danh sách có 45 học sinh (nữ: 45)." in last and "HIỆU TRƯỞNG" in last
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(out.path), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == len(reader.pages)


def test_whole_school_pdf_has_a_section_per_class(school: School, tmp_path: Path) -> None:
    """The whole-school printout starts each class on its own page with its own heading."""
    school.import_file(messy_workbook(tmp_path / "ds.xlsx"), reason=MESSY_REASON)
    with school.db.uow(actor=school.secretary) as s:
        out = class_list_pdf.export_pdf(s, school.secretary, tmp_path / "truong.pdf")
    texts = [p.extract_text() for p in PdfReader(out.path).pages]
    assert len(texts) == 3
    assert "Lớp 6A1" in texts[0] and "Lớp 6A2" in texts[1] and "Lớp 7A1" in texts[2]
