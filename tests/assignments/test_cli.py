"""``python main.py classes assignments``: show, set, fill, copy-from, export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import cli
from app.assignments.grid import HOMEROOM, load_grid
from tests.assignments.conftest import YEAR, TwoYears


def run(capsys: pytest.CaptureFixture[str], two: TwoYears, *argv: str) -> tuple[int, str, str]:
    """Run ``classes assignments …`` in-process against the school's database."""
    url = two.db.engine.url.render_as_string(hide_password=False)
    code = cli.main(["classes", "assignments", *argv, "--db", url])
    out = capsys.readouterr()
    return code, out.out, out.err


def _grid(two: TwoYears):  # type: ignore[no-untyped-def]
    with two.db.read() as s:
        return load_grid(s, two.admin, YEAR)


def test_show_set_and_fill(two: TwoYears, capsys: pytest.CaptureFixture[str]) -> None:
    """A cell by full name, the homeroom by login, a whole column of one grade; refusals exit 1."""
    code, out, _ = run(capsys, two, "show", "--year", YEAR)
    assert code == 0 and "4 lớp, 1/" in out and "    Ngữ văn: Trần Văn Minh (gv.van)" in out
    code, out, _ = run(capsys, two, "set", "--class", "6a1", "--subject", "toán",
                       "--teacher", "Nguyễn Thị Lan")  # fmt: skip
    assert code == 0 and "6A1 · Toán: (trống) → gv.toan" in out
    code, out, _ = run(
        capsys, two, "set", "--class", "6A1", "--subject", "GVCN", "--teacher", "gv.cn"
    )
    assert code == 0 and "6A1 · GVCN: (trống) → gv.cn" in out
    code, out, _ = run(
        capsys, two, "fill", "--subject", "Toán", "--grade", "7", "--teacher", "gv.moi"
    )
    assert code == 0 and "Đã lưu 2 ô" in out
    code, _, err = run(
        capsys, two, "set", "--class", "6A1", "--subject", "Toán", "--teacher", "gv.cu"
    )
    assert code == 1 and "gv.cu" in err and err.count("\n") <= 3
    code, _, err = run(capsys, two, "fill", "--teacher", "gv.moi")
    assert code == 1 and "--class" in err
    grid = _grid(two)
    assert grid.teachers_of(two.cid("6A1"), "Toán") == ("gv.toan",)
    assert grid.teachers_of(two.cid("6A1"), HOMEROOM) == ("gv.cn",)
    assert grid.teachers_of(two.cid("7A2"), "Toán") == ("gv.moi",)
    assert grid.teachers_of(two.cid("8A1"), "Toán") == ()
    code, out, _ = run(capsys, two, "show", "--grade", "6", "--json")
    data = json.loads(out)
    assert code == 0 and [c["name"] for c in data["classes"]] == ["6A1"]
    assert data["classes"][0]["subjects"]["Toán"] == ["gv.toan"]


def test_copy_from_dry_run_then_apply(two: TwoYears, capsys: pytest.CaptureFixture[str]) -> None:
    """The dry run says the class pairs and what is left out and writes nothing; then it copies."""
    code, out, _ = run(capsys, two, "copy-from", "--dry-run")
    assert code == 0 and "6A1 → 7A1, 6A2 → 7A2, 7A1 → 8A1" in out
    assert "không có lớp năm trước tương ứng: 6A1" in out and "gv.cu" in out
    assert "Chạy thử" in out and _grid(two).teachers_of(two.cid("8A1"), "Toán") == ()
    code, out, _ = run(capsys, two, "copy-from", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["changed"]) == 3 and data["kept"] == 1
    assert _grid(two).teachers_of(two.cid("8A1"), "Toán") == ("gv.toan",)


def test_export_and_import(
    two: TwoYears, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Export, edit a cell, preview with --dry-run, import; a bad cell exits 1 naming the row."""
    path = tmp_path / "pc.xlsx"
    code, out, _ = run(capsys, two, "export", "--out", str(path))
    assert code == 0 and path.exists() and "4 lớp" in out
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws["D2"] = "gv.toan"  # 6A1, Toán
    wb.save(path)
    code, out, _ = run(capsys, two, "import", str(path), "--dry-run")
    assert code == 0 and "6A1 · Toán: (trống) → gv.toan" in out and "Chạy thử" in out
    assert _grid(two).teachers_of(two.cid("6A1"), "Toán") == ()
    code, out, _ = run(capsys, two, "import", str(path))
    assert code == 0 and "Đã lưu 1 ô" in out
    assert _grid(two).teachers_of(two.cid("6A1"), "Toán") == ("gv.toan",)
    ws["D3"] = "Ai Đó"
    wb.save(path)
    code, out, _ = run(capsys, two, "import", str(path), "--json")
    data = json.loads(out)
    assert code == 1 and not data["written"]
    assert data["problems"][0]["row"] == 3 and data["problems"][0]["value"] == "Ai Đó"
