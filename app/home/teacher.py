"""A teacher's home page: their classes and subjects with what is still empty, and deadlines.

Only the teacher's own teaching assignments and homeroom classes are counted (a teacher
never sees another class's figures, as in the grade book).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook.assignments import my_assignments
from app.gradebook.records import PRIMARY_LAST_GRADE
from app.home import grades
from app.home.common import Period, current_period
from app.home.equipment import my_loans_due
from app.home.figures import Facts, Figure, HomePage, Section, Tone, count_figure, target
from app.labels import format_date
from app.messages.gradebook import GRADEBOOK_MSG as GM
from app.messages.home import HOME_MSG as M
from app.permissions import Perm, can, require
from app.students.models import ClassGroup


def page(session: Session, actor: Actor | None, facts: Facts) -> HomePage:
    """The teacher's page."""
    return HomePage("teacher", tuple(sections(session, actor, facts)))


def sections(session: Session, actor: Actor | None, facts: Facts) -> list[Section]:
    """My classes and subjects this semester, then the deadlines."""
    require(actor, Perm.ENTER_GRADES)
    assert actor is not None
    period = current_period(session, facts)
    if period is None:
        return [Section("my_classes", M.my_classes_plain, (), M.no_year)]
    return [my_classes(session, actor, period), deadlines(session, actor, period, facts)]


def my_classes(session: Session, actor: Actor, period: Period) -> Section:
    """One figure per assignment (class · subject), then the conduct of each homeroom class."""
    number = period.semester.number
    mine = my_assignments(session, actor, period.year)
    homeroom = session.execute(
        select(ClassGroup.id, ClassGroup.name, ClassGroup.grade)
        .where(
            ClassGroup.school_year == period.year, ClassGroup.homeroom_teacher_id == actor.user_id
        )
        .order_by(ClassGroup.grade, ClassGroup.name)
    ).all()
    scope = grades.Scope(
        frozenset((a.class_id, a.subject_id) for a in mine), frozenset(h.id for h in homeroom)
    )
    found = grades.missing_counts(session, actor, period.year, number, scope)
    by_pair = {(m.class_id, m.subject_id): m.missing for m in found}
    by_other = {m.class_id: m for m in found if m.subject_id is None}
    figures = [
        _figure(
            period,
            a.class_name,
            a.subject_name,
            by_pair.get((a.class_id, a.subject_id), 0),
            str(a.subject_id),
        )
        for a in mine
    ]
    for h in homeroom:
        other = by_other.get(h.id)
        subject = GM.missing_conduct if h.grade > PRIMARY_LAST_GRADE else GM.missing_ratings
        figures.append(_figure(period, h.name, subject, other.missing if other else 0, None))
    title = M.my_classes.format(semester=period.semester.label)
    return Section("my_classes", title, tuple(figures), M.my_classes_none)


def _figure(period: Period, cls: str, subject: str, missing: int, subject_id: str | None) -> Figure:
    where = target(
        "gradebook",
        year=period.year,
        semester=period.semester.number,
        subject_id=subject_id,
        **{"class": cls, "subject": subject},
    )
    fig = count_figure(
        f"missing:{cls}:{subject}", M.missing_pair.format(cls=cls, subject=subject), missing, where
    )
    if missing:
        return fig
    return Figure(fig.key, fig.label, M.complete, where, tone=Tone.OK, count=0)


def deadlines(session: Session, actor: Actor, period: Period, facts: Facts) -> Section:
    """When the semester ends (grades due), and the loans to bring back."""
    end = period.semester.end_date
    left = (end - facts.today).days
    if left > 0:
        note = M.days_left.format(n=left)
    else:
        note = M.ends_today if left == 0 else M.semester_over
    tone = Tone.WARN if 0 <= left <= 14 else Tone.PLAIN
    figures = [
        Figure(
            "semester_end",
            M.semester_end.format(semester=period.semester.label),
            format_date(end),
            target("gradebook", year=period.year, semester=period.semester.number),
            note,
            tone,
            max(left, 0),
        )
    ]
    if can(actor, Perm.REQUEST_LOANS):
        figures.append(my_loans_due(session, actor.user_id, facts.today))
    return Section("deadlines", M.deadlines, tuple(figures))
