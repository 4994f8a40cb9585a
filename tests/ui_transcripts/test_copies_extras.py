"""The copies dialog writes the log; the extras dialog saves what the forms need and asks
before dropping edits; the preview draws the transcript's pages; PDF and JSON are written
where the secretary chose; the reissue list shows a flagged transcript."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel
from pytestqt.qtbot import QtBot

from app.transcripts import copies, extras, queries, service
from app.transcripts.models import SIGNING_ORDER
from tests.transcripts.conftest import DemoSchool, signature
from tests.ui.helpers import answer_next_box
from tests.ui_transcripts.conftest import open_page
from ui.confirm import show_status
from ui.file_dialogs import SaveFileDialog
from ui.transcripts.copies_dialog import CopiesDialog
from ui.transcripts.extras_dialog import ExtrasDialog, Student
from ui.transcripts.preview_dialog import PreviewDialog
from ui.transcripts.reissue_dialog import ReissueDialog
from ui.transcripts.transcripts_widget import TranscriptsWidget

assert show_status  # the page's notes go to the status bar (no window here: nothing shown)


def _issued(d: DemoSchool) -> uuid.UUID:
    """The class's first transcript prepared, sent, signed by three (recorded) and issued."""
    teacher, principal = d.actor("gv.toan"), d.actor("hieutruong")
    with d.db.uow(actor=teacher) as s:
        service.prepare_class(s, teacher, d.class_id)
    with d.db.read() as s:
        first = queries.class_transcripts(s, teacher, d.class_id)[0]
    assert first.version is not None
    vid = first.version.id
    with d.db.uow(actor=teacher) as s:
        service.submit(s, teacher, vid)
    for role in SIGNING_ORDER:
        who = teacher if role == "homeroom" else principal
        with d.db.uow(actor=who) as s:
            service.record_signature(s, who, vid, signature(role))
    with d.db.uow(actor=principal) as s:
        service.issue(s, principal, vid)
    return vid


def _select(page: TranscriptsWidget, row: int) -> None:
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    page.table.selectionModel().select(page.model.index(row, 0), flags)


