"""``grades export-sheet | import | result-sheet | lists-file`` run as a user would (main.py's entry, in process)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from app.gradebook.grid import grade_grid
from tests.cli_runner import run_main
from tests.gradesheets.conftest import YEAR, SheetSchool, fill_year, teacher_types

ANH, BAO = "Lê Văn Anh", "Nguyễn Văn Bảo"


def cli(sc: SheetSchool, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python main.py *args --db URL`` against the test database (``tests.cli_runner``)."""
    url = sc.db.engine.url.render_as_string(hide_password=False)
    return run_main([*args, "--db", url])


def run_json(sc: SheetSchool, code: int, *args: str) -> Any:
    """Run with ``--json``, expect exit ``code``, return the parsed output."""
    done = cli(sc, *args, "--json")
    assert done.returncode == code, (done.stdout, done.stderr)
    return json.loads(done.stdout)


def stored(sc: SheetSchool, name: str, column: str) -> str | None:
    """Toán, semester 1: the stored value of one cell."""
    with sc.db.read(sc.principal) as s:
        grid = grade_grid(s, sc.principal, sc.class_id, sc.subjects["Toán"], 1)
    return next(r for r in grid.rows if r.student_id == sc.students[name]).cell(column).stored


def test_export_import_round_trip_from_the_command_line(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """Errors as data with exit 1, dry run writes nothing, conflicts need a flag, locks need a reason."""
    sc = school6
    sheet = tmp_path / "toan.xlsx"
    args = ("grades", "export-sheet", "--class", "6A1", "--subject", "Toán", "--semester", "1")
    data = run_json(sc, 0, *args, "--year", YEAR, "--out", str(sheet))
    assert data["students"] == 5 and data["columns"][:2] == ["TX1", "TX2"]
    anh, bao = sc.codes[ANH], sc.codes[BAO]
    teacher_types(sheet, {(anh, "TX1"): "8,5", (bao, "TX1"): "11"})

    data = run_json(sc, 1, "grades", "import", str(sheet))
    assert data["written"] is False and data["counts"]["errors"] == 1
    error = data["errors"][0]
    assert (error["column"], error["value"]) == ("TX1", "11") and error["row"] > 7
    assert stored(sc, ANH, "TX1") is None

    teacher_types(sheet, {(bao, "TX1"): 9})
    data = run_json(sc, 0, "grades", "import", str(sheet), "--dry-run")
    assert data["counts"]["changes"] == 2 and not data["written"]
    assert {(c["student_code"], c["new"]) for c in data["changes"]} == {(anh, "8,5"), (bao, "9")}
    assert stored(sc, ANH, "TX1") is None

    done = cli(sc, "grades", "import", str(sheet))
    assert done.returncode == 0, done.stderr
    assert "Đã nhập toan.xlsx: thêm 2, sửa 0, xóa 0 ô" in done.stdout
    assert stored(sc, ANH, "TX1") == "8.5"

    sc.save("Toán", 1, {(ANH, "TX2"): "6"})
    data = run_json(sc, 0, *args, "--year", YEAR, "--out", str(sheet))
    sc.save("Toán", 1, {(ANH, "TX2"): "5"})
    teacher_types(sheet, {(anh, "TX2"): 7, (bao, "TX2"): 8})
    data = run_json(sc, 1, "grades", "import", str(sheet))
    assert [c["exported"] for c in data["conflicts"]] == ["6"] and "xung đột" in data["error"]
    data = run_json(sc, 0, "grades", "import", str(sheet), "--keep-current")
    assert data["result"]["kept_current"] == 1 and data["result"]["inserted"] == 1
    assert stored(sc, ANH, "TX2") == "5" and stored(sc, BAO, "TX2") == "8"

    assert (
        cli(
            sc, "grades", "lock", "--class", "6A1", "--year", YEAR, "--semester", "1", "--force"
        ).returncode
        == 0
    )
    teacher_types(
        sheet, {(bao, "TX2"): "8.5"}
    )  # on the old sheet: a conflict with the 8 now stored
    done = cli(sc, "grades", "import", str(sheet), "--take-sheet")
    assert done.returncode == 1 and "lý do" in done.stderr and "Traceback" not in done.stderr
    reason = "Sửa theo biên bản chấm lại"
    done = cli(sc, "grades", "import", str(sheet), "--take-sheet", "--reason", reason)
    assert done.returncode == 0, done.stderr
    assert stored(sc, BAO, "TX2") == "8.5" and stored(sc, ANH, "TX2") == "7"
    history = run_json(sc, 0, "grades", "history", "--student", bao)
    assert any(h["new"] == "8,5" and h["old"] == "8" and h["reason"] == reason for h in history)


def test_result_sheet_and_lists_files_from_the_command_line(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """result-sheet and lists-file write the format asked for (or the one the suffix names)."""
    sc = school6
    fill_year(sc, ANH, "9")
    fill_year(sc, BAO, "6")
    pdf = tmp_path / "tong-hop.pdf"
    data = run_json(
        sc, 0, "grades", "result-sheet", "--class", "6A1", "--year", YEAR, "--out", str(pdf)
    )
    assert data["semester"] is None and PdfReader(pdf).pages
    book = tmp_path / "hk1.xlsx"
    args = ("grades", "result-sheet", "--class", "6A1", "--year", YEAR, "--semester", "1")
    run_json(sc, 0, *args, "--format", "xlsx", "--out", str(book))
    assert book.read_bytes()[:2] == b"PK"
    lists = tmp_path / "ds.pdf"
    run_json(sc, 0, "grades", "lists-file", "--class", "6A1", "--year", YEAR, "--out", str(lists))
    assert "Lê Văn Anh" in PdfReader(lists).pages[0].extract_text()
    done = cli(sc, "grades", "lists-file", "--year", YEAR, "--list", "nope", "--out", str(lists))
    assert done.returncode == 2
