"""Qualities and competencies typed by the homeroom teacher, nominations, and the primary summary."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db import Actor
from app.gradebook.primary.values import ratings_for
from app.gradebook.primary_ratings import nominations, rating_sheet, set_nomination
from tests.ui_gradebook.conftest import (
    CTRL,
    PrimaryUi,
    fill_year_end,
    shown,
    summary_cell,
    type_cell,
    wait_saved,
)
from tests.ui_gradebook.conftest import NAMES_4A as NAMES
from ui.gradebook.dialogs import ReasonDialog, Unsaved, UnsavedDialog
from ui.gradebook.primary_ratings_model import LOW_FG, NOMINATION_KEY
from ui.gradebook.primary_ratings_widget import PrimaryRatingsWidget
from ui.gradebook.primary_summary_model import Part
from ui.gradebook.primary_summary_widget import PrimarySummaryWidget

RATING_NAMES = [d.name for d in ratings_for(4)]


def ratings(
    qtbot: QtBot, primary: PrimaryUi, username: str = "gv.cn", semester: int = 1
) -> PrimaryRatingsWidget:
    """The ratings tab of 4A for ``semester``, shown."""
    ctx = primary.ctx(username)
    widget = PrimaryRatingsWidget(ctx)
    shown(qtbot, widget, 1400)
    widget.set_scope(primary.choice(ctx), semester)
    return widget


def summary(qtbot: QtBot, primary: PrimaryUi, semester: int | None = None) -> PrimarySummaryWidget:
    """The primary summary of 4A for the principal: the year (None) or a semester."""
    ctx = primary.ctx("u_principal")
    widget = PrimarySummaryWidget(ctx)
    shown(qtbot, widget, 1400)
    widget.set_scope(primary.choice(ctx), semester or 2)
    if semester is None:
        widget.set_year_scope()
    return widget


# ---------------------------------------------------------------- data helpers


def saved_ratings(primary: PrimaryUi, semester: int, checkpoint: int) -> dict[str, dict]:
    """Student name → rating name → stored value, as the database holds them."""
    with primary.db.read() as s:
        sheet = rating_sheet(s, Actor.system("test"), primary.ps.class_id, semester, checkpoint)
    return {line.full_name: line.values for line in sheet.lines}


def saved_nominations(primary: PrimaryUi) -> dict[uuid.UUID, str]:
    """Student id → nominated achievement."""
    with primary.db.read() as s:
        return nominations(s, Actor.system("test"), primary.ps.class_id)


def nominate(primary: PrimaryUi, name: str, achievement: str) -> None:
    """The system nominates a student of 4A."""
    system = Actor.system("test")
    with primary.db.uow(actor=system) as s:
        set_nomination(s, system, primary.ps.class_id, primary.ps.students[name], achievement)


# ---------------------------------------------------------------- ratings


def test_homeroom_teacher_types_ratings_and_saves(
    qtbot: QtBot, primary_on_backend: PrimaryUi
) -> None:
    """T, Đ, d, C along a row and down a column become Tốt/Đạt/Cần cố gắng in the database."""
    widget = ratings(qtbot, primary_on_backend)
    model, view = widget.ratings_model, widget.panel.view
    assert [model.column(i).key for i in model.input_sections()] == RATING_NAMES
    assert model.headerData(2, Qt.Orientation.Horizontal) == "YN"
    assert "Phẩm chất chủ yếu: Yêu nước" in model.headerData(2, Qt.Orientation.Horizontal, 3)
    widget.panel.focus_first_input()
    for text in ("T", "Đ", "d", "C"):
        type_cell(qtbot, view, text, Qt.Key.Key_Tab)
    widget.panel.focus_cell(1, "Yêu nước")
    for text in ("tot", "Cần cố gắng", "t"):
        type_cell(qtbot, view, text)
    assert model.index(2, 2).data() == "C"
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert model.index(2, 2).data(Qt.ItemDataRole.ForegroundRole) == LOW_FG, "saved C is red"
    assert model.index(2, 2).data(Qt.ItemDataRole.ToolTipRole) == "Yêu nước: Cần cố gắng"
    saved = saved_ratings(primary_on_backend, 1, 1)
    first = saved[NAMES[0]]
    assert [first[n] for n in RATING_NAMES[:4]] == ["Tốt", "Đạt", "Đạt", "Cần cố gắng"]
    assert [saved[n]["Yêu nước"] for n in NAMES[1:]] == ["Tốt", "Cần cố gắng", "Tốt"]
    assert saved_ratings(primary_on_backend, 1, 2)[NAMES[0]]["Yêu nước"] is None
    assert widget.panel.status_label.text().startswith("Đã lưu 7 ô")
    widget.reload()
    assert widget.panel.status_label.text().startswith("Tốt: 3 · Đạt: 2 · Cần cố gắng: 2")


def test_an_invalid_rating_is_flagged_and_not_saved(qtbot: QtBot, primary: PrimaryUi) -> None:
    """ "K" (a TT22 level) is refused with the allowed values; nothing is written."""
    widget = ratings(qtbot, primary)
    widget.panel.focus_first_input()
    type_cell(qtbot, widget.panel.view, "K")
    [(row, key, reason)] = widget.ratings_model.invalid_cells()
    assert (row, key) == (0, "Yêu nước") and "Cần cố gắng (C)" in reason
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_S, CTRL)
    assert "không hợp lệ" in widget.panel.problem_label.text()
    assert saved_ratings(primary, 1, 1)[NAMES[0]]["Yêu nước"] is None


def test_fill_sets_a_whole_column_and_the_nomination_is_saved_at_year_end(
    qtbot: QtBot, primary: PrimaryUi
) -> None:
    """At Cuối năm, "Điền → Tốt" fills the selection and the HS Tiêu biểu column nominates."""
    widget = ratings(qtbot, primary, semester=2)
    widget.select_checkpoint(2)
    model, view = widget.ratings_model, widget.panel.view
    assert widget.checkpoint_combo.currentText() == "Cuối năm"
    assert model.column(model.columnCount() - 1).key == NOMINATION_KEY
    view.selectAll()
    next(a for a in widget.fill_menu.actions() if a.data() == "T").trigger()
    assert model.pending_count() == 4 * len(RATING_NAMES), "the nomination column is not filled"
    widget.panel.focus_cell(1, NOMINATION_KEY)
    type_cell(qtbot, view, "Giải Nhì thi kể chuyện cấp huyện")
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    saved = saved_ratings(primary, 2, 2)
    assert {v for line in saved.values() for v in line.values()} == {"Tốt"}
    assert saved_nominations(primary) == {
        primary.ps.students[NAMES[1]]: "Giải Nhì thi kể chuyện cấp huyện"
    }
    widget.reload()
    assert "Đề nghị khen: 1" in widget.panel.status_label.text()


def test_mid_semester_has_no_nomination_column(qtbot: QtBot, primary: PrimaryUi) -> None:
    """Nominations are for the year: Giữa HK II shows ratings only."""
    widget = ratings(qtbot, primary, semester=2)
    widget.select_checkpoint(1)
    model = widget.ratings_model
    assert widget.checkpoint_combo.currentText() == "Giữa HK II"
    assert model.column_of(NOMINATION_KEY) == -1


def test_switching_checkpoint_asks_about_unsaved_ratings(
    qtbot: QtBot, primary: PrimaryUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hủy keeps Giữa HK I and the typed rating; Lưu saves it before Cuối HK I opens."""
    widget = ratings(qtbot, primary)
    widget.panel.focus_first_input()
    type_cell(qtbot, widget.panel.view, "T")
    answers = [Unsaved.CANCEL, Unsaved.SAVE]
    monkeypatch.setattr(UnsavedDialog, "ask", classmethod(lambda cls, *a: answers.pop(0)))
    widget.checkpoint_combo.setCurrentIndex(1)
    widget.checkpoint_combo.activated.emit(1)
    assert widget.checkpoint() == 1 and widget.checkpoint_combo.currentIndex() == 0
    assert widget.ratings_model.pending_count() == 1
    widget.checkpoint_combo.setCurrentIndex(1)
    widget.checkpoint_combo.activated.emit(1)
    wait_saved(qtbot)
    qtbot.waitUntil(lambda: widget.ratings_model.sheet.checkpoint == 2)
    assert saved_ratings(primary, 1, 1)[NAMES[0]]["Yêu nước"] == "Tốt"


