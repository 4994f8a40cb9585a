"""Building a ``TranscriptRecord`` from the database: one student, one locked school year.

The grade book's results are recomputed (``app.gradebook.results``, ``…primary.results``)
exactly as the class summary shows them, and the year's lock-time snapshot (the official
results, ``app.gradebook.snapshots``) must agree with that recomputation: a difference means
the data changed outside the app, and no transcript is made from it. Identity and guardians
come from the student record, "Quá trình học tập" from the enrolments plus the years at other
schools entered by hand, and what the grade book lacks from ``TranscriptExtra``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import school
from app.accounts import User
from app.errors import Conflict, NotFound, ValidationError
from app.gradebook import access, snapshots
from app.gradebook.models import ResultSnapshot, TeachingAssignment
from app.gradebook.primary import results as primary_results
from app.gradebook.primary.records import is_primary, load_primary
from app.gradebook.records import RosterEntry, load_class
from app.gradebook.results import ResultView, student_summary
from app.messages.transcripts import TRANSCRIPT_MSG as M
from app.students.inputs import SEX_LABELS, Relation
from app.students.models import ClassGroup, Enrolment, Guardian, Student
from app.students.validation import ethnicity_name
from app.transcripts.models import TranscriptExtra, TranscriptProcess
from app.transcripts.record import (
    Identity,
    Level,
    Mark,
    ProcessRow,
    Rating,
    SchoolInfo,
    SubjectLine,
    TermSummary,
    TranscriptRecord,
    YearPage,
)

SEMESTERS = frozenset({1, 2})
LAST_GRADE_OF = {5: "Hoàn thành chương trình tiểu học", 9: "Hoàn thành chương trình THCS",
                 12: "Hoàn thành chương trình THPT"}  # fmt: skip
RATING_SHORT = {"Tốt": "T", "Đạt": "Đ", "Cần cố gắng": "C"}
"""TT27 ratings of qualities and competencies as the primary form prints them."""
LEVEL_SHORT = {"Hoàn thành tốt": "T", "Hoàn thành": "H", "Chưa hoàn thành": "C"}
QUALITIES = "Phẩm chất chủ yếu"


@dataclass(frozen=True)
class Target:
    """The student and the class they belonged to in the year."""

    student: Student
    group: ClassGroup


def class_of(session: Session, student_id: uuid.UUID, year: str) -> ClassGroup:
    """The student's class in the year: the latest enrolment of that year."""
    stmt = (
        select(ClassGroup)
        .join(Enrolment, Enrolment.class_id == ClassGroup.id)
        .where(Enrolment.student_id == student_id, Enrolment.school_year == year)
        .order_by(Enrolment.start_date.desc(), Enrolment.created_at.desc())
        .limit(1)
    )
    group = session.scalar(stmt)
    if group is None:
        raise NotFound(M.not_enrolled.format(year=year))
    return group


def target(session: Session, student_id: uuid.UUID, year: str) -> Target:
    """The student and their class of ``year`` (NotFound for either)."""
    student = session.get(Student, student_id)
    if student is None:
        raise NotFound(M.student_not_found)
    return Target(student, class_of(session, student_id, year))


def require_locked(session: Session, group: ClassGroup) -> None:
    """Refuse unless both semesters of the class are locked (the year is final)."""
    missing = SEMESTERS - access.locked_semesters(session, group.id)
    if missing:
        raise ValidationError(
            M.year_not_locked.format(cls=group.name, year=group.school_year,
                                     semesters=", ".join("I" * n for n in sorted(missing)))
        )  # fmt: skip


def _check_snapshot(session: Session, group: ClassGroup, sid: uuid.UUID, fresh: str) -> None:
    """The lock-time year snapshot must exist and equal the recomputation."""
    stored = session.scalar(
        select(ResultSnapshot.data).where(
            ResultSnapshot.student_id == sid,
            ResultSnapshot.school_year == group.school_year,
            ResultSnapshot.scope == snapshots.YEAR_SCOPE,
        )
    )
    if stored is None or stored != fresh:
        raise Conflict(M.snapshot_differs.format(cls=group.name, year=group.school_year))


# ---------------------------------------------------------------- identity and process


def _user_name(session: Session, user_id: uuid.UUID | None) -> str:
    if user_id is None:
        return ""
    return session.scalar(select(User.full_name).where(User.id == user_id)) or ""


