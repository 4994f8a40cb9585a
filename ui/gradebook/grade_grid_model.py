"""The grade grid of one class × subject × semester as a table model.

Columns: STT, Họ và tên, TX1..TXn, GK, CK, the semester average (computed live
from the typed values by ``app.grading`` and read-only) and the comment.
Comment-only subjects take Đ/CĐ in the assessment columns and show the
semester result (Đạt/Chưa đạt) instead of an average.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from app.gradebook.entry import CellEdit
from app.gradebook.grid import GradeGrid, GridRow
from app.gradebook.values import (
    Kind,
    parse_cell,
    parse_slot,
    show_mark,
    show_stored,
    slot_problem,
    to_mark,
)
from app.grading import Mark, SubjectScores, semester_result
from ui.gradebook.entry_model import Checked, ColumnKind, EntryColumn, tooltip_lines
from ui.gradebook.subject_grid_model import SubjectGridModel

NUMBER_KEY = "number"
NAME_KEY = "name"
AVERAGE_KEY = "average"
_NAN = Decimal("NaN")
_COMMENT_SHORTCUTS = {"d": "Đạt", "dat": "Đạt", "cd": "Chưa đạt", "chua dat": "Chưa đạt"}
"""Unaccented ways to type Đ/CĐ on a keyboard without a Vietnamese input method."""

_HEADER_TIPS = {
    Kind.REGULAR: "Đánh giá thường xuyên (ĐĐGtx) lần {n}, hệ số 1",
    Kind.MIDTERM: "Đánh giá giữa kì (ĐĐGgk), hệ số 2",
    Kind.FINAL: "Đánh giá cuối kì (ĐĐGck), hệ số 3",
    Kind.COMMENT: "Nhận xét của giáo viên bộ môn",
}


def _columns(grid: GradeGrid) -> list[EntryColumn]:
    """STT, name, the grid's assessment columns, the average before the comment."""
    comment_only = grid.subject.comment_only
    cols = [
        EntryColumn(ColumnKind.NUMBER, NUMBER_KEY, "STT"),
        EntryColumn(ColumnKind.NAME, NAME_KEY, "Họ và tên"),
    ]
    tail: list[EntryColumn] = []
    for c in grid.columns:
        tip = _HEADER_TIPS[c.slot.kind].format(n=c.slot.number)
        if c.slot.kind is Kind.COMMENT:
            tail.append(EntryColumn(ColumnKind.TEXT_INPUT, c.key, c.label, tip))
            continue
        if comment_only:
            tip = tip.split(",")[0] + ": Đ (Đạt) hoặc CĐ (Chưa đạt)"
        label = c.label if c.required else f"{c.label}*"
        if not c.required:
            tip = slot_problem(c.slot, grid.regular_count) or tip
        cols.append(EntryColumn(ColumnKind.INPUT, c.key, label, tip, c.required))
    average = (
        EntryColumn(
            ColumnKind.COMPUTED,
            AVERAGE_KEY,
            "Kết quả HK",
            "Kết quả môn học kì: Đạt khi mọi lần đánh giá đều Đạt (tự tính, không sửa)",
        )
        if comment_only
        else EntryColumn(
            ColumnKind.COMPUTED,
            AVERAGE_KEY,
            "ĐTBmhk",
            "Điểm trung bình môn học kì = (ΣTX + 2×GK + 3×CK) / (số TX + 5), "
            "làm tròn 1 chữ số thập phân (tự tính, không sửa)",
        )
    )
    return [*cols, average, *tail]


class GradeGridModel(SubjectGridModel[GradeGrid, GridRow, CellEdit]):
    """Rows are the grid's students in name order; edits stay local until saved."""

    def __init__(self) -> None:
        super().__init__()
        self._live: dict[int, tuple[Mark | None, tuple[str, ...]]] = {}

    def grid_columns(self, grid: GradeGrid) -> list[EntryColumn]:
        return _columns(grid)

    def make_edit(self, student_id: uuid.UUID, key: str, value: str) -> CellEdit:
        return CellEdit(student_id, key, value)

    def grid_replaced(self) -> None:
        self._live.clear()

    def grid_is_comment_only(self) -> bool:
        """Whether the subject shown is assessed by comments only (Đ/CĐ)."""
        return bool(self._grid and self._grid.subject.comment_only)

    def average_of(self, row: int) -> tuple[str, tuple[str, ...]]:
        """The live semester average (or result) of a row as shown, with its reasons."""
        mark, reasons = self._result(row)
        return show_mark(mark), reasons

    # ------------------------------------------------------------ hooks

    def base(self, row: int, key: str) -> tuple[str | None, str]:
        assert self._grid is not None
        cell = self._grid.rows[row].cell(key)
        return cell.stored, cell.text

    def check(self, row: int, key: str, text: str) -> Checked:
        assert self._grid is not None
        slot = parse_slot(key)
        comment_only = self._grid.subject.comment_only
        if comment_only and slot.kind is not Kind.COMMENT:
            text = _COMMENT_SHORTCUTS.get(text.casefold(), text)
        parsed = parse_cell(text, slot, comment_only)
        if parsed.value is None and parsed.reasons:
            return Checked(None, text, " ".join(parsed.reasons))
        beyond = slot_problem(slot, self._grid.regular_count)
        if beyond and parsed.value is not None:
            return Checked(None, text, beyond[0].upper() + beyond[1:])
        return Checked(parsed.value, show_stored(parsed.value, slot, comment_only))

    def computed(self, row: int, key: str) -> tuple[str, str, bool]:
        mark, reasons = self._result(row)
        text = show_mark(mark)
        head = self.tr("Chưa tính được:") if mark is None else ""
        bad = any(r == row and e.checked.problem for (r, _), e in self.pending().items())
        return text, tooltip_lines(reasons, head), bad

    def row_edited(self, row: int) -> None:
        self._live.pop(row, None)

    # ------------------------------------------------------------ live average

    def _result(self, row: int) -> tuple[Mark | None, tuple[str, ...]]:
        """The service's result for rows without edits; recomputed from the typed values otherwise."""
        assert self._grid is not None
        grid_row = self._grid.rows[row]
        if not self.row_has_edits(row):
            return grid_row.average, grid_row.reasons
        if row not in self._live:
            result = semester_result(self._scores(row))
            self._live[row] = (result.value, result.reasons)
        return self._live[row]

    def _scores(self, row: int) -> SubjectScores:
        """The row's assessments after edits as the rules engine takes them."""
        assert self._grid is not None
        subject = self._grid.subject
        regular: list[Mark | None] = []
        marks: dict[Kind, Mark | None] = {}
        for col in self._grid.columns:
            if col.slot.kind is Kind.COMMENT:
                continue
            stored, problem = self.effective(row, col.key)
            mark = _NAN if problem else (to_mark(stored, subject.comment_only) if stored else None)
            if col.slot.kind is Kind.REGULAR:
                regular.append(mark)
            else:
                marks[col.slot.kind] = mark
        return SubjectScores(
            subject.name,
            subject.periods_per_year,
            subject.comment_only,
            regular,
            marks.get(Kind.MIDTERM),
            marks.get(Kind.FINAL),
        )
