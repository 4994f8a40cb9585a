"""Demo scores for the demo school: last year complete and locked, this year's semester I under way.

Deterministic (seeded). Every student gets a profile (excellent, good, fair,
pass, weak, summer, absent) that drives normal-ish marks per subject, conduct
and absences; every class of last year holds a few forced profiles so that each
outcome shows up: lên lớp, rèn luyện trong hè, kiểm tra lại (some passed, some
not), ở lại lớp, and Học sinh Xuất sắc / Giỏi. Last year's repeaters sit in their grade
this year. With ``year_end`` this year is filled whole the same way and locked, its re-tests
and summer training still to come. Scores go in with ``journal.bulk_insert``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app import journal
from app.db import Actor, Database, utcnow
from app.gradebook import assignments, catalogue, electives, terms
from app.gradebook.catalogue import SubjectInfo, class_subjects
from app.gradebook.conduct import save_summer_conduct
from app.gradebook.demo_years import keep_repeaters, lock_year, previous_classes, year_classes
from app.gradebook.models import Assessment, ConductRecord
from app.gradebook.records import RosterEntry, load_class, roster, student_year
from app.gradebook.retests import choose_retests, save_retest
from app.grading import Level, Outcome, evaluate_year, retest_eligible
from app.grading.scores import canonical_score, round_half_up
from app.progress import NullProgress, Progress, check_cancel
from app.students.models import ClassGroup

SEED = 2025
DEMO_TEACHERS = (("gv.toan", "Toán"), ("gv.van", "Ngữ văn"), ("gv.anh", "Ngoại ngữ 1"))
ELECTIVE_COMBOS = (
    ("Vật lí", "Hóa học", "Sinh học", "Tin học"),
    ("Địa lí", "Giáo dục kinh tế và pháp luật", "Công nghệ", "Tin học"),
)
PROFILES: dict[str, tuple[float, float]] = {
    "excellent": (9.3, 0.2),
    "good": (8.5, 0.3),
    "fair": (7.1, 0.6),
    "pass": (6.0, 0.5),
    "weak": (5.7, 0.4),
    "summer": (6.3, 0.5),
    "absent": (6.9, 0.5),
}
"""(mean, spread between subjects) of each profile's subject averages."""
WEIGHTS = (("excellent", 4), ("good", 20), ("fair", 43), ("pass", 31), ("weak", 2))
CONDUCT: dict[str, tuple[tuple[str, str], ...]] = {
    "excellent": (("Tốt", "Tốt"),),
    "good": (("Tốt", "Tốt"),),
    "fair": (("Tốt", "Tốt"), ("Khá", "Tốt"), ("Khá", "Khá")),
    "pass": (("Khá", "Khá"), ("Đạt", "Khá"), ("Khá", "Đạt")),
    "weak": (("Đạt", "Khá"),),
    "summer": (("Đạt", "Chưa đạt"),),
    "absent": (("Khá", "Khá"),),
}
COMMENTS = (
    (8.0, "Học tốt, tích cực phát biểu xây dựng bài."),
    (6.5, "Nắm được kiến thức cơ bản, cần chủ động hơn."),
    (0.0, "Cần cố gắng nhiều hơn, ôn tập thường xuyên."),
)
WEAK_LOW_MEAN = 2.8
SUMMER_RESULTS = ("Đạt", "Chưa đạt")

FILLING = "Điền điểm các lớp"
CLASSES_UNIT = "lớp"


F = TypeVar("F", bound="DemoFill")


@dataclass
class DemoFill:
    """Rows collected before one bulk insert per table, and the profile of each student."""

    session: Session
    rng: random.Random
    school_code: str
    now: datetime
    profiles: dict[uuid.UUID, str] = field(default_factory=dict)
    marks: list[dict[str, Any]] = field(default_factory=list)

    def base(self) -> dict[str, Any]:
        """The SyncMixin columns of a new row."""
        return {
            "id": uuid.uuid4(),
            "school_code": self.school_code,
            "created_at": self.now,
            "updated_at": self.now,
        }

    def row(self, group: ClassGroup, student_id: uuid.UUID, **values: Any) -> dict[str, Any]:
        """A new row of a student in ``group``'s year."""
        return self.base() | {
            "student_id": student_id,
            "class_id": group.id,
            "school_year": group.school_year,
            **values,
        }

    @classmethod
    def start(cls: type[F], s: Session) -> F:
        """An empty fill on the session, seeded, stamped now."""
        return cls(s, random.Random(SEED), s.info.get("school_code", ""), utcnow())


@dataclass
class _Fill(DemoFill):
    """The secondary demo's rows: assessments and conduct."""

    conduct: list[dict[str, Any]] = field(default_factory=list)


def _score(value: float, step: float) -> str:
    """A mark on a 0–10 scale in ``step``s, rounded half-up to one decimal, canonical text."""
    clipped = min(10.0, max(0.0, value))
    stepped = Decimal(repr(round(clipped / step) * step))
    return str(canonical_score(round_half_up(stepped)))


