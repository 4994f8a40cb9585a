"""``python main.py results`` and ``grades …`` run as a user would (main.py's entry, in process)."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from tests.cli_runner import run_main
from tests.gradebook.conftest import YEAR, GradeSchool, fill_year

ANH = "Lê Văn Anh"


def cli(gs: GradeSchool, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python main.py *args --db URL`` against the test database (``tests.cli_runner``)."""
    url = gs.db.engine.url.render_as_string(hide_password=False)
    return run_main([*args, "--db", url])


def ok_json(gs: GradeSchool, *args: str) -> Any:
    """Run with ``--json``, expect exit 0, return the parsed output."""
    done = cli(gs, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_results_json(gs: GradeSchool) -> None:
    """results --json: per student and subject, semester and year values with reasons, levels, outcome."""
    fill_year(gs, ANH, {"Toán": "6.4"}, absent=3)
    data = ok_json(gs, "results", "--class", "6A1", "--year", YEAR)
    assert (data["class"], data["school_year"], data["semester"]) == ("6A1", YEAR, None)
    assert [s["full_name"] for s in data["students"]] == [
        "Lê Văn Anh",
        "Trần Thị Ánh",
        "Nguyễn Văn Bảo",
        "Phạm Minh Châu",
    ]
    anh = data["students"][0]
    toan = next(x for x in anh["subjects"] if x["subject"] == "Toán")
    assert (toan["semester_1"], toan["semester_2"], toan["year"]) == (6.4, 6.4, 6.4)
    assert toan["reasons"]["year"] == ["ĐTBmcn = (6,4 + 2×6,4) / 3 = 6,4"]
    assert next(x for x in anh["subjects"] if x["subject"] == "Nghệ thuật")["year"] == "Đạt"
    assert anh["learning_result"]["year"] == "Khá"
    assert anh["learning_result"]["reasons"]["year"] == [
        "Chưa đủ mức Tốt: Toán 6,4 < 6,5",
        "Đủ điều kiện mức Khá",
    ]
    assert anh["conduct"]["year"] == "Tốt"
    assert anh["absences"]["year"] == 3
    assert anh["outcome"]["value"] == "Lên lớp"
    assert anh["commendation"]["value"] == "Không"
    empty = data["students"][3]
    assert empty["subjects"][0]["year"] is None
    assert empty["outcome"]["value"] is None


def test_results_text_and_semester(gs: GradeSchool) -> None:
    """Without --json a readable table; --semester 1 shows that semester's averages."""
    fill_year(gs, ANH, {"Toán": "7.5"})
    done = cli(gs, "results", "--class", "6A1", "--semester", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ HỌC KÌ I — LỚP 6A1 — NĂM HỌC 2025-2026"
    assert "Toán" in lines[1] and "Học tập" in lines[1]
    anh = next(line for line in lines if "Lê Văn Anh" in line)
    assert "7,5" in anh and "Tốt" in anh


def test_set_lock_history_unlock(gs: GradeSchool) -> None:
    """grades set, lock, refused change without a reason, change with one, history, unlock."""
    code = gs.codes[ANH]
    base = (
        "--student",
        code,
        "--subject",
        "Toán",
        "--semester",
        "1",
        "--kind",
        "TX",
        "--index",
        "1",
    )
    first = ok_json(gs, "grades", "set", *base, "--value", "8,5")
    assert first["value"] == "8,5" and first["semester_average"] is None
    assert "Thiếu ĐĐGtx 2" in first["reasons"]
    locked = ok_json(gs, "grades", "lock", "--class", "6A1", "--semester", "1", "--force")
    assert locked["locked"] is True
    refused = cli(gs, "grades", "set", *base, "--value", "9")
    assert refused.returncode == 1
    assert "đã khóa" in refused.stderr and "lý do" in refused.stderr
    changed = ok_json(gs, "grades", "set", *base, "--value", "9", "--reason", "Chấm phúc khảo")
    assert changed["value"] == "9"
    history = ok_json(gs, "grades", "history", "--student", code)
    rows = [(h["what"], h["old"], h["new"], h["reason"]) for h in history]
    assert ("Toán · Học kì I · TX1", "8,5", "9", "Chấm phúc khảo") in rows
    assert ("Sổ điểm lớp 6A1 · Học kì I", "", "khóa", "Khóa sổ điểm") in rows
    assert cli(gs, "grades", "unlock", "--class", "6A1", "--semester", "1").returncode == 2
    done = cli(
        gs, "grades", "unlock", "--class", "6A1", "--semester", "1", "--reason", "Bổ sung điểm"
    )
    assert done.returncode == 0 and "Đã mở khóa" in done.stdout


def test_set_says_when_nothing_changed(gs: GradeSchool) -> None:
    """Clearing a cell that is already empty (another PC cleared it first) says so: no change."""
    base = ("grades", "set", "--student", gs.codes[ANH], "--subject", "Toán", "--semester", "1",
            "--kind", "GK")  # fmt: skip
    assert ok_json(gs, *base, "--value", "7")["changed"] is True
    cleared = cli(gs, *base, "--value", "")
    assert cleared.returncode == 0 and "(không thay đổi)" not in cleared.stdout
    again = cli(gs, *base, "--value", "")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == "Toán · Học kì I · GK (lớp 6A1): ∅ (không thay đổi)"
    assert ok_json(gs, *base, "--value", "")["changed"] is False


def test_lock_lists_missing_grades_and_waits_for_force(gs: GradeSchool) -> None:
    """grades lock with a missing score prints who misses what and locks nothing (exit 1);
    --force locks and still reports the list; a complete semester locks at once."""
    for name in gs.students:
        fill_year(gs, name, {})
    code = gs.codes["Nguyễn Văn Bảo"]
    cleared = cli(gs, "grades", "set", "--student", code, "--subject", "Toán", "--semester",
                  "1", "--kind", "CK", "--value", "")  # fmt: skip
    assert cleared.returncode == 0, cleared.stderr
    refused = cli(gs, "grades", "lock", "--class", "6A1", "--semester", "1")
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert lines[0] == "Lớp 6A1, Học kì I: 1 học sinh còn thiếu 1 điểm hoặc đánh giá."
    assert lines[1] == f"  Nguyễn Văn Bảo ({code}) — Toán: CK"
    assert "--force" in lines[-1] and len(lines) == 3
    assert "Đã khóa" not in refused.stdout
    data = ok_json(gs, "grades", "lock", "--class", "6A1", "--semester", "1", "--force")
    assert data["locked"] is True
    assert data["missing"] == [
        {"student_code": code, "full_name": "Nguyễn Văn Bảo", "subject": "Toán", "missing": ["CK"]}
    ]
    again = cli(gs, "grades", "lock", "--class", "6A1", "--semester", "1", "--force")
    assert again.returncode == 1 and "đã khóa từ trước" in again.stderr
    done = cli(gs, "grades", "lock", "--class", "6A1", "--semester", "2")
    assert done.returncode == 0 and done.stdout.startswith("Đã khóa sổ điểm lớp 6A1 học kì 2")


def test_invalid_value_from_the_command_line(gs: GradeSchool) -> None:
    """A bad score exits 1 with one Vietnamese line naming student, column, value and reason."""
    done = cli(
        gs,
        "grades",
        "set",
        "--student",
        gs.codes[ANH],
        "--subject",
        "toán",
        "--semester",
        "1",
        "--kind",
        "GK",
        "--value",
        "10,5",
    )
    assert done.returncode == 1
    assert (
        "Lê Văn Anh (HS003), cột GK, giá trị “10,5”: Điểm 10,5 nằm ngoài thang điểm 0–10."
        in done.stderr
    )


def test_lists_json(gs: GradeSchool) -> None:
    """grades lists --json: the year-end lists of the class."""
    fill_year(gs, ANH, {}, conduct=("Đạt", "Chưa đạt"))
    fill_year(gs, "Trần Thị Ánh", {})
    data = ok_json(gs, "grades", "lists", "--class", "6A1", "--year", YEAR)
    assert [e["full_name"] for e in data["summer_training"]] == [ANH]
    assert [e["full_name"] for e in data["promoted"]] == ["Trần Thị Ánh"]
    assert [e["full_name"] for e in data["good"]] == ["Trần Thị Ánh"]
    assert len(data["pending"]) == 2
