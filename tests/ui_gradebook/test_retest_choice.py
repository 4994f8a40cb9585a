"""The "Kiểm tra lại" tab with re-test choices: ticks, enabled cells, the pending outcome, locks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db import Actor
from app.errors import PermissionDenied
from app.gradebook.choices import ClassChoice, load_classes
from app.gradebook.conduct import save_summer_conduct
from app.gradebook.locking import lock_semester
from app.gradebook.results import class_summary
from app.gradebook.retests import choose_retests, retest_sheet, save_retest
from tests.ui_gradebook.conftest import YEAR, GradeUi, fill_year, type_cell, wait_saved
from ui.gradebook.class_summary_model import learning_view
from ui.gradebook.dialogs import ReasonDialog
from ui.gradebook.entry_model import PROBLEM_ROLE
from ui.gradebook.retest_widget import CHOSEN_KEY, RETEST_KEY, RetestWidget
from ui.gradebook.summer_widget import SUMMER_KEY, SummerWidget
from ui.pages import PageContext

CTRL = Qt.KeyboardModifier.ControlModifier
ANH = "Trần Thị Ánh"
"""Row 0 is her Ngữ văn, row 1 her Toán (subjects in catalogue order)."""
VAN, TOAN = 0, 1
REASON = "Hội đồng thi lại bổ sung kết quả"


def choice_of(school: GradeUi, ctx: PageContext) -> ClassChoice:
    with school.db.read() as s:
        return next(c for c in load_classes(s, ctx.actor, YEAR) if c.id == school.class_id)


def opened(qtbot: QtBot, school: GradeUi, username: str) -> RetestWidget:
    """The re-test tab of 6A1 as ``username`` sees it."""
    ctx = school.ctx(username)
    widget = RetestWidget(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_scope(choice_of(school, ctx), 2)
    return widget


def cell(widget: RetestWidget, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    model = widget.retest_model
    return model.index(row, model.column_of(key)).data(role)


def ticked(widget: RetestWidget, row: int) -> bool:
    return cell(widget, row, CHOSEN_KEY, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def editable(widget: RetestWidget, row: int, key: str) -> bool:
    model = widget.retest_model
    flags = model.flags(model.index(row, model.column_of(key)))
    return bool(flags & Qt.ItemFlag.ItemIsEditable)


def press_space(qtbot: QtBot, widget: RetestWidget, row: int) -> None:
    """Put the cursor on the row's "Chọn thi lại" tick and press Space."""
    widget.panel.focus_cell(row, CHOSEN_KEY)
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_Space)


def stored(school: GradeUi) -> dict[str, tuple[bool, str]]:
    """Her sheet as the database has it: subject → (chosen, re-test result)."""
    with school.db.read() as s:
        line = next(x for x in retest_sheet(s, Actor.system("t"), school.class_id))
    return {x.name: (x.chosen, x.retest_text) for x in line.subjects}


def test_ticks_enable_results_and_the_outcome_waits(qtbot: QtBot, school: GradeUi) -> None:
    """The homeroom teacher ticks both subjects with Space, enters Toán; the outcome waits for Văn."""
    fill_year(school, ANH, {"Toán": "3", "Ngữ văn": "3"})
    widget = opened(qtbot, school, "u_teacher")
    model = widget.retest_model
    assert [model.row_at(r).subject.name for r in range(2)] == ["Ngữ văn", "Toán"]  # type: ignore[union-attr]
    assert not ticked(widget, TOAN) and not editable(widget, TOAN, RETEST_KEY)
    assert cell(widget, TOAN, "outcome") == "Kiểm tra lại"
    press_space(qtbot, widget, VAN)
    press_space(qtbot, widget, TOAN)
    assert ticked(widget, VAN) and ticked(widget, TOAN)
    assert cell(widget, VAN, "outcome") == "Chờ kết quả kiểm tra lại: Ngữ văn, Toán"
    assert editable(widget, TOAN, RETEST_KEY)
    assert not editable(widget, VAN, RETEST_KEY), "u_teacher does not teach Ngữ văn"
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_Tab)
    type_cell(qtbot, widget.panel.view, "6,5")
    assert cell(widget, VAN, "outcome") == "Chờ kết quả kiểm tra lại: Ngữ văn"
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert stored(school) == {"Ngữ văn": (True, ""), "Toán": (True, "6,5")}
    assert cell(widget, TOAN, "outcome") == "Chờ kết quả kiểm tra lại: Ngữ văn"
    tip = cell(widget, TOAN, "outcome", Qt.ItemDataRole.ToolTipRole)
    assert "Chưa có kết quả kiểm tra lại môn Ngữ văn" in tip
    widget.close()
    principal = opened(qtbot, school, "u_principal")
    principal.panel.focus_cell(VAN, RETEST_KEY)
    type_cell(qtbot, principal.panel.view, "5")
    qtbot.keyClick(principal.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert cell(principal, VAN, "outcome") == "Lên lớp"


def test_untick_with_a_result_is_refused_in_place(qtbot: QtBot, school: GradeUi) -> None:
    """Unticking a subject that has a result turns the tick red with the reason; nothing saves."""
    fill_year(school, ANH, {"Toán": "3", "Ngữ văn": "3"})
    system, sid = Actor.system("t"), school.students[ANH]
    with school.db.uow(actor=system) as s:
        ids = [school.subjects["Toán"], school.subjects["Ngữ văn"]]
        choose_retests(s, system, school.class_id, sid, ids)
        save_retest(s, system, school.class_id, school.subjects["Toán"], sid, "7")
    widget = opened(qtbot, school, "u_teacher")
    press_space(qtbot, widget, TOAN)
    problem = cell(widget, TOAN, CHOSEN_KEY, PROBLEM_ROLE)
    assert problem == "Môn Toán đã có kết quả kiểm tra lại: xóa kết quả trước rồi mới bỏ chọn."
    assert editable(widget, TOAN, RETEST_KEY), "a refused untick keeps the result editable"
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_S, CTRL)
    assert "không hợp lệ" in widget.panel.problem_label.text()
    press_space(qtbot, widget, TOAN)
    assert widget.retest_model.pending_count() == 0, "ticking back undoes the edit"
    widget.panel.focus_cell(TOAN, RETEST_KEY)
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_Delete)
    press_space(qtbot, widget, TOAN)
    assert cell(widget, TOAN, CHOSEN_KEY, PROBLEM_ROLE) is None
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert stored(school) == {"Ngữ văn": (True, ""), "Toán": (False, "")}


