"""``python main.py transcript …`` on the demo school, as a secretary or principal types it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.students.models import ClassGroup, Student
from app.transcripts import canonical, queries, service
from app.transcripts.models import SignerRole
from tests.cli_runner import run_main
from tests.transcripts.conftest import DemoSchool, signature


def cli(d: DemoSchool, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python main.py *args --db URL`` in process (``tests.cli_runner``)."""
    url = d.db.engine.url.render_as_string(hide_password=False)
    return run_main([*args, "--db", url])


def ok_json(d: DemoSchool, *args: str) -> Any:
    done = cli(d, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_prepare_list_extras_export(secondary: DemoSchool, tmp_path: Path) -> None:
    """A class prepared, listed, one student's extras entered and the record rebuilt, exported."""
    d = secondary
    made = ok_json(d, "transcript", "prepare", "--class", "6A1", "--year", d.year)
    assert made and all(x["created"] and x["state"] == "draft" for x in made)
    listed = ok_json(d, "transcript", "list", "--class", "6A1", "--year", d.year)
    assert [x["student_code"] for x in listed] == [x["student_code"] for x in made]
    code = listed[0]["student_code"]
    extra = ok_json(d, "transcript", "extras", "--student", code, "--year", d.year,
                    "--height", "150,5", "--competitions", "Hội khỏe Phù Đổng; Olympic Toán",
                    "--comment", "Ngoan, học tốt.")  # fmt: skip
    assert extra["height_cm"] == "150.5"
    assert extra["competitions"] == ["Hội khỏe Phù Đổng", "Olympic Toán"]
    again = ok_json(d, "transcript", "prepare", "--student", code, "--year", d.year)
    assert again[0]["rebuilt"] and again[0]["version"] == 1
    out = tmp_path / "hoc-ba.json"
    done = cli(d, "transcript", "export", "--student", code, "--year", d.year, "--out", str(out))
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "truongso.transcript/1"
    assert doc["years"][0]["competitions"] == ["Hội khỏe Phù Đổng", "Olympic Toán"]
    assert doc["record_sha256"] == again[0]["data_sha256"]
    assert canonical.sha256_text(canonical.canonical_json(doc["record"])) == doc["record_sha256"]
    folder = tmp_path / "lop"
    done = cli(d, "transcript", "export", "--class", "6A1", "--year", d.year, "--out", str(folder))
    assert done.returncode == 0, done.stderr
    assert len(list(folder.glob("hoc-ba_*.json"))) == len(made)


def test_submit_issue_copies(secondary: DemoSchool, tmp_path: Path) -> None:
    """Submit, (signatures recorded by the signing module), issue, log a copy, print the log."""
    d = secondary
    made = ok_json(d, "transcript", "prepare", "--class", "6A1", "--year", d.year)
    code = made[0]["student_code"]
    done = cli(d, "transcript", "issue", "--student", code, "--year", d.year)
    assert done.returncode == 1 and "Đã ký" in done.stderr
    assert ok_json(d, "transcript", "submit", "--student", code, "--year", d.year)["state"] == (
        "awaiting_signature"
    )
    with d.db.read() as s:
        sid = s.scalar(select(Student.id).where(Student.student_code == code))
        assert sid is not None
        version = queries.student_row(s, sid, d.year, "6A1").version
        assert version is not None
        vid = version.id
    for role in (SignerRole.HOMEROOM, SignerRole.PRINCIPAL, SignerRole.SEAL):
        who = d.actor("gv.toan") if role == SignerRole.HOMEROOM else d.actor("hieutruong")
        with d.db.uow(actor=who) as s:
            service.record_signature(s, who, vid, signature(role))
    assert ok_json(d, "transcript", "issue", "--student", code, "--year", d.year)["state"] == (
        "issued"
    )
    done = cli(d, "transcript", "copies", "--add", "--student", code, "--year", d.year,
               "--kind", "trich_luc", "--to", "Trường THPT Lam Kinh",
               "--purpose", "Hồ sơ tuyển sinh lớp 10")  # fmt: skip
    assert done.returncode == 0, done.stderr
    log = ok_json(d, "transcript", "copies", "--student", code)
    assert [(x["kind"], x["issued_to"], x["issued_by"]) for x in log] == [
        ("trich_luc", "Trường THPT Lam Kinh", "cli")
    ]
    pdf = tmp_path / "so.pdf"
    assert cli(d, "transcript", "copies", "--out", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    versions = ok_json(d, "transcript", "list", "--student", code, "--year", d.year)
    assert [len(v["signatures"]) for v in versions] == [3]


def test_refusals(secondary: DemoSchool) -> None:
    """Not locked: exit 1 and one Vietnamese line; wrong usage: exit 2."""
    d = secondary
    with d.db.read() as s:
        group = s.get(ClassGroup, d.current_class_id)
        assert group is not None
        name = group.name
    done = cli(d, "transcript", "prepare", "--class", name, "--year", d.current_year)
    assert done.returncode == 1
    assert "chưa khóa sổ" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert cli(d, "transcript", "prepare", "--bogus").returncode == 2
    done = cli(d, "transcript", "extras", "--student", "KHONGCO", "--height", "abc")
    assert done.returncode == 1
