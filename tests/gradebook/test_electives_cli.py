"""``python main.py classes electives``: list a class's electives with the limit, and set them."""

from __future__ import annotations

import json

import pytest

from app import cli
from tests.gradebook.conftest import ThptClass


def run(capsys: pytest.CaptureFixture[str], t: ThptClass, *argv: str) -> tuple[int, str, str]:
    """Run a command in-process against the class's database."""
    url = t.db.engine.url.render_as_string(hide_password=False)
    code = cli.main([*argv, "--db", url])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_lists_the_options_by_group_with_the_limit(
    thpt: ThptClass, capsys: pytest.CaptureFixture[str]
) -> None:
    """Listing shows the nine options by group, the exact limit and its source; --json the same data."""
    code, out, _ = run(capsys, thpt, "classes", "electives", "--class", "10a1")
    assert code == 0
    assert "Môn lựa chọn: học đúng 4 môn; đã chọn 0/4." in out
    assert "  Khoa học tự nhiên:\n    [ ] Vật lí" in out and "Nguồn: [verify]" in out
    code, out, _ = run(capsys, thpt, "classes", "electives", "--class", "10A1", "--json")
    data = json.loads(out)
    assert code == 0 and (data["minimum"], data["maximum"], data["chosen"]) == (4, 4, [])
    assert len(data["options"]) == 9 and data["options"][0]["group"] == "Khoa học xã hội"
    code, out, _ = run(capsys, thpt, "classes", "electives", "--class", "6A1")
    assert code == 0 and "không có môn lựa chọn" in out


def test_sets_four_refuses_five_and_asks_a_reason_to_change(
    thpt: ThptClass, capsys: pytest.CaptureFixture[str]
) -> None:
    """Five electives exit 1 with one Vietnamese line; four (short names) are saved; a change needs --reason."""
    base = ("classes", "electives", "--class", "10A1", "--set")
    code, out, err = run(capsys, thpt, *base, "Lí, Hóa, Sinh, Tin, Địa")
    assert (code, out) == (1, "")
    assert err == "Lỗi: Lớp 10A1 phải học đúng 4 môn lựa chọn; đang chọn 5.\n"
    code, out, _ = run(capsys, thpt, *base, "Lí,Hóa,Sinh,Tin")
    assert code == 0
    assert out == "Đã lưu môn lựa chọn lớp 10A1: Vật lí, Hóa học, Sinh học, Tin học.\n" + (
        "Thêm: Vật lí, Hóa học, Sinh học, Tin học.\n"
    )
    code, out, _ = run(capsys, thpt, *base, "Tin học;Sinh học;Hóa học;Vật lí")
    assert code == 0 and out.startswith("Môn lựa chọn lớp 10A1 không thay đổi")
    code, _, err = run(capsys, thpt, *base, "Lí,Hóa,Sinh,Công nghệ")
    assert code == 1 and "phải ghi rõ lý do" in err
    code, out, _ = run(
        capsys, thpt, *base, "Lí,Hóa,Sinh,Công nghệ", "--reason", "Đổi theo nguyện vọng", "--json"
    )
    data = json.loads(out)
    assert code == 0 and (data["added"], data["removed"]) == (["Công nghệ"], ["Tin học"])
    assert data["chosen"] == ["Vật lí", "Hóa học", "Sinh học", "Công nghệ"]


def test_unknown_subject_or_class_is_one_line_error(
    thpt: ThptClass, capsys: pytest.CaptureFixture[str]
) -> None:
    """A subject the grade does not have, or a class that does not exist, exits 1 naming it."""
    code, _, err = run(
        capsys, thpt, "classes", "electives", "--class", "10A1", "--set", "Thiên văn"
    )
    assert code == 1 and err.startswith("Lỗi: Không có môn “Thiên văn” ở khối 10")
    code, _, err = run(capsys, thpt, "classes", "electives", "--class", "10A9")
    assert code == 1 and "10A9" in err and err.count("\n") == 1