def pick_profile(rng: random.Random, weights: Sequence[tuple[str, int]]) -> str:
    """A profile drawn by its weight."""
    return rng.choices([n for n, _ in weights], [w for _, w in weights])[0]


def _subject_means(f: _Fill, profile: str, subjects: list[SubjectInfo]) -> dict[uuid.UUID, float]:
    mean, spread = PROFILES[profile]
    out = {s.id: f.rng.gauss(mean, spread) for s in subjects}
    if profile == "weak":
        scored = [s for s in subjects if not s.comment_only]
        for s in f.rng.sample(scored, 2):
            out[s.id] = WEAK_LOW_MEAN
    return out


def _marks(
    f: _Fill,
    group: ClassGroup,
    entry: RosterEntry,
    subject: SubjectInfo,
    semester: int,
    mean: float,
    kinds: Iterable[tuple[str, int]],
) -> None:
    for kind, number in kinds:
        if subject.comment_only:
            value = "Đạt"
        elif kind == "TX":
            value = _score(f.rng.gauss(mean, 0.8), 1.0 if f.rng.random() < 0.7 else 0.5)
        else:
            value = _score(f.rng.gauss(mean, 0.6), 0.25)
        f.marks.append(
            f.row(
                group,
                entry.student_id,
                subject_id=subject.id,
                semester=semester,
                kind=kind,
                number=number,
                value=value,
            )
        )


def _slots(
    subject: SubjectInfo, regular: int | None = None, *, final: bool = True
) -> list[tuple[str, int]]:
    count = subject.regular_count if regular is None else min(regular, subject.regular_count)
    return [("TX", n) for n in range(1, count + 1)] + [("GK", 1)] + ([("CK", 1)] if final else [])


def _conduct(
    f: _Fill, group: ClassGroup, entry: RosterEntry, semester: int, *, level: bool = True
) -> None:
    profile = f.profiles[entry.student_id]
    pair = f.rng.choice(CONDUCT[profile])
    if profile == "absent":
        excused, unexcused = (20, 8) if semester == 1 else (16, 6)
    else:
        excused, unexcused = f.rng.choice((0, 0, 0, 1, 2, 3, 4)), f.rng.choice((0,) * 8 + (1, 2))
    f.conduct.append(
        f.row(
            group,
            entry.student_id,
            semester=semester,
            conduct=pair[semester - 1] if level else None,
            absent_excused=excused,
            absent_unexcused=unexcused,
        )
    )


def _comment(
    f: _Fill, group: ClassGroup, entry: RosterEntry, subject: SubjectInfo, mean: float
) -> None:
    text = next(t for floor, t in COMMENTS if mean >= floor)
    f.marks.append(
        f.row(
            group,
            entry.student_id,
            subject_id=subject.id,
            semester=1,
            kind="DG",
            number=1,
            value=text,
        )
    )


def _fill_previous_class(f: _Fill, group: ClassGroup, index: int) -> None:
    """A whole year for every student of a finished class (who stayed in it to the end)."""
    subjects = class_subjects(f.session, group)
    students = [e for e in roster(f.session, group.id, group.school_year) if e.current]
    forced = ["excellent", "good", "weak"] + (["summer"] if index % 2 == 0 else [])
    forced += ["absent"] if index % 3 == 0 else []
    for entry, profile in zip(f.rng.sample(students, len(students)), forced, strict=False):
        f.profiles[entry.student_id] = profile
    for entry in students:
        profile = f.profiles.setdefault(entry.student_id, pick_profile(f.rng, WEIGHTS))
        means = _subject_means(f, profile, subjects)
        for subject in subjects:
            for semester in (1, 2):
                _marks(f, group, entry, subject, semester, means[subject.id], _slots(subject))
        _conduct(f, group, entry, 1)
        _conduct(f, group, entry, 2)


def _fill_current_class(f: _Fill, group: ClassGroup, complete: bool) -> None:
    """Semester I so far: complete (with conduct and comments), or under way without CK."""
    subjects = class_subjects(f.session, group)
    for entry in roster(f.session, group.id, group.school_year):
        if not entry.current:
            continue
        profile = f.profiles.setdefault(entry.student_id, pick_profile(f.rng, WEIGHTS))
        means = _subject_means(f, profile, subjects)
        for subject in subjects:
            regular = None if complete else (3 if f.rng.random() < 0.5 else 2)
            slots = _slots(subject, regular, final=complete)
            _marks(f, group, entry, subject, 1, means[subject.id], slots)
            if complete and not subject.comment_only:
                _comment(f, group, entry, subject, means[subject.id])
        _conduct(f, group, entry, 1, level=complete)


def _setup_year(s: Session, actor: Actor, year: str, groups: list[ClassGroup]) -> int:
    """Catalogue, semesters, THPT electives and the demo teachers' assignments of a year."""
    catalogue.ensure_catalogue(s, actor, year)
    terms.ensure_semesters(s, actor, year)
    count = 0
    for i, group in enumerate(groups):
        if group.grade >= 10:
            combo = ELECTIVE_COMBOS[i % len(ELECTIVE_COMBOS)]
            ids = [catalogue.find_subject(s, year, group.grade, n).id for n in combo]
            electives.set_electives(s, actor, group.id, ids)
        if group.name.endswith("1"):
            for username, subject in DEMO_TEACHERS:
                subject_id = catalogue.find_subject(s, year, group.grade, subject).id
                assignments.assign_teacher(s, actor, group.id, subject_id, username)
                count += 1
    return count


