"""``results``, ``grades lists``, ``result-sheet``, ``lock`` and ``check`` on a primary class, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl

from tests.gradebook.test_cli import cli
from tests.gradebook_primary.conftest import PrimarySchool
from tests.gradebook_primary.test_results import ANH, ANH2, CHAU, NOT_DONE, fill_student
from tests.gradesheets.test_result_sheet import pdf_text


def ok_json(ps: PrimarySchool, *args: str) -> Any:
    """Run with ``--json``, expect exit 0, return the parsed output."""
    done = cli(ps, *args, "--json")  # type: ignore[arg-type]
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_results_json_for_a_primary_class(ps: PrimarySchool) -> None:
    """results --json: per student and subject, levels and tests per checkpoint, with reasons."""
    fill_student(ps, ANH)
    fill_student(ps, CHAU, levels={"Đạo đức": NOT_DONE}, tests={"Tiếng Việt": "4"})
    data = ok_json(ps, "results", "--class", "4A")
    assert (data["class"], data["assessment"], data["semester"]) == ("4A", "TT27", None)
    assert data["checkpoints"] == ["Giữa HK I", "Cuối HK I", "Giữa HK II", "Cuối năm"]
    by_name = {st["full_name"]: st for st in data["students"]}
    anh = by_name[ANH]
    toan = next(x for x in anh["subjects"] if x["subject"] == "Toán")
    assert toan["levels"]["Cuối năm"] == "Hoàn thành tốt" and toan["tests"]["Cuối năm"] == 9
    assert anh["result"] == {
        "value": "Hoàn thành xuất sắc",
        "reasons": {"value": ["Đủ điều kiện mức Hoàn thành xuất sắc"]},
    }
    assert anh["commendation"]["value"] == "Học sinh Xuất sắc"
    assert anh["ratings"]["checkpoint"] == "Cuối năm" and anh["ratings"]["reasons"] == []
    chau = by_name[CHAU]
    assert chau["outcome"]["value"] == "Chưa hoàn thành chương trình lớp học"
    assert "Đạo đức Chưa hoàn thành" in chau["outcome"]["reasons"]["value"]
    empty = by_name[ANH2]
    assert empty["result"]["value"] is None
    assert "Toán: thiếu mức đánh giá" in empty["result"]["reasons"]["value"]
    first = next(x for x in empty["subjects"] if x["subject"] == "Toán")
    assert first["reasons"]["levels"][0] == "Giữa HK I: chưa nhập mức đạt được"


def test_results_text_and_semester_one(ps: PrimarySchool) -> None:
    """Text form: a readable table; --semester 1 shows Cuối HK I and says why there is no result."""
    fill_student(ps, ANH, tests={"Toán": "10"})
    done = cli(ps, "results", "--class", "4A")  # type: ignore[arg-type]
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ GIÁO DỤC CẢ NĂM — LỚP 4A")
    row = next(line for line in lines if ANH in line)
    assert "HTT 10" in row and "Hoàn thành xuất sắc" in row and "HS Xuất sắc" in row
    assert any(line.startswith(f"  {ANH2}: ") and "thiếu" in line for line in lines)
    done = cli(ps, "results", "--class", "4A", "--semester", "1")  # type: ignore[arg-type]
    assert done.returncode == 0, done.stderr
    assert "(Cuối HK I)" in done.stdout and "cuối năm học" in done.stdout
    assert "Hoàn thành xuất sắc" not in done.stdout


def test_lock_check_and_lists_from_the_command_line(ps: PrimarySchool) -> None:
    """grades lock stores the results, check is clean; grades lists shows the primary lists."""
    fill_student(ps, ANH)
    for semester in ("1", "2"):
        ok_json(ps, "grades", "lock", "--class", "4A", "--semester", semester, "--force")
    done = cli(ps, "check")  # type: ignore[arg-type]
    line = next(x for x in done.stdout.splitlines() if "khóa sổ" in x)
    assert line.startswith("✔") and "(12 bản ghi)" in line
    data = ok_json(ps, "grades", "lists", "--class", "4A")
    assert [e["full_name"] for e in data["completed"]] == [ANH]
    assert [e["full_name"] for e in data["primary_excellent"]] == [ANH]
    assert len(data["pending"]) == 3 and data["promoted"] == []
    text = cli(ps, "grades", "lists", "--class", "4A").stdout  # type: ignore[arg-type]
    assert "Hoàn thành chương trình lớp học (1)" in text and "Lên lớp" not in text


def test_result_sheet_files_from_the_command_line(ps: PrimarySchool, tmp_path: Path) -> None:
    """grades result-sheet writes the primary .xlsx and PDF; lists-file accepts primary lists."""
    fill_student(ps, ANH)
    pdf, xlsx = tmp_path / "kq.pdf", tmp_path / "kq.xlsx"
    for out in (pdf, xlsx):
        data = ok_json(ps, "grades", "result-sheet", "--class", "4A", "--out", str(out))
        assert data["path"] == str(out)
    text = pdf_text(pdf)
    assert "Lê Văn Anh" in text and "Hoàn thành xuất sắc" in text
    ws = openpyxl.load_workbook(xlsx).active
    assert ws["A2"].value == "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ GIÁO DỤC"
    lists = tmp_path / "ht.xlsx"
    args = ("grades", "lists-file", "--class", "4A", "--list", "completed", "--out", str(lists))
    ok_json(ps, *args)
    assert openpyxl.load_workbook(lists).sheetnames == ["Hoàn thành CT"]
