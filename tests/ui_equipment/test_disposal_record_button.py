"""«Biên bản thanh lý…» on the register (issue 11 §2): the record of the disposed lines chosen,
or of every disposal, written where the user chose and read back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.equipment import disposal, register
from tests.ui_equipment.conftest import PRINCIPAL, EquipmentUi, open_page
from ui.file_dialogs import SaveFileDialog


def test_the_principal_prints_the_disposal_record(
    qtbot: QtBot, school: EquipmentUi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    principal = school.actors["principal"]
    with school.db.uow(actor=principal) as s:
        computers = [r.code for r in register.list_items(s, principal) if r.is_computer]
        disposal.dispose(s, principal, computers[0], "Hỏng nguồn, sửa không kinh tế")
        disposal.dispose(s, principal, computers[1], "Mất ổ cứng, không thay được")
    page = open_page(qtbot, school, PRINCIPAL)
    tab = page.register
    tab.disposed_check.setChecked(True)
    assert tab.select_code(computers[1])
    target = tmp_path / "bien-ban"  # the suffix is added
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, p, t, s, f="": target))
    tab.record_button.click()
    qtbot.waitUntil(lambda: tab.status_label.text().startswith("Đã ghi biên bản"), timeout=10_000)
    assert "1 thiết bị" in tab.status_label.text()
    text = subprocess.run(["pdftotext", "-layout", str(target.with_suffix(".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert computers[1] in text and computers[0] not in text and "Mất ổ cứng" in text

    tab.table.clearSelection()  # nothing chosen: every disposal
    tab.record_button.click()
    qtbot.waitUntil(lambda: "2 thiết bị" in tab.status_label.text(), timeout=10_000)
