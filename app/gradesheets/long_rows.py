"""What the TT22 and TT27 readers of the long import format share.

Every row names a student code, a subject (or a quality), a semester, an index
and optionally a school year: ``LongFile.head`` reads and checks those, ``Finder``
finds the student's class that year and the class's subjects, and
``grid_changes`` compares a grid's cells with the file. ``Refuse`` collects
the located problems of the whole file.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.excel.cells import CellValue, clean_text, code_text
from app.excel.headers import Table
from app.gradebook.catalogue import SubjectInfo, class_subjects
from app.gradesheets.layout import typed_text
from app.gradesheets.model import CellChange
from app.gradesheets.sheet_grid import SheetGrid, SheetRow
from app.importing.located import Problem
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.students.models import ClassGroup, Enrolment, Student

T = TypeVar("T")
SEMESTERS = {"1": 1, "i": 1, "hk1": 1, "hki": 1, "2": 2, "ii": 2, "hk2": 2, "hkii": 2}


class Refuse:
    """Collects located problems; calling it records one and returns True (for ``bad = …``)."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []

    def __call__(self, row: int, column: str, value: str, reason: str) -> bool:
        self.problems.append(Problem(self.sheet, row, column, value, reason))
        return True


@dataclass(frozen=True)
class Head:
    """The fields every long-format row has, read; ``bad`` after a missing one was refused."""

    code: str
    subject: str
    semester: int | None
    index: str
    year: str
    bad: bool


@dataclass(frozen=True)
class LongFile:
    """The table being read, the school's years, and the problems found so far."""

    table: Table
    default_year: str
    """The year of rows that name none."""
    years: set[str]
    refuse: Refuse

    def head(self, row: int, values: dict[str, CellValue]) -> Head:
        """Student code, subject, semester, index text and year (the first three required)."""
        col, refuse = self.table.headers, self.refuse
        code = code_text(values.get("student_code"))
        subject = clean_text(values.get("subject"))
        sem_text = typed_text(values.get("semester"))[0].replace(" ", "").casefold()
        index_text = typed_text(values.get("index"))[0]
        year = clean_text(values.get("school_year")) or self.default_year
        bad = False
        for name, text in (("student_code", code), ("subject", subject)):
            if not text:
                bad = refuse(row, col[name], "", M.required_cell)
        semester = SEMESTERS.get(sem_text.removeprefix("họckì").removeprefix("họckỳ"))
        if semester is None:
            bad = refuse(row, col["semester"], sem_text, M.semester_bad)
        return Head(code, subject, semester, index_text, year, bad)

    def year_refused(self, row: int, year: str) -> bool:
        """Refuse a school year the school does not have; True when refused."""
        if year in self.years:
            return False
        where = self.table.headers.get("school_year", "school_year")
        return self.refuse(row, where, year, M.year_bad.format(value=year))


class LongRow(Protocol):
    """A parsed row: its sheet row, student code and school year."""

    @property
    def row(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def year(self) -> str: ...


L = TypeVar("L", bound=LongRow)
StudentClass = tuple[uuid.UUID, str, ClassGroup]
"""(student id, full name, the class they were in that year)."""


def classes(
    session: Session, codes: set[str], years: set[str]
) -> dict[tuple[str, str], StudentClass]:
    """(code, year) → (student id, name, class): the class the student is, or was last, in."""
    stmt = (
        select(Student.id, Student.student_code, Student.full_name, ClassGroup)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrolment.class_id)
        .where(Student.student_code.in_(codes), ClassGroup.school_year.in_(years))
        .order_by(Enrolment.end_date.is_not(None), Enrolment.start_date.desc())
    )
    out: dict[tuple[str, str], StudentClass] = {}
    for sid, code, name, group in session.execute(stmt):
        out.setdefault((code, group.school_year), (sid, name, group))
    return out


class Finder:
    """Finds the rows' students (their class that year) and the classes' subjects, once each."""

    def __init__(self, session: Session, rows: Sequence[LongRow]) -> None:
        self.session = session
        codes = {r.code for r in rows}
        self.found = classes(session, codes, {r.year for r in rows})
        self.known = set(
            session.scalars(select(Student.student_code).where(Student.student_code.in_(codes)))
        )
        self.subjects: dict[uuid.UUID, list[SubjectInfo]] = {}

    def located(self, rows: Iterable[L], f: LongFile) -> Iterator[tuple[L, StudentClass]]:
        """Each row whose student was in a class that year, with (student id, name, class);
        the others refused."""
        where = f.table.headers["student_code"]
        for r in rows:
            if (r.code, r.year) in self.found:
                yield r, self.found[(r.code, r.year)]
                continue
            why = M.student_no_class.format(year=r.year) if r.code in self.known else None
            f.refuse(r.row, where, r.code, why or M.student_code_unknown)

    def subject(self, group: ClassGroup, name: str) -> SubjectInfo | None:
        """The class's subject called ``name`` or by its short name (case ignored)."""
        if group.id not in self.subjects:
            self.subjects[group.id] = class_subjects(self.session, group)
        wanted = name.casefold()
        return next(
            (
                s
                for s in self.subjects[group.id]
                if wanted in (s.name.casefold(), s.short_name.casefold())
            ),
            None,
        )


def grid_changes(
    grid: SheetGrid[object],
    items: Iterable[T],
    cell: Callable[[T], tuple[uuid.UUID, str, str | None]],
    change: Callable[[T, SheetRow, str | None], CellChange],
) -> tuple[list[CellChange], int]:
    """Each item's cell (student, column, file value) against the grid now: (changes, unchanged).

    ``change`` builds the change of an item from the student's row and the value now.
    """
    rows = {r.student_id: r for r in grid.rows}
    changes, unchanged = [], 0
    for item in items:
        student_id, key, new = cell(item)
        row = rows[student_id]
        current = next((c.stored for c in row.cells if c.key == key), None)
        if current == new:
            unchanged += 1
            continue
        changes.append(change(item, row, current))
    return changes, unchanged
