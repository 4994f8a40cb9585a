"""Every score of a class in one file: the long format (docs/long-format.md), .xlsx or CSV.

One row per filled cell (student × subject × semester × kind × index), with the
student's name and class beside the code so people can read it; ``grades import``
reads the file back unchanged (it does not use those two columns). Primary
classes (TT27) get their MD, KT and NX cells and, from the homeroom teacher or
the office, the PC ratings.

Who gets what: the office and the principal every subject of the class; its
homeroom teacher every subject too (they see them all on the Tổng hợp lớp tab);
another teacher only the subjects they teach there (``access.require_view``
refuses a teacher with no link to the class).
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy.orm import Session

from app.atomic_file import written_beside
from app.db import Actor
from app.errors import StorageError
from app.excel import writer
from app.gradebook import access, catalogue
from app.gradebook.grid import grade_grid
from app.gradebook.primary.grid import primary_grid
from app.gradebook.primary.records import is_primary
from app.gradebook.primary.values import PSlot, parse_pslot
from app.gradebook.primary_ratings import may_rate, rating_sheet
from app.gradebook.values import Kind, parse_slot
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.permissions import Role
from app.students.models import ClassGroup

HEADERS = (
    "Năm học",
    "Mã học sinh",
    "Họ và tên",
    "Lớp",
    "Môn",
    "Học kì",
    "Loại",
    "Thứ tự",
    "Kết quả",
)
"""Vietnamese names the long-format reader accepts ("Họ và tên" and "Lớp" are for people)."""
_K = writer.Kind
_KINDS = (_K.CODE, _K.CODE, _K.TEXT, _K.CODE, _K.TEXT, _K.NUMBER, _K.CODE, _K.NUMBER, _K.NUMBER)
"""The result column holds numbers for scores and text for the rest (``writer.cell`` decides)."""
_WIDTHS = (11, 13, 26, 7, 22, 7, 7, 7, 40)

Row = tuple[str, str, str, str, str, int, str, int, object]


@dataclass(frozen=True)
class ClassScores:
    """What ``export_class_scores`` wrote."""

    path: Path
    class_name: str
    school_year: str
    subjects: tuple[str, ...]
    students: int
    cells: int


def _value(stored: str) -> object:
    """A score as a number (Excel shows 8,5), anything else (Đ, a comment, a level) as text."""
    try:
        number = Decimal(stored)
    except InvalidOperation:
        return stored
    return int(number) if number == number.to_integral_value() else float(number)


def visible_subjects(
    session: Session, actor: Actor | None, group: ClassGroup
) -> list[catalogue.SubjectInfo]:
    """The class's subjects this actor may export (see the module docstring)."""
    access.require_view(session, actor, group)
    subjects = catalogue.class_subjects(session, group)
    limited = actor is not None and actor.role == Role.TEACHER and not access.supervises(actor)
    if not limited or access.is_homeroom(group, actor):
        return subjects
    return [s for s in subjects if access.teaches(session, actor, group.id, s.id)]


def _secondary_rows(
    session: Session, actor: Actor | None, group: ClassGroup, subject: catalogue.SubjectInfo,
    semester: int,
) -> Iterator[Row]:  # fmt: skip
    grid = grade_grid(session, actor, group.id, subject.id, semester)
    for r in grid.rows:
        for cell in r.cells:
            if cell.stored is None:
                continue
            slot = parse_slot(cell.key)
            index = slot.number if slot.kind is Kind.REGULAR else 1
            yield (group.school_year, r.student_code, r.full_name, group.name, subject.name,
                   semester, slot.kind.value, index, _value(cell.stored))  # fmt: skip


def _primary_rows(
    session: Session, actor: Actor | None, group: ClassGroup, subject: catalogue.SubjectInfo,
    semester: int,
) -> Iterator[Row]:  # fmt: skip
    grid = primary_grid(session, actor, group.id, subject.id, semester)
    for r in grid.rows:
        for cell in r.cells:
            if cell.stored is None:
                continue
            slot: PSlot = parse_pslot(cell.key)
            yield (group.school_year, r.student_code, r.full_name, group.name, subject.name,
                   semester, slot.kind.value, slot.checkpoint, _value(cell.stored))  # fmt: skip


def _rating_rows(
    session: Session, actor: Actor | None, group: ClassGroup, semester: int
) -> Iterator[Row]:
    for checkpoint in (1, 2):
        sheet = rating_sheet(session, actor, group.id, semester, checkpoint)
        for line in sheet.lines:
            for name, value in line.values.items():
                if value is not None:
                    yield (group.school_year, line.student_code, line.full_name, group.name,
                           name, semester, "PC", checkpoint, value)  # fmt: skip


def class_score_rows(
    session: Session, actor: Actor | None, class_id: uuid.UUID, semester: int | None = None
) -> tuple[ClassGroup, list[str], list[Row]]:
    """The class, the subjects exported and one row per filled cell (``semester`` None: both)."""
    group = access.get_class(session, class_id)
    subjects = visible_subjects(session, actor, group)
    semesters = (semester,) if semester else (1, 2)
    primary = is_primary(group)
    rows: list[Row] = []
    for sem in semesters:
        for subject in subjects:
            make = _primary_rows if primary else _secondary_rows
            rows.extend(make(session, actor, group, subject, sem))
        if primary and may_rate(actor, group):
            rows.extend(_rating_rows(session, actor, group, sem))
    return group, [s.name for s in subjects], rows


def _write_xlsx(path: Path, title: str, rows: list[Row]) -> None:
    wb = writer.new_workbook()
    columns = [writer.ColumnSpec(h, k, w) for h, k, w in zip(HEADERS, _KINDS, _WIDTHS, strict=True)]
    writer.add_table_sheet(wb, title, columns, rows)
    writer.save_workbook(wb, path)


def _csv_text(value: object) -> str:
    text = str(value)
    return "'" + text if writer.is_formula_like(text) else text


def _write_csv(path: Path, rows: list[Row]) -> None:
    """UTF-8 with a BOM (Excel opens it in Vietnamese), comma separated, formulas defused."""
    try:
        with written_beside(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(HEADERS)
            for row in rows:
                out.writerow([_csv_text(v) for v in row])
    except OSError as exc:
        raise StorageError(M.class_scores_write_failed.format(path=path, detail=exc)) from exc


def export_class_scores(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    path: Path | str,
    semester: int | None = None,
) -> ClassScores:
    """Write the class's scores in the long format: CSV for a .csv name, else .xlsx."""
    path = Path(path)
    group, subjects, rows = class_score_rows(session, actor, class_id, semester)
    if path.suffix.lower() == ".csv":
        _write_csv(path, rows)
    else:
        _write_xlsx(path, M.class_scores_sheet.format(cls=group.name), rows)
    students = len({r[1] for r in rows})
    return ClassScores(path, group.name, group.school_year, tuple(subjects), students, len(rows))