def test_a_subject_teacher_only_reads_the_ratings(qtbot: QtBot, primary: PrimaryUi) -> None:
    """u_teacher teaches 4A Ngoại ngữ 1 but does not lead it: the sheet is read-only."""
    widget = ratings(qtbot, primary, "u_principal")
    assert widget.ratings_model.editable
    other = PrimaryRatingsWidget(primary.ctx("u_secretary"))
    shown(qtbot, other)
    other.set_scope(primary.choice(primary.ctx("u_secretary")), 1)
    assert not other.ratings_model.editable
    assert "Chỉ giáo viên chủ nhiệm lớp (Cô Chủ Nhiệm)" in other.panel.banner.text()


def test_locked_year_end_ratings_need_the_principals_reason(
    qtbot: QtBot, primary: PrimaryUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Semester II locked: the homeroom teacher cannot type; the principal saves with a reason."""
    primary.lock(2)
    teacher = ratings(qtbot, primary, semester=2)
    assert not teacher.ratings_model.editable and "đã khóa" in teacher.panel.banner.text()
    widget = ratings(qtbot, primary, "u_principal", semester=2)
    widget.select_checkpoint(2)
    widget.panel.focus_first_input()
    type_cell(qtbot, widget.panel.view, "T")
    monkeypatch.setattr(
        ReasonDialog, "ask", classmethod(lambda cls, *a, **k: "Bổ sung đánh giá cuối năm")
    )
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert saved_ratings(primary, 2, 2)[NAMES[0]]["Yêu nước"] == "Tốt"


# ---------------------------------------------------------------- summary


def test_summary_shows_the_year_result_with_its_reasons(qtbot: QtBot, primary: PrimaryUi) -> None:
    """All HTT, tests ≥ 9, all Tốt: Hoàn thành xuất sắc; a CHT student is Chưa hoàn thành, and why."""
    fill_year_end(primary, NAMES[0])
    fill_year_end(primary, NAMES[1], level="HT", test="6", rating="Đ")
    fill_year_end(primary, NAMES[2], level="CHT", test="4", rating="C")
    nominate(primary, NAMES[0], "Giải Nhất Toán tuổi thơ")
    widget = summary(qtbot, primary)
    assert summary_cell(widget, 0, Part.SUBJECT, "Toán")[0] == "HTT 9"
    assert summary_cell(widget, 0, Part.SUBJECT, "ĐĐ")[0] == "HTT"
    assert summary_cell(widget, 0, Part.RATINGS)[0] == "15T 0Đ 0C"
    assert summary_cell(widget, 0, Part.RESULT)[0] == "Hoàn thành xuất sắc"
    text, tip = summary_cell(widget, 0, Part.OUTCOME)
    assert (text, tip.splitlines()[0]) == ("Có", "Hoàn thành chương trình lớp học")
    assert summary_cell(widget, 0, Part.COMMENDATION)[0] == "HS Xuất sắc"
    assert summary_cell(widget, 1, Part.RESULT)[0] == "Hoàn thành"
    text, tip = summary_cell(widget, 2, Part.RESULT)
    assert text == "Chưa hoàn thành"
    first_reason = tip.splitlines()[1]
    assert first_reason.startswith("Chưa đủ mức Hoàn thành: Tiếng Việt Chưa hoàn thành; Toán")
    assert summary_cell(widget, 2, Part.OUTCOME)[0] == "Chưa"
    text, tip = summary_cell(widget, 3, Part.RESULT)
    assert text == "–" and "Toán" in tip, "nothing entered: not computable, with the reason"
    assert "Cuối năm: Hoàn thành tốt, KT 9" in summary_cell(widget, 0, Part.SUBJECT, "Toán")[1]
    details = widget.details.toPlainText()
    assert "Kết quả giáo dục: Hoàn thành xuất sắc" in details
    assert "Giải Nhất Toán tuổi thơ" in details
    widget.table.selectRow(2)
    assert "Chưa hoàn thành" in widget.details.toPlainText()
    assert "Hoàn thành xuất sắc: 1 · Hoàn thành: 1 · Chưa hoàn thành: 1" in (
        widget.counts_label.text()
    )


def test_semester_one_summary_has_no_year_columns(qtbot: QtBot, primary: PrimaryUi) -> None:
    """TT27 sums up only at the end of the year: semester I shows levels and ratings, no result."""
    widget = summary(qtbot, primary, 1)
    parts = {widget.model.column(i).part for i in range(widget.model.columnCount())}
    assert Part.RESULT not in parts and Part.RATINGS in parts
    assert "chỉ xét kết quả giáo dục cuối năm" in widget.counts_label.text()
    assert "chỉ xét vào cuối năm" in widget.details.toPlainText()
