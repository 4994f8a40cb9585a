"""Student import: preview writes nothing, commit is one transaction, re-import is a no-op."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.errors import Cancelled, ValidationError
from app.excel.encodings import LegacyChoice
from app.safety import restore_points
from app.students import importer
from app.students.exporter import TEMPLATE_FIELDS
from app.students.importer import Action
from tests.excel.xlsx_builders import make_xlsx
from tests.students_io.builders import MESSY_REASON, messy_workbook, pid
from tests.students_io.conftest import School, header_row


def row(**values: Any) -> list[Any]:
    """A data row in template column order."""
    return [values.get(f) for f in TEMPLATE_FIELDS]


def template_file(path: Path, *rows: list[Any], sheet: str = "Danh sách") -> Path:
    return make_xlsx(path, {sheet: [header_row(), *rows]})


ANH = dict(full_name="Nguyễn Thị Ánh", date_of_birth="12/03/2014", sex="Nữ", class_name="6A1")


class CancelAfter:
    """Progress that asks to stop after ``n`` updates."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.calls = 0

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        self.calls += 1

    @property
    def cancelled(self) -> bool:
        return self.calls >= self.n


def test_messy_file_preview_writes_nothing(school: School, tmp_path: Path) -> None:
    """Previewing a real-world file reports every row as an insert and writes nothing at all."""
    before = school.journal_count()
    pv = school.preview(messy_workbook(tmp_path / "ds.xlsx"))
    assert pv.counts["insert"] == 7 and pv.counts["rejected"] == 0
    assert any("TCVN3" in n for n in pv.notices) and any("VNI" in n for n in pv.notices)
    assert school.students() == [] and school.journal_count() == before


def test_messy_file_imports_right_values(school: School, tmp_path: Path) -> None:
    """Titles, two-row headers, legacy text, numbers, apostrophes and formulas all land correctly."""
    result = school.import_file(messy_workbook(tmp_path / "ds.xlsx"), reason=MESSY_REASON)
    assert (result.inserted, result.updated, result.written) == (7, 0, True)
    anh = [s for s in school.by_name("Nguyễn Thị Ánh") if school.class_of(s) == "6A1"][0]
    assert anh.personal_id == pid(date(2014, 3, 12), "nu", 1)  # zero restored
    assert anh.sex == "nu" and anh.ethnicity_code == "01"
    assert school.guardians(anh) == {
        "cha": ("Nguyễn Văn Bình", "0912345678"),  # phone stored as a number
        "me": ("Lê Thị Cúc", "0987654321"),  # phone with a leading apostrophe
    }
    chau = school.by_name("Trần Minh Châu")[0]  # name from a formula's cached value
    assert chau.date_of_birth == date(2014, 7, 25)  # date stored as a serial number
    assert chau.place_of_birth == "Nghệ An"  # stray spaces gone
    hung = school.by_name("Lê Văn Hùng")[0]
    assert hung.personal_id == pid(date(2014, 11, 2), "nam", 2) and hung.sex == "nam"
    assert {school.class_of(s) for s in school.by_name("Đặng Văn Hùng")} == {"6A2", "7A1"}
    assert {school.class_of(s) for s in school.by_name("Nguyễn Thị Ánh")} == {"6A1", "6A2", "7A1"}


def test_reimporting_the_same_file_changes_nothing(school: School, tmp_path: Path) -> None:
    """A second import of the same file finds every row unchanged and writes nothing."""
    path = messy_workbook(tmp_path / "ds.xlsx")
    school.import_file(path, reason=MESSY_REASON)
    before = school.journal_count()
    pv = school.preview(path, legacy=LegacyChoice.CONVERT)
    assert pv.counts["unchanged"] == 7
    result = importer.commit(school.db, school.secretary, pv)
    assert not result.written and result.unchanged == 7
    assert school.journal_count() == before and len(school.students()) == 7


def test_errors_name_sheet_row_column_value_and_reason(school: School, tmp_path: Path) -> None:
    """Each bad cell is reported with its sheet, Excel row, column header, value and reason."""
    path = template_file(
        tmp_path / "loi.xlsx",
        row(**ANH),
        row(**ANH | {"full_name": "Lê Văn An", "date_of_birth": "31/02/2014", "sex": "Nam"}),
        row(**ANH | {"full_name": "Lê Văn Bình", "personal_id": 99214000001, "sex": "Nam"}),
        row(**ANH | {"full_name": "Lê Văn Cường", "sex": "Khác"}),
        row(**ANH | {"full_name": "Lê Văn Dũng", "sex": "Nam", "class_name": "9A9"}),
        sheet="Khối 6",
    )
    pv = school.preview(path)
    assert pv.counts == {"insert": 1, "update": 0, "unchanged": 0, "rejected": 4, "warnings": 0}
    errors = {p.row: p for p in pv.problems if p.is_error}
    assert errors[3].sheet == "Khối 6" and errors[3].column == "Ngày sinh (*)"
    assert errors[3].value == "31/02/2014" and errors[3].reason == "ngày 31/02/2014 không có thật"
    assert errors[4].value == "99214000001" and "mã tỉnh" in errors[4].reason
    assert errors[5].column == "Giới tính (*)" and errors[5].value == "Khác"
    assert errors[6].value == "9A9" and "2025-2026" in errors[6].reason
    msg = errors[3].message
    assert msg.startswith("Trang tính “Khối 6”, dòng 3, cột “Ngày sinh (*)”: “31/02/2014”")


