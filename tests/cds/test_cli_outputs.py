"""The ``cds`` commands as a user runs them, and the phiếu read back: PDF text (pdftotext),
the workbook reopened, the bundle unzipped; SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app import cli
from tests.cds.conftest import CdsSchool, banded, write_set

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def run(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["cds", argv[0], "--db", url, *argv[1:]])
    out = capsys.readouterr()
    return code, out.out, out.err


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def test_a_year_from_the_command_line_to_the_bundle(
    school: CdsSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """List the shipped set, enter results, attach evidence, score, print the phiếu as PDF and
    xlsx, go through approval, export the bundle (recorded as sent), read everything back."""
    url = school.url
    code, out, _ = run(capsys, url, "sets", "list")
    assert code == 0 and "qd4725 2022.1-ban-chep" in out and "[Bộ tiêu chí chưa đối chiếu" in out
    for argv in (["answer", "1.1", "--value", "có", "--note", "Kế hoạch 12/KH"],
                 ["answer", "1.2", "--value", "có"], ["answer", "1.3.1", "--points", "6"],
                 ["answer", "1.5.1", "--points", "12,5"], ["answer", "2.1", "--value", "có"],
                 ["answer", "2.2", "--value", "không"], ["answer", "2.3.3", "--points", "10"]):  # fmt: skip
        code, out, err = run(capsys, url, *argv)
        assert code == 0, err
    plan = tmp_path / "ke-hoach.pdf"
    plan.write_bytes(PDF)
    code, out, _ = run(capsys, url, "evidence", "add", str(plan), "--criterion", "1.1")
    assert (
        code == 0
        and out.strip() == "Đã thêm minh chứng ke-hoach.pdf cho tiêu chí 1.1 (phiên bản 1)."
    )
    code, out, _ = run(capsys, url, "score", "--json")
    data = json.loads(out)
    assert [(g["code"], g["total"], g["level"]) for g in data["groups"]] == [
        ("DAY_HOC", "18.5", "Mức 1"), ("QUAN_TRI", "10", "Mức 1")]  # fmt: skip
    assert data["groups"][1]["criteria_total"] == "90" and data["overall_level"] is None
    assert data["unmet_mandatory"] == ["2.2"] and data["missing_evidence"] == ["1.2", "2.1", "2.2"]
    code, out, _ = run(capsys, url, "score")
    assert "Chuyển đổi số trong dạy, học: 18,5/100 điểm — Mức 1 (Chưa đáp ứng)" in out
    assert "không tự đặt ra mức chung" in out

    pdf, xlsx = tmp_path / "phieu.pdf", tmp_path / "phieu.xlsx"
    assert run(capsys, url, "report", "--format", "pdf", "--out", str(pdf))[0] == 0
    text = " ".join(_pdf_text(pdf).split())
    for expected in ["PHIẾU TỰ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "TRƯỜNG THCS KIM ĐỒNG", "Quyết định số 4725/QĐ-BGDĐT ngày 30/12/2022",
                     "chưa đối chiếu với văn bản gốc", "cộng lại 90 điểm, không phải 100 điểm",
                     "Tổng điểm nhóm: 18,5/100 điểm — Mức 1", "2.2 chưa đạt", "HIỆU TRƯỞNG",
                     "không tự đặt ra mức chung"]:  # fmt: skip
        assert expected in text, expected
    assert len(PdfReader(pdf).pages) >= 2
    assert run(capsys, url, "report", "--format", "xlsx", "--out", str(xlsx))[0] == 0
    wb = load_workbook(xlsx, read_only=True)
    assert wb.sheetnames == ["Thông tin", "Phiếu tự đánh giá", "Tổng hợp"]
    info = [tuple(r) for r in wb["Thông tin"].iter_rows(values_only=True)]
    assert any(r[0] == "Lưu ý" and "chưa đối chiếu với văn bản gốc" in r[1] for r in info)
    rows = {r[1]: r for r in wb["Phiếu tự đánh giá"].iter_rows(min_row=2, values_only=True)}
    assert (
        rows["1.5.1"][7] == 12.5 and rows["1.1"][6] == "Có" and rows["1.1"][10] == "Kế hoạch 12/KH"
    )
    assert "ke-hoach.pdf (v1)" in rows["1.1"][9] and len(rows) == 29
    groups = list(wb["Tổng hợp"].iter_rows(min_row=2, values_only=True))
    assert [g[1] for g in groups] == [18.5, 10]

    bundle = tmp_path / "goi.zip"
    code, _, err = run(capsys, url, "bundle", "--out", str(bundle))
    assert code == 1 and "chỉ xuất gói gửi đi khi BGH đã duyệt" in err and not bundle.exists()
    assert run(capsys, url, "state", "submit")[0] == 0
    code, _, err = run(capsys, url, "answer", "1.4", "--points", "3")
    assert code == 1 and "không sửa được nữa" in err
    assert run(capsys, url, "state", "approve", "--comment", "Đồng ý")[0] == 0
    code, out, _ = run(capsys, url, "bundle", "--out", str(bundle))
    assert code == 0 and "(1 tệp minh chứng). Phiếu: Đã gửi." in out
    with zipfile.ZipFile(bundle) as z:
        doc = json.loads(z.read("assessment.json"))
        sha = hashlib.sha256(PDF).hexdigest()
        assert z.read(f"minh-chung/{sha}.pdf") == PDF
        stored_set = z.read("criteria-set.json")
    assert doc["criteria_set"]["version"] == "2022.1-ban-chep" and doc["state"] == "da_gui"
    assert doc["criteria_set"]["sha256"] == hashlib.sha256(stored_set).hexdigest()
    item = next(c for c in doc["criteria"] if c["code"] == "1.1")
    assert item["evidence"][0]["path"] == f"minh-chung/{sha}.pdf" and item["value"] == "true"
    code, out, _ = run(capsys, url, "state", "accept", "--on", "15/06/2026", "--comment", "Đạt")
    assert code == 0 and out.strip() == "Phiếu năm học 2025-2026: Được duyệt."
    from app import checks

    outcomes = checks.run_checks(school.db)  # the journal, its seals and the rows agree
    assert all(c.ok for c in outcomes), [c.message for c in outcomes if not c.ok]


def test_bad_input_from_the_command_line(
    school: CdsSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed set file, an unknown criterion, a wrong evidence type: one Vietnamese line,
    exit 1, nothing stored."""
    broken = banded()
    broken["groups"][0]["criteria"][2]["rule"]["bands"][0]["min"] = 3
    code, _, err = run(capsys, school.url, "sets", "import", str(write_set(tmp_path, broken)))
    assert code == 1 and "tiêu chí A.3, trường «rule.bands»" in err
    code, _, err = run(capsys, school.url, "answer", "7.7", "--value", "có")
    assert code == 1 and "không có tiêu chí mã «7.7»" in err
    exe = tmp_path / "cai-dat.exe"
    exe.write_bytes(b"MZ\x90\x00")
    code, _, err = run(capsys, school.url, "evidence", "add", str(exe), "--criterion", "1.1")
    assert code == 1 and "Tệp cai-dat.exe không nhận làm minh chứng" in err
    code, out, _ = run(capsys, school.url, "sets", "list", "--json")
    assert [x["key"] for x in json.loads(out)] == ["qd4725"]
    code, _, err = run(capsys, school.url, "score")
    assert code == 1 and "Chưa có phiếu tự đánh giá năm học 2025-2026" in err


def test_fill_uses_the_apps_own_metrics(
    school: CdsSchool, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cds fill`` computes the app's metrics and writes them beside the shipped set's three
    linked criteria (the student records, the học bạ, the equipment register), each with how it
    was computed or why it cannot be yet; the points stay the school's."""
    code, out, err = run(capsys, school.url, "fill", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert sorted(done["filled"] + done["unavailable"]) == ["2.3.2", "2.3.3", "2.3.5"]
    from app.cds.view import assessment_view

    with school.db.read(actor=school.it) as s:
        rows = {r.code: r for r in assessment_view(s, school.it, "2025-2026").rows}
    for code_ in ("2.3.2", "2.3.3", "2.3.5"):
        assert rows[code_].prefill_metric and rows[code_].prefill_explanation
        assert not rows[code_].answered
    assert rows["2.3.2"].prefill_metric == "students_enrolled"
