"""Packaging on a schedule "when there are new journal entries" (issue 10 §2).

The window's timer asks ``packaging_due`` every few minutes; packages are made when the journal
has moved past what this epoch's packages hold and none was made in the last ``every`` (so a
morning of grade entry gives a few packages, not one per edit). Nothing runs without a hub
profile, or with an expired one: the panel says what to do instead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import journal
from app.db import Actor, Database, utcnow
from app.progress import Progress
from app.sync import actions
from app.sync.hub_profile import current_profile
from app.sync.outbox import OutboxPackage

DEFAULT_EVERY = timedelta(minutes=30)
SCHEDULE_ACTOR = "dong_bo_tu_dong"
"""The name the app's own packaging runs under (as the scheduled backup does)."""


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def packaging_due(session: Session, now: datetime, every: timedelta = DEFAULT_EVERY) -> bool:
    """True when the journal head is beyond the last number packaged in the current epoch and
    no package was made in the last ``every`` (a newest package "in the future" means the
    clock went back: due)."""
    epoch = journal.current_epoch(session)
    if epoch is None:
        return False
    head = journal.head_seq(session)
    done = session.scalar(
        select(func.max(OutboxPackage.last_seq)).where(OutboxPackage.epoch == epoch)
    )
    if head <= (done or 0):
        return False
    newest = session.scalar(select(func.max(OutboxPackage.created_at)))
    if newest is None:
        return True
    since = now - _aware(newest)
    return not timedelta(0) <= since < every


def run_scheduled(
    db: Database,
    actor: Actor | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    every: timedelta = DEFAULT_EVERY,
    today: date | None = None,
) -> actions.Made | None:
    """What the timer calls: make packages when a usable profile is kept and they are due;
    None when nothing was due (or there is no profile to send to)."""
    profile = current_profile()
    if profile is None or profile.expired(today):
        return None
    actor = actor or Actor.system(SCHEDULE_ACTOR)
    with db.read(actor) as s:
        if not packaging_due(s, now or utcnow(), every):
            return None
    return actions.make_now(db, actor, progress)
