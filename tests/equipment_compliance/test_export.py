"""The compliance report written out: the workbook and the PDF read back, the CLI writing both."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest

from app import cli
from app.equipment.compliance import compliance_report
from app.equipment.compliance_export import LINE_COLUMNS, write_pdf, write_xlsx
from tests.equipment_compliance.conftest import Stocked


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return done.stdout


def test_the_workbook_reads_back_with_headers_numbers_and_vietnamese(
    stocked: Stocked, tmp_path: Path
) -> None:
    """A THCS sheet (frozen header row, widths, numbers as numbers), totals and ratio sheets."""
    with stocked.school.db.read() as s:
        report = compliance_report(s, stocked.school.officer)
    path = write_xlsx(report, tmp_path / "doi_chieu.xlsx")
    assert not list(tmp_path.glob("*.part"))  # written beside, then renamed
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["THCS", "Tổng hợp", "Tỉ lệ máy tính"]
    ws = wb["THCS"]
    assert [c.value for c in ws[1]] == [c.header for c in LINE_COLUMNS]
    assert ws.freeze_panes == "C2" and ws.column_dimensions["E"].width == 48
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows[2] == [3, "Toán", 6, "2", "Mô hình thử khối đa diện", "Cái", 2, "Theo lớp", 2, 4,
                       3, 1, "Thiếu 1"]  # fmt: skip
    assert rows[0][1:5] == ["Tin học", 7, "1", "Máy chiếu thử"] and rows[0][8] is None
    assert rows[0][-1] == "Đủ"
    totals = [[c.value for c in r] for r in wb["Tổng hợp"].iter_rows(min_row=2)]
    assert ["THCS", "Toán", 6, 2, 1, 1, 6, 5, 1] in totals
    ratio = [[c.value for c in r] for r in wb["Tỉ lệ máy tính"].iter_rows(min_row=2)]
    assert ratio == [["THCS", 3, 2, 1.5, 2, "Đạt"]]


def test_the_pdf_reads_back_and_is_rendered(stocked: Stocked, tmp_path: Path) -> None:
    """A4 landscape in the NĐ 30 frame: national heading, title, lines with their verdicts,
    totals, the ratio, the signatures; page 1 renders to a PNG
    (docs/screenshots/equipment-compliance-report.png is such a page, looked at)."""
    with stocked.school.db.read() as s:
        report = compliance_report(s, stocked.school.officer)
        path = write_pdf(s, report, tmp_path / "doi_chieu.pdf")
    text = _pdf_text(path)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO ĐỐI CHIẾU THIẾT BỊ DẠY HỌC",
                     "38/2021/TT-BGDĐT (THCS, bản 2021)", "Mô hình thử khối đa diện", "Thiếu 1",
                     "Thiếu 2", "2 / lớp", "1 / trường", "Tổng hợp theo môn học và lớp",
                     "Tỉ lệ học sinh trên một máy tính", "1,5", "HIỆU TRƯỞNG",
                     "NHÂN VIÊN THIẾT BỊ"):  # fmt: skip
        assert expected in text, expected
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "841.89 x 595.276" in info.stdout  # A4 landscape
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(png)], check=True)  # fmt: skip
    assert png.with_suffix(".png").stat().st_size > 10_000


def test_the_cli_writes_both_formats(
    stocked: Stocked, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``equipment report --format xlsx|pdf --out FILE [--level THCS]``; Vietnamese text or
    the figures with --json; a wrong level is refused plainly (exit 1)."""
    url = stocked.school.db.engine.url.render_as_string(hide_password=False)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["equipment", "report", "--db", url, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    xlsx, pdf = tmp_path / "bc.xlsx", tmp_path / "bc.pdf"
    code, out, _ = run("--format", "xlsx", "--out", str(xlsx), "--level", "THCS")
    assert code == 0 and out.splitlines() == [
        f"Đã ghi báo cáo đối chiếu vào {xlsx}: 4 thiết bị trong danh mục, 2 đủ, 2 thiếu.",
        "THCS: 3 học sinh, 2 máy hoạt động — 1,5 học sinh/máy (tối đa 2): Đạt.",
    ]
    assert openpyxl.load_workbook(xlsx)["THCS"]["E2"].value == "Máy chiếu thử"
    code, out, _ = run("--format", "pdf", "--out", str(pdf), "--json")
    data = json.loads(out)
    assert code == 0 and data["path"] == str(pdf) and data["format"] == "pdf"
    assert [(x["item_no"], x["required"], x["held"], x["status"]) for x in data["lines"]][1:3] == [
        ("1", 2, 2, "Đủ"), ("2", 4, 3, "Thiếu 1")]  # fmt: skip
    assert "Bảng thử tọa độ" in _pdf_text(pdf)
    code, _, err = run("--format", "pdf", "--out", str(pdf), "--level", "Mầm non")
    assert code == 1 and "Cấp học «Mầm non» không có" in err
