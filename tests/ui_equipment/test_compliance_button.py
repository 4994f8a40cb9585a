"""The compliance report from the Thiết bị page (issue 11 §5): «Báo cáo đủ/thiếu…» on the lists
tab writes the .xlsx or the PDF chosen, for anyone who may see the page (a teacher too), and
says the summary; the figures are the service's (tests/equipment_compliance)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.equipment import list_import, register
from app.equipment.models import ReferenceItem
from tests.ui_equipment.conftest import OFFICER, TEACHER, EquipmentUi, open_page
from ui.file_dialogs import SaveFileDialog

CSV = """subject,grade,item_no,name,user,unit,quantity,scope
Toán,6,1,Bộ thước thử đo góc,GV,Bộ,2,lớp
Toán,6,2,Mô hình thử khối đa diện,HS,Cái,1,lớp
"""


def _stock(school: EquipmentUi, tmp_path: Path) -> None:
    officer = school.actors["equipment_officer"]
    path = tmp_path / "danh_muc_thu.csv"
    path.write_text(CSV, encoding="utf-8")
    list_import.import_list(school.db, officer, path, version="2021", circular="38/2021")
    with school.db.uow(actor=officer) as s:
        line = s.scalars(select(ReferenceItem).where(ReferenceItem.item_no == "1")).one()
        register.add_items(s, officer, register.ItemInput(
            "Bộ thước đo góc", 2, category="Toán", room="Phòng học 6A1",
            reference_id=line.id))  # fmt: skip


@pytest.mark.parametrize("username", [OFFICER, TEACHER])
def test_the_report_is_written_from_the_lists_tab(
    qtbot: QtBot, school: EquipmentUi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    username: str,
) -> None:  # fmt: skip
    _stock(school, tmp_path)
    page = open_page(qtbot, school, username)
    target = tmp_path / "bao-cao.xlsx"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, p, t, s, f="": target))
    assert page.lists.report_button.isEnabled()
    page.lists.report_button.click()
    status = page.register.status_label
    qtbot.waitUntil(lambda: status.text().startswith("Đã ghi báo cáo"), timeout=10_000)
    assert "1 đủ, 1 thiếu" in status.text()
    sheet = load_workbook(target).worksheets[0]
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Bộ thước thử đo góc" in values and "Mô hình thử khối đa diện" in values

    pdf = tmp_path / "bao-cao.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, p, t, s, f="": pdf))
    page.lists.report_button.click()
    qtbot.waitUntil(lambda: str(pdf) in status.text(), timeout=10_000)
    assert pdf.read_bytes().startswith(b"%PDF")
