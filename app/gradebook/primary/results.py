"""Primary (TT27) class results: levels and test scores per checkpoint, qualities and
competencies, and for the year the result, the outcome and the commendation, with reasons.

Everything is recomputed from the recorded cells (``records.load_primary``) by
``app.grading.primary``; nothing is read from a stored summary. TT27 sums up
only at the end of the year, so a semester I summary has levels, tests and
ratings of "Cuối HK I" and says why it has no result.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import NotFound
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.primary.outcome import PrimaryOutcome, primary_outcome
from app.gradebook.primary.records import (
    PrimaryRecords,
    load_primary,
    require_primary,
    student_primary,
)
from app.gradebook.primary.values import (
    PKind,
    RatingDef,
    checkpoint_label,
    has_test,
    level_of,
    rating_of,
    test_of,
)
from app.gradebook.records import RosterEntry
from app.gradebook.results import ResultView, as_view
from app.gradebook.terms import check_semester
from app.grading.primary import (
    PrimaryCommendation,
    PrimaryResult,
    primary_commendation,
    primary_year_result,
)
from app.grading.scores import Result
from app.messages.gradebook import GRADEBOOK_MSG as GM
from app.messages.primary_results import PRIMARY_RESULTS_MSG as M

YEAR_SCOPE = 0
"""Snapshot scope of the year (1 and 2 are the semesters), as for secondary classes."""
SHOWN: dict[int | None, tuple[tuple[int, int], ...]] = {
    None: ((1, 1), (1, 2), (2, 1), (2, 2)),
    1: ((1, 1), (1, 2)),
    2: ((2, 1), (2, 2)),
}
"""(semester, checkpoint) shown by a year (None), semester I or semester II summary."""


@dataclass(frozen=True)
class PrimarySubjectView:
    """One subject of one student: levels and test scores keyed by checkpoint label."""

    subject_id: uuid.UUID
    name: str
    short_name: str
    tested: bool
    levels: dict[str, str]
    """Checkpoint label ("Giữa HK I" … "Cuối năm") → stored level; absent: not entered."""
    tests: dict[str, int]
    """Checkpoint label → periodic-test score; absent: not entered (or no test then)."""
    comment: str
    """The comment at the summary's checkpoint (end of the year or of semester I)."""
    test_checkpoints: tuple[str, ...] = ()
    """The shown checkpoints at which this subject has a periodic test in this grade."""
    level_reasons: tuple[str, ...] = ()
    """Levels not entered yet ("Cuối năm: chưa nhập mức đạt được")."""
    test_reasons: tuple[str, ...] = ()
    """Periodic tests not entered yet ("Cuối năm: chưa nhập điểm kiểm tra định kì")."""

    @property
    def label(self) -> str:
        """The short name if there is one, else the full name."""
        return self.short_name or self.name

    @property
    def missing(self) -> tuple[str, ...]:
        """Every required cell not entered yet."""
        return self.level_reasons + self.test_reasons


@dataclass(frozen=True)
class PrimaryStudentSummary:
    """One student's primary results; ``result``/``outcome``/``commendation`` only for the year.

    In a semester I summary they are views with value None and the reason why.
    """

    student_id: uuid.UUID
    student_code: str
    full_name: str
    current: bool
    subjects: tuple[PrimarySubjectView, ...]
    ratings: dict[str, str | None]
    """Quality/competency name → stored rating at the summary's checkpoint (None: not entered)."""
    result: ResultView | None
    outcome: ResultView | None
    commendation: ResultView | None
    nomination: str | None
    rating_missing: tuple[str, ...] = ()
    """Reasons for ratings not entered ("phẩm chất chủ yếu Yêu nước: chưa nhập đánh giá")."""


