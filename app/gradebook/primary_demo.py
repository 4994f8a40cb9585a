"""Demo assessments of a primary demo school (TT27): last year complete and locked, this year so far.

Deterministic (seeded). Every student gets a profile that fixes their end-of-year
result: excellent → Hoàn thành xuất sắc, good → Hoàn thành tốt, fair and weak →
Hoàn thành, behind → Chưa hoàn thành. Each of last year's classes holds a few
forced profiles so that every result and both commendations show up. Earlier
checkpoints dip a little below the year's end. Levels, test scores (only where
the subject has a test at that checkpoint), comments, quality and competency
ratings and a few class nominations go in with ``journal.bulk_insert``. Last year's
«Chưa hoàn thành» students sit in their grade this year; with ``year_end`` this year is
complete and locked too.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.accounts import User
from app.db import Actor, Database
from app.gradebook import assignments, catalogue, electives, terms
from app.gradebook.catalogue import SubjectInfo, class_subjects
from app.gradebook.demo import CLASSES_UNIT, FILLING, DemoFill, pick_profile
from app.gradebook.demo_years import keep_repeaters, lock_year, previous_classes, year_classes
from app.gradebook.models import Assessment, PrimaryNomination, PrimaryRating
from app.gradebook.primary.records import is_primary
from app.gradebook.primary.values import PKind, has_test, ratings_for
from app.gradebook.primary_demo_comments import achievement, comment
from app.gradebook.records import RosterEntry, roster
from app.grading.primary import Rating, SubjectLevel
from app.progress import NullProgress, Progress, check_cancel
from app.students.models import ClassGroup

SUBJECT_TEACHERS = {"Ngoại ngữ 1": "gv.anh", "Tin học và Công nghệ": "gv.tin"}
"""Subjects a subject teacher teaches (when the account exists); the homeroom teacher has the rest."""
ELECTIVES = ("Ngoại ngữ 1",)
"""Electives every demo class studies (Ngoại ngữ 1 is optional in grades 1–2)."""
CLOSE_DAYS = 10
"""The end-of-semester assessment is done this many days before the semester ends."""
IN_PROGRESS_SUBJECTS = ("Tiếng Việt", "Toán")
"""What the homeroom teachers of every other class have already entered for the next checkpoint."""
YEAR_END = (2, 2)
HTT, HT, CHT = SubjectLevel.COMPLETED_WELL, SubjectLevel.COMPLETED, SubjectLevel.NOT_COMPLETED
TEST_RANGE = {HTT: (7, 10), HT: (5, 9), CHT: (2, 4)}
"""Test scores that go with a level (a CHT student does not score 9)."""


@dataclass(frozen=True)
class Profile:
    """How a kind of student does over the year."""

    test_mean: float
    test_floor: int
    """Lowest end-of-year test score (excellent: 9, good: 7)."""
    well: float
    """Chance that a subject ends the year Hoàn thành tốt."""
    good: float
    """Chance that a quality or competency ends the year Tốt."""
    dip: float
    """Chance that an earlier checkpoint is Hoàn thành (Đạt) where the year ends HTT (Tốt)."""
    struggle: float
    """Chance that an earlier checkpoint is CHT (Cần cố gắng) where the year ends HT (Đạt)."""


PROFILES: dict[str, Profile] = {
    "excellent": Profile(9.5, 9, 1.0, 1.0, 0.08, 0.0),
    "good": Profile(8.6, 7, 1.0, 1.0, 0.15, 0.0),
    "fair": Profile(7.8, 5, 0.55, 0.65, 0.2, 0.0),
    "weak": Profile(6.4, 5, 0.1, 0.2, 0.3, 0.08),
    "behind": Profile(4.8, 2, 0.0, 0.1, 0.3, 0.35),
}
WEIGHTS = (("excellent", 14), ("good", 24), ("fair", 43), ("weak", 17), ("behind", 1))
NOMINATED_SHARE = 0.2
"""Chance that a Hoàn thành tốt student (besides one per class) is nominated by the class."""


@dataclass
class _Plan:
    """A student's end of the year: levels, test scores, ratings, and subject means."""

    levels: dict[uuid.UUID, SubjectLevel]
    means: dict[uuid.UUID, float]
    tests: dict[uuid.UUID, int]
    ratings: dict[str, Rating]


@dataclass
class _Fill(DemoFill):
    """The primary demo's rows: assessments, ratings and nominations."""

    ratings: list[dict[str, Any]] = field(default_factory=list)
    nominations: list[dict[str, Any]] = field(default_factory=list)


def _earlier_level(rng: random.Random, p: Profile, level: SubjectLevel) -> SubjectLevel:
    """A level at an earlier checkpoint: sometimes one step below the year's end."""
    if level is HTT:
        return HT if rng.random() < p.dip else HTT
    if level is HT:
        return CHT if rng.random() < p.struggle else HT
    return level


def _earlier_rating(rng: random.Random, p: Profile, rating: Rating) -> Rating:
    """A rating at an earlier checkpoint: sometimes one step below the year's end."""
    if rating is Rating.GOOD:
        return Rating.PASS if rng.random() < p.dip else rating
    if rating is Rating.PASS:
        return Rating.NEEDS_EFFORT if rng.random() < p.struggle else rating
    return rating


