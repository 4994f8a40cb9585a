"""Journal epochs (decision 022 §2): a database gets one at its first write, a restore starts a
new one journalled with the number it went back to, so reused numbers are never taken for
duplicates; a database from before the epochs gets its first at its next write."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, text

from app import journal, school
from app.journal_schema import JournalEntry
from app.safety import backup, crypto
from tests.conftest import Seeded


def _add_year(seeded: Seeded, name: str) -> None:
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        school.add_year(s, admin, name)


def _epoch(seeded: Seeded) -> str | None:
    with seeded.db.read() as s:
        return journal.current_epoch(s)


def test_a_database_has_an_epoch_and_a_restore_starts_a_new_one(
    school_db: Seeded, tmp_path: Path
) -> None:
    first = _epoch(school_db)
    assert first is not None and len(first) == 36
    _add_year(school_db, "2030-2031")
    assert _epoch(school_db) == first  # ordinary writes keep it
    info = backup.create_backup(school_db.db, school_db.actor("admin"), tmp_path / "bk")
    with open(info.path, "rb") as fh:  # the journal's head in the copy (decision 015)
        backed_up_to = int(crypto.read_header(fh, info.path)[0].journal_head.split(":")[0])
    _add_year(school_db, "2031-2032")  # numbers the restore will take back
    assert school_db.db.path is not None
    school_db.db.dispose()
    backup.restore_backup(info.path, school_db.db.path)
    second = _epoch(school_db)
    assert second is not None and second != first
    with school_db.db.read() as s:
        entity_id, changes = s.execute(
            select(JournalEntry.entity_id, JournalEntry.changes).where(
                JournalEntry.entity_type == "journal"
            )
        ).one()
        assert journal.verify(s).ok
    assert entity_id == second
    details = json.loads(changes)
    assert details["previous"] == first and details["restored_to"] == backed_up_to
    assert details["event"] == journal.EPOCH_EVENT


def test_a_database_from_before_the_epochs_gets_one_at_its_next_write(seeded: Seeded) -> None:
    with seeded.db.engine.begin() as conn:
        conn.execute(text("UPDATE journal_head SET epoch = NULL"))
    assert _epoch(seeded) is None
    _add_year(seeded, "2030-2031")
    assert _epoch(seeded) is not None
