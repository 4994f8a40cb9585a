"""The «Phiếu tự đánh giá» tab: live scores while typing, a reason for a value other than the
pre-filled figure, evidence versions, read-only for those who may not edit, and no edit lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cds import view
from tests.ui.small_screen import settle
from tests.ui_cds.conftest import IT, PDF, PRINCIPAL, YEAR, CdsUi, open_page
from tests.ui_cds.helpers import answer, type_into
from ui.cds import outputs
from ui.cds.criteria_model import Col
from ui.cds.dialogs import ImagePreview, ReasonDialog
from ui.confirm import Unsaved, UnsavedQuestion
from ui.file_dialogs import OpenFileDialog

PNG = (  # a real 1×1 picture
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def _stored(school: CdsUi) -> view.AssessmentView:
    with school.db.read() as s:
        return view.assessment_view(s, school.actor("it_coordinator"), YEAR)


def test_scores_follow_the_typing_and_save_in_one_go(qtbot: QtBot, school: CdsUi) -> None:
    """Each keystroke rescores the group and its level; Lưu writes every edit; nothing before."""
    tab = open_page(qtbot, school, IT).assessment
    assert "<b>10</b>/100" in tab.side.group_text()  # A.4 pre-filled at 75 % = 10 points
    type_into(qtbot, tab, "A.2", Col.VALUE, "có", commit=False)
    assert "<b>30</b>/100" in tab.side.group_text()  # before Enter: 10 + 20
    tab.table.setFocus()
    settle(qtbot)
    type_into(qtbot, tab, "A.3", Col.VALUE, "50")
    type_into(qtbot, tab, "A.1", Col.VALUE, "có")
    text = tab.side.group_text()
    assert "<b>60</b>/100" in text and "Mức 2 (Đáp ứng cơ bản)" in text
    assert tab.has_unsaved() and tab.save_button.isEnabled()
    assert _stored(school).result.groups[0].total == 10  # not written yet
    type_into(qtbot, tab, "A.3", Col.VALUE, "mười")
    assert "Tiêu chí A.3" in tab.error.text()  # the service's own message; the value stays
    tab.save_button.click()
    settle(qtbot)
    stored = _stored(school)
    assert stored.result.groups[0].total == 60
    assert stored.result.groups[0].level_label == "Mức 2 (Đáp ứng cơ bản)"
    assert not tab.has_unsaved() and "Đã lưu 3 tiêu chí" in tab.status_label.text()


def test_a_figure_other_than_the_prefilled_one_needs_a_reason(
    qtbot: QtBot, school: CdsUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing 50 % where the app computed 75 % asks why; no reason, no edit."""
    tab = open_page(qtbot, school, IT).assessment
    tab.select("A.4")
    assert "3/4 học sinh" in tab.evidence.prefill.text()  # how the app computed it
    asked: list[tuple[object, ...]] = []
    answer(monkeypatch, ReasonDialog, None, asked)
    type_into(qtbot, tab, "A.4", Col.VALUE, "50")
    assert len(asked) == 1 and "«75 %»" in str(asked[0][2]) and not tab.has_unsaved()
    answer(monkeypatch, ReasonDialog, "Hai học bạ ký nhầm năm, đã hủy", asked)
    type_into(qtbot, tab, "A.4", Col.VALUE, "50")
    assert tab.has_unsaved()
    tab.save()
    settle(qtbot)
    row = next(r for r in _stored(school).rows if r.code == "A.4")
    assert (row.value, row.overridden, row.override_reason) == (
        "50", True, "Hai học bạ ký nhầm năm, đã hủy")  # fmt: skip
    assert "(đã sửa)" in tab.model.data(tab.model.index(tab.model.row_of("A.4"), Col.PREFILL))


