"""Class 6A1 of 2025-2026 built through the students and grade-book services, plus sheet helpers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app import accounts
from app.db import Actor, Database
from app.gradebook import assignments, catalogue, terms
from app.gradebook.conduct import ConductEdit, save_conduct
from app.gradebook.entry import CellEdit, save_scores
from app.gradesheets import layout as L
from app.students import StudentInput, create_class, create_student
from tests.conftest import PASSWORD, Seeded

YEAR = "2025-2026"
NAMES = ("Nguyễn Văn Bảo", "Trần Thị Ánh", "Lê Văn Anh", "Phạm Minh Châu", "Đặng Thị Ngọc Ánh")
NAME_ORDER = ("Lê Văn Anh", "Đặng Thị Ngọc Ánh", "Trần Thị Ánh", "Nguyễn Văn Bảo", "Phạm Minh Châu")
"""Vietnamese name order: given name first (Anh < Ánh < Bảo < Châu), then the full name."""
SYSTEM = Actor.system("test")


@dataclass
class SheetSchool:
    """The seeded school with class 6A1, its students, subjects and teachers."""

    seeded: Seeded
    class_id: uuid.UUID
    students: dict[str, uuid.UUID]
    codes: dict[str, str]
    subjects: dict[str, uuid.UUID]
    homeroom: Actor

    @property
    def db(self) -> Database:
        return self.seeded.db

    @property
    def teacher(self) -> Actor:
        """u_teacher, assigned to Toán and GDTC in 6A1."""
        return self.seeded.actor("teacher")

    @property
    def principal(self) -> Actor:
        return self.seeded.actor("principal")

    def save(
        self,
        subject: str,
        semester: int,
        cells: Mapping[tuple[str, str], str],
        *,
        reason: str | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Store cells {(student name, column): value} through the grade-book service."""
        edits = [CellEdit(self.students[name], col, value) for (name, col), value in cells.items()]
        with self.db.uow(actor=actor or SYSTEM) as s:
            save_scores(
                s, actor or SYSTEM, self.class_id, self.subjects[subject], semester, edits, reason
            )


def build(seeded: Seeded) -> SheetSchool:
    """Catalogue, semesters, a homeroom teacher, class 6A1, five students, two assignments."""
    db = seeded.db
    with db.uow(actor=SYSTEM) as s:
        catalogue.ensure_catalogue(s, SYSTEM, YEAR)
        terms.ensure_semesters(s, SYSTEM, YEAR)
        homeroom = accounts.create_user(s, SYSTEM, "gv.cn", "Cô Hoàng Thị Lan", "teacher", PASSWORD)
        group = create_class(s, SYSTEM, "6A1", year=YEAR, homeroom="gv.cn")
        students, codes = {}, {}
        for i, name in enumerate(NAMES, start=1):
            code = f"HS{i:03d}"
            inp = StudentInput(
                name, date(2014, 3, i), "Nam" if i % 2 else "Nữ", code, class_name="6A1"
            )
            saved = create_student(s, SYSTEM, inp, year=YEAR, on=date(2025, 9, 5))
            students[name], codes[name] = saved.id, code
        subjects = {x.name: x.id for x in catalogue.list_subjects(s, YEAR, 6)}
        for subject in ("Toán", "Giáo dục thể chất"):
            assignments.assign_teacher(s, SYSTEM, group.id, subjects[subject], "u_teacher")
    return SheetSchool(seeded, group.id, students, codes, subjects, homeroom.actor())


@pytest.fixture
def school6(seeded: Seeded) -> Iterator[SheetSchool]:
    """Class 6A1 on each backend."""
    yield build(seeded)


def fill_year(
    sc: SheetSchool,
    name: str,
    score: str = "8",
    *,
    overrides: Mapping[str, str] | None = None,
    conduct: tuple[str, str] = ("Tốt", "Tốt"),
    absent: int = 2,
) -> None:
    """A whole year for one student: every scored subject at ``score`` (or an override), comment ones Đạt."""
    sid = sc.students[name]
    with sc.db.read() as s:
        subjects = catalogue.list_subjects(s, YEAR, 6)
    with sc.db.uow(actor=SYSTEM) as s:
        for subject in subjects:
            value = "Đ" if subject.comment_only else (overrides or {}).get(subject.name, score)
            cols = [f"TX{i}" for i in range(1, subject.regular_count + 1)] + ["GK", "CK"]
            for semester in (1, 2):
                cells = [CellEdit(sid, c, value) for c in cols]
                save_scores(s, SYSTEM, sc.class_id, subject.id, semester, cells)
        for semester, level in zip((1, 2), conduct, strict=True):
            edit = ConductEdit(sid, level, str(absent // 2), "0")
            save_conduct(s, SYSTEM, sc.class_id, semester, [edit])


# ---------------------------------------------------------------- a teacher with Excel


def open_sheet(path: Path) -> tuple[Any, Any]:
    """The workbook and its visible grade sheet, as openpyxl opens what Excel saved."""
    wb = openpyxl.load_workbook(path)
    return wb, next(ws for ws in wb.worksheets if ws.sheet_state == "visible")


def column_of(ws: Any, label: str) -> int:
    """The column number of a header in the header row."""
    for cell in ws[L.HEADER_ROW]:
        if cell.value == label:
            return int(cell.column)
    raise KeyError(label)


def row_of(ws: Any, code: str) -> int:
    """The row number of a student code in column B."""
    for r in range(L.FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(r, 2).value == code:
            return r
    raise KeyError(code)


def teacher_types(path: Path, cells: Mapping[tuple[str, str], Any]) -> Path:
    """Type {(student code, column header): value} into the sheet and save it, like a teacher."""
    wb, ws = open_sheet(path)
    for (code, label), value in cells.items():
        ws.cell(row_of(ws, code), column_of(ws, label)).value = value
    wb.save(path)
    return path
