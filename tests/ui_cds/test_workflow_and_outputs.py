"""The workflow buttons by role and the outputs: the coordinator submits, the principal sends
back with a comment or approves, the bundle records «Đã gửi»; the phiếu PDF and workbook are
written where chosen and read back."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cds import view
from tests.ui.small_screen import settle
from tests.ui_cds.conftest import IT, PRINCIPAL, YEAR, CdsUi, open_page
from tests.ui_cds.helpers import answer
from ui import exported
from ui.cds.criteria_model import Col
from ui.cds.dialogs import ReasonDialog
from ui.confirm import Confirm
from ui.exported import ExportedNotice, OpenChoice
from ui.file_dialogs import SaveFileDialog


def _state(school: CdsUi) -> str:
    with school.db.read() as s:
        return view.assessment_view(s, school.actor("principal"), YEAR).state_label


def test_submitted_sent_back_with_a_comment_then_approved_and_sent(
    qtbot: QtBot, school: CdsUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each role gets its own buttons; a send-back needs the principal's comment, shown to the
    coordinator; the bundle from «BGH đã duyệt» holds the phiếu and records «Đã gửi»."""
    coordinator = open_page(qtbot, school, IT).assessment
    answer(monkeypatch, Confirm, True)
    coordinator.side.action_buttons["submit"].click()
    settle(qtbot)
    assert _state(school) == "Chờ BGH duyệt"
    value_cell = coordinator.model.index(coordinator.model.row_of("A.2"), Col.VALUE)
    assert not coordinator.model.flags(value_cell) & Qt.ItemFlag.ItemIsEditable  # read-only now
    assert "Chờ BGH duyệt" in coordinator.model.data(value_cell, Qt.ItemDataRole.ToolTipRole)
    principal = open_page(qtbot, school, PRINCIPAL).assessment
    assert set(principal.side.action_buttons) == {"approve", "send_back"}
    answer(monkeypatch, ReasonDialog, None)
    principal.side.action_buttons["send_back"].click()
    settle(qtbot)
    assert _state(school) == "Chờ BGH duyệt"  # cancelled: nothing happens
    answer(monkeypatch, ReasonDialog, "Bổ sung minh chứng A.1")
    principal.side.action_buttons["send_back"].click()
    settle(qtbot)
    assert _state(school) == "Nháp"
    coordinator.load(YEAR)
    assert "Ý kiến BGH: Bổ sung minh chứng A.1" in coordinator.side.comment_label.text()
    coordinator.side.action_buttons["submit"].click()
    settle(qtbot)
    principal.load(YEAR)
    answer(monkeypatch, ReasonDialog, "")
    principal.side.action_buttons["approve"].click()
    settle(qtbot)
    assert _state(school) == "BGH đã duyệt"
    assert principal.side.bundle_button.isEnabled()
    target = tmp_path / "ho-so"
    answer(monkeypatch, SaveFileDialog, target)
    said: list[tuple[object, ...]] = []
    answer(monkeypatch, ExportedNotice, OpenChoice.NOTHING, said)
    principal.side.bundle_button.click()
    settle(qtbot)
    written = target.with_name("ho-so.zip")
    with zipfile.ZipFile(written) as z:
        doc = json.loads(z.read("assessment.json"))
    assert doc["school_year"] == YEAR and doc["overall_level"] is None
    assert _state(school) == "Đã gửi" and "Đã gửi" in principal.side.state_label.text()
    assert "Mở tệp" not in str(said[0]) and str(written) in str(said[0][2])


def test_phieu_pdf_and_workbook_written_and_read_back(
    qtbot: QtBot, school: CdsUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """«Phiếu PDF…» and «Phiếu Excel…» write the files chosen; «Mở tệp» opens the written one."""
    tab = open_page(qtbot, school, PRINCIPAL).assessment
    opened: list[Path] = []
    monkeypatch.setattr(exported, "open_file", lambda p: opened.append(p) or True)
    answer(monkeypatch, ExportedNotice, OpenChoice.FILE)
    for button, name in ((tab.side.pdf_button, "phieu.pdf"), (tab.side.xlsx_button, "phieu.xlsx")):
        answer(monkeypatch, SaveFileDialog, tmp_path / name)
        button.click()
        settle(qtbot)
    assert opened == [tmp_path / "phieu.pdf", tmp_path / "phieu.xlsx"]
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "phieu.pdf").pages)
    assert "2025-2026" in text and "Dạy học" in text
    wb = openpyxl.load_workbook(tmp_path / "phieu.xlsx")
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert "A.4" in cells and any("3/4 học sinh" in c for c in cells)
