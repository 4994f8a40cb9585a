"""Teachers finish the demo school's current year: every required value still missing is entered.

Through the grade book's own services (no rows written by hand): secondary
classes get 7,0 (or Đạt) in each missing assessment and conduct Tốt; primary
classes get Hoàn thành, a test score of 8 and Đạt for qualities and competencies.
What the demo already entered (semester I, varied) stays, so results still differ.
"""

from __future__ import annotations

from sqlalchemy import select

from app.db import Actor, Database
from app.gradebook.conduct import ConductEdit, save_conduct
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.primary.records import is_primary, load_primary
from app.gradebook.primary.values import PKind, required, subject_slots
from app.gradebook.primary_entry import PCellEdit, save_cells
from app.gradebook.primary_ratings import RatingEdit, save_ratings
from app.gradebook.records import load_class
from app.gradebook.values import Kind, grid_slots
from app.students.models import ClassGroup

ADMIN = Actor.system("test")
PRIMARY_VALUES = {PKind.LEVEL: "Hoàn thành", PKind.TEST: "8"}


def finish_year(db: Database, year: str) -> None:
    """Enter every missing required value of both semesters of every class of ``year``."""
    with db.read() as s:
        ids = list(s.scalars(select(ClassGroup.id).where(ClassGroup.school_year == year)))
    for class_id in ids:
        with db.uow(actor=ADMIN, reason="Hoàn tất sổ điểm cuối năm") as s:
            group = s.get(ClassGroup, class_id)
            assert group is not None
            if is_primary(group):
                _finish_primary(s, group)
            else:
                _finish_secondary(s, group)


def _finish_secondary(s: object, group: ClassGroup) -> None:
    records = load_class(s, group)  # type: ignore[arg-type]
    current = [e.student_id for e in records.roster if e.current]
    for subject in records.subjects:
        slots = [x for x in grid_slots(subject.regular_count) if x.kind is not Kind.COMMENT]
        value = "Đ" if subject.comment_only else "7"
        for semester in (1, 2):
            edits = [
                CellEdit(sid, slot.key, value)
                for sid in current
                for slot in slots
                if (slot.kind.value, slot.number)
                not in records.marks.get((sid, subject.id, semester), {})
            ]
            if edits:
                save_scores(s, ADMIN, group.id, subject.id, semester, edits)  # type: ignore[arg-type]
    for semester in (1, 2):
        edits = [
            ConductEdit(sid, "Tốt")
            for sid in current
            if (row := records.conduct.get((sid, semester))) is None or row.conduct is None
        ]
        if edits:
            save_conduct(s, ADMIN, group.id, semester, edits)  # type: ignore[arg-type]


def _finish_primary(s: object, group: ClassGroup) -> None:
    records = load_primary(s, group)  # type: ignore[arg-type]
    current = [e.student_id for e in records.roster if e.current]
    for subject in records.subjects:
        slots = [
            x for x in subject_slots(subject.name, not subject.comment_only, group.grade)
            if required(x)
        ]  # fmt: skip
        for semester in (1, 2):
            edits = [
                PCellEdit(sid, slot.key, PRIMARY_VALUES[slot.kind])
                for sid in current
                for slot in slots
                if records.cell(sid, subject.id, semester, (slot.kind.value, slot.checkpoint))
                is None
            ]
            if edits:
                save_cells(s, ADMIN, group.id, subject.id, semester, edits)  # type: ignore[arg-type]
    for semester in (1, 2):
        for checkpoint in (1, 2):
            edits = [
                RatingEdit(sid, d.name, "Đạt")
                for sid in current
                for d in records.rating_defs
                if records.ratings.get((sid, semester, checkpoint), {}).get(d.name) is None
            ]
            if edits:
                save_ratings(s, ADMIN, group.id, semester, checkpoint, edits)  # type: ignore[arg-type]
