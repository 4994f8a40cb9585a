"""Loading a primary class's records and turning them into TT27 rules-engine inputs.

A few Core queries per class on the session's connection (the same shape as
``app.gradebook.records`` for secondary classes): roster, level/test/comment
cells, quality and competency ratings, nominations.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.models import PrimaryNomination, PrimaryRating
from app.gradebook.primary.values import (
    PRIMARY_KINDS,
    PKind,
    RatingDef,
    level_of,
    rating_of,
    ratings_for,
    test_of,
)
from app.gradebook.records import PRIMARY_LAST_GRADE, RosterEntry, class_scope, load_marks
from app.grading.primary import (
    NamedRating,
    PrimaryResult,
    PrimaryStudentYear,
    PrimarySubject,
    primary_year_result,
)
from app.grading.scores import Result
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.students.models import ClassGroup

PMarkKey = tuple[uuid.UUID, uuid.UUID, int]
"""(student, subject, semester)."""
RatingKey = tuple[uuid.UUID, int, int]
"""(student, semester, checkpoint)."""
YEAR_END = (2, 2)
"""(semester, checkpoint) of the end-of-year assessment the year result is computed from."""


def is_primary(group: ClassGroup) -> bool:
    """Whether a class is a primary class (grades 1–5, assessed under TT27)."""
    return group.grade <= PRIMARY_LAST_GRADE


def require_primary(group: ClassGroup) -> None:
    """Refuse secondary classes: their TT22 assessment is never computed as a TT27 one."""
    if not is_primary(group):
        raise ValidationError(M.secondary_not_primary.format(cls=group.name))


@dataclass
class PrimaryRecords:
    """Everything recorded for one primary class's year, keyed for fast lookup."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    grade: int
    subjects: tuple[SubjectInfo, ...]
    roster: tuple[RosterEntry, ...]
    rating_defs: tuple[RatingDef, ...]
    marks: dict[PMarkKey, dict[tuple[str, int], str]] = field(default_factory=dict)
    ratings: dict[RatingKey, dict[str, str]] = field(default_factory=dict)
    nominations: dict[uuid.UUID, str] = field(default_factory=dict)

    def cell(
        self, student_id: uuid.UUID, subject_id: uuid.UUID, semester: int, key: tuple[str, int]
    ) -> str | None:
        """The stored text of one cell ((kind, checkpoint)), or None."""
        return self.marks.get((student_id, subject_id, semester), {}).get(key)

    def rating(
        self, student_id: uuid.UUID, semester: int, checkpoint: int, name: str
    ) -> str | None:
        """The stored rating of one quality or competency, or None."""
        return self.ratings.get((student_id, semester, checkpoint), {}).get(name)


def load_primary(
    session: Session,
    group: ClassGroup,
    *,
    subject_ids: Iterable[uuid.UUID] | None = None,
    student_ids: Iterable[uuid.UUID] | None = None,
) -> PrimaryRecords:
    """Load a primary class's subjects, roster, cells, ratings and nominations."""
    require_primary(group)
    subjects, students = class_scope(session, group, subject_ids, student_ids)
    records = PrimaryRecords(
        group.id,
        group.name,
        group.school_year,
        group.grade,
        tuple(subjects),
        students,
        ratings_for(group.grade),
    )
    ids = [r.student_id for r in students]
    if ids and subjects:
        load_marks(session, records.marks, ids, [s.id for s in subjects], PRIMARY_KINDS)
    if ids:
        _load_ratings(session, records, ids)
    return records


def _load_ratings(session: Session, records: PrimaryRecords, ids: list[uuid.UUID]) -> None:
    stmt = select(
        PrimaryRating.student_id,
        PrimaryRating.semester,
        PrimaryRating.checkpoint,
        PrimaryRating.name,
        PrimaryRating.value,
    ).where(PrimaryRating.student_id.in_(ids), PrimaryRating.school_year == records.school_year)
    for student, semester, checkpoint, name, value in session.connection().execute(stmt):
        records.ratings.setdefault((student, semester, checkpoint), {})[name] = value
    nominated = select(PrimaryNomination.student_id, PrimaryNomination.achievement).where(
        PrimaryNomination.student_id.in_(ids),
        PrimaryNomination.school_year == records.school_year,
    )
    for sid, achievement in session.connection().execute(nominated):
        records.nominations[sid] = achievement


def student_primary(
    records: PrimaryRecords,
    student_id: uuid.UUID,
    semester: int = YEAR_END[0],
    checkpoint: int = YEAR_END[1],
) -> PrimaryStudentYear:
    """A student at one checkpoint as the TT27 engine takes it (default: the end of the year)."""
    subjects = []
    for subject in records.subjects:
        cells = records.marks.get((student_id, subject.id, semester), {})
        subjects.append(
            PrimarySubject(
                subject.name,
                level_of(cells.get((PKind.LEVEL.value, checkpoint))),
                test_of(cells.get((PKind.TEST.value, checkpoint))),
                tested=not subject.comment_only,
            )
        )
    given = records.ratings.get((student_id, semester, checkpoint), {})
    ratings = [NamedRating(d.name, rating_of(given.get(d.name))) for d in records.rating_defs]
    return PrimaryStudentYear(subjects, ratings)


def evaluate_primary_class(
    records: PrimaryRecords,
) -> dict[uuid.UUID, Result[PrimaryResult | None]]:
    """The TT27 year result of every student of the class, with reasons."""
    return {
        r.student_id: primary_year_result(student_primary(records, r.student_id))
        for r in records.roster
    }
