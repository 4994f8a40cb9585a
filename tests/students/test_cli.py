"""The ``students`` and ``classes`` commands, run as a user would (SQLite in the data folder)."""

from __future__ import annotations

import json

import pytest

from app import cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo_school(capsys: pytest.CaptureFixture[str]) -> None:
    """A demo school with 70 students in the test's data folder."""
    assert run(capsys, "demo", "--students", "70")[0] == 0


def test_list_search_show(demo_school: None, capsys: pytest.CaptureFixture[str]) -> None:
    """Listing, searching without accents and showing a record all work from the command line."""
    code, out, _ = run(capsys, "students", "list", "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 70 and len(data["rows"]) == 70
    first = data["rows"][0]
    surname = first["full_name"].split()[0]
    code, out, _ = run(capsys, "students", "list", "--search", surname.lower(), "--json")
    assert code == 0 and first["student_code"] in {
        r["student_code"] for r in json.loads(out)["rows"]
    }
    code, out, _ = run(capsys, "students", "list", "--class", "6a1", "--limit", "5")
    assert code == 0 and out.strip().endswith("học sinh") and "6A1" in out
    code, out, _ = run(capsys, "students", "show", first["student_code"])
    assert code == 0 and first["full_name"] in out and "Số định danh" not in out
    code, out, _ = run(capsys, "students", "show", first["student_code"], "--sensitive", "--json")
    assert code == 0 and json.loads(out)["sensitive_shown"] is True
    code, out, _ = run(capsys, "classes", "list", "--json")
    assert code == 0 and sum(c["students"] for c in json.loads(out)) == 70 - 1  # one left


def test_transfer_out_and_errors(demo_school: None, capsys: pytest.CaptureFixture[str]) -> None:
    """A transfer is recorded; mistakes give exit 1 and one Vietnamese line on stderr."""
    _, out, _ = run(capsys, "students", "list", "--status", "dang_hoc", "--json")
    code_ = json.loads(out)["rows"][0]["student_code"]
    args = ["students", "transfer-out", code_, "--date", "15/10/2030", "--reason", "Theo gia đình"]
    code, out, err = run(capsys, *args, "--to-school", "THCS Lê Lợi")
    assert code == 0 and "chuyển đi" in out
    code, _, err = run(capsys, *args)
    assert code == 1 and err.startswith("Lỗi: Học sinh") and err.count("\n") == 1
    code, _, err = run(
        capsys, "students", "withdraw", "KHONGCO", "--date", "01/01/2030", "--reason", "x"
    )
    assert code == 1 and "Không tìm thấy học sinh KHONGCO" in err
    code, _, err = run(capsys, "students", "graduate", code_, "--date", "31/02/2030")
    assert code == 1 and err == "Lỗi: --date: ngày 31/02/2030 không có thật.\n"  # said once
    code, _, err = run(capsys, "students", "graduate", code_, "--date", "3x/02/2030")
    assert code == 1 and "không hiểu ngày «3x/02/2030»" in err


def test_add_student(demo_school: None, capsys: pytest.CaptureFixture[str]) -> None:
    """``students add`` validates like the form and prints the new code."""
    _, out, _ = run(capsys, "classes", "list", "--json")
    cls = json.loads(out)[0]["name"]
    code, out, _ = run(
        capsys, "students", "add", "--name", "hà văn tú", "--dob", "1/6/2013", "--sex", "nam",
        "--class", cls, "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["student_code"]
    code, _, err = run(
        capsys, "students", "add", "--name", "Hà Văn 2", "--dob", "1/6/2013", "--sex", "x"
    )
    assert code == 1 and "Họ và tên:" in err and "Giới tính:" in err