@dataclass(frozen=True)
class PrimaryClassSummary:
    """A primary class's results for the year (``semester`` None or 2) or semester I (1)."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    grade: int
    semester: int | None
    checkpoint: int
    subjects: tuple[SubjectInfo, ...]
    rating_names: tuple[str, ...]
    students: tuple[PrimaryStudentSummary, ...]
    locked: frozenset[int]
    rating_defs: tuple[RatingDef, ...] = ()
    """The rated qualities and competencies (group, short name) in ``rating_names`` order."""

    @property
    def is_year(self) -> bool:
        """Whether this summary has the year result (semester None or 2)."""
        return self.semester != 1

    @property
    def rating_semester(self) -> int:
        """The semester of the ratings and comments shown (the checkpoint's semester)."""
        return 1 if self.semester == 1 else 2

    @property
    def checkpoint_label(self) -> str:
        """ "Cuối năm" or "Cuối HK I": where ratings and comments are taken."""
        return checkpoint_label(self.rating_semester, self.checkpoint)

    @property
    def checkpoint_labels(self) -> tuple[str, ...]:
        """The checkpoints whose levels and tests the summary holds, in order."""
        return tuple(checkpoint_label(sem, cp) for sem, cp in SHOWN[self.semester])


@dataclass(frozen=True)
class PrimaryYear:
    """A student's year: the TT27 result, the outcome and the commendation, with reasons."""

    result: Result[PrimaryResult | None]
    outcome: Result[PrimaryOutcome | None]
    commendation: Result[PrimaryCommendation | None]
    nomination: str | None = None
    """The achievement the class recognised (primary_nomination), if any."""


def evaluate_student_year(records: PrimaryRecords, student_id: uuid.UUID) -> PrimaryYear:
    """The year result (from Cuối năm), outcome and commendation of one student of a loaded class."""
    result = primary_year_result(student_primary(records, student_id))
    nomination = records.nominations.get(student_id)
    award = primary_commendation(result.value, nominated=nomination is not None)
    if nomination is not None:
        award = Result(award.value, (*award.reasons, M.nominated.format(achievement=nomination)))
    return PrimaryYear(result, primary_outcome(result, records.grade), award, nomination)


def _subject_view(
    records: PrimaryRecords,
    student_id: uuid.UUID,
    subject: SubjectInfo,
    shown: tuple[tuple[int, int], ...],
) -> PrimarySubjectView:
    """One subject's levels and tests at the shown checkpoints, and what is missing."""
    levels: dict[str, str] = {}
    tests: dict[str, int] = {}
    tested_at: list[str] = []
    no_level: list[str] = []
    no_test: list[str] = []
    for semester, cp in shown:
        label = checkpoint_label(semester, cp)
        cells = records.marks.get((student_id, subject.id, semester), {})
        level = level_of(cells.get((PKind.LEVEL.value, cp)))
        test = test_of(cells.get((PKind.TEST.value, cp)))
        needs_test = has_test(subject.name, not subject.comment_only, records.grade, cp)
        if level is not None:
            levels[label] = level.value
        else:
            no_level.append(M.level_missing.format(checkpoint=label))
        if test is not None:
            tests[label] = test
        if needs_test:
            tested_at.append(label)
            if test is None:
                no_test.append(M.test_missing.format(checkpoint=label))
    semester, cp = shown[-1]
    comment = records.cell(student_id, subject.id, semester, (PKind.COMMENT.value, cp)) or ""
    return PrimarySubjectView(
        subject.id,
        subject.name,
        subject.short_name,
        not subject.comment_only,
        levels,
        tests,
        comment,
        tuple(tested_at),
        tuple(no_level),
        tuple(no_test),
    )


def student_summary(
    records: PrimaryRecords, entry: RosterEntry, semester: int | None
) -> PrimaryStudentSummary:
    """Results of one student of a loaded primary class, for semester I or the year."""
    shown = SHOWN[semester]
    sem, cp = shown[-1]
    sid = entry.student_id
    given = {d.name: records.rating(sid, sem, cp, d.name) for d in records.rating_defs}
    ratings = {n: (r.value if (r := rating_of(v)) else None) for n, v in given.items()}
    absent = tuple(
        M.rating_missing.format(group=d.group.lower(), name=d.name)
        for d in records.rating_defs
        if ratings[d.name] is None
    )
    result: ResultView | None
    outcome: ResultView | None
    award: ResultView | None
    if semester == 1:
        result = outcome = award = ResultView(None, (M.year_only,))
    else:
        year = evaluate_student_year(records, sid)
        result, outcome, award = (
            as_view(year.result),
            as_view(year.outcome),
            as_view(year.commendation),
        )
    return PrimaryStudentSummary(
        sid,
        entry.student_code,
        entry.full_name,
        entry.current,
        tuple(_subject_view(records, sid, s, shown) for s in records.subjects),
        ratings,
        result,
        outcome,
        award,
        records.nominations.get(sid),
        absent,
    )


def brief(reasons: tuple[str, ...], limit: int = 6) -> str:
    """Reasons joined for one line, the first ``limit`` then "… và n mục khác"."""
    shown = "; ".join(reasons[:limit])
    more = len(reasons) - limit
    return shown + (f"; {M.more_reasons.format(n=more)}" if more > 0 else "")


def summarise(
    records: PrimaryRecords, semester: int | None, locked: frozenset[int]
) -> PrimaryClassSummary:
    """The class summary of loaded primary records."""
    return PrimaryClassSummary(
        records.class_id,
        records.class_name,
        records.school_year,
        records.grade,
        semester,
        SHOWN[semester][-1][1],
        records.subjects,
        tuple(d.name for d in records.rating_defs),
        tuple(student_summary(records, e, semester) for e in records.roster),
        locked,
        records.rating_defs,
    )


def primary_summary(
    session: Session, actor: Actor | None, class_id: uuid.UUID, semester: int | None = None
) -> PrimaryClassSummary:
    """Per student: every subject's levels and tests, ratings, and the year's result with reasons."""
    if semester is not None:
        check_semester(semester)
    group = access.get_class(session, class_id)
    require_primary(group)
    access.require_view(session, actor, group)
    records = load_primary(session, group)
    if not records.subjects:
        raise NotFound(GM.catalogue_missing.format(year=group.school_year))
    return summarise(records, semester, access.locked_semesters(session, class_id))


def _semester_payload(records: PrimaryRecords, student_id: uuid.UUID, semester: int) -> Any:
    """A semester's levels and tests per subject and ratings per checkpoint, as read."""
    levels: dict[str, dict[str, str | None]] = {}
    tests: dict[str, dict[str, int]] = {}
    for subject in records.subjects:
        cells = records.marks.get((student_id, subject.id, semester), {})
        row: dict[str, str | None] = {}
        scores: dict[str, int] = {}
        for (kind, cp), stored in cells.items():
            label = checkpoint_label(semester, cp)
            if kind == PKind.LEVEL.value:
                level = level_of(stored)
                row[label] = level.value if level is not None else None
            elif kind == PKind.TEST.value and (score := test_of(stored)) is not None:
                scores[label] = score
        levels[str(subject.id)], tests[str(subject.id)] = row, scores
    ratings = {
        checkpoint_label(semester, cp): {
            name: (r.value if (r := rating_of(v)) else None)
            for name, v in records.ratings.get((student_id, semester, cp), {}).items()
        }
        for cp in (1, 2)
    }
    return {"levels": levels, "tests": tests, "ratings": ratings}


def snapshot_payload(records: PrimaryRecords, student_id: uuid.UUID, scope: int) -> Any:
    """What a lock-time snapshot stores for a primary student (scope 1, 2 or 0 = the year)."""
    if scope != YEAR_SCOPE:
        return _semester_payload(records, student_id, scope)
    year = evaluate_student_year(records, student_id)

    def plain(r: Result[Any]) -> str | None:
        """An enum result as its label (None: not computable)."""
        return None if r.value is None else str(r.value.value)

    return {
        "result": plain(year.result),
        "outcome": plain(year.outcome),
        "commendation": plain(year.commendation),
        "nominated": student_id in records.nominations,
    }
