"""The demo school's years and classes, shared by the secondary (TT22) and primary (TT27) demos:
this year's classes, last year's with the same students, and locking a finished year.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal, school
from app.db import Actor
from app.gradebook import locking
from app.gradebook.lists import result_lists
from app.gradebook.records import roster
from app.students import classes as student_classes
from app.students.models import ClassGroup, Enrolment


def previous_classes(
    s: Session,
    actor: Actor,
    current: list[ClassGroup],
    previous: school.YearInfo,
    *,
    first_grades: Collection[int] = (),
    keep_homeroom: bool = False,
) -> list[ClassGroup]:
    """Last year's classes (one grade lower) with the same students, enrolled for the whole year.

    No class below a grade of ``first_grades`` (a school level starts there); with
    ``keep_homeroom`` last year's class has the homeroom teacher of its namesake now.
    """
    grades = set(student_classes.school_grades(s))
    leaders = {g.name: g.homeroom_teacher_id for g in current}
    out, rows = [], []
    for group in current:
        if group.grade - 1 not in grades or group.grade in first_grades:
            continue
        name = f"{group.grade - 1}{group.name[len(str(group.grade)) :]}"
        info = student_classes.create_class(s, actor, name, year=previous.name)
        old = s.get(ClassGroup, info.id)
        assert old is not None
        if keep_homeroom:
            old.homeroom_teacher_id = leaders.get(name)
        rows += [
            {
                "id": uuid.uuid4(),
                "school_code": s.info.get("school_code", ""),
                "student_id": entry.student_id,
                "class_id": info.id,
                "school_year": previous.name,
                "start_date": previous.start_date,
                "end_date": previous.end_date,
            }
            for entry in roster(s, group.id, group.school_year)
        ]
        out.append(old)
    s.flush()
    journal.bulk_insert(s, Enrolment, rows)
    return out


def year_classes(
    s: Session, year: str | None, keep: Callable[[ClassGroup], bool] = lambda _: True
) -> tuple[str, school.YearInfo | None, list[ClassGroup]]:
    """The demo's year (None: the current one), the year before it if any, and its classes."""
    current = year or current_year_name(s)
    years = {y.name: y for y in school.list_years(s)}
    first = int(current[:4])
    previous = years.get(f"{first - 1}-{first}")
    stmt = (
        select(ClassGroup)
        .where(ClassGroup.school_year == current)
        .order_by(ClassGroup.grade, ClassGroup.name)
    )
    return current, previous, [g for g in s.scalars(stmt) if keep(g)]


def lock_year(s: Session, actor: Actor, group: ClassGroup) -> None:
    """Lock both semesters of a finished class."""
    for semester in (1, 2):
        locking.lock_semester(s, actor, group.id, semester, "Khóa sổ cuối học kì")


def current_year_name(s: Session) -> str:
    """The current school year's name (ValueError when the school has none)."""
    found = school.current_year(s)
    if found is None:
        raise ValueError("no current school year")
    return found.name


def keep_repeaters(s: Session, actor: Actor, previous: str, current: str) -> int:
    """Last year's repeaters sit this year in a class of the grade they repeat, as the grade
    book decided (the class of the same name, else the grade's first): the demo's history
    then agrees with its year-end lists, as a new school year would have placed them."""
    lists = result_lists(s, actor, previous)
    staying = {e.student_id for e in (*lists.repeat, *lists.not_completed)}
    if not staying:
        return 0
    stmt = (
        select(Enrolment.student_id, ClassGroup)
        .join(ClassGroup, ClassGroup.id == Enrolment.class_id)
        .where(Enrolment.school_year == previous, Enrolment.student_id.in_(staying))
    )
    last = {sid: group for sid, group in s.execute(stmt)}
    now = list(s.scalars(select(ClassGroup).where(ClassGroup.school_year == current)))
    by_name = {g.name: g for g in now}
    firsts: dict[int, ClassGroup] = {}
    for group in sorted(now, key=lambda g: g.name):
        firsts.setdefault(group.grade, group)
    enrolments = s.scalars(
        select(Enrolment).where(Enrolment.school_year == current, Enrolment.student_id.in_(staying))
    )
    moved = 0
    for enrolment in enrolments:
        old = last[enrolment.student_id]
        target = by_name.get(old.name) or firsts.get(old.grade)
        if target is not None and target.id != enrolment.class_id:
            enrolment.class_id = target.id
            moved += 1
    s.flush()
    return moved
