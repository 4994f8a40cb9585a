"""Official results stored before they were journalled get their journal entries, once.

Until sync (decision 022 §4), ``result_snapshot`` — the results taken when a semester is
locked — was derived data outside the journal. This release journals every write to it, so
the hub receives them (``result@1``) and ``check`` compares them with their journal
(``app.safety.row_match``). The rows an older release stored have no entry: the hub would
never get them, and ``check`` would name each one as written outside the app.

So the first time this release opens such a database (``app.runtime.open_runtime``, after the
migrations and before anything else writes), every stored result is journalled as an insert
of what it holds, with the reason «Ghi nhận kết quả chính thức đã khóa trước khi cập nhật»,
by the system actor ``nang_cap``, with the journal's usual keyed seals (decision 015).

It runs only while the journal has no entry about the table at all, and adopts only rows
without an insert entry: after it, or once this release has locked a semester, every start
costs two one-row look-ups and writes nothing. A backup from before the upgrade, restored,
has none, and is adopted at its first start. What it adopts is what the database held at the
upgrade: ``check`` still recomputes each result from the scores (``snapshots.verify``).

The safety layer may not import the grade book (decision 008): the table is found by name
among the declared models (``app.modules`` declares them all before a database opens).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.db import Actor, Base, Database
from app.journal_schema import OP_INSERT, JournalEntry
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.write_lock import lock_for_write

TABLE = "result_snapshot"
ACTOR = "nang_cap"


def _model() -> type[Any]:
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == TABLE:
            return mapper.class_
    raise RuntimeError(f"{TABLE} is not declared: import app.modules before opening a database")


def due(session: Session) -> bool:
    """True when results are stored and the journal has never mentioned them."""
    table = Base.metadata.tables[TABLE]
    if session.execute(select(table.c.id).limit(1)).first() is None:
        return False
    said = select(JournalEntry.seq).where(JournalEntry.entity_type == TABLE).limit(1)
    return session.execute(said).first() is None


def adopt(session: Session) -> int:
    """Journal every stored result that has no insert entry; returns how many (0 when not
    ``due``). The caller's unit of work commits them with its own change, if any."""
    lock_for_write(session)  # two PCs opening one PostgreSQL database adopt once
    if not due(session):
        return 0
    table = Base.metadata.tables[TABLE]
    known = set(
        session.scalars(
            select(JournalEntry.entity_id).where(
                JournalEntry.entity_type == TABLE, JournalEntry.op == OP_INSERT
            )
        )
    )
    rows = [
        dict(row)
        for row in session.execute(select(table).order_by(table.c.created_at, table.c.id))
        .mappings()
        .all()
        if str(row["id"]) not in known
    ]
    journal.record_inserted(session, _model(), rows, M.results_adopted)
    return len(rows)


def adopt_results(db: Database) -> int:
    """At start: adopt the stored official results if ``due`` (a database with a school)."""
    if not db.school_code:
        return 0
    with db.read() as session:
        if not due(session):
            return 0
    with db.uow(actor=Actor.system(ACTOR), reason=M.results_adopted) as session:
        return adopt(session)
