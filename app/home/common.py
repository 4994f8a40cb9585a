"""What several home pages share: the current year and semester, the backup and check ages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app import labels, school
from app.db import Actor
from app.gradebook import terms
from app.home.figures import Facts, Figure, Tone, target
from app.messages.home import HOME_MSG as M
from app.permissions import Perm, can
from app.sync import queue_view

CHECK_LATE = timedelta(days=3)
"""A file check older than this is worth a look (the app checks once a day at start)."""


@dataclass(frozen=True)
class Period:
    """The current school year and the semester a home page counts."""

    year: str
    semester: terms.SemesterInfo


def current_period(session: Session, facts: Facts) -> Period | None:
    """The current year, and the semester of today (the nearest one outside both)."""
    year = school.current_year(session)
    if year is None:
        return None
    semesters = terms.list_semesters(session, year.name)
    day = facts.today
    found = next((s for s in semesters if s.start_date <= day <= s.end_date), None)
    if found is None:
        found = semesters[0] if day < semesters[0].start_date else semesters[-1]
    return Period(year.name, found)


def _age(facts: Facts, when: datetime) -> str:
    text = labels.format_age(when, facts.now)
    return text[:1].upper() + text[1:]


def backup_figure(facts: Facts) -> Figure:
    """The newest backup's age: late after two missed runs, bad when there is none."""
    if not facts.backups_here:
        return Figure("backup", M.backup, M.backup_server, None, M.backup_server_note)
    every = M.backup_every.format(hours=facts.backup_every_hours)
    where = target("settings", section="backup")
    if facts.backup_at is None:
        return Figure("backup", M.backup, M.backup_never, where, every, Tone.BAD)
    late = facts.now - facts.backup_at > timedelta(hours=max(facts.backup_every_hours, 1) * 2)
    note = f"{labels.format_datetime(facts.backup_at)}. {every}"
    tone = Tone.WARN if late else Tone.OK
    return Figure("backup", M.backup, _age(facts, facts.backup_at), where, note, tone)


def check_figure(facts: Facts) -> Figure:
    """The last whole-file integrity check of the SQLite file."""
    if not facts.backups_here:
        return Figure("last_check", M.last_check, M.check_server, None)
    if facts.checked_at is None:
        return Figure("last_check", M.last_check, M.check_never, None, M.check_note, Tone.WARN)
    late = facts.now - facts.checked_at > CHECK_LATE
    tone = Tone.WARN if late else Tone.OK
    return Figure(
        "last_check", M.last_check, _age(facts, facts.checked_at), None, M.check_note, tone
    )


def data_figures(session: Session, actor: Actor | None, facts: Facts) -> tuple[Figure, ...]:
    """The backup's age, and for an account that sends data the oldest package the authority
    has not yet confirmed (opening the Đồng bộ page)."""
    if not can(actor, Perm.SYNC):
        return (backup_figure(facts),)
    return backup_figure(facts), sync_figure(session, actor, facts)


def sync_figure(session: Session, actor: Actor | None, facts: Facts) -> Figure:
    """How long the oldest unconfirmed package has waited; warned after a week."""
    oldest = queue_view.oldest_unconfirmed(session, actor, facts.now)
    where = target("sync")
    if oldest is None:
        return Figure("sync_oldest", M.sync_oldest, M.sync_none, where, "", Tone.OK, 0)
    age = queue_view.human_age(oldest.age)
    tone, note = (Tone.WARN, M.sync_late_note) if oldest.late else (Tone.PLAIN, "")
    return Figure("sync_oldest", M.sync_oldest, age[:1].upper() + age[1:], where, note, tone,
                  oldest.age.days)  # fmt: skip
