"""The assignment grid as .xlsx through the Excel core (``app.excel.writer``): one row per
class, the homeroom teacher, then one column per subject; a cell names its teachers as
"Nguyễn Thị Lan (gv.toan)", several separated by ";". A second sheet lists the teachers,
and each subject column offers them in a drop-down. The file imports back unchanged
(``excel_import``).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.assignments.grid import HOMEROOM, AssignmentGrid, load_grid
from app.db import Actor
from app.excel.writer import (
    ColumnSpec,
    Kind,
    add_table_sheet,
    list_validation,
    new_workbook,
    save_workbook,
)
from app.messages.assignments import ASSIGN_MSG as M


def grid_rows(grid: AssignmentGrid) -> list[list[str]]:
    """The sheet's rows: class, homeroom teacher, then each subject's teachers."""
    return [
        [c.name, grid.cell_text(c.id, HOMEROOM)]
        + [grid.cell_text(c.id, s.name) for s in grid.subjects]
        for c in grid.classes
    ]


def write_grid(grid: AssignmentGrid, path: Path) -> Path:
    """Write ``grid`` to ``path`` (atomically)."""
    wb = new_workbook()
    teachers = [t for t in grid.teachers if t.active]
    columns = [
        ColumnSpec(M.class_column, Kind.CODE, 8, required=True),
        ColumnSpec(M.homeroom_column, width=26),
    ] + [ColumnSpec(s.name, width=max(14, min(30, len(s.name) + 4))) for s in grid.subjects]
    rows = grid_rows(grid)
    last = len(rows) + 1
    source = f"'{M.teachers_sheet}'!$C$2:$C${len(teachers) + 1}"
    checks = [list_validation(source, 2, last, col) for col in range(2, len(columns) + 1)]
    add_table_sheet(
        wb,
        M.sheet_title.format(year=grid.year),
        columns,
        rows,
        validations=checks if teachers else (),
    )
    add_table_sheet(
        wb,
        M.teachers_sheet,
        [ColumnSpec(h, Kind.CODE if i == 0 else Kind.TEXT, w)
         for i, (h, w) in enumerate(zip(M.teachers_headers, (16, 28, 40), strict=True))],
        [[t.username, t.full_name, t.label] for t in teachers],
    )  # fmt: skip
    return save_workbook(wb, path)


def export_grid(session: Session, actor: Actor | None, year: str, path: Path) -> AssignmentGrid:
    """The year's grid written to ``path``; returns what was written."""
    grid = load_grid(session, actor, year)
    write_grid(grid, path)
    return grid
