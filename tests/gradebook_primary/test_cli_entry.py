"""``grades set`` (MD/KT/NX), ``grades rate`` and ``grades nominate`` on a primary class, in process."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from app.cli import main
from app.gradebook.models import Assessment, PrimaryNomination, PrimaryRating
from tests.gradebook.conftest import add_student, make_class
from tests.gradebook_primary.conftest import PrimarySchool

ANH = "Lê Văn Anh"


class Cli:
    """Runs ``main([...])`` against the fixture's database and captures what it prints."""

    def __init__(self, ps: PrimarySchool, capsys: pytest.CaptureFixture[str]) -> None:
        self.ps = ps
        self.capsys = capsys
        self.url = ps.db.engine.url.render_as_string(hide_password=False)

    def run(self, *args: str) -> tuple[int, str, str]:
        """Exit code, stdout, stderr of one command (argparse usage errors exit 2)."""
        self.capsys.readouterr()
        try:
            code = main([*args, "--db", self.url])
        except SystemExit as done:
            code = int(done.code or 0)
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def json(self, *args: str) -> Any:
        """Run with ``--json``, expect exit 0, return the parsed output."""
        code, out, err = self.run(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(ps: PrimarySchool, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The command line of the primary test school."""
    return Cli(ps, capsys)


def _set(ps: PrimarySchool, subject: str, semester: str, kind: str, index: str) -> tuple[str, ...]:
    return (
        "grades",
        "set",
        "--student",
        ps.codes[ANH],
        "--subject",
        subject,
        "--semester",
        semester,
        "--kind",
        kind,
        "--index",
        index,
    )


def test_set_primary_cells_round_trip(ps: PrimarySchool, cli: Cli) -> None:
    """MD/KT/NX cells are saved from the command line and printed back, nothing computed."""
    data = cli.json(*_set(ps, "Toán", "2", "MD", "2"), "--value", "htt")
    assert data["cell"] == "Toán, Cuối năm, mức đạt được"
    assert (data["column"], data["label"], data["value"], data["text"]) == (
        "MD2",
        "Mức cuối năm",
        "Hoàn thành tốt",
        "HTT",
    )
    assert data["changed"] is True and "semester_average" not in data
    again = cli.json(*_set(ps, "Toán", "2", "MD", "2"), "--value", "Hoàn thành tốt")
    assert again["changed"] is False
    code, out, _ = cli.run(*_set(ps, "Toán", "1", "KT", "1"), "--value", "9")
    assert code == 0
    assert out.strip() == "Toán, Giữa HK I, điểm kiểm tra định kì — Lê Văn Anh, lớp 4A: 9"
    cli.json(*_set(ps, "Toán", "1", "KT", "1"), "--value", "")
    with ps.db.read() as s:
        rows = {(a.kind, a.semester, a.number, a.value) for a in s.scalars(select(Assessment))}
    assert rows == {("MD", 2, 2, "Hoàn thành tốt")}


def test_set_refuses_bad_primary_cells(ps: PrimarySchool, cli: Cli) -> None:
    """A decimal test score, a test on Đạo đức, a TT22 kind and checkpoint 3 each exit 1."""
    code, _, err = cli.run(*_set(ps, "Toán", "1", "KT", "1"), "--value", "7,5")
    assert code == 1
    assert "Lê Văn Anh (TH003), cột KT GK I, giá trị “7,5”" in err
    assert "số nguyên từ 0 đến 10" in err
    code, _, err = cli.run(*_set(ps, "Đạo đức", "1", "KT", "2"), "--value", "8")
    assert code == 1 and "không có bài kiểm tra định kì" in err
    code, _, err = cli.run(*_set(ps, "Toán", "1", "TX", "1"), "--value", "8")
    assert code == 1 and "Lớp 4A là lớp tiểu học (Thông tư 27): dùng --kind MD" in err
    code, _, err = cli.run(*_set(ps, "Toán", "1", "MD", "3"), "--value", "HT")
    assert code == 1 and "Thời điểm đánh giá “3” không hợp lệ" in err
    with ps.db.read() as s:
        assert s.scalars(select(Assessment)).all() == []


def test_set_primary_kind_on_secondary_class_is_refused(ps: PrimarySchool, cli: Cli) -> None:
    """--kind MD on a THCS student's class is a clear error, not a crash."""
    class_id = make_class(ps.db, "6A9", 6, None)
    add_student(ps.db, class_id, "Hồ Văn Nam", "HS601")
    code, _, err = cli.run(
        "grades", "set", "--student", "HS601", "--subject", "Toán", "--semester", "1",
        "--kind", "MD", "--value", "HT",
    )  # fmt: skip
    assert code == 1
    assert "Lớp 6A9 không phải lớp tiểu học: --kind MD chỉ dùng cho lớp tiểu học" in err


def test_rate_round_trip_and_lock(ps: PrimarySchool, cli: Cli) -> None:
    """grades rate saves a rating; after the lock it needs a reason; a bad value exits 1."""
    base: tuple[str, ...] = ("grades", "rate", "--class", "4A", "--semester", "2")
    base += ("--checkpoint", "2", "--student", ps.codes[ANH], "--name", "Chăm chỉ")
    data = cli.json(*base, "--value", "T")
    assert (data["name"], data["when"], data["value"], data["changed"]) == (
        "Chăm chỉ",
        "Cuối năm",
        "Tốt",
        True,
    )
    assert len(data["missing"]) == 14 and "Chăm chỉ" not in data["missing"]
    code, _, err = cli.run(*base, "--value", "Giỏi")
    assert code == 1 and "Lê Văn Anh (TH003), cột Chăm chỉ, giá trị “Giỏi”" in err
    assert cli.run("grades", "lock", "--class", "4A", "--semester", "2", "--force")[0] == 0
    code, _, err = cli.run(*base, "--value", "Đạt")
    assert code == 1 and "đã khóa" in err and "lý do" in err
    code, out, _ = cli.run(*base, "--value", "Đạt", "--reason", "Hội đồng xét lại")
    assert code == 0 and out.strip() == "Chăm chỉ, Cuối năm — Lê Văn Anh, lớp 4A: Đạt"
    with ps.db.read() as s:
        assert [r.value for r in s.scalars(select(PrimaryRating))] == ["Đạt"]


def test_nominate_and_remove(ps: PrimarySchool, cli: Cli) -> None:
    """grades nominate stores the achievement, --remove deletes it, both together is a usage error."""
    base = ("grades", "nominate", "--class", "4A", "--student", ps.codes[ANH])
    data = cli.json(*base, "--achievement", "Giải nhất Olympic Toán cấp huyện")
    assert (data["achievement"], data["changed"]) == ("Giải nhất Olympic Toán cấp huyện", True)
    assert cli.run(*base, "--achievement", "x", "--remove")[0] == 2
    code, out, _ = cli.run(*base, "--remove")
    assert code == 0 and out.strip() == "Đã bỏ đề nghị khen thưởng Lê Văn Anh, lớp 4A."
    with ps.db.read() as s:
        assert s.scalars(select(PrimaryNomination)).all() == []
