"""From the command line: prepare, submit, three signatures (two PKCS#12 files and the school's
SoftHSM2 token, secrets from the keyring), print, verify and issue one transcript (issue 9 §5)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding

from app import secrets
from tests.cli_runner import run_main
from tests.signing.pki import PASSPHRASE, USER_PIN, SigningPki
from tests.transcripts.conftest import DemoSchool

DEMO_PASSWORD = "truongso2025"


def _cli(d: DemoSchool, *args: str, user: bool = False):
    env = dict(os.environ)
    env.pop("TRUONGSO_PASSWORD", None)
    if user:
        env["TRUONGSO_PASSWORD"] = DEMO_PASSWORD
    url = d.db.engine.url.render_as_string(hide_password=False)
    return run_main([*args, "--db", url], env=env)


def _ok(d: DemoSchool, *args: str, user: bool = False) -> str:
    res = _cli(d, *args, user=user)
    assert res.returncode == 0, (res.stdout, res.stderr)
    return res.stdout


def test_one_transcript_from_prepare_to_a_verified_issued_file(
    secondary: DemoSchool, pki: SigningPki, tmp_path: Path
) -> None:
    d = secondary
    year = ("--year", d.year)
    _ok(d, "transcript", "prepare", "--class", d.class_name, *year)
    rows = json.loads(_ok(d, "transcript", "list", "--class", d.class_name, *year, "--json"))
    code = rows[0]["student_code"]
    one = ("--student", code, *year)
    _ok(d, "transcript", "submit", *one)

    secrets.set_secret("p12-gvcn", PASSPHRASE)  # this PC's keyring, shared with the commands
    secrets.set_secret("p12-hieutruong", PASSPHRASE)
    secrets.set_secret("token-pin", USER_PIN)
    refused = _cli(d, "transcript", "sign", *one, "--role", "homeroom", "--name", "Nguyễn Thị Lan",
                   "--p12", str(pki.teacher_p12), "--secret-name", "p12-gvcn")  # fmt: skip
    assert refused.returncode == 1 and "Chưa ký" in refused.stdout  # the operator is no GVCN
    out = _ok(d, "transcript", "sign", *one, "--role", "homeroom", "--as", "gv.toan",
              "--name", "Nguyễn Thị Lan", "--p12", str(pki.teacher_p12),
              "--secret-name", "p12-gvcn", user=True)  # fmt: skip
    assert "Đã ký 1/1 học bạ." in out
    _ok(d, "transcript", "sign", *one, "--role", "principal", "--deputy", "--as", "hieutruong",
        "--name", "Trần Văn Hùng", "--p12", str(pki.principal_p12),
        "--secret-name", "p12-hieutruong", user=True)  # fmt: skip
    _ok(d, "transcript", "sign", *one, "--role", "seal", "--name", "Trường THCS Kim Đồng",
        "--token-module", pki.hsm.module, "--token", pki.token, "--key-label", "seal-rsa",
        "--secret-name", "token-pin")  # fmt: skip

    path = tmp_path / "in" / "hoc-ba.pdf"
    _ok(d, "transcript", "export", *one, "--format", "pdf", "--out", str(path))
    root = tmp_path / "goc.pem"
    root.write_bytes(pki.root.cert.public_bytes(Encoding.PEM))
    untrusted = _cli(d, "transcript", "verify", str(path))
    assert untrusted.returncode == 1 and "KHÔNG dùng được" in untrusted.stdout
    _ok(d, "transcript", "trust", "add", str(root))
    report = _ok(d, "transcript", "verify", str(path))
    assert report.strip().endswith("dữ liệu khớp với CSDL.")
    assert f"Tệp là học bạ năm học {d.year}, phiên bản 1 (Đã ký)." in report

    assert "1 học bạ đang chờ" in _ok(d, "transcript", "online")  # queued by the seal
    from tests.signing.test_online import closed_port

    offline = _cli(d, "transcript", "online", "--tsa", f"http://127.0.0.1:{closed_port()}/tsa")
    assert offline.returncode == 1 and "vẫn trong hàng đợi" in offline.stdout
    _ok(d, "transcript", "issue", *one)
    data = json.loads(_ok(d, "transcript", "verify", str(path), "--json"))
    assert data["ok"] and len(data["signatures"]) == 3
    assert "phiên bản 1 (Phát hành)" in " ".join(data["lines"])


def test_a_class_print_file_and_a_students_years_in_one_file(
    secondary: DemoSchool, tmp_path: Path
) -> None:
    """For paper: the class's transcripts in one file, each numbered on its own; a student's
    every year in one file (here the one year prepared)."""
    from pypdf import PdfReader

    d = secondary
    year = ("--year", d.year)
    _ok(d, "transcript", "prepare", "--class", d.class_name, *year)
    rows = json.loads(_ok(d, "transcript", "list", "--class", d.class_name, *year, "--json"))
    dest = tmp_path / "ca-lop.pdf"
    out = _ok(d, "transcript", "export", "--class", d.class_name, *year, "--format", "pdf",
              "--combined", "--out", str(dest))  # fmt: skip
    assert f"Đã ghi {len(rows)} học bạ vào một tệp để in" in out
    text = "".join(page.extract_text() for page in PdfReader(dest).pages)
    assert text.count("Trang 1/") == len(rows)
    one = tmp_path / "mot-hoc-sinh.pdf"
    _ok(d, "transcript", "export", "--student", rows[0]["student_code"], "--all-years",
        "--format", "pdf", "--out", str(one))  # fmt: skip
    assert PdfReader(one).pages and rows[0]["full_name"] in PdfReader(one).pages[0].extract_text()
    refused = _cli(d, "transcript", "export", "--student", rows[0]["student_code"], "--combined",
                   "--format", "pdf", "--out", str(tmp_path / "x.pdf"))  # fmt: skip
    assert refused.returncode == 1 and "--combined in cả lớp" in refused.stderr
    school_file = tmp_path / "ca-truong.pdf"
    out = _ok(d, "transcript", "export", *year, "--format", "pdf", "--combined",
              "--out", str(school_file))  # fmt: skip
    assert f"Đã ghi {len(rows)} học bạ vào một tệp để in" in out  # only 6A1 was prepared
