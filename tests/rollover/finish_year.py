"""Teachers finish the demo school's current year: every required value still missing is entered.

Through the grade book's own services (no rows written by hand): secondary
classes get 7,0 (or Đạt) in each missing assessment and conduct Tốt; primary
classes get Hoàn thành, a test score of 8 and Đạt for qualities and competencies.
What the demo already entered (semester I, varied) stays. A few students, picked by
their place in the class list, do worse in semester II so that every outcome shows:
2,0 in Toán and Ngữ văn (re-test), conduct Chưa đạt (summer training), 50 sessions
absent (repeat); primary: Toán Chưa hoàn thành with a test of 3 (not completed).
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
PRIMARY_BEHIND = {PKind.LEVEL: "Chưa hoàn thành", PKind.TEST: "3"}
RETEST, SUMMER, ABSENT, BEHIND = 3, 5, 7, 4
"""Place in the class list (modulo 17, 19, 23 and 15) of the students who do worse."""


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
        weak = subject.name in ("Toán", "Ngữ văn")
        for semester in (1, 2):
            edits = [
                CellEdit(sid, slot.key, _score(subject.comment_only, weak and semester == 2, i))
                for i, sid in enumerate(current)
                for slot in slots
                if (slot.kind.value, slot.number)
                not in records.marks.get((sid, subject.id, semester), {})
            ]
            if edits:
                save_scores(s, ADMIN, group.id, subject.id, semester, edits)  # type: ignore[arg-type]
    for semester in (1, 2):
        edits = [
            _conduct(sid, semester, i)
            for i, sid in enumerate(current)
            if (row := records.conduct.get((sid, semester))) is None or row.conduct is None
        ]
        if edits:
            save_conduct(s, ADMIN, group.id, semester, edits)  # type: ignore[arg-type]


def _score(comment_only: bool, weak: bool, index: int) -> str:
    if comment_only:
        return "Đ"
    return "2" if weak and index % 17 == RETEST else "7"


def _conduct(sid: object, semester: int, index: int) -> ConductEdit:
    level = "Chưa đạt" if semester == 2 and index % 19 == SUMMER else "Tốt"
    absent = 50 if semester == 2 and index % 23 == ABSENT else None
    return ConductEdit(sid, level, absent)  # type: ignore[arg-type]


def _finish_primary(s: object, group: ClassGroup) -> None:
    records = load_primary(s, group)  # type: ignore[arg-type]
    current = [e.student_id for e in records.roster if e.current]
    for subject in records.subjects:
        slots = [
            x for x in subject_slots(subject.name, not subject.comment_only, group.grade)
            if required(x)
        ]  # fmt: skip
        for semester in (1, 2):
            behind = subject.name == "Toán" and semester == 2
            edits = [
                PCellEdit(sid, slot.key, _primary(slot.kind, behind and i % 15 == BEHIND))
                for i, sid in enumerate(current)
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


def _primary(kind: PKind, behind: bool) -> str:
    return (PRIMARY_BEHIND if behind else PRIMARY_VALUES)[kind]
