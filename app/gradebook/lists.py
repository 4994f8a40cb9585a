"""Year-end lists: promoted, summer conduct training, re-tests, repeaters and commendations.

Primary classes (TT27) have their own lists: completed or not completed the
grade's programme, and the two primary commendations (``primary_lists``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook import access
from app.gradebook.primary.outcome import PrimaryOutcome, is_completed
from app.gradebook.primary.records import PrimaryRecords, is_primary, load_primary
from app.gradebook.primary.results import PrimaryYear, brief, evaluate_student_year
from app.gradebook.records import ClassRecords, RosterEntry, load_class, student_year
from app.grading import Commendation, Level, Outcome, YearEvaluation, evaluate_year, year_outcome
from app.grading.primary import PrimaryCommendation
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.messages.primary_results import PRIMARY_RESULTS_MSG as PM
from app.permissions import Perm, Role, require
from app.students.models import ClassGroup

PRIMARY_LIST_KEYS = ("completed", "not_completed", "primary_excellent", "primary_outstanding")
"""The lists only primary students are on (they share ``pending`` with secondary ones)."""
_PRIMARY_AWARDS = {
    PrimaryCommendation.EXCELLENT: "primary_excellent",
    PrimaryCommendation.OUTSTANDING: "primary_outstanding",
}


@dataclass(frozen=True)
class ListEntry:
    """A student on a list, with the detail that put them there."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    class_name: str
    detail: str


@dataclass(frozen=True)
class ResultLists:
    """The year-end lists of one class or a whole school year.

    ``summer_training`` and ``retest`` list everyone the rules first flagged
    (with any result entered since); ``promoted`` and ``repeat`` hold the
    final decision, after re-tests and summer training; ``pending`` are the
    students whose outcome cannot be computed yet (primary students too).
    Primary students (TT27) go to ``completed`` / ``not_completed`` (the
    grade's programme) and ``primary_excellent`` / ``primary_outstanding``;
    ``has_primary`` / ``has_secondary`` say which kinds of class were listed.
    """

    school_year: str
    class_name: str | None
    promoted: tuple[ListEntry, ...]
    summer_training: tuple[ListEntry, ...]
    retest: tuple[ListEntry, ...]
    repeat: tuple[ListEntry, ...]
    excellent: tuple[ListEntry, ...]
    good: tuple[ListEntry, ...]
    pending: tuple[ListEntry, ...]
    completed: tuple[ListEntry, ...] = ()
    not_completed: tuple[ListEntry, ...] = ()
    primary_excellent: tuple[ListEntry, ...] = ()
    primary_outstanding: tuple[ListEntry, ...] = ()
    has_primary: bool = False
    has_secondary: bool = True


def first_outcome(ev: YearEvaluation, absent_sessions: int) -> Outcome | None:
    """The outcome before any re-test or summer training (who must re-test or train)."""
    return year_outcome(ev.conduct.value, ev.learning_result.value, absent_sessions).value


def _detail(ev: YearEvaluation, key: str) -> str:
    if key == "retest":
        after = ev.learning_after_retest
        extra = (
            M.list_after.format(value=after.value.label)
            if after and after.value is not None
            else ""
        )
        return M.list_retest_subjects.format(subjects=", ".join(ev.retest_candidates.value)) + extra
    if key == "summer":
        summer = ev.conduct_after_summer
        extra = (
            M.list_after.format(value=summer.value.label)
            if summer and summer.value is not None
            else ""
        )
        return "; ".join(ev.conduct.reasons) + extra
    if key in ("excellent", "good"):
        return "; ".join(ev.commendation.reasons)
    return "; ".join(ev.outcome.reasons)


def _keys(ev: YearEvaluation, absent_sessions: int) -> list[str]:
    """The lists a student belongs on."""
    first = first_outcome(ev, absent_sessions)
    final = ev.outcome.value
    retested = ev.learning_after_retest is not None and ev.learning_result.value is Level.FAIL
    keys = ["summer"] if first is Outcome.SUMMER_TRAINING else []
    if Outcome.RETEST in (first, final) or retested:
        keys.append("retest")
    final_key = {Outcome.PROMOTED: "promoted", Outcome.REPEAT: "repeat", None: "pending"}
    if final in final_key:
        keys.append(final_key[final])
    award = {Commendation.EXCELLENT: "excellent", Commendation.GOOD: "good"}
    if ev.commendation.value in award:
        keys.append(award[ev.commendation.value])  # type: ignore[index]
    return keys