def test_the_copies_dialog_records_a_copy(
    qtbot: QtBot, school: DemoSchool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The secretary selects an issued transcript, Cấp bản sao…: the entry is in the log with
    whom, why and how many; an empty 'Cấp cho' is refused in the form; the log prints."""
    _issued(school)
    page = open_page(qtbot, school, "giaovu")
    _select(page, 0)
    assert page.copies_button.isEnabled(), page.copies_button.toolTip()
    row = page.selected_rows()[0]
    dialog = CopiesDialog(page, page.ctx, row)
    qtbot.addWidget(dialog)
    dialog.purpose_edit.setText("Nộp hồ sơ chuyển trường")
    dialog.save_edits()
    qtbot.waitUntil(lambda: bool(dialog.error_label.text()), timeout=10_000)
    assert "Cấp cho" in dialog.error_label.text()
    dialog.to_edit.setText("Bà Nguyễn Thị Hoa (mẹ học sinh)")
    dialog.count_spin.setValue(2)
    dialog.save_edits()
    qtbot.waitUntil(lambda: dialog.result() == CopiesDialog.DialogCode.Accepted, timeout=10_000)
    with school.db.read() as s:
        log = copies.list_copies(s, school.actor("giaovu"), student_id=row.student_id)
    assert [(e.issued_to, e.purpose, e.copies, e.kind_label) for e in log] == [
        ("Bà Nguyễn Thị Hoa (mẹ học sinh)", "Nộp hồ sơ chuyển trường", 2, "Bản sao")
    ]
    again = CopiesDialog(page, page.ctx, row)
    qtbot.addWidget(again)
    assert again.log_table.rowCount() == 1
    assert again.log_table.item(0, 2).text() == "Bà Nguyễn Thị Hoa (mẹ học sinh)"
    printed = tmp_path / "so-cap-ban-sao.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a: printed))
    again.print_button.click()
    qtbot.waitUntil(printed.exists, timeout=30_000)
    text = "".join(p.extract_text() for p in PdfReader(printed).pages)
    assert "Nguyễn Thị Hoa" in text


def test_the_extras_dialog_saves_and_asks_before_dropping(qtbot: QtBot, school: DemoSchool) -> None:
    """The homeroom teacher types a certificate and a comment and a year elsewhere: Esc asks
    Lưu / Không lưu / Hủy; Lưu stores them through extras.py."""
    page = open_page(qtbot, school, "gv.toan")
    _select(page, 0)
    row = page.selected_rows()[0]
    student = Student(row.student_id, row.school_year, row.full_name, primary=False)
    dialog = ExtrasDialog(page, page.ctx, student, editable=True)
    qtbot.addWidget(dialog)
    dialog.certificates_box.setPlainText("Chứng chỉ tiếng Anh A2")
    dialog.comment_box.setPlainText("Chăm ngoan, tiến bộ rõ ở học kì II.")
    dialog.p_year.setText("2020-2021")
    dialog.p_class.setText("1A")
    dialog.p_school.setText("Trường Tiểu học Kim Đồng")
    seen: list[str] = []
    answer_next_box("Lưu", seen)
    dialog.reject()
    assert seen and "chưa lưu" in seen[0]
    qtbot.waitUntil(lambda: dialog.result() == ExtrasDialog.DialogCode.Accepted, timeout=10_000)
    teacher = school.actor("gv.toan")
    with school.db.read() as s:
        stored = extras.get_extras(s, teacher, row.student_id, row.school_year)
        from app.transcripts.ui_queries import process_lines

        years = process_lines(s, teacher, row.student_id, row.school_year)
    assert stored.certificates == ("Chứng chỉ tiếng Anh A2",)
    assert stored.homeroom_comment == "Chăm ngoan, tiến bộ rõ ở học kì II."
    assert [(y.school_year, y.school_name) for y in years] == [
        ("2020-2021", "Trường Tiểu học Kim Đồng")
    ]
    shown = ExtrasDialog(page, page.ctx, student, editable=False)
    qtbot.addWidget(shown)
    assert shown.comment_box.isReadOnly() and not shown.save_button.isVisible()
    assert shown.process_table.rowCount() == 1


def test_preview_export_and_reissue_list(
    qtbot: QtBot, school: DemoSchool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Xem trước draws every page of a draft; Xuất PDF and Xuất JSON write the chosen files;
    a transcript flagged after signing is on the principal's reissue list with its reason."""
    teacher = school.actor("gv.toan")
    with school.db.uow(actor=teacher) as s:
        service.prepare_class(s, teacher, school.class_id)
    failures: list[str] = []
    monkeypatch.setattr(
        "ui.errors.show_error", lambda parent, exc, *a, **k: failures.append(repr(exc))
    )
    page = open_page(qtbot, school, "hieutruong")
    _select(page, 0)
    previews: list[int] = []
    monkeypatch.setattr(
        PreviewDialog, "ask", classmethod(lambda cls, parent, title, pages: previews.append(
            len(pages)) or cls(parent, title, pages).deleteLater())
    )  # fmt: skip
    page.preview_button.click()
    qtbot.waitUntil(lambda: bool(previews or failures), timeout=60_000)
    assert not failures
    assert previews[0] >= 2
    pdf, data = tmp_path / "hoc-ba.pdf", tmp_path / "hoc-ba.json"
    answers = iter([pdf, data])
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a: next(answers)))
    page.pdf_button.click()
    qtbot.waitUntil(pdf.exists, timeout=30_000)
    assert pdf.read_bytes().startswith(b"%PDF")
    page.json_button.click()
    qtbot.waitUntil(data.exists, timeout=30_000)
    doc = json.loads(data.read_text(encoding="utf-8"))
    assert doc["version"]["number"] == 1
    with school.db.uow(actor=school.admin) as s:
        from app.transcripts.models import Transcript

        t = s.get(Transcript, page.selected_rows()[0].transcript_id)
        assert t is not None  # as app.transcripts.reissue flags it after a signed grade changed
        t.needs_reissue, t.reissue_reason = True, "Sửa điểm Toán học kì II"
    listing = ReissueDialog(page, page.ctx, school.year)
    qtbot.addWidget(listing)
    assert listing.table.rowCount() == 1
    assert listing.table.item(0, 5).text() == "Sửa điểm Toán học kì II"
