"""The writers' lock: take it before reading what a transaction will change.

Every journalled write locks the journal's one head row (``app.journal``) when
it first flushes, and keeps it until it commits, so the journal's entries are
numbered and chained in commit order. On PostgreSQL that alone left a gap: a
service reads the rows it is about to change *before* its first flush, so two
PCs saving the same grade cell both read "empty" (one then failed on the unique
key), both read 5,1 (the second journalled "5,1 → 1,2" over a 5,2), or both read
the row they then deleted (two deletes journalled, one of them of nothing).

A service that decides what to write from what it reads (a grade cell, a
rating, a lock state) calls ``lock_for_write`` first: it takes the same head
row lock, so the rows it reads next are the latest committed ones and stay so
until it commits. Two saves of one cell then run one after the other, as on
SQLite (whose ``BEGIN IMMEDIATE`` already does this for every write): the
second sees the first's value, journals it as the old value, or finds nothing
left to clear. On PostgreSQL a write that has to wait tells ``db_waits.on_wait``
listeners, and gives up after ``lock_timeout`` with a Vietnamese message.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db_waits import waiting
from app.journal_schema import JournalHead


def lock_for_write(session: Session) -> None:
    """Queue behind every other writer now, before reading the rows this transaction changes.

    A no-op on SQLite (the write transaction began with ``BEGIN IMMEDIATE``). On
    PostgreSQL it locks the journal head (``SELECT … FOR UPDATE``); if another PC
    holds it, ``db_waits.on_wait`` listeners hear of the wait. Without a head yet
    (no journalled write ever) there is nothing to queue behind.
    """
    if session.get_bind().dialect.name == "sqlite":
        return
    head = select(JournalHead.id).where(JournalHead.id == 1)
    if session.execute(head.with_for_update(skip_locked=True)).first() is None:
        with waiting():
            session.execute(head.with_for_update()).first()
