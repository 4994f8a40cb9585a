"""The import/export commands as a secretary runs them: ``python main.py students …``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from app.students.exporter import TEMPLATE_FIELDS
from tests.excel.xlsx_builders import make_xlsx
from tests.students_io.builders import MESSY_REASON, messy_workbook
from tests.students_io.conftest import header_row
from tests.test_cli import cli, one_line_error


def _bad_file(path: Path) -> Path:
    rows = [
        header_row(),
        [1, None, "Nguyễn Văn An", "05/09/2014", "Nam", "Kinh", None, "6A1"],
        [2, None, "Lê Thị Bình", "31/02/2014", "Nữ", "Kinh", None, "6A1"],
    ]
    return make_xlsx(path, {"6A1": rows})


def test_import_json_reports_errors_as_data_and_writes_nothing(db: str, tmp_path: Path) -> None:
    """With a rejected row: exit 1, counts and located errors in JSON, rejected file written, no rows."""
    out = tmp_path / "loi.xlsx"
    res = cli("students", "import", str(_bad_file(tmp_path / "ds.xlsx")), "--db", db, "--json",
              "--rejected-out", str(out))  # fmt: skip
    assert res.returncode == 1, res.stderr
    data = json.loads(res.stdout)
    assert data["written"] is False and data["counts"]["insert"] == 1
    assert data["counts"]["rejected"] == 1
    (err,) = data["errors"]
    assert (err["sheet"], err["row"], err["column"], err["value"]) == (
        "6A1",
        3,
        "Ngày sinh (*)",
        "31/02/2014",
    )
    assert openpyxl.load_workbook(out).active["C2"].value == "Lê Thị Bình"
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        assert conn.execute("SELECT count(*) FROM student").fetchone() == (0,)


def test_skip_rejected_writes_the_good_rows_and_exits_4(db: str, tmp_path: Path) -> None:
    """--skip-rejected: the good row written, the bad one listed; exit 4 as the README says
    (it was 3, the code for a bug)."""
    res = cli("students", "import", str(_bad_file(tmp_path / "ds.xlsx")), "--db", db,
              "--skip-rejected")  # fmt: skip
    assert res.returncode == 4, res.stderr
    assert "thêm mới 1" in res.stdout and "31/02/2014" in res.stdout and res.stderr == ""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "`4` written in part (`students import --skip-rejected`" in readme
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        assert conn.execute("SELECT full_name FROM student").fetchall() == [("Nguyễn Văn An",)]


def test_import_then_reimport_then_export_round_trip(db: str, tmp_path: Path) -> None:
    """A messy file imports (exit 0), a re-run changes nothing, and an export re-imports unchanged."""
    path = messy_workbook(tmp_path / "danh-sach.xlsx")
    first = cli(
        "students", "import", str(path), "--db", db, "--convert-legacy", "--reason", MESSY_REASON
    )
    assert first.returncode == 0, first.stderr
    assert "thêm mới 7" in first.stdout and "TCVN3" in first.stdout and "VNI" in first.stdout
    assert "“Ñaëng Vaên” → “Đặng Văn”" in first.stdout and "“Huøng” → “Hùng”" in first.stdout
    again = cli("students", "import", str(path), "--db", db, "--json", "--convert-legacy")
    assert again.returncode == 0 and json.loads(again.stdout)["counts"]["unchanged"] == 7
    assert json.loads(again.stdout)["written"] is False
    xlsx = tmp_path / "xuat.xlsx"
    assert (
        cli("students", "export", "--db", db, "--format", "xlsx", "--out", str(xlsx)).returncode
        == 0
    )
    back = cli("students", "import", str(xlsx), "--db", db, "--dry-run", "--json")
    assert json.loads(back.stdout)["counts"]["unchanged"] == 7


def test_export_pdf_and_template(db: str, tmp_path: Path) -> None:
    """`students export --class 6A1 --format pdf` prints the class; `students template` makes the form."""
    path = messy_workbook(tmp_path / "ds.xlsx")
    res = cli(
        "students", "import", str(path), "--db", db, "--convert-legacy", "--reason", MESSY_REASON
    )
    assert res.returncode == 0, res.stdout
    pdf = tmp_path / "6a1.pdf"
    res = cli(
        "students", "export", "--db", db, "--class", "6A1", "--format", "pdf", "--out", str(pdf)
    )
    assert res.returncode == 0, res.stderr
    text = PdfReader(pdf).pages[0].extract_text()
    assert "DANH SÁCH HỌC SINH LỚP 6A1" in text and "Nguyễn Thị Ánh" in text
    mau = tmp_path / "mau.xlsx"
    assert cli("students", "template", "--db", db, "--out", str(mau)).returncode == 0
    headers = [c.value for c in openpyxl.load_workbook(mau).active[1]]
    assert len(headers) == len(TEMPLATE_FIELDS) and headers[0] == "STT"


def test_file_level_refusals_are_one_line(db: str, tmp_path: Path) -> None:
    """A CSV renamed .xlsx and an unknown class give one Vietnamese line and exit 1."""
    fake = tmp_path / "ds.xlsx"
    fake.write_text("STT,Họ và tên\n", encoding="utf-8")
    assert "ds.xlsx" in one_line_error(cli("students", "import", str(fake), "--db", db))
    res = cli("students", "export", "--db", db, "--class", "9Z9", "--out", str(tmp_path / "x.xlsx"))
    assert "9Z9" in one_line_error(res)


def test_import_reads_only_the_sheets_named(db: str, tmp_path: Path) -> None:
    """`--sheet` limits the import to that sheet; an unknown sheet is refused naming the others."""
    head = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]
    path = make_xlsx(
        tmp_path / "hai.xlsx",
        {
            "Lớp 6A1": [head, [1, "Lò Văn Páo", "19/08/2014", "Nam", "6A1"]],
            "Lớp 6A2": [head, [1, "Hoàng Thị Lan", "02/04/2014", "Nữ", "6A2"]],
        },
    )
    res = cli("students", "import", str(path), "--db", db, "--sheet", "Lớp 6A2", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["counts"]["insert"] == 1
    assert [s["name"] for s in data["sheets"] if s["used"]] == ["Lớp 6A2"]
    bad = one_line_error(cli("students", "import", str(path), "--db", db, "--sheet", "Lớp 9"))
    assert "“Lớp 9”" in bad and "“Lớp 6A1”" in bad


def test_import_lists_column_letters_and_show_prints_the_ministry_code(
    db: str, tmp_path: Path
) -> None:
    """The preview names each column by letter and field; `students show` prints the Ministry code."""
    head = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Mã MOET"]
    path = make_xlsx(
        tmp_path / "moet.xlsx",
        {"6A1": [head, [1, "Lò Văn Páo", "19/08/2014", "Nam", "6A1", "7912345678"]]},
    )
    res = cli("students", "import", str(path), "--db", db)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Cột F “Mã MOET” → Mã học sinh Bộ GD&ĐT" in res.stdout
    assert "Cột A “STT” → Số thứ tự (không lưu)" in res.stdout
    code = json.loads(cli("students", "list", "--db", db, "--json").stdout)["rows"][0][
        "student_code"
    ]
    shown = cli("students", "show", code, "--db", db)
    assert "Mã HS Bộ GD&ĐT: 7912345678" in shown.stdout


def test_import_map_reads_a_column_the_layout_does_not_know(db: str, tmp_path: Path) -> None:
    """`--map "Header=field"` maps an unknown header; a malformed pair is refused in one line."""
    head = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "SĐT ông bà"]
    path = make_xlsx(
        tmp_path / "map.xlsx",
        {"6A1": [head, [1, "Lò Văn Páo", "19/08/2014", "Nam", "6A1", "0913000333"]]},
    )
    res = cli("students", "import", str(path), "--db", db, "--map", "SĐT ông bà=SĐT mẹ", "--json")
    assert res.returncode == 0, res.stderr
    uses = {u["header"]: u["field"] for u in json.loads(res.stdout)["columns"]}
    assert uses["SĐT ông bà"] == "mother_phone"
    bad = one_line_error(cli("students", "import", str(path), "--db", db, "--map", "SĐT ông bà"))
    assert "Tiêu đề cột=Thông tin" in bad
