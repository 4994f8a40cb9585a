"""The grade grid model: Qt contract, live average, invalid values, missing cells, Đ/CĐ subjects."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.db import Actor
from app.gradebook.entry import save_scores
from app.gradebook.grid import grade_grid
from tests.ui_gradebook.conftest import GradeUi
from ui.gradebook.entry_model import INVALID_BG, MISSING_BG, PENDING_BG, PROBLEM_ROLE, STATE_ROLE
from ui.gradebook.grade_grid_model import AVERAGE_KEY, GradeGridModel


def _model(school: GradeUi, subject: str, username: str = "u_principal") -> GradeGridModel:
    ctx = school.ctx(username)
    with school.db.read() as s:
        grid = grade_grid(s, ctx.actor, school.class_id, school.subjects[subject], 1)
    model = GradeGridModel()
    model.set_grid(grid)
    return model


def _type(model: GradeGridModel, row: int, key: str, text: str) -> None:
    assert model.setData(model.index(row, model.column_of(key)), text)


def _cell(model: GradeGridModel, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole):
    return model.index(row, model.column_of(key)).data(role)


def test_model_passes_qtmodeltester(qtmodeltester: ModelTester, school: GradeUi) -> None:
    """The grid model keeps Qt's model contract, with pending and invalid edits in it."""
    model = _model(school, "Toán")
    _type(model, 0, "TX1", "8,5")
    _type(model, 1, "GK", "11")
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_live_average_of_the_worked_case(school: GradeUi) -> None:
    """TX 8, 9, GK 7, CK 8 shows ĐTBmhk "7,9" at once, before anything is saved (DOMAIN §2)."""
    model = _model(school, "Giáo dục công dân")
    assert [model.column(i).key for i in model.input_sections()] == ["TX1", "TX2", "GK", "CK", "DG"]
    for key, value in (("TX1", "8"), ("TX2", "9"), ("GK", "7")):
        _type(model, 0, key, value)
        assert _cell(model, 0, AVERAGE_KEY) == ""
    _type(model, 0, "CK", "8")
    assert _cell(model, 0, AVERAGE_KEY) == "7,9"
    assert "= 7,9" in _cell(model, 0, AVERAGE_KEY, Qt.ItemDataRole.ToolTipRole)
    assert school.grid("Giáo dục công dân").rows[0].cell("TX1").stored is None


def test_invalid_values_are_flagged_with_their_reason_and_left_out(school: GradeUi) -> None:
    """ "11", "8,25" and "abc" turn red with a reason and never reach the edits to save."""
    model = _model(school, "Toán")
    for row, text in enumerate(("11", "8,25", "abc")):
        _type(model, row, "TX1", text)
        assert _cell(model, row, "TX1") == text
        assert _cell(model, row, "TX1", STATE_ROLE) == "invalid"
        assert _cell(model, row, "TX1", Qt.ItemDataRole.BackgroundRole) == INVALID_BG
        reason = _cell(model, row, "TX1", PROBLEM_ROLE)
        assert reason and text in reason
        assert reason in _cell(model, row, "TX1", Qt.ItemDataRole.ToolTipRole)
    _type(model, 3, "TX1", "8.5")
    edits = model.pending_edits()
    assert [(e.column, e.value) for e in edits] == [("TX1", "8.5")]
    assert _cell(model, 3, "TX1") == "8,5"
    assert [row for row, _, _ in model.invalid_cells()] == [0, 1, 2]


def test_missing_assessments_are_highlighted_until_typed(school: GradeUi) -> None:
    """Empty required cells are amber with a hint; a typed value turns the cell to "not saved"."""
    model = _model(school, "Toán")
    assert _cell(model, 0, "TX4", STATE_ROLE) == "missing"
    assert _cell(model, 0, "TX4", Qt.ItemDataRole.BackgroundRole) == MISSING_BG
    assert "TX4" in _cell(model, 0, "TX4", Qt.ItemDataRole.ToolTipRole)
    assert _cell(model, 0, "DG", STATE_ROLE) == "", "the comment is never required"
    _type(model, 0, "TX4", "7")
    assert _cell(model, 0, "TX4", STATE_ROLE) == "pending"
    assert _cell(model, 0, "TX4", Qt.ItemDataRole.BackgroundRole) == PENDING_BG
    reasons = _cell(model, 0, AVERAGE_KEY, Qt.ItemDataRole.ToolTipRole)
    assert "Thiếu" in reasons and "TX4" not in reasons.split("Thiếu ĐĐGtx 4")[0]


def test_saved_values_reload_and_clearing_counts_as_an_edit(school: GradeUi) -> None:
    """Stored scores show with a decimal comma; typing the same value is no edit, "" clears."""
    name = "Lê Văn Anh"
    with school.db.uow(actor=Actor.system("test")) as s:
        cells = [("TX1", "8.5"), ("TX2", "7")]
        from app.gradebook.entry import CellEdit

        save_scores(
            s,
            Actor.system("test"),
            school.class_id,
            school.subjects["Toán"],
            1,
            [CellEdit(school.students[name], k, v) for k, v in cells],
        )
    model = _model(school, "Toán")
    assert model.student_at(0).full_name == name
    assert _cell(model, 0, "TX1") == "8,5"
    _type(model, 0, "TX1", "8.50")
    assert model.pending_count() == 0
    _type(model, 0, "TX2", "")
    assert [(e.column, e.value) for e in model.pending_edits()] == [("TX2", "")]


def test_comment_only_subject_takes_pass_fail_and_shows_the_result(school: GradeUi) -> None:
    """GDTC cells take Đ/CĐ (also typed d/cd) and the result column says Đạt or Chưa đạt."""
    model = _model(school, "Giáo dục thể chất")
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[-2:] == ["Kết quả HK", "Nhận xét"]
    for key in ("TX1", "TX2", "GK", "CK"):
        _type(model, 0, key, "d")
    assert _cell(model, 0, "TX1") == "Đ"
    assert _cell(model, 0, AVERAGE_KEY) == "Đạt"
    _type(model, 0, "CK", "CĐ")
    assert _cell(model, 0, "CK") == "CĐ"
    assert _cell(model, 0, AVERAGE_KEY) == "Chưa đạt"
    _type(model, 0, "GK", "8")
    assert _cell(model, 0, "GK", STATE_ROLE) == "invalid"
    _type(model, 0, "DG", "Tích cực tập luyện")
    values = {(e.column, e.value) for e in model.pending_edits()}
    assert ("CK", "Chưa đạt") in values and ("DG", "Tích cực tập luyện") in values
