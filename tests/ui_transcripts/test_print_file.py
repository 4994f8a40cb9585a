"""Xuất PDF with nobody selected offers one file to print for the whole class: every
transcript drawn into it, each numbered on its own (issue 9 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from app.transcripts import service
from tests.transcripts.conftest import DemoSchool
from tests.ui_transcripts.conftest import open_page
from ui.file_dialogs import SaveFileDialog
from ui.transcripts import print_action


def test_the_whole_class_in_one_file_to_print(
    qtbot: QtBot, school: DemoSchool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher = school.actor("gv.toan")
    with school.db.uow(actor=teacher) as s:
        prepared = service.prepare_class(s, teacher, school.class_id)
    page = open_page(qtbot, school, "hieutruong")
    dest = tmp_path / "ca-lop.pdf"
    monkeypatch.setattr(print_action, "ask_kind", lambda _page: print_action.PdfKind.PRINT_FILE)
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a: dest))
    page.pdf_button.click()
    qtbot.waitUntil(dest.exists, timeout=60_000)
    pages = PdfReader(dest).pages
    starts = sum(1 for p in pages if "Trang 1/" in (p.extract_text() or ""))
    assert starts == len(prepared) > 1