def _test(rng: random.Random, level: SubjectLevel, mean: float, floor: int = 0) -> int:
    """A periodic-test score near ``mean`` within what ``level`` allows."""
    low, high = TEST_RANGE[level]
    low = min(max(low, floor), high) if level is not CHT else low
    return min(high, max(low, round(rng.gauss(mean, 0.8))))


def _tested(subjects: list[SubjectInfo], grade: int, checkpoint: int) -> list[SubjectInfo]:
    return [s for s in subjects if has_test(s.name, not s.comment_only, grade, checkpoint)]


def _year_plan(f: _Fill, profile: str, subjects: list[SubjectInfo], grade: int) -> _Plan:
    """The year's end that gives ``profile`` its result."""
    rng, p = f.rng, PROFILES[profile]
    levels = {s.id: HTT if rng.random() < p.well else HT for s in subjects}
    if profile == "behind":
        core = [s for s in subjects if s.name in IN_PROGRESS_SUBJECTS] or subjects
        levels[rng.choice(core).id] = CHT
        if rng.random() < 0.3:
            levels[rng.choice(subjects).id] = CHT
    elif profile in ("fair", "weak") and all(v is HTT for v in levels.values()):
        levels[rng.choice(subjects).id] = HT
    means = {s.id: rng.gauss(p.test_mean, 0.5) for s in subjects}
    tested = _tested(subjects, grade, 2)
    tests = {s.id: _test(rng, levels[s.id], means[s.id], p.test_floor) for s in tested}
    if profile == "good" and tested and min(tests.values()) >= 9:
        tests[tested[0].id] = 8
    ratings = {}
    for d in ratings_for(grade):
        if rng.random() < p.good:
            ratings[d.name] = Rating.GOOD
        elif profile == "behind" and rng.random() < 0.3:
            ratings[d.name] = Rating.NEEDS_EFFORT
        else:
            ratings[d.name] = Rating.PASS
    return _Plan(levels, means, tests, ratings)


def _fill_checkpoint(
    f: _Fill,
    group: ClassGroup,
    student_id: uuid.UUID,
    subjects: list[SubjectInfo],
    plan: _Plan,
    when: tuple[int, int],
    *,
    complete: bool = True,
) -> None:
    """One checkpoint: levels and tests; when ``complete`` also comments and ratings."""
    semester, checkpoint = when
    p = PROFILES[f.profiles[student_id]]
    final = when == YEAR_END
    for subject in subjects:
        level = plan.levels[subject.id]
        level = level if final else _earlier_level(f.rng, p, level)
        values = {"subject_id": subject.id, "semester": semester, "number": checkpoint}
        f.marks.append(
            f.row(group, student_id, kind=PKind.LEVEL.value, value=level.value, **values)
        )
        if has_test(subject.name, not subject.comment_only, group.grade, checkpoint):
            mean = plan.means[subject.id]
            score = plan.tests[subject.id] if final else _test(f.rng, level, mean - 0.3)
            f.marks.append(
                f.row(group, student_id, kind=PKind.TEST.value, value=str(score), **values)
            )
        if complete:
            text = comment(f.rng, subject.name, level)
            f.marks.append(f.row(group, student_id, kind=PKind.COMMENT.value, value=text, **values))
    if not complete:
        return
    for name, rating in plan.ratings.items():
        rating = rating if final else _earlier_rating(f.rng, p, rating)
        f.ratings.append(
            f.row(
                group,
                student_id,
                semester=semester,
                checkpoint=checkpoint,
                name=name,
                value=rating.value,
            )
        )


def _fill_class(
    f: _Fill,
    group: ClassGroup,
    done: list[tuple[int, int]],
    next_up: tuple[int, int] | None,
    forced: Iterable[str] = (),
) -> None:
    """Every checkpoint in ``done`` for the class's students; ``next_up`` begun in two subjects."""
    subjects = class_subjects(f.session, group)
    students = [e for e in roster(f.session, group.id, group.school_year) if e.current]
    for entry, profile in zip(f.rng.sample(students, len(students)), forced, strict=False):
        f.profiles[entry.student_id] = profile
    started = [s for s in subjects if s.name in IN_PROGRESS_SUBJECTS]
    nominated = False
    for entry in students:
        profile = f.profiles.setdefault(entry.student_id, pick_profile(f.rng, WEIGHTS))
        plan = _year_plan(f, profile, subjects, group.grade)
        for when in done:
            _fill_checkpoint(f, group, entry.student_id, subjects, plan, when)
        if next_up is not None:
            _fill_checkpoint(f, group, entry.student_id, started, plan, next_up, complete=False)
        if (
            YEAR_END in done
            and profile == "good"
            and (not nominated or f.rng.random() < NOMINATED_SHARE)
        ):
            _nominate(f, group, entry)
            nominated = True


