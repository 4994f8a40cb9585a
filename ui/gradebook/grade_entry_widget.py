"""The "Nhập điểm" tab: one grid per class × subject × semester, typed with the keyboard."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.gradebook.entry import save_scores
from app.gradebook.grid import GradeGrid, grade_grid
from ui.gradebook.entry_model import ColumnKind
from ui.gradebook.grade_grid_model import GradeGridModel
from ui.gradebook.subject_entry import SubjectEntryWidget
from ui.pages import PageContext

NAME_WIDTH = 210
SCORE_WIDTH = 58


class GradeEntryWidget(SubjectEntryWidget):
    """Pick a subject of the class; the grid shows the semester chosen on the page."""

    grid_model: GradeGridModel
    load_grid = staticmethod(grade_grid)
    save_edits = staticmethod(save_scores)
    name_width = NAME_WIDTH

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, GradeGridModel(), parent)

    def value_width(self, section: int, kind: ColumnKind) -> int | None:
        if kind is ColumnKind.TEXT_INPUT:
            return None
        wide = kind is ColumnKind.COMPUTED or self.grid_model.grid_is_comment_only()
        return SCORE_WIDTH + (26 if wide else 0)

    def typing_hint(self, grid: GradeGrid) -> str:
        if grid.subject.comment_only:
            return self.tr(
                "Môn đánh giá bằng nhận xét: gõ Đ (hoặc d) cho Đạt, CĐ (hoặc cd) cho Chưa đạt."
            )
        return ""

    def problem_key(self, column: str) -> str:
        return column.upper()