def _school_info(profile: school.SchoolProfile) -> SchoolInfo:
    place = profile.commune.removeprefix("Xã ").removeprefix("Phường ").strip()
    return SchoolInfo(profile.code, profile.name, profile.authority.upper(),
                      commune=profile.commune, province=profile.province, place=place)  # fmt: skip


def _identity(session: Session, s: Student) -> Identity:
    guardians = session.scalars(
        select(Guardian).where(Guardian.student_id == s.id).order_by(Guardian.created_at)
    ).all()
    by = {g.relation: g.full_name for g in reversed(guardians)}
    address = ", ".join(x for x in (s.address_detail, s.address_commune, s.address_province) if x)
    return Identity(
        full_name=s.full_name,
        sex=SEX_LABELS.get(s.sex, s.sex),
        date_of_birth=s.date_of_birth,
        place_of_birth=s.place_of_birth,
        ethnicity=ethnicity_name(s.ethnicity_code) if s.ethnicity_code else "",
        nationality=s.nationality,
        hometown=s.hometown,
        address=address,
        father=by.get(Relation.FATHER, ""),
        mother=by.get(Relation.MOTHER, ""),
        guardian=by.get(Relation.GUARDIAN, ""),
        personal_id=s.personal_id or "",
        student_code=s.student_code,
        ministry_code=s.ministry_code,
        lifelong_record_number=s.lifelong_record_number,
    )


def _process(
    session: Session, student_id: uuid.UUID, profile: school.SchoolProfile, until: str
) -> tuple[ProcessRow, ...]:
    """Years here (from the enrolments) and elsewhere (entered by hand), up to ``until``."""
    rows: dict[str, ProcessRow] = {}
    stmt = (
        select(Enrolment.school_year, ClassGroup.name)
        .join(ClassGroup, ClassGroup.id == Enrolment.class_id)
        .where(Enrolment.student_id == student_id, Enrolment.school_year <= until)
        .order_by(Enrolment.start_date, Enrolment.created_at)
    )
    for year, name in session.execute(stmt):
        rows[year] = ProcessRow(year, name, profile.name, profile.principal)
    hand = select(TranscriptProcess).where(
        TranscriptProcess.student_id == student_id, TranscriptProcess.school_year <= until
    )
    for p in session.scalars(hand):
        rows.setdefault(
            p.school_year, ProcessRow(p.school_year, p.class_name, p.school_name, p.principal, True)
        )
    return tuple(rows[y] for y in sorted(rows))


def lines(text: str) -> tuple[str, ...]:
    """One item per stored line, blank lines dropped."""
    return tuple(x.strip() for x in text.splitlines() if x.strip())


def _measure(text: str) -> Decimal | None:
    return Decimal(text) if text else None


# ---------------------------------------------------------------- secondary (TT22)


COMMENT_SHORT = {"Đạt": "Đ", "Chưa đạt": "CĐ"}
"""A comment-assessed subject as the TT22 form prints it."""


def _mark(view: ResultView | None) -> Mark:
    if view is None or view.value is None:
        return None
    if isinstance(view.value, str):
        return COMMENT_SHORT.get(view.value, view.value)
    return view.value


def _teachers(session: Session, class_id: uuid.UUID) -> dict[uuid.UUID, str]:
    stmt = (
        select(TeachingAssignment.subject_id, User.full_name)
        .join(User, User.id == TeachingAssignment.teacher_id)
        .where(TeachingAssignment.class_id == class_id)
        .order_by(User.full_name)
    )
    out: dict[uuid.UUID, str] = {}
    for subject_id, name in session.execute(stmt):
        out[subject_id] = ", ".join(x for x in (out.get(subject_id), name) if x)
    return out


def _secondary_page(
    session: Session, group: ClassGroup, entry: RosterEntry, base: YearPage
) -> YearPage:
    records = load_class(session, group, student_ids=[entry.student_id])
    _check_snapshot(session, group, entry.student_id,
                    snapshots.snapshot_data(records, entry.student_id, snapshots.YEAR_SCOPE))  # fmt: skip
    st = student_summary(records, entry, None)
    teachers = _teachers(session, group.id)
    subjects = tuple(
        SubjectLine(
            x.name,
            x.comment_only,
            _mark(x.semester_1),
            _mark(x.semester_2),
            _mark(x.year),
            _mark(x.retest),
            teachers.get(x.subject_id, ""),
        )  # fmt: skip
        for x in st.subjects
    )
    terms = (
        TermSummary(
            "Học kì I",
            _text(st.conduct_1),
            _text(st.learning_1),
            st.absences_1.total if st.absences_1 else None,
        ),  # fmt: skip
        TermSummary(
            "Học kì II",
            _text(st.conduct_2),
            _text(st.learning_2),
            st.absences_2.total if st.absences_2 else None,
        ),  # fmt: skip
        TermSummary("Cả năm", _text(st.conduct_year), _text(st.learning_year), st.absences_year),
    )
    outcome = _text(st.outcome) or ""
    award = _text(st.commendation)
    return _with(
        base,
        subjects=subjects,
        terms=terms,
        conduct_after_summer=_text(st.conduct_after_summer),
        learning_after_retest=_text(st.learning_after_retest),
        outcome=outcome,
        completion=_completion(group.grade, outcome, "Lên lớp"),
        commendations=((award,) if award and award != "Không" else ()) + base.commendations,
    )