def _close_previous(s: Session, actor: Actor, groups: list[ClassGroup]) -> dict[str, int]:
    """Lock last year, then enter every re-test and summer result it waits for: a finished year
    leaves no one waiting (some pass, some do not and repeat the grade)."""
    for group in groups:
        lock_year(s, actor, group)
    summers = sum(_summer_results(s, actor, group, summers=i) for i, group in enumerate(groups))
    retests = 0
    for group in groups:  # after the summer: a student may still have a learning Chưa đạt
        retests += _retest_results(s, actor, group, retests)
    return {"retests": retests, "summer_training": summers}


def _summer_results(s: Session, actor: Actor, group: ClassGroup, summers: int) -> int:
    """The summer conduct result of each student of ``group`` who had to train."""
    records = load_class(s, group)
    done = 0
    for entry in records.roster:
        ev = evaluate_year(student_year(records, entry.student_id))
        if ev.conduct.value is Level.FAIL:
            level = SUMMER_RESULTS[(summers + done) % len(SUMMER_RESULTS)]
            done += 1
            why = "Kết quả rèn luyện trong hè"
            save_summer_conduct(s, actor, group.id, entry.student_id, level, why)
    return done


def _retest_results(s: Session, actor: Actor, group: ClassGroup, retests: int) -> int:
    """The re-test scores of each student of ``group`` who has to re-test (half of them pass)."""
    records = load_class(s, group)
    done = 0
    for entry in records.roster:
        ev = evaluate_year(student_year(records, entry.student_id))
        if ev.outcome.value is not Outcome.RETEST:
            continue
        value = "6" if (retests + done) % 2 == 0 else "3"
        done += 1
        chosen = [
            subject.id
            for subject, result in zip(records.subjects, ev.subjects, strict=True)
            if not subject.comment_only and retest_eligible(result).value
        ]
        why = "Kết quả kiểm tra lại sau hè"
        choose_retests(s, actor, group.id, entry.student_id, chosen, why)
        for subject_id in chosen:
            save_retest(s, actor, group.id, subject_id, entry.student_id, value, why)
    return done


def fill_grades(db: Database, year: str | None = None) -> dict[str, int]:
    """Fill scores, conduct and absences for the demo school (``year``: the current one)."""
    actor = Actor.system("demo")
    with db.uow(actor=actor, reason="Tạo sổ điểm mẫu") as s:
        return fill_grades_in(s, actor, year)


def fill_grades_in(
    s: Session,
    actor: Actor,
    year: str | None = None,
    progress: Progress | None = None,
    *,
    year_end: bool = False,
) -> dict[str, int]:
    """``fill_grades`` in the caller's unit of work, reporting each class filled.

    Last year is filled and closed first, its repeaters kept in their grade this year
    (``keep_repeaters``); then this year: semester I so far, or with ``year_end`` the whole
    year, locked, its re-tests and summer training still to come.
    """
    progress = progress or NullProgress()
    current, previous, groups = year_classes(s, year)
    f = _Fill.start(s)
    old = previous_classes(s, actor, groups, previous, first_grades=(6, 10)) if previous else []
    assigned = _setup_year(s, actor, previous.name, old) if previous else 0
    assigned += _setup_year(s, actor, current, groups)
    total = len(old) + len(groups)
    for i, group in enumerate(old):
        check_cancel(progress)
        progress.update(i, total, FILLING, CLASSES_UNIT)
        _fill_previous_class(f, group, i)
    counts = _insert(f)
    closed = _close_previous(s, actor, old)
    kept = keep_repeaters(s, actor, previous.name, current) if previous else 0
    for i, group in enumerate(groups):
        check_cancel(progress)
        progress.update(len(old) + i, total, FILLING, CLASSES_UNIT)
        if year_end:
            _fill_previous_class(f, group, i)
        else:
            _fill_current_class(f, group, complete=i % 2 == 0)
    progress.update(total, total, FILLING, CLASSES_UNIT)
    more = _insert(f)
    if year_end:
        for group in groups:
            lock_year(s, actor, group)
    return {
        "assessments": counts[0] + more[0],
        "conduct_records": counts[1] + more[1],
        "classes_last_year": len(old),
        "teaching_assignments": assigned,
        "repeaters_kept": kept,
        **closed,
    }


def _insert(f: _Fill) -> tuple[int, int]:
    """Write the collected marks and conduct rows (one bulk insert each), then forget them."""
    journal.bulk_insert(f.session, Assessment, f.marks)
    journal.bulk_insert(f.session, ConductRecord, f.conduct)
    counts = len(f.marks), len(f.conduct)
    f.marks, f.conduct = [], []
    return counts
