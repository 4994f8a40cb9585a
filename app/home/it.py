"""The IT coordinator's home page: the data's health and the accounts locked out.

- Health: the last whole-file check of the SQLite file, the journal's seal at its newest
  entry (the quick part of ``check`` every start runs: a few rows whatever its size), the
  newest backup's age.
- Accounts: who cannot sign in now (too many wrong passwords), failed sign-ins in 24 h.
  Usernames only: the IT coordinator looks after the machine, the principal or the
  administrator unlocks.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.access_log import AccessEntry, AccessEvent
from app.accounts import User
from app.db import Actor
from app.home.cds import section as cds_section
from app.home.common import check_figure, data_figures
from app.home.figures import Facts, Figure, HomePage, Section, Tone, count_figure, target
from app.journal_schema import JournalEntry
from app.messages.home import HOME_MSG as M
from app.numbers import thousands
from app.permissions import Perm, Role, can, require
from app.safety import seals


def page(session: Session, actor: Actor | None, facts: Facts) -> HomePage:
    """The IT coordinator's page (and this year's CĐS phiếu, which the coordinator prepares)."""
    cds = cds_section(session, actor, facts)
    return HomePage(
        "it_coordinator", tuple(sections(session, actor, facts)) + ((cds,) if cds else ())
    )


def may_see_accounts(actor: Actor | None) -> bool:
    """The administrator, and the IT coordinator who looks after sign-in problems."""
    return can(actor, Perm.MANAGE_USERS) or (
        actor is not None and actor.role == Role.IT_COORDINATOR
    )


def sections(session: Session, actor: Actor | None, facts: Facts) -> list[Section]:
    """Health, then the accounts."""
    require(actor, Perm.BACKUP)
    out = [
        Section(
            "health",
            M.health,
            (check_figure(facts), journal(session), *data_figures(session, actor, facts)),
        ),  # fmt: skip
    ]
    if may_see_accounts(actor):
        out.append(accounts(session, facts, can(actor, Perm.MANAGE_USERS)))
    return out


def journal(session: Session) -> Figure:
    """The journal's newest entry, head and this PC's anchor agree (what each start checks)."""
    problems = seals.startup_problems(session, session.info.get("school_code", ""))
    entries = int(session.scalar(select(func.max(JournalEntry.seq))) or 0)
    where = target("journal")
    if problems:
        note = "\n".join(problems)
        value = M.journal_bad.format(n=len(problems))
        return Figure("journal", M.journal, value, where, note, Tone.BAD, len(problems))
    note = M.journal_entries.format(n=thousands(entries))
    return Figure("journal", M.journal, M.journal_ok, where, note, Tone.OK, 0)


def accounts(session: Session, facts: Facts, manages: bool) -> Section:
    """Accounts locked out now, and failed sign-ins in the last 24 hours (their list is the
    access log, which only whoever ``manages`` accounts reads)."""
    locked = list(
        session.scalars(
            select(User.username)
            .where(User.locked_until.is_not(None), User.locked_until > facts.now)
            .order_by(User.username)
        )
    )
    failed = int(
        session.scalar(
            select(func.count()).where(
                AccessEntry.event == AccessEvent.SIGN_IN_FAILED,
                AccessEntry.at >= facts.now - timedelta(hours=24),
            )
        )
        or 0
    )
    figures = (
        count_figure(
            "locked_out",
            M.locked_out,
            len(locked),
            target("users", username=locked[0] if locked else ""),
            alarm=Tone.BAD,
            note=", ".join(locked),
        ),
        count_figure(
            "failed_logins",
            M.failed_logins,
            failed,
            target("journal", tab="access", event=AccessEvent.SIGN_IN_FAILED) if manages else None,
        ),
    )
    return Section("accounts", M.accounts, figures)