def _text(view: ResultView | None) -> str | None:
    return (view.text or None) if view is not None else None


def _completion(grade: int, outcome: str, passed: str) -> str:
    return LAST_GRADE_OF.get(grade, "") if outcome.startswith(passed) else ""


# ---------------------------------------------------------------- primary (TT27)


def _primary_page(
    session: Session, group: ClassGroup, entry: RosterEntry, base: YearPage
) -> YearPage:
    records = load_primary(session, group, student_ids=[entry.student_id])
    _check_snapshot(session, group, entry.student_id,
                    snapshots.snapshot_data(records, entry.student_id, snapshots.YEAR_SCOPE))  # fmt: skip
    st = primary_results.student_summary(records, entry, None)
    end = "Cuối năm"
    subjects = tuple(
        SubjectLine(
            x.name,
            not x.tested,
            level=LEVEL_SHORT.get(x.levels.get(end, "")),
            test_score=Decimal(x.tests[end]) if end in x.tests else None,
            comment=x.comment,
        )  # fmt: skip
        for x in st.subjects
    )
    ratings = [
        (d.group, Rating(d.name, RATING_SHORT.get(st.ratings.get(d.name) or "")))
        for d in records.rating_defs
    ]
    overall = _text(st.result) or ""
    outcome = _text(st.outcome) or ""
    award = _text(st.commendation)
    return _with(
        base,
        subjects=subjects,
        qualities=tuple(r for g, r in ratings if g == QUALITIES),
        competencies=tuple(r for g, r in ratings if g != QUALITIES),
        overall=overall,
        outcome=outcome,
        completion=outcome if outcome.startswith("Hoàn thành") else "",
        commendations=((award,) if award and award != "Không" else ()) + base.commendations,
    )


def _with(page: YearPage, **changes: object) -> YearPage:
    return replace(page, **changes)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the record


def build_record(
    session: Session,
    student_id: uuid.UUID,
    year: str,
    *,
    version: int = 1,
    correction_reason: str = "",
    prepared_on: date | None = None,
) -> TranscriptRecord:
    """The transcript of one student's locked year, as the database holds it now."""
    t = target(session, student_id, year)
    require_locked(session, t.group)
    profile = school.require_profile(session)
    extra = session.scalar(
        select(TranscriptExtra).where(
            TranscriptExtra.student_id == student_id, TranscriptExtra.school_year == year
        )
    )
    entry = RosterEntry(student_id, t.student.student_code, t.student.full_name, True)
    base = YearPage(
        school_year=year,
        grade=t.group.grade,
        class_name=t.group.name,
        school_name=profile.name,
        homeroom_teacher=_user_name(session, t.group.homeroom_teacher_id),
        principal=profile.principal,
        subjects=(),
        commendations=lines(extra.commendations) if extra else (),
        certificates=lines(extra.certificates) if extra else (),
        competitions=lines(extra.competitions) if extra else (),
        homeroom_comment=extra.homeroom_comment if extra else "",
        height_cm=_measure(extra.height_cm) if extra else None,
        weight_kg=_measure(extra.weight_kg) if extra else None,
        days_absent_excused=extra.days_absent_excused if extra else None,
        days_absent_unexcused=extra.days_absent_unexcused if extra else None,
    )
    primary = is_primary(t.group)
    page = (_primary_page if primary else _secondary_page)(session, t.group, entry, base)
    return TranscriptRecord(
        level=Level.PRIMARY if primary else Level.SECONDARY,
        school=_school_info(profile),
        identity=_identity(session, t.student),
        process=_process(session, student_id, profile, year),
        years=(page,),
        version=version,
        correction_reason=correction_reason,
        prepared_on=prepared_on,
        corrections_on_pages=(0,),
    )
