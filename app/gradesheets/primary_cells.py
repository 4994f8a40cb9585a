"""What the primary (TT27) teacher sheet and long format share, cell by cell.

``primary_change`` (a diff line), ``slot_refusal`` (a column the subject does
not have in this grade), ``rating_column`` (the preview key of a quality or
competency cell), and the writes ``commit_sheet`` calls for a primary batch:
``write_subject_batch`` (the grade book's ``save_cells``) and
``write_ratings_batch`` (``save_ratings``, one per checkpoint).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import partial

from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.entry import SaveResult
from app.gradebook.primary.grid import primary_grid
from app.gradebook.primary.values import PKind, PSlot, show_pstored, subject_slots
from app.gradebook.primary_entry import PCellEdit, save_cells, slot_problem
from app.gradebook.primary_ratings import RatingEdit, rating_sheet, save_ratings
from app.gradesheets.model import Batch, CellChange
from app.gradesheets.sheet_grid import Student, cell_change, require_unmoved, stored_now
from app.messages.primary_sheets import PRIMARY_SHEETS_MSG as PM

RATING_KIND = "PC"


def rating_column(name: str, checkpoint: int) -> str:
    """The column key of a rating cell in a preview: "PC1:Chăm chỉ"."""
    return f"{RATING_KIND}{checkpoint}:{name}"


def _rating_key(column: str) -> tuple[int, str]:
    """(checkpoint, name) of a ``rating_column`` key."""
    head, _, name = column.partition(":")
    return int(head.removeprefix(RATING_KIND)), name


def primary_change(
    batch: Batch,
    row: Student,
    slot: PSlot,
    where: tuple[str, int],
    old: str | None,
    new: str | None,
    heading: str,
    base: str | None = None,
    *,
    conflict: bool = False,
) -> CellChange:
    """A primary cell's change (``where`` = sheet, row; ``base`` = the value at export)."""
    show = partial(show_pstored, slot=slot)
    return cell_change(
        batch, row, slot.key, where, old, new, show, base, conflict=conflict, heading=heading
    )


def slot_refusal(slot: PSlot, subject: SubjectInfo, grade: int, semester: int) -> str | None:
    """Why a subject has no such column in this grade now (a value there is refused), or None."""
    if slot.kind is not PKind.TEST and slot not in subject_slots(
        subject.name, not subject.comment_only, grade
    ):
        return PM.stale_column
    return slot_problem(slot, subject, grade, semester)


def write_subject_batch(
    session: Session,
    actor: Actor | None,
    batch: Batch,
    cells: Sequence[CellChange],
    reason: str | None,
) -> SaveResult:
    """Write one primary grid's changes with ``save_cells``; Conflict if a cell moved since preview."""
    grid = primary_grid(session, actor, batch.class_id, batch.subject_id, batch.semester)
    require_unmoved(stored_now(grid.rows), [(c.column, c) for c in cells])
    edits = [PCellEdit(c.student_id, c.column, c.new or "") for c in cells]
    return save_cells(
        session, actor, batch.class_id, batch.subject_id, batch.semester, edits, reason
    )


def write_ratings_batch(
    session: Session,
    actor: Actor | None,
    batch: Batch,
    cells: Sequence[CellChange],
    reason: str | None,
) -> SaveResult:
    """Write one class × semester of ratings, a ``save_ratings`` per checkpoint; Conflict if moved."""
    by_cp: dict[int, list[tuple[str, CellChange]]] = defaultdict(list)
    for c in cells:
        cp, name = _rating_key(c.column)
        by_cp[cp].append((name, c))
    changes, counts = Changes(), [0, 0, 0, 0]
    for cp, items in sorted(by_cp.items()):
        sheet = rating_sheet(session, actor, batch.class_id, batch.semester, cp)
        require_unmoved({x.student_id: x.values for x in sheet.lines}, items)
        edits = [RatingEdit(c.student_id, name, c.new or "") for name, c in items]
        saved = save_ratings(session, actor, batch.class_id, batch.semester, cp, edits, reason)
        changes |= saved.changes
        for i, n in enumerate((saved.inserted, saved.updated, saved.deleted, saved.unchanged)):
            counts[i] += n
    return SaveResult(changes, *counts)
