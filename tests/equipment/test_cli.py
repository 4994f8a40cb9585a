"""The ``equipment`` commands, run as a user would, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import cli
from app.equipment import bundled
from app.sync.entities import STAYS, entity_for
from tests.equipment.conftest import EquipmentSchool


def run(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["equipment", argv[0], "--db", url, *argv[1:]])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def url(school: EquipmentSchool) -> str:
    return school.db.engine.url.render_as_string(hide_password=False)


def test_add_list_dispose_history_ratio(
    school: EquipmentSchool, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The officer's day from the command line: add units, list, move one, dispose one with a
    reason, read its history and the ratio; Vietnamese text, data with --json."""
    school.students("6A1", 4)
    code, out, _ = run(capsys, url, "add", "Máy tính để bàn", "--count", "3", "--computer",
                       "--room", "Phòng Tin 1", "--value", "12.500.000", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["codes"] == ["TB-000001", "TB-000002", "TB-000003"]
    code, out, _ = run(capsys, url, "items", "--computers", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["value_vnd"] for r in rows] == ["12500000"] * 3
    code, out, _ = run(capsys, url, "edit", "tb-000002", "--not-working", "--reason", "Hỏng nguồn")
    assert code == 0 and "Đã sửa thiết bị TB-000002" in out
    code, out, err = run(capsys, url, "dispose", "TB-000003", "--reason", "  ")
    assert code == 1 and "cần ghi lý do" in err
    code, out, _ = run(capsys, url, "dispose", "TB-000003", "--reason", "Cháy nguồn")
    assert code == 0 and "Đã thanh lý thiết bị TB-000003" in out
    code, out, _ = run(capsys, url, "history", "TB-000002")
    assert code == 0 and "Máy hoạt động: Có → Không" in out and "Hỏng nguồn" in out
    code, out, _ = run(capsys, url, "ratio")
    assert code == 0 and out.strip() == (
        "THCS: 4 học sinh, 1 máy hoạt động — 4 học sinh/máy (tối đa 2): chưa đạt"
    )
    code, out, _ = run(capsys, url, "ratio", "--json")
    assert json.loads(out) == [{"level": "thcs", "students": 4, "computers": 1,
                                "students_per_computer": "4.00", "limit": "2", "aim": "2",
                                "meets": False}]  # fmt: skip
    code, out, _ = run(capsys, url, "rooms")
    assert "Phòng Tin 1  Phòng máy tính  THCS  45 chỗ  Kiên cố  2 dòng thiết bị" in out


def test_import_list_dry_run_then_apply(
    school: EquipmentSchool, url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run prints what would change and writes nothing; without it the list is stored;
    a refused cell exits 1 naming the place."""
    path = tmp_path / "ds.csv"
    path.write_text("subject,grade,item_no,name,user,unit,quantity\n"
                    "Toán,6,1,Thiết bị thử A,GV,Bộ,1\n", encoding="utf-8")  # fmt: skip
    code, out, _ = run(capsys, url, "import-list", str(path), "--version", "2021",
                       "--circular", "38/2021", "--dry-run")  # fmt: skip
    assert code == 0 and out.startswith("Chạy thử (chưa ghi gì): 38/2021/TT-BGDĐT — THCS")
    assert "1 thêm" in out
    code, out, _ = run(capsys, url, "lists")
    assert "Chưa có danh mục" in out
    code, out, _ = run(capsys, url, "import-list", str(path), "--version", "2021",
                       "--circular", "38/2021", "--source", "bản thử")  # fmt: skip
    assert code == 0 and "1 thêm" in out
    code, out, _ = run(capsys, url, "lists", "--json")
    assert [(x["version"], x["items"]) for x in json.loads(out)] == [("2021", 1)]
    path.write_text("subject,grade,item_no,name\nToán,lớp sáu,1,Thiết bị thử A\n", encoding="utf-8")
    code, out, err = run(capsys, url, "import-list", str(path), "--version", "2021",
                         "--circular", "38/2021")  # fmt: skip
    assert code == 1 and "Trang tính “ds.csv”, dòng 2, cột “Lớp”: “lớp sáu”" in err


def test_the_shipped_manifest_is_valid_and_says_what_is_shipped() -> None:
    """The manifest reads, and every list it names exists with its source."""
    for e in bundled.read_manifest():
        assert (bundled.manifest_path().parent / e.file).exists() and e.source.strip()


def test_the_manifest_loader_stores_a_list_once(school: EquipmentSchool, tmp_path: Path) -> None:
    """A manifest naming a CSV file loads it; loading again writes nothing."""
    (tmp_path / "thu.csv").write_text("subject,grade,item_no,name\nToán,1,1,Thiết bị thử\n",
                                      encoding="utf-8")  # fmt: skip
    (tmp_path / "manifest.json").write_text(json.dumps({"schema": 1, "lists": [{
        "file": "thu.csv", "circular": "37/2021/TT-BGDĐT", "level": "tieu_hoc",
        "version": "thu", "source": "tệp thử của bài kiểm thử"}]}), encoding="utf-8")  # fmt: skip
    with school.db.uow(actor=school.officer) as s:
        assert bundled.load_bundled(s, school.officer, tmp_path)
    with school.db.uow(actor=school.officer) as s:
        assert not bundled.load_bundled(s, school.officer, tmp_path)
        (plan,) = bundled.plan_bundled(s, tmp_path)
    assert (plan.level, plan.unchanged, plan.source) == ("tieu_hoc", 1, "tệp thử của bài kiểm thử")


def test_the_new_tables_travel_or_stay_with_a_reason() -> None:
    """Rooms, lists and the register travel as versioned entities; the code counter stays."""
    assert [entity_for(t).tag for t in ("room", "equipment_list", "equipment_reference_item",  # type: ignore[union-attr]
                                        "equipment_item")] == [
        "room@1", "equipment_list@1", "equipment_reference_item@1", "equipment_item@1"]  # fmt: skip
    item = entity_for("equipment_item")
    assert item is not None and {"code", "condition", "disposal_reason", "value_vnd"} <= set(
        item.fields
    )
    assert entity_for("equipment_code_sequence") is None and "equipment_code_sequence" in STAYS