def test_locked_year_end_needs_the_principal_and_a_reason(
    qtbot: QtBot, school: GradeUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Semester II locked: read-only for the teacher; the principal saves ticks with a reason."""
    fill_year(school, ANH, {"Toán": "3", "Ngữ văn": "3"})
    principal = school.seeded.actor("principal")
    with school.db.uow(actor=principal) as s:
        lock_semester(s, principal, school.class_id, 2)
    teacher = opened(qtbot, school, "u_teacher")
    assert not teacher.retest_model.editable
    assert "đã khóa" in teacher.panel.banner.text()
    teacher.close()
    asked: list[str] = []

    def ask(cls, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
        asked.append(args[1])
        return REASON

    monkeypatch.setattr(ReasonDialog, "ask", classmethod(ask))
    widget = opened(qtbot, school, "u_principal")
    press_space(qtbot, widget, TOAN)
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert asked == ["Sửa sổ điểm đã khóa"]
    assert stored(school) == {"Ngữ văn": (False, ""), "Toán": (True, "")}


def test_locked_summer_result_asks_the_principal_for_a_reason(
    qtbot: QtBot, school: GradeUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summer conduct sheet follows the semester II lock the same way."""
    fill_year(school, "Lê Văn Anh", {}, conduct=("Đạt", "Chưa đạt"))
    principal = school.seeded.actor("principal")
    with school.db.uow(actor=principal) as s:
        lock_semester(s, principal, school.class_id, 2)
    ctx = school.ctx("u_teacher")
    summer = SummerWidget(ctx)
    qtbot.addWidget(summer)
    summer.show()
    summer.set_scope(choice_of(school, ctx), 2)
    assert summer.summer_model.rowCount() == 1 and not summer.summer_model.editable
    summer.close()
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: REASON))
    ctx = school.ctx("u_principal")
    summer = SummerWidget(ctx)
    qtbot.addWidget(summer)
    summer.show()
    summer.set_scope(choice_of(school, ctx), 2)
    assert summer.locked()
    summer.panel.focus_first_input()
    type_cell(qtbot, summer.panel.view, "d")
    qtbot.keyClick(summer.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    model = summer.summer_model
    assert model.index(0, model.column_of(SUMMER_KEY)).data() == "Đạt"
    assert model.index(0, model.column_of("outcome")).data() == "Lên lớp"
    teacher = school.ctx("u_teacher").actor
    with pytest.raises(PermissionDenied, match="đã khóa"), school.db.uow(actor=teacher) as s:
        save_summer_conduct(s, teacher, school.class_id, school.students["Lê Văn Anh"], "Tốt")


def test_class_summary_keeps_the_year_level_while_re_tests_are_pending(school: GradeUi) -> None:
    """While a chosen re-test is missing, the summary shows Chưa đạt with what it waits for."""
    fill_year(school, ANH, {"Toán": "3", "Ngữ văn": "3"})
    system = Actor.system("t")
    sid = school.students[ANH]
    with school.db.uow(actor=system) as s:
        subjects = [school.subjects["Toán"], school.subjects["Ngữ văn"]]
        choose_retests(s, system, school.class_id, sid, subjects)
        save_retest(s, system, school.class_id, school.subjects["Toán"], sid, "6")
    with school.db.read() as s:
        summary = class_summary(s, system, school.class_id, YEAR)
    student = next(x for x in summary.students if x.student_id == sid)
    shown = learning_view(student, None)
    assert shown is not None and shown.text == "Chưa đạt"
    assert any("Chưa có kết quả kiểm tra lại môn Ngữ văn" in r for r in shown.reasons)