def test_evidence_is_added_as_versions_previewed_and_withdrawn_with_a_reason(
    qtbot: QtBot, school: CdsUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The same name with other bytes is version 2 (version 1 kept); a picture is shown in the
    app, a PDF opens from a copy; a withdrawn file stays listed with its reason."""
    tab = open_page(qtbot, school, IT).assessment
    tab.select("A.1")
    assert tab.model.data(tab.model.index(tab.model.row_of("A.1"), Col.EVIDENCE)) == "Thiếu"
    plan = tmp_path / "ke-hoach.pdf"
    answer(monkeypatch, OpenFileDialog, plan)
    for content in (PDF, PDF + b"%sua\n"):
        plan.write_bytes(content)
        tab.evidence.add_button.click()
        settle(qtbot)
    assert "phiên bản 2" in tab.status_label.text()
    items = [tab.evidence.files.item(i).text() for i in range(tab.evidence.files.count())]
    assert [("phiên bản 1" in t, "phiên bản 2" in t) for t in items] == [
        (True, False),
        (False, True),
    ]
    photo = tmp_path / "phong-hoc.png"
    photo.write_bytes(PNG)
    answer(monkeypatch, OpenFileDialog, photo)
    tab.evidence.add_button.click()
    settle(qtbot)
    shown: list[tuple[object, ...]] = []
    answer(monkeypatch, ImagePreview, None, shown)
    tab.evidence.files.setCurrentRow(2)
    tab.evidence.preview_button.click()
    assert shown and shown[0][2] == PNG
    opened: list[Path] = []
    monkeypatch.setattr(outputs, "open_file", lambda p: opened.append(p) or True)
    tab.evidence.files.setCurrentRow(0)
    tab.evidence.preview_button.click()
    assert opened[0].read_bytes() == PDF and opened[0].name == "ke-hoach.pdf"
    answer(monkeypatch, ReasonDialog, "Nhầm tệp của năm trước")
    tab.evidence.withdraw_button.click()
    settle(qtbot)
    files = next(r for r in _stored(school).rows if r.code == "A.1").evidence
    assert [(f.file_version, f.withdrawn, f.withdrawn_reason) for f in files] == [
        (1, True, "Nhầm tệp của năm trước"), (2, False, ""), (1, False, "")]  # fmt: skip
    assert "đã rút: Nhầm tệp của năm trước" in tab.evidence.files.item(0).text()


def test_the_principal_sees_the_phieu_read_only_and_why(qtbot: QtBot, school: CdsUi) -> None:
    """Without edit rights nothing is editable; each field and button says why."""
    tab = open_page(qtbot, school, PRINCIPAL).assessment
    index = tab.model.index(tab.model.row_of("A.2"), Col.VALUE)
    assert not tab.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    why = tab.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "chỉ được xem" in why
    tab.select("A.2")
    assert (
        not tab.evidence.add_button.isEnabled()
        and "chỉ được xem" in tab.evidence.add_button.toolTip()
    )
    assert tab.prefill_button.isHidden() and tab.save_button.isHidden()  # nothing to save
    assert list(tab.side.action_buttons) == []  # a draft: nothing for the principal yet


def test_unsaved_edits_ask_before_they_are_dropped(
    qtbot: QtBot, school: CdsUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Leaving with edits asks Lưu / Không lưu / Hủy: Hủy stays, Lưu saves then leaves."""
    page = open_page(qtbot, school, IT)
    type_into(qtbot, page.assessment, "A.2", Col.VALUE, "có")
    left: list[str] = []
    answer(monkeypatch, UnsavedQuestion, Unsaved.CANCEL)
    page.request_leave(lambda: left.append("left"), lambda: left.append("stayed"))
    assert left == ["stayed"] and page.has_unsaved()
    answer(monkeypatch, UnsavedQuestion, Unsaved.SAVE)
    page.request_leave(lambda: left.append("left"))
    settle(qtbot)
    assert left[-1] == "left" and not page.has_unsaved()
    assert next(r for r in _stored(school).rows if r.code == "A.2").value == "true"
