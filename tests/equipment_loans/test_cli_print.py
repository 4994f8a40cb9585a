"""``equipment loan …`` run as a user would, and the printed lists read back from the PDF.

The PDFs are rendered to PNG with pdftoppm (as the lists were looked at); with
``TRUONGSO_SCREENSHOTS_DIR`` set, the pictures are kept there (docs/screenshots).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import cli
from app.equipment import loan_queries as lq
from app.equipment import loans
from app.equipment.loan_models import LoanKind
from app.equipment.loans_print import book_rows
from tests.equipment_loans.conftest import Lending


def run(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["equipment", "loan", argv[0], "--db", url, *argv[1:]])
    out = capsys.readouterr()
    return code, out.out, out.err


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def _png(pdf: Path, name: str) -> Path:
    """Render the first page at 70 dpi; keep it when TRUONGSO_SCREENSHOTS_DIR is set."""
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(stem)], check=True)  # fmt: skip
    png = stem.with_suffix(".png")
    assert png.stat().st_size > 10_000  # a rendered page, not a blank
    if keep := os.environ.get("TRUONGSO_SCREENSHOTS_DIR"):
        shutil.copy(png, Path(keep) / name)
    return png


def _lend(lending: Lending, actor: object, codes: list[tuple[str, int]], back: dict[str, str],
          **kw: object) -> int:  # fmt: skip
    """A slip through to handed out, and returned when ``back`` is not None."""
    n = lending.slip(actor, **kw)  # type: ignore[arg-type]
    with lending.db.uow(actor=lending.officer) as s:
        for code, qty in codes:
            loans.add_item(s, lending.officer, n, code, qty)
        loans.submit(s, lending.officer, n)
        loans.approve(s, lending.officer, n)
        loans.hand_out(s, lending.officer, n)
    if back is not None:
        with lending.db.uow(actor=lending.officer) as s:
            loans.take_back(s, lending.officer, n, back)
    return n


def test_cli_lifecycle(lending: Lending, capsys: pytest.CaptureFixture[str]) -> None:
    """new → add (scanned text, a duplicate, an unknown code) → submit → approve → out →
    return with a condition; list --json; Vietnamese lines."""
    url = lending.db.engine.url.render_as_string(hide_password=False)
    p1 = lending.projectors[0]
    code, out, _ = run(capsys, url, "new", "--teacher", "u_teacher2", "--week", "12", "--day",
                       "3", "--periods", "1-2", "--class", "6A1", "--subject", "Vật lí",
                       "--lesson", "Bài 5: Ánh sáng")  # fmt: skip
    assert code == 0 and out.strip() == (
        "Đã lập phiếu mượn số 1 (Tuần 12, Thứ 3 18/11/2025, tiết 1,2) cho Trần Thị Lan."
    )
    code, out, _ = run(capsys, url, "add", "1", p1.lower(), p1, "TB-999999")
    assert code == 1 and out.splitlines() == [
        f"✓ Đã thêm {p1} — Máy chiếu đa năng.",
        f"✓ {p1} — Máy chiếu đa năng đã có trong phiếu (quét lần 2).",
        "⚠ Không có thiết bị mã «TB-999999» trong sổ. Kiểm tra lại nhãn.",
    ]
    code, out, _ = run(capsys, url, "add", "1", lending.rulers, "--quantity", "5")
    assert code == 0 and f"{lending.rulers}  Thước kẻ 50 cm × 5 cái" in out
    for step, said in [("submit", "Đã gửi phiếu mượn số 1 chờ duyệt."),
                       ("approve", "Đã duyệt phiếu mượn số 1."),
                       ("out", "Đã giao thiết bị của phiếu mượn số 1.")]:  # fmt: skip
        code, out, _ = run(capsys, url, step, "1")
        assert code == 0 and out.startswith(said)
    code, out, err = run(capsys, url, "return", "1", "--condition", f"{p1}=hong")
    assert code == 0 and f"{p1}  Máy chiếu đa năng  → Hỏng" in out
    code, out, _ = run(capsys, url, "list", "--json")
    (slip,) = json.loads(out)
    assert slip["status"] == "da_tra" and slip["borrower"] == "u_teacher2"
    assert [(x["code"], x["return_condition"]) for x in slip["lines"]] == [
        (p1, "hong"), (lending.rulers, "tot")]  # fmt: skip
    code, _, err = run(capsys, url, "approve", "1")
    assert code == 1 and "«Đã trả»: không thể duyệt" in err


def test_overdue_and_book_pdfs(
    lending: Lending, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The overdue list and the lending book (whole year, term I, one teacher, one subject)
    written by the CLI read back with their Vietnamese text and rows."""
    p1, p2 = lending.projectors
    t1, t2 = lending.teacher, lending.teacher2
    a = _lend(lending, t1, [(p1, 1), (lending.rulers, 4)], {p1: "hong_nhe"}, week=10, weekday=2)
    b = _lend(lending, t2, [(p2, 1)], {}, week=11, weekday=5, periods="3-4", class_name="7A2",
              subject="Sinh học", lesson="Bài 12: Quang hợp ở thực vật")  # fmt: skip
    late = _lend(lending, t2, [(p1, 1)], None, kind=LoanKind.LONG_TERM, week=None,  # type: ignore[arg-type]
                 weekday=None, periods="", start_on=date(2025, 12, 1), due_on=date(2025, 12, 12),
                 class_name="", subject="Sinh học", lesson="Ôn thi học sinh giỏi")  # fmt: skip
    url = lending.db.engine.url.render_as_string(hide_password=False)
    overdue = tmp_path / "qua-han.pdf"
    code, out, _ = run(capsys, url, "overdue", "--date", "19/12/2025", "--out", str(overdue))
    assert code == 0 and f"Phiếu số {late}  Trần Thị Lan  hạn 12/12/2025, quá 7 ngày" in out
    text = _text(overdue)
    for said in ["DANH SÁCH THIẾT BỊ MƯỢN QUÁ HẠN CHƯA TRẢ", "Tính đến ngày 19/12/2025",
                 "Trần Thị Lan", "Máy chiếu đa năng", "12/12/2025", "7 ngày",
                 "TRƯỜNG THCS KIM ĐỒNG", "NHÂN VIÊN THIẾT BỊ"]:  # fmt: skip
        assert said in text, said
    _png(overdue, "equipment-loans-overdue.png")

    book = tmp_path / "so-theo-doi.pdf"
    code, out, _ = run(capsys, url, "book", "--out", str(book))
    assert code == 0 and "Năm học 2025-2026" in out and "(3 dòng)" in out
    text = _text(book)
    for said in ["SỔ THEO DÕI SỬ DỤNG THIẾT BỊ DẠY HỌC", "Tên bài dạy", "Ký nhận",
                 "Bài 5: Ánh sáng", "Bài 12: Quang hợp ở thực vật", "Người dùng teacher",
                 "Hỏng nhẹ", "Chưa trả", "Dài hạn", "Thước kẻ 50 cm"]:  # fmt: skip
        assert said in text, said
    _png(book, "equipment-loans-book.png")
    with lending.db.read(actor=lending.officer) as s:
        scope, rows = lq.book(s, lending.officer)
    cells = book_rows(rows)
    assert [c[1:5] for c in cells] == [["03/11/2025", "10", "1,2", "6A1"],
                                       ["13/11/2025", "11", "3,4", "7A2"],
                                       ["01/12/2025", "14", "Dài hạn", ""]]  # fmt: skip
    assert cells[0][9] == f"{p1}: Hỏng nhẹ; {lending.rulers}: Tốt" and cells[1][9] == "Tốt"
    assert (a, b) == (1, 2)

    only = tmp_path / "mot-giao-vien.pdf"
    code, out, _ = run(capsys, url, "book", "--out", str(only), "--teacher", "u_teacher2",
                       "--subject", "Sinh học", "--term", "1", "--json")  # fmt: skip
    data = json.loads(out)
    assert code == 0 and data["rows"] == 2
    assert data["subtitle"] == (
        "Năm học 2025-2026 — Học kì I — Giáo viên: Trần Thị Lan — Môn: Sinh học"
    )
    assert "Bài 5: Ánh sáng" not in _text(only) and "Ôn thi học sinh giỏi" in _text(only)
    code, out, _ = run(capsys, url, "book", "--out", str(only), "--term", "2", "--json")
    assert json.loads(out)["rows"] == 0 and "Chưa có lượt mượn nào" in _text(only)
