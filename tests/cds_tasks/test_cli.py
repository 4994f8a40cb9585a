"""``python main.py cds tasks …`` and ``cds prefill`` as the IT coordinator types them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.cds_tasks.conftest import as_bytes, bundled_dict
from tests.cli_runner import run_main
from tests.conftest import Seeded


def cli(seeded: Seeded, *args: str) -> subprocess.CompletedProcess[str]:
    url = seeded.db.engine.url.render_as_string(hide_password=False)
    return run_main([*args, "--db", url])


def ok_json(seeded: Seeded, *args: str) -> Any:
    done = cli(seeded, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_import_set_list_and_report(seeded: Seeded, tmp_path: Path) -> None:
    """Last year's list reused for 2025-2026, a task set by code and by Vietnamese state, the
    list read back, the report written; a wrong state or date is one Vietnamese line, exit 1."""
    source = tmp_path / "tasks-2024-2025.json"
    source.write_bytes(as_bytes(bundled_dict()))
    done = ok_json(seeded, "cds", "tasks", "import", str(source), "--year", "2025-2026")
    assert done == {"school_year": "2025-2026", "count": 20, "document": "CV 4324/BGDĐT-CNTT",
                    "replaced": False}  # fmt: skip
    row = ok_json(seeded, "cds", "tasks", "set", "t02", "--state", "Đã xong",
                  "--responsible", "Cô Nguyễn Thị Tin", "--due", "15/09/2025")  # fmt: skip
    assert (row["state"], row["responsible"], row["due"]) == ("da_xong", "Cô Nguyễn Thị Tin",
                                                              "2025-09-15")  # fmt: skip
    listed = cli(seeded, "cds", "tasks", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Năm học 2025-2026 — CV 4324/BGDĐT-CNTT: 20 việc (1 đã xong" in listed.stdout
    assert "T02  [Đã xong]" in listed.stdout and "phụ trách: Cô Nguyễn Thị Tin" in listed.stdout
    bad = cli(seeded, "cds", "tasks", "set", "T02", "--state", "gần xong")
    assert bad.returncode == 1 and "Trạng thái «gần xong» không có" in bad.stderr
    bad = cli(seeded, "cds", "tasks", "set", "T02", "--due", "31/02/2026")
    assert bad.returncode == 1 and "--due" in bad.stderr
    out = tmp_path / "bao-cao.pdf"
    done = ok_json(seeded, "cds", "tasks", "report", "--out", str(out))
    assert done == {"path": str(out), "tasks": 20}
    assert out.read_bytes().startswith(b"%PDF")


def test_a_bad_file_is_one_line_and_nothing_is_stored(seeded: Seeded, tmp_path: Path) -> None:
    """A list with a task missing its section: exit 1, the file, task and field named; the
    year still has no list."""
    data = bundled_dict()
    del data["tasks"][0]["section"]
    bad = tmp_path / "hong.json"
    bad.write_bytes(as_bytes(data))
    done = cli(seeded, "cds", "tasks", "import", str(bad))
    assert done.returncode == 1
    assert "«hong.json»" in done.stderr and "việc «T01» (thứ 1), trường «section»" in done.stderr
    missing = cli(seeded, "cds", "tasks", "list", "--year", "2025-2026")
    assert missing.returncode == 1 and "Chưa có danh sách việc" in missing.stderr


def test_prefill_prints_every_metric_with_its_reason(seeded: Seeded) -> None:
    """The seeded school has no students yet: each metric says why it has no value."""
    metrics = ok_json(seeded, "cds", "prefill")
    by_id = {m["id"]: m for m in metrics}
    assert by_id["students_enrolled"]["available"] is False
    assert "chưa có học sinh" in by_id["students_enrolled"]["why_not"]
    text = cli(seeded, "cds", "prefill", "--year", "2025-2026").stdout
    assert "backup_age_days  Số ngày từ lần sao lưu gần nhất: không tính được" in text


def test_evidence_attached_then_withdrawn(seeded: Seeded, tmp_path: Path) -> None:
    """A PDF attached to T18 is listed with its hash; withdrawn with a reason it is not."""
    source = tmp_path / "tasks.json"
    source.write_bytes(as_bytes(bundled_dict()))
    assert cli(seeded, "cds", "tasks", "import", str(source), "--year", "2025-2026").returncode == 0
    pdf = tmp_path / "bien-ban.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% bien ban\n")
    row = ok_json(seeded, "cds", "tasks", "evidence", "T18", str(pdf))
    assert row["file_name"] == "bien-ban.pdf" and len(row["sha256"]) == 64
    listed = ok_json(seeded, "cds", "tasks", "list")
    (t18,) = [r for r in listed["rows"] if r["code"] == "T18"]
    assert [e["sha256"] for e in t18["evidence"]] == [row["sha256"]]
    done = cli(seeded, "cds", "tasks", "withdraw", "T18", row["sha256"], "--reason", "Gắn nhầm")
    assert done.returncode == 0, done.stderr
    listed = ok_json(seeded, "cds", "tasks", "list")
    assert [r["evidence"] for r in listed["rows"] if r["code"] == "T18"] == [[]]