def _collect(records: ClassRecords, buckets: dict[str, list[ListEntry]]) -> None:
    """Put every current student of a secondary class on their lists."""

    def judge(student_id: uuid.UUID) -> list[tuple[str, str]]:
        year = student_year(records, student_id)
        ev = evaluate_year(year)
        return [(key, _detail(ev, key)) for key in _keys(ev, year.absent_sessions)]

    _file(records.roster, records.class_name, buckets, judge)


def _file(
    roster: Iterable[RosterEntry],
    class_name: str,
    buckets: dict[str, list[ListEntry]],
    judge: Callable[[uuid.UUID], list[tuple[str, str]]],
) -> None:
    """Each current student on the lists ``judge`` names, with the detail it gives."""
    for entry in roster:
        if not entry.current:
            continue
        for key, detail in judge(entry.student_id):
            buckets[key].append(
                ListEntry(entry.student_id, entry.student_code, entry.full_name, class_name, detail)
            )


def _primary_keys(year: PrimaryYear) -> list[str]:
    """The lists a primary student belongs on."""
    outcome = year.outcome.value
    if outcome is None:
        keys = ["pending"]
    else:
        keys = ["completed" if is_completed(outcome) else "not_completed"]
    award = year.commendation.value
    if award is not None and award in _PRIMARY_AWARDS:
        keys.append(_PRIMARY_AWARDS[award])
    return keys


def _primary_detail(year: PrimaryYear, key: str) -> str:
    """What the list shows next to a primary student: the reasons that put them there."""
    if key == "pending":
        return brief(year.result.reasons)
    if key == "not_completed":
        return "; ".join(year.outcome.reasons[1:] or year.outcome.reasons)
    assert year.result.value is not None  # completed or commended: the result is computed
    parts = [PM.list_result.format(result=year.result.value.value)]
    if key == "completed" and year.outcome.value is PrimaryOutcome.PRIMARY_COMPLETED:
        parts.append(PrimaryOutcome.PRIMARY_COMPLETED.value)
    if key == "primary_outstanding" and year.nomination:
        parts.append(PM.nominated.format(achievement=year.nomination))
    return "; ".join(parts)


def _collect_primary(records: PrimaryRecords, buckets: dict[str, list[ListEntry]]) -> None:
    """Put every current student of a primary class on their lists."""

    def judge(student_id: uuid.UUID) -> list[tuple[str, str]]:
        year = evaluate_student_year(records, student_id)
        return [(key, _primary_detail(year, key)) for key in _primary_keys(year)]

    _file(records.roster, records.class_name, buckets, judge)


def result_lists(
    session: Session, actor: Actor | None, year: str, class_id: uuid.UUID | None = None
) -> ResultLists:
    """The year-end lists of one class, or of every class of the year the actor may see."""
    require(actor, Perm.VIEW_GRADES)
    assert actor is not None
    if class_id is not None:
        groups = [access.get_class(session, class_id)]
        access.require_view(session, actor, groups[0])
    else:
        stmt = select(ClassGroup).where(ClassGroup.school_year == year)
        groups = list(session.scalars(stmt.order_by(ClassGroup.grade, ClassGroup.name)))
        if actor.role == Role.TEACHER and not access.supervises(actor):
            groups = [g for g in groups if access.is_homeroom(g, actor)]
    keys = ("promoted", "summer", "retest", "repeat", "excellent", "good", "pending")
    buckets: dict[str, list[ListEntry]] = {k: [] for k in keys + PRIMARY_LIST_KEYS}
    primary = [g for g in groups if is_primary(g)]
    for group in groups:
        if is_primary(group):
            _collect_primary(load_primary(session, group), buckets)
        else:
            _collect(load_class(session, group), buckets)
    found = {k: tuple(v) for k, v in buckets.items()}
    return ResultLists(
        groups[0].school_year if class_id is not None else year,
        groups[0].name if class_id is not None else None,
        found["promoted"],
        found["summer"],
        found["retest"],
        found["repeat"],
        found["excellent"],
        found["good"],
        found["pending"],
        found["completed"],
        found["not_completed"],
        found["primary_excellent"],
        found["primary_outstanding"],
        has_primary=bool(primary),
        has_secondary=len(primary) < len(groups) or not groups,
    )
