"""What the two subject grids' entry models share (TT22 scores, TT27 levels and tests).

Both show one class × subject × semester grid from the service: rows are the
grid's students in name order, edits stay local until saved, and every valid
edit goes back to the service as (student, column key, stored value; "" clears
the cell). A subclass says which columns the grid gets, how a typed text is
checked and how an edit is built for its service.
"""

from __future__ import annotations

import uuid
from typing import Generic, TypeVar, cast

from app.gradebook.entry import CellEdit
from app.gradebook.grid import GradeGrid, GridRow
from app.gradebook.primary.grid import PrimaryGrid, PRow
from app.gradebook.primary_entry import PCellEdit
from ui.gradebook.entry_model import EntryColumn, EntryModel

GridT = TypeVar("GridT", GradeGrid, PrimaryGrid)
RowT = TypeVar("RowT", GridRow, PRow)
EditT = TypeVar("EditT", CellEdit, PCellEdit)


class SubjectGridModel(EntryModel, Generic[GridT, RowT, EditT]):
    """Rows are the grid's students in name order; edits stay local until saved."""

    def __init__(self) -> None:
        super().__init__()
        self._grid: GridT | None = None

    # ------------------------------------------------------------ subclass hooks

    def grid_columns(self, grid: GridT) -> list[EntryColumn]:
        """The columns a grid is shown with."""
        raise NotImplementedError

    def make_edit(self, student_id: uuid.UUID, key: str, value: str) -> EditT:
        """One valid edit as the service takes it."""
        raise NotImplementedError

    def grid_replaced(self) -> None:
        """Called while a new grid is set (drop values computed from the old one here)."""

    # ------------------------------------------------------------ the grid

    @property
    def grid(self) -> GridT | None:
        """The grid as last loaded from the database."""
        return self._grid

    def set_grid(self, grid: GridT | None) -> None:
        """Show ``grid`` (dropping every unsaved edit)."""
        self.beginResetModel()
        self._grid = grid
        self.grid_replaced()
        self.reset_columns(self.grid_columns(grid) if grid is not None else [])
        self.set_editable(bool(grid and grid.editable))
        self.endResetModel()
        self.edits_changed.emit()

    def student_at(self, row: int) -> RowT | None:
        """The student shown in ``row``."""
        if self._grid is None or not 0 <= row < len(self._grid.rows):
            return None
        return cast(RowT, self._grid.rows[row])

    def row_of(self, student_id: uuid.UUID) -> int:
        """The row of a student (-1 when not listed)."""
        rows = self._grid.rows if self._grid else ()
        return next((i for i, r in enumerate(rows) if r.student_id == student_id), -1)

    def pending_edits(self) -> list[EditT]:
        """Every unsaved valid edit as the service takes it ("" clears a cell)."""
        assert self._grid is not None
        out = []
        for (row, key), edit in sorted(self.pending().items()):
            if edit.checked.problem is None:
                student = self._grid.rows[row].student_id
                out.append(self.make_edit(student, key, edit.checked.stored or ""))
        return out

    # ------------------------------------------------------------ hooks

    def row_total(self) -> int:
        return len(self._grid.rows) if self._grid else 0

    def row_label(self, row: int) -> tuple[str, bool]:
        assert self._grid is not None
        r = self._grid.rows[row]
        return r.full_name, r.current
