"""Conduct entry, the class summary with its reasons, re-test entry and the year-end lists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gradebook.choices import ClassChoice, load_classes
from app.gradebook.conduct import conduct_sheet
from tests.ui_gradebook.conftest import (
    CTRL,
    YEAR,
    GradeUi,
    fill_year,
    summary_cell,
    type_cell,
    wait_saved,
)
from ui.gradebook.class_summary_model import Part
from ui.gradebook.class_summary_widget import ClassSummaryWidget
from ui.gradebook.combo import find_data
from ui.gradebook.conduct_widget import ConductWidget
from ui.gradebook.lists_widget import ListsWidget
from ui.gradebook.retest_widget import CHOSEN_KEY, RETEST_KEY, RetestWidget
from ui.gradebook.summer_widget import SUMMER_KEY, SummerWidget
from ui.pages import PageContext


def choice_of(school: GradeUi, ctx: PageContext) -> ClassChoice:
    with school.db.read() as s:
        return next(c for c in load_classes(s, ctx.actor, YEAR) if c.id == school.class_id)


def shown(qtbot: QtBot, widget):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_homeroom_teacher_enters_conduct_and_absences(qtbot: QtBot, school: GradeUi) -> None:
    """T/K/d/cd become levels, absences add up, an invalid level blocks the save until fixed."""
    ctx = school.ctx("u_teacher")
    widget = shown(qtbot, ConductWidget(ctx))
    widget.set_scope(choice_of(school, ctx), 1)
    view = widget.panel.view
    widget.panel.focus_first_input()
    for text in ("t", "k", "x", "cd"):
        type_cell(qtbot, view, text)
    assert widget.conduct_model.invalid_cells()[0][:2] == (2, "conduct")
    widget.panel.focus_cell(0, "absent_excused")
    type_cell(qtbot, view, "2", Qt.Key.Key_Tab)
    type_cell(qtbot, view, "1", Qt.Key.Key_Tab)
    model = widget.conduct_model
    assert model.index(0, model.column_of("absent_total")).data() == "3"
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    assert "không hợp lệ" in widget.panel.problem_label.text()
    widget.panel.focus_cell(2, "conduct")
    type_cell(qtbot, view, "d")
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    with school.db.read() as s:
        lines = conduct_sheet(s, ctx.actor, school.class_id, 1)
    assert [x.conduct for x in lines] == ["Tốt", "Khá", "Đạt", "Chưa đạt"]
    assert (lines[0].absent_excused, lines[0].absent_unexcused) == (2, 1)


def test_class_summary_shows_the_learning_result_with_its_reason(
    qtbot: QtBot, school: GradeUi
) -> None:
    """Toán 6,4 keeps an otherwise Tốt student at Khá; the cell and the details say why."""
    fill_year(school, "Lê Văn Anh", {"Toán": "6.4"}, semesters=(1,))
    ctx = school.ctx("u_principal")
    widget = shown(qtbot, ClassSummaryWidget(ctx))
    widget.set_scope(choice_of(school, ctx), 1)
    assert summary_cell(widget, 0, Part.SUBJECT, "Toán")[0] == "6,4"
    text, tip = summary_cell(widget, 0, Part.LEARNING)
    assert text == "Khá"
    assert "Toán 6,4 < 6,5" in tip
    assert summary_cell(widget, 0, Part.CONDUCT)[0] == "Tốt"
    assert summary_cell(widget, 0, Part.ABSENT)[0] == "1"
    assert "Toán 6,4 < 6,5" in widget.details.toPlainText()
    assert summary_cell(widget, 1, Part.LEARNING)[0] == "–", "no scores yet: not computable"


def test_retest_entry_recomputes_the_year_outcome(qtbot: QtBot, school: GradeUi) -> None:
    """A student flagged for re-tests in Toán and Ngữ văn is promoted once both re-tests pass."""
    fill_year(school, "Trần Thị Ánh", {"Toán": "3", "Ngữ văn": "3"})
    ctx = school.ctx("u_principal")
    retest = shown(qtbot, RetestWidget(ctx))
    choice = choice_of(school, ctx)
    retest.set_scope(choice, 2)
    model = retest.retest_model
    assert [(model.row_at(r).line.full_name, model.row_at(r).subject.name) for r in range(2)] == [
        ("Trần Thị Ánh", "Ngữ văn"),
        ("Trần Thị Ánh", "Toán"),
    ]
    assert model.index(0, model.column_of("outcome")).data() == "Kiểm tra lại"
    for row in (0, 1):  # she chose both: a re-test cell opens only for a chosen subject
        retest.panel.focus_cell(row, CHOSEN_KEY)
        qtbot.keyClick(retest.panel.view, Qt.Key.Key_Space)
    retest.panel.focus_cell(0, RETEST_KEY)
    type_cell(qtbot, retest.panel.view, "6")
    type_cell(qtbot, retest.panel.view, "6,5")
    qtbot.keyClick(retest.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert model.index(0, model.column_of("outcome")).data() == "Lên lớp"
    summary = shown(qtbot, ClassSummaryWidget(ctx))
    summary.set_scope(choice, 2)
    summary.set_year_scope()
    assert summary_cell(summary, 1, Part.SUBJECT, "Toán")[0] == "3,0 → 6,5"
    assert summary_cell(summary, 1, Part.OUTCOME)[0] == "Lên lớp"
    lists = shown(qtbot, ListsWidget(ctx))
    lists.set_scope(choice, 2)
    assert [e.full_name for e in lists._lists.retest] == ["Trần Thị Ánh"]
    assert "Kiểm tra lại (1)" in [lists.kind_combo.itemText(i) for i in range(7)]


def test_year_lists_name_the_commended_students(qtbot: QtBot, school: GradeUi) -> None:
    """A student Tốt in learning and conduct with 6 subjects ≥ 9 is listed as Học sinh Xuất sắc."""
    fill_year(school, "Phạm Minh Châu", {}, semesters=(1, 2))
    fill_year(
        school,
        "Nguyễn Văn Bảo",
        {
            n: "9.5"
            for n in ("Toán", "Ngữ văn", "Ngoại ngữ 1", "Tin học", "Công nghệ", "Khoa học tự nhiên")
        },
    )
    ctx = school.ctx("u_teacher")
    lists = shown(qtbot, ListsWidget(ctx))
    lists.set_scope(choice_of(school, ctx), 1)
    lists.kind_combo.setCurrentIndex(find_data(lists.kind_combo, "excellent"))
    assert lists.model.rowCount() == 1
    assert lists.model.index(0, 2).data() == "Nguyễn Văn Bảo"
    lists.kind_combo.setCurrentIndex(find_data(lists.kind_combo, "good"))
    assert [lists.model.index(r, 2).data() for r in range(lists.model.rowCount())] == [
        "Phạm Minh Châu"
    ]
    assert not lists.school_check.isVisible(), "a teacher cannot list the whole school"


def test_summer_conduct_result_recomputes_the_outcome(qtbot: QtBot, school: GradeUi) -> None:
    """A student whose year conduct is Chưa đạt gets a summer result typed by the homeroom teacher."""
    fill_year(school, "Lê Văn Anh", {}, conduct=("Đạt", "Chưa đạt"))
    ctx = school.ctx("u_teacher")
    summer = shown(qtbot, SummerWidget(ctx))
    summer.set_scope(choice_of(school, ctx), 2)
    model = summer.summer_model
    assert model.rowCount() == 1
    assert model.index(0, model.column_of("year")).data() == "Chưa đạt"
    assert model.index(0, model.column_of("outcome")).data() == "Rèn luyện trong hè"
    summer.panel.focus_first_input()
    type_cell(qtbot, summer.panel.view, "d")
    qtbot.keyClick(summer.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert model.index(0, model.column_of(SUMMER_KEY)).data() == "Đạt"
    assert model.index(0, model.column_of("outcome")).data() == "Lên lớp"
