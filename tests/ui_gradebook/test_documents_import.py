"""Nhập bảng điểm… on the Sổ điểm page: the returned teacher sheet previewed like ``grades
import`` (refused cells located, changes, each conflict decided), written whole or not at all;
on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db import Actor
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.locking import lock_semester
from app.gradesheets import Choice, export_sheet
from tests.gradesheets.conftest import teacher_types
from tests.ui_gradebook.conftest import GradeUi, shown, wait_saved
from tests.ui_gradebook.documents_helpers import User, trigger, user_fixture  # noqa: F401
from ui.errors import ErrorDialog
from ui.gradebook.documents_dialogs import DocumentOptions
from ui.gradebook.documents_import_dialog import SheetImportDialog
from ui.gradebook.gradebook_widget import GradebookWidget

ANH, BAO, ANH2 = "Lê Văn Anh", "Nguyễn Văn Bảo", "Trần Thị Ánh"
SYSTEM = Actor.system("test")


def _codes(school: GradeUi) -> dict[str, str]:
    return {r.full_name: r.student_code for r in school.grid("Toán").rows}


def _stored(school: GradeUi, name: str, column: str) -> str | None:
    row = next(r for r in school.grid("Toán").rows if r.full_name == name)
    return row.cell(column).stored


def _returned_sheet(school: GradeUi, tmp_path: Path, cells: dict[tuple[str, str], object]) -> Path:
    """u_teacher exports Toán HK1, then the app changes Bảo's GK to 6 (a conflict if the
    sheet changes it too), then the teacher types ``cells`` {(name, column): value}."""
    teacher = school.ctx("u_teacher").actor
    path = tmp_path / "toan-6a1.xlsx"
    with school.db.read(teacher) as s:
        export_sheet(s, teacher, school.class_id, school.subjects["Toán"], 1, path)
    with school.db.uow(actor=SYSTEM) as s:
        edit = [CellEdit(school.students[BAO], "GK", "6")]
        save_scores(s, SYSTEM, school.class_id, school.subjects["Toán"], 1, edit)
    codes = _codes(school)
    return teacher_types(path, {(codes[n], col): v for (n, col), v in cells.items()})


def _open(
    qtbot: QtBot, school: GradeUi, user: User, path: Path, who: str
) -> tuple[GradebookWidget, SheetImportDialog]:
    """The page of ``who`` (kept by the caller: it owns the dialog) and the preview of ``path``."""
    page = GradebookWidget(school.ctx(who))
    shown(qtbot, page, 1024)
    page.select("6A1", 1)
    user.open_files.append(path)
    trigger(qtbot, page, "import_sheet")
    dialog = user.dialogs[-1]
    qtbot.addWidget(dialog)
    return page, dialog


def test_a_refused_cell_is_located_and_nothing_can_be_written(
    qtbot: QtBot, school: GradeUi, user: User, tmp_path: Path
) -> None:
    """TX1 = 11 for Anh: the Lỗi tab shows sheet, row, column, value and reason; no write."""
    path = _returned_sheet(school, tmp_path, {(ANH, "TX1"): 11, (ANH2, "TX1"): 7})
    _page, dialog = _open(qtbot, school, user, path, "u_teacher")
    assert dialog.tabs.currentIndex() == dialog.problems_tab
    assert dialog.tabs.tabText(dialog.problems_tab) == "Lỗi (1)"
    row = [dialog.problems.index(0, c).data() for c in range(5)]
    assert row[1:4] == ["8", "TX1", "11"] and row[0]
    assert "10" in row[4]
    assert not dialog.write_button.isEnabled()
    assert "1 lỗi" in dialog.status_label.text()
    assert _stored(school, ANH2, "TX1") is None


def test_each_conflict_is_decided_then_everything_is_written(
    qtbot: QtBot, school: GradeUi, user: User, tmp_path: Path
) -> None:
    """Bảo's GK was changed in the app and in the file: write waits for a choice; taking the
    file's value writes it with the plain change, in one go, and says so."""
    path = _returned_sheet(school, tmp_path, {(BAO, "GK"): 9, (ANH, "TX1"): 8.5})
    _page, dialog = _open(qtbot, school, user, path, "u_teacher")
    assert dialog.tabs.currentIndex() == dialog.conflicts_tab
    assert dialog.conflicts.index(0, 2).data() == "(trống)"  # when exported
    assert [dialog.conflicts.index(0, c).data() for c in (3, 4)] == ["6", "9"]
    assert dialog.changes.index(0, 4).data() == "8,5"
    assert not dialog.write_button.isEnabled()
    assert dialog.status_label.text() == "Còn 1 ô xung đột chưa chọn."
    dialog.choose(0, Choice.TAKE_SHEET)
    assert dialog.write_button.isEnabled()
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot)
    assert dialog.outcome is not None and dialog.outcome.written
    assert (_stored(school, BAO, "GK"), _stored(school, ANH, "TX1")) == ("9", "8.5")
    assert "sửa 1" in user.notices[-1] and "thêm 1" in user.notices[-1]
    assert not dialog.isVisible()


