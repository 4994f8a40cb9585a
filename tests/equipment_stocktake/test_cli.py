"""``equipment stocktake …`` run as a user would, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import cli
from tests.equipment_stocktake.conftest import Counting


def test_stocktake_from_the_command_line(
    counting: Counting, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = counting.school.db.engine.url.render_as_string(hide_password=False)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["equipment", "stocktake", argv[0], "--db", url, *argv[1:]])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = run("open", "--room", "Phòng học 6A1", "--member",
                       "Lê Văn Minh: Hiệu trưởng", "--member", "Trần Thị Hòa")  # fmt: skip
    assert code == 0 and "Đã mở phiên kiểm kê số 1 (Phòng học 6A1)" in out
    code, out, _ = run("scan", "1", "TB-000007", "TB-000007", "TB-424242", "TB-000001")
    assert code == 0 and out.splitlines() == [
        "✓ TB-000007 — Máy chiếu: có mặt.",
        "✓ TB-000007 — Máy chiếu: đã quét rồi (lần thứ 2), không tính thêm.",
        "⚠ Mã «TB-424242» không có trong sổ thiết bị. Để riêng thiết bị này ra.",
        "⚠ TB-000001 — Máy tính để bàn: theo sổ ở Phòng Tin 1, nay tìm thấy ở Phòng học 6A1.",
    ]
    code, out, _ = run("status", "1")
    assert "Phiên kiểm kê số 1 (Phòng học 6A1) — Đang kiểm kê" in out
    assert "4 lượt quét, 3 mã khác nhau." in out
    code, out, _ = run("preview", "1", "--json")
    data = json.loads(out)
    assert data["counts"] == {"found": 1, "wrong_room": 1, "missing": 1, "condition": 0,
                              "disposed": 0, "unknown": 1}  # fmt: skip
    code, out, _ = run("apply", "1", "--move-wrong-room")
    assert code == 0 and "chạy lại với --yes" in out and "Không tìm thấy: 1" in out
    code, out, _ = run("status", "1")
    assert "Đang kiểm kê" in out
    code, out, _ = run("apply", "1", "--move-wrong-room", "--yes")
    assert code == 0 and "2 thiết bị thay đổi" in out
    code, out, _ = run("record", "1", "--out", str(tmp_path / "bb.pdf"))
    assert code == 0 and (tmp_path / "bb.pdf").read_bytes().startswith(b"%PDF")
    code, out, err = run("scan", "1", "TB-000008")
    assert code == 1 and "đã kết thúc" in err
    code, out, _ = run("list", "--json")
    [row] = json.loads(out)
    assert row["status"] == "da_ap_dung" and row["committee"][1] == {"name": "Trần Thị Hòa",
                                                                    "role": ""}  # fmt: skip
    code, out, _ = run("open", "--member", "  : Thư ký")
    assert code == 1


def test_the_layout_names_of_the_help_are_the_label_layouts() -> None:
    """The command's help names the layouts without importing ReportLab; they must agree."""
    from app.cli.equipment_stocktake import LAYOUT_NAMES
    from app.equipment.labels import LAYOUTS

    assert tuple(LAYOUTS) == LAYOUT_NAMES
