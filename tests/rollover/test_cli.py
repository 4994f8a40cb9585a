"""``year`` from the command line on SQLite and PostgreSQL: preview, apply, pending, place, switch."""

from __future__ import annotations

import json

import pytest

from app import cli
from app.gradebook.access import is_locked
from app.gradebook.retests import save_retest
from tests.rollover.conftest import BAO, CHAU, NEXT, Rollover
from tests.rollover.test_rollover import _class_of, _year_end


def run(capsys: pytest.CaptureFixture[str], ro: Rollover, *argv: str) -> tuple[int, str, str]:
    url = ro.db.engine.url.render_as_string(hide_password=False)
    code = cli.main(["year", argv[0], "--db", url, *argv[1:]])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rollover_from_the_command_line(ro: Rollover, capsys: pytest.CaptureFixture[str]) -> None:
    """Preview printed with counts and reasons; --apply asks first; applied once; a rerun is empty;
    pending, place and switch do their part."""
    _year_end(ro)
    code, out, _ = run(capsys, ro, "rollover", "--from", "2025-2026")
    assert code == 0 and "Chuyển năm học 2025-2026 → 2026-2027 (sẽ tạo năm học mới)" in out
    assert "7A1" in out and "Cô Chủ Nhiệm" in out and "Chờ kết quả kiểm tra lại" in out
    assert "Lên lớp 1, ở lại lớp 1, ra trường 1, chờ kết quả 3" in out
    assert "--apply" in out
    code, _, err = run(capsys, ro, "rollover", "--from", "2025-2026", "--apply")
    assert code == 1 and "chưa thay đổi gì" in err and _class_of(ro, "Lê Văn Anh") is None
    code, out, _ = run(capsys, ro, "rollover", "--from", "2025-2026", "--apply", "--yes",
                       "--rename", "7A1=7A3", "--json")  # fmt: skip
    done = json.loads(out)
    assert code == 0 and (done["promoted"], done["classes_created"]) == (1, 2)
    assert _class_of(ro, "Lê Văn Anh") == "7A3"
    code, out, _ = run(capsys, ro, "rollover", "--from", "2025-2026", "--json")
    assert code == 0 and json.loads(out)["changes_nothing"] is True

    with ro.db.uow(actor=ro.admin) as s:
        for subject in ("Toán", "Ngữ văn"):
            save_retest(
                s, ro.admin, ro.gs.class_id, ro.gs.subjects[subject], ro.gs.students[BAO], "7"
            )
    code, out, _ = run(capsys, ro, "pending")
    assert code == 0 and "Đã có kết quả" in out and BAO in out and CHAU in out
    code, out, _ = run(capsys, ro, "place")
    assert code == 0 and "lên lớp 1" in out and _class_of(ro, BAO) == "7A3"

    code, out, _ = run(capsys, ro, "switch", NEXT, "--yes")
    assert code == 0 and f"Năm học hiện tại: {NEXT}" in out and "Đã khóa sổ 2 lớp" in out
    with ro.db.read() as s:
        assert is_locked(s, ro.gs.class_id, 1) and is_locked(s, ro.gs.class_id, 2)
    code, out, _ = run(capsys, ro, "list")
    assert code == 0 and f"{NEXT}" in out and "(năm hiện tại)" in out.splitlines()[1]


def test_wrong_years_are_one_line(ro: Rollover, capsys: pytest.CaptureFixture[str]) -> None:
    """A year that does not follow is refused with one Vietnamese line and exit code 1."""
    code, _, err = run(capsys, ro, "rollover", "--from", "2025-2026", "--to", "2028-2029")
    assert code == 1 and "2026-2027" in err and len(err.strip().splitlines()) == 1