def test_keeping_the_app_value_writes_only_the_rest(
    qtbot: QtBot, school: GradeUi, user: User, tmp_path: Path
) -> None:
    """«Giữ tất cả như phần mềm» keeps Bảo's 6 and writes Ánh's TX2."""
    path = _returned_sheet(school, tmp_path, {(BAO, "GK"): 9, (ANH2, "TX2"): 7})
    _page, dialog = _open(qtbot, school, user, path, "u_teacher")
    qtbot.mouseClick(dialog.keep_all_button, Qt.MouseButton.LeftButton)
    assert dialog.combos[0].currentText() == "Giữ giá trị trong phần mềm"
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot)
    assert dialog.outcome is not None and dialog.outcome.kept == 1
    assert (_stored(school, BAO, "GK"), _stored(school, ANH2, "TX2")) == ("6", "7")


def test_a_locked_semester_needs_the_principal_and_a_reason(
    qtbot: QtBot, school: GradeUi, user: User, tmp_path: Path
) -> None:
    """After the lock the principal is asked for a reason: without it the service refuses and
    nothing is written; with it the cell is written."""
    path = _returned_sheet(school, tmp_path, {(ANH2, "TX1"): 5})
    principal = school.ctx("u_principal").actor
    with school.db.uow(actor=principal) as s:
        lock_semester(s, principal, school.class_id, 1)
    _page, dialog = _open(qtbot, school, user, path, "u_principal")
    assert not dialog.reason_edit.isHidden()
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot)
    assert "lý do" in dialog.error_label.text().lower() and dialog.outcome is None
    assert _stored(school, ANH2, "TX1") is None
    dialog.reason_edit.setText("Sửa theo biên bản họp tổ")
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot)
    assert _stored(school, ANH2, "TX1") == "5"


def test_round_trip_from_the_menu_on_each_backend(
    qtbot: QtBot, school_on_backend: GradeUi, user: User, tmp_path: Path
) -> None:
    """Exported from the menu, filled, imported from the menu: the values are in the grade book."""
    school = school_on_backend
    page = GradebookWidget(school.ctx("u_teacher"))
    shown(qtbot, page, 1024)
    page.select("6A1", 2)
    user.options.append(DocumentOptions(subject_id=school.subjects["Toán"], semester=2))
    user.save_as.append(tmp_path / "toan.xlsx")
    trigger(qtbot, page, "export_sheet")
    codes = {r.full_name: r.student_code for r in school.grid("Toán", 2).rows}
    teacher_types(tmp_path / "toan.xlsx", {(codes[ANH], "CK"): 9.5, (codes[BAO], "TX1"): 4})
    user.open_files.append(tmp_path / "toan.xlsx")
    trigger(qtbot, page, "import_sheet")
    dialog = user.dialogs[-1]
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(dialog.changes_tab) == "Thay đổi (2)"
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot)
    rows = {r.full_name: r for r in school.grid("Toán", 2).rows}
    assert rows[ANH].cell("CK").stored == "9.5" and rows[BAO].cell("TX1").stored == "4"


def test_a_sheet_of_another_teacher_is_refused_with_the_reason(
    qtbot: QtBot, school: GradeUi, user: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gv.van (Ngữ văn in 6A2) opens the Toán sheet of 6A1: the service refuses, the message
    names the subject and class, and no preview opens."""
    path = _returned_sheet(school, tmp_path, {(ANH2, "TX1"): 7})
    shown_errors: list[str] = []
    monkeypatch.setattr(
        ErrorDialog,
        "ask",
        classmethod(lambda cls, parent, title, message, *a: shown_errors.append(message)),
    )
    page = GradebookWidget(school.ctx("gv.van"))
    shown(qtbot, page, 1024)
    user.open_files.append(path)
    trigger(qtbot, page, "import_sheet")
    assert user.dialogs == [] and len(shown_errors) == 1
    assert "Toán" in shown_errors[0] and "6A1" in shown_errors[0]
    assert _stored(school, ANH2, "TX1") is None