def test_duplicates_inside_the_file_point_at_the_first_row(school: School, tmp_path: Path) -> None:
    """A personal ID repeated in the file rejects the later row, naming where it first appeared."""
    same = pid(date(2014, 3, 12), "nu", 7)
    path = template_file(
        tmp_path / "trung.xlsx",
        row(**ANH, personal_id=same),
        row(**ANH | {"full_name": "Lê Thị Bình"}, personal_id=same),
    )
    bad = school.preview(path).rejected[0]
    assert bad.row == 3 and "dòng 2" in bad.errors[0].reason


def test_commit_refuses_rejected_rows_and_writes_nothing(school: School, tmp_path: Path) -> None:
    """With any row rejected the default commit raises and the database stays empty."""
    path = template_file(tmp_path / "x.xlsx", row(**ANH), row(**ANH | {"date_of_birth": "abc"}))
    pv = school.preview(path)
    with pytest.raises(ValidationError) as exc:
        importer.commit(school.db, school.secretary, pv)
    assert "x.xlsx" in exc.value.message and "1 dòng bị từ chối" in exc.value.message
    assert school.students() == []


def test_rejected_rows_file_reimports_after_fixing(school: School, tmp_path: Path) -> None:
    """Valid rows go in; rejected ones come back as a template file with a reason, fixed and re-imported."""
    path = template_file(
        tmp_path / "ds.xlsx",
        row(**ANH, stt=1),
        row(**ANH | {"full_name": "Lê Văn An", "sex": "Nam", "date_of_birth": "31/02/2014"}, stt=2),
    )
    pv = school.preview(path)
    result = importer.commit(school.db, school.secretary, pv, skip_rejected=True)
    assert (result.inserted, result.rejected) == (1, 1)
    out = importer.write_rejected(pv, tmp_path / "bi-tu-choi.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    headers = [c.value for c in ws[1]]
    assert headers == header_row(["Lý do"])
    assert ws["C2"].value == "Lê Văn An" and ws["H2"].value == "6A1"
    assert (
        "dòng 3" in ws.cell(2, len(headers)).value
        and "31/02/2014" in ws.cell(2, len(headers)).value
    )
    ws["D2"].value = "28/02/2014"
    wb.save(out)
    again = school.import_file(out)
    assert again.inserted == 1 and len(school.students()) == 2


def test_cancel_during_commit_writes_nothing(school: School, tmp_path: Path) -> None:
    """Cancelling in the middle of the write rolls everything back."""
    rows = [
        row(full_name=f"Học Sinh Số {chr(65 + i % 26)}{'a' * (i // 26)}", date_of_birth="01/01/2014",
            sex="Nam", class_name="6A1")
        for i in range(40)
    ]  # fmt: skip
    pv = school.preview(template_file(tmp_path / "dai.xlsx", *rows))
    before = school.journal_count()
    with pytest.raises(Cancelled):
        importer.commit(school.db, school.secretary, pv, CancelAfter(1))
    assert school.students() == [] and school.journal_count() == before


def test_cancel_during_preview(school: School, tmp_path: Path) -> None:
    """Cancelling the preview stops it with ``Cancelled``."""
    path = template_file(tmp_path / "x.xlsx", row(**ANH))
    with pytest.raises(Cancelled), school.db.read(school.secretary) as s:
        importer.preview(s, school.secretary, path, CancelAfter(1))


def test_restore_point_is_taken_before_writing(school: School, tmp_path: Path) -> None:
    """On SQLite a restore point labelled for the import exists after a commit."""
    result = school.import_file(template_file(tmp_path / "x.xlsx", row(**ANH)))
    if school.db.path is None:
        assert result.restore_point is None  # PostgreSQL: the server's backups do this
        return
    assert result.restore_point is not None and result.restore_point.exists()
    assert any(p.label == importer.RESTORE_LABEL for p in restore_points.list_points())


def test_id_disagreeing_with_birth_year_needs_a_reason(school: School, tmp_path: Path) -> None:
    """A personal ID for another birth year is a warning; keeping it needs a reason, journalled."""
    wrong_year = pid(date(2013, 3, 12), "nu", 9)
    path = template_file(tmp_path / "x.xlsx", row(**ANH, personal_id=wrong_year))
    pv = school.preview(path)
    assert pv.rows[0].action is Action.INSERT and pv.rows[0].needs_reason
    assert "2013" in pv.rows[0].warnings[0].reason
    with pytest.raises(ValidationError) as exc:
        importer.commit(school.db, school.secretary, pv)
    assert "lý do" in exc.value.message
    importer.commit(school.db, school.secretary, pv, reason="Theo giấy khai sinh bản gốc")
    from app import journal

    with school.db.read() as s:
        entries = journal.history(s, "student", str(school.students()[0].id))
    assert "Theo giấy khai sinh bản gốc" in entries[0].reason


def test_update_matches_by_personal_id_then_code(school: School, tmp_path: Path) -> None:
    """A second file with the same ID updates that student; blank cells keep stored data."""
    the_id = pid(date(2014, 3, 12), "nu", 11)
    school.import_file(
        template_file(tmp_path / "a.xlsx", row(**ANH, personal_id=the_id, address="Thôn 1"))
    )
    pv = school.preview(
        template_file(tmp_path / "b.xlsx", row(**ANH, personal_id=the_id, notes="Con liệt sĩ"))
    )
    assert pv.rows[0].action is Action.UPDATE and pv.rows[0].changed == ("notes",)
    school.import_file(tmp_path / "b.xlsx")
    (anh,) = school.students()
    assert anh.address_detail == "Thôn 1" and anh.notes == "Con liệt sĩ"