def _nominate(f: _Fill, group: ClassGroup, entry: RosterEntry) -> None:
    f.nominations.append(f.row(group, entry.student_id, achievement=achievement(f.rng)))


def _checkpoints(session: Session, year: str, today: date) -> list[tuple[int, int]]:
    """(semester, checkpoint) reached by ``today``: mid-semester, then a little before its end."""
    reached = []
    for sem in terms.list_semesters(session, year):
        middle = sem.start_date + (sem.end_date - sem.start_date) / 2
        if today >= middle:
            reached.append((sem.number, 1))
        if today >= sem.end_date - timedelta(days=CLOSE_DAYS):
            reached.append((sem.number, 2))
    return reached


def _usernames(s: Session) -> dict[uuid.UUID, str]:
    return {uid: name for uid, name in s.execute(select(User.id, User.username))}


def _setup_year(s: Session, actor: Actor, year: str, groups: list[ClassGroup]) -> int:
    """Catalogue, semesters, electives and the teachers of the classes that have a homeroom teacher."""
    catalogue.ensure_catalogue(s, actor, year)
    terms.ensure_semesters(s, actor, year)
    users = _usernames(s)
    known = set(users.values())
    count = 0
    for group in groups:
        optional = catalogue.list_subjects(s, year, group.grade)
        chosen = [x.id for x in optional if x.elective and x.name in ELECTIVES]
        if chosen:
            electives.set_electives(s, actor, group.id, chosen)
        homeroom = users.get(group.homeroom_teacher_id) if group.homeroom_teacher_id else None
        if homeroom is None:
            continue
        for subject in class_subjects(s, group):
            teacher = SUBJECT_TEACHERS.get(subject.name, homeroom)
            teacher = teacher if teacher in known else homeroom
            assignments.assign_teacher(s, actor, group.id, subject.id, teacher)
            count += 1
    return count


def fill_primary_grades(
    db: Database, year: str | None = None, *, today: date | None = None
) -> dict[str, int]:
    """Fill the primary demo school's assessments (``year``: the current one; ``today``: the date)."""
    actor = Actor.system("demo")
    with db.uow(actor=actor, reason="Tạo sổ theo dõi chất lượng giáo dục mẫu") as s:
        return fill_primary_grades_in(s, actor, year, today=today)


def fill_primary_grades_in(
    s: Session,
    actor: Actor,
    year: str | None = None,
    progress: Progress | None = None,
    *,
    today: date | None = None,
    year_end: bool = False,
) -> dict[str, int]:
    """``fill_primary_grades`` in the caller's unit of work, reporting each class filled.

    Last year is filled and locked first, its «Chưa hoàn thành» students kept in their grade
    this year (``keep_repeaters``); then this year up to ``today``, or with ``year_end`` the
    whole year (every result known), locked.
    """
    progress = progress or NullProgress()
    today = today or date.today()
    current, previous, groups = year_classes(s, year, is_primary)
    f = _Fill.start(s)
    old = previous_classes(s, actor, groups, previous, keep_homeroom=True) if previous else []
    assigned = _setup_year(s, actor, previous.name, old) if previous else 0
    assigned += _setup_year(s, actor, current, groups)
    whole_year = [(1, 1), (1, 2), (2, 1), (2, 2)]
    total = len(old) + len(groups)
    for i, group in enumerate(old):
        check_cancel(progress)
        progress.update(i, total, FILLING, CLASSES_UNIT)
        _fill_class(f, group, whole_year, None, _forced(i))
    counts = _insert(f)
    for group in old:
        lock_year(s, actor, group)
    kept = keep_repeaters(s, actor, previous.name, current) if previous else 0
    done = whole_year if year_end else _checkpoints(s, current, today)
    ahead = [c for c in whole_year if c not in done]
    for i, group in enumerate(groups):
        check_cancel(progress)
        progress.update(len(old) + i, total, FILLING, CLASSES_UNIT)
        forced = _forced(i) if year_end else ()
        _fill_class(f, group, done, ahead[0] if ahead and i % 2 == 0 else None, forced)
    progress.update(total, total, FILLING, CLASSES_UNIT)
    more = _insert(f)
    if year_end:
        for group in groups:
            lock_year(s, actor, group)
    return {
        "assessments": counts[0] + more[0],
        "ratings": counts[1] + more[1],
        "nominations": counts[2] + more[2],
        "classes_last_year": len(old),
        "teaching_assignments": assigned,
        "repeaters_kept": kept,
    }


def _forced(index: int) -> list[str]:
    """Profiles given in a finished class so that every result shows (every third: one behind)."""
    return ["excellent", "good", "fair"] + (["behind"] if index % 3 == 0 else [])


def _insert(f: _Fill) -> tuple[int, int, int]:
    """Write the collected rows (one bulk insert per table), then forget them."""
    journal.bulk_insert(f.session, Assessment, f.marks)
    journal.bulk_insert(f.session, PrimaryRating, f.ratings)
    journal.bulk_insert(f.session, PrimaryNomination, f.nominations)
    counts = len(f.marks), len(f.ratings), len(f.nominations)
    f.marks, f.ratings, f.nominations = [], [], []
    return counts
