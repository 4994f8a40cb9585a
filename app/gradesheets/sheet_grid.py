"""What the grade files need of a grid, TT22 (``GradeGrid``) or TT27 (``PrimaryGrid``) alike.

The teacher sheet, the long format and the commit read both kinds of grid the
same way: students with their stored cells, a batch per grid, a change per
cell, and the check that nothing moved since the preview. Pure: no database.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from app.errors import Conflict
from app.gradesheets.model import Batch, BatchKind, CellChange
from app.messages.gradesheets import GRADESHEETS_MSG as M

if TYPE_CHECKING:
    from app.gradebook.catalogue import SubjectInfo

C_co = TypeVar("C_co", covariant=True)


class SheetColumn(Protocol):
    """A grid column: its key (TX1, MD2 …) and header."""

    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...


class SheetCell(Protocol):
    """A grid cell: its column key, stored text and display text."""

    @property
    def key(self) -> str: ...
    @property
    def stored(self) -> str | None: ...
    @property
    def text(self) -> str: ...


class Student(Protocol):
    """A student as a change names them."""

    @property
    def student_id(self) -> uuid.UUID: ...
    @property
    def student_code(self) -> str: ...
    @property
    def full_name(self) -> str: ...


class SheetRow(Student, Protocol):
    """A student's row of stored cells."""

    @property
    def cells(self) -> Sequence[SheetCell]: ...


class SheetGrid(Protocol[C_co]):
    """One class × subject × semester grid with its columns (of type ``C_co``) and rows."""

    @property
    def class_id(self) -> uuid.UUID: ...
    @property
    def class_name(self) -> str: ...
    @property
    def school_year(self) -> str: ...
    @property
    def subject(self) -> SubjectInfo: ...
    @property
    def semester(self) -> int: ...
    @property
    def columns(self) -> Sequence[C_co]: ...
    @property
    def rows(self) -> Sequence[SheetRow]: ...
    @property
    def locked(self) -> bool: ...


def grid_batch(grid: SheetGrid[object], kind: BatchKind = BatchKind.SCORES) -> Batch:
    """The batch a file writes to this grid."""
    return Batch(
        grid.class_id,
        grid.class_name,
        grid.school_year,
        grid.subject.id,
        grid.subject.name,
        grid.semester,
        grid.locked,
        kind,
    )


def cell_change(
    batch: Batch,
    student: Student,
    column: str,
    where: tuple[str, int],
    old: str | None,
    new: str | None,
    show: Callable[[str | None], str],
    base: str | None = None,
    *,
    conflict: bool = False,
    heading: str = "",
) -> CellChange:
    """A cell's change (``where``: sheet and row; ``base``: as exported; ``show``: for people)."""
    return CellChange(
        batch,
        student.student_id,
        student.student_code,
        student.full_name,
        column,
        where[0],
        where[1],
        old,
        new,
        show(old),
        show(new),
        base,
        show(base),
        conflict=conflict,
        heading=heading,
    )


def stored_now(rows: Iterable[SheetRow]) -> dict[uuid.UUID, dict[str, str | None]]:
    """Student → column key → stored value, of a grid as it is now."""
    return {r.student_id: {c.key: c.stored for c in r.cells} for r in rows}


def require_unmoved(
    now: Mapping[uuid.UUID, Mapping[str, str | None]],
    cells: Sequence[tuple[str, CellChange]],
) -> None:
    """Conflict when a cell to write (its column key, its change) changed since the preview."""
    moved = [c for key, c in cells if now.get(c.student_id, {}).get(key) != c.old]
    if moved:
        raise Conflict(M.changed_since_preview.format(n=len(moved), first=moved[0].where))
