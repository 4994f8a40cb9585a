"""The change journal: recorded in the same transaction, hash-chained, tamper-evident."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from app import accounts, journal, school
from app.db import Actor
from app.errors import StorageError
from tests.conftest import Seeded


def test_insert_update_delete_are_journalled_with_user_and_reason(seeded: Seeded) -> None:
    """Each tracked change appends one entry naming who, what (old/new) and why."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin, reason="Nhập năm học mới") as s:
        year = school.add_year(s, admin, "2026-2027")
    with seeded.db.uow(actor=admin) as s:
        prof = school.get_profile(s)
        assert prof is not None
        school.update_profile(
            s, admin, school.SchoolProfile(**{**prof.__dict__, "principal": "Lê Văn Tám"})
        )
    with seeded.db.read() as s:
        hist = journal.history(s, "school_year", str(year.id))
        assert [h.op for h in hist] == ["insert"]
        assert hist[0].username == "u_admin"
        assert hist[0].reason == "Nhập năm học mới"
        assert hist[0].changes["name"] == "2026-2027"
        latest = journal.query(s, journal.JournalFilter(entity_type="school"), limit=1)[0]
        assert latest.changes == {"principal": [prof.principal, "Lê Văn Tám"]}


def test_rolled_back_change_leaves_no_entry(seeded: Seeded) -> None:
    """An action that fails writes neither its rows nor its journal entries."""
    admin = seeded.actor("admin")
    with seeded.db.read() as s:
        before = journal.verify(s).count
    with pytest.raises(RuntimeError), seeded.db.uow(actor=admin) as s:
        school.add_year(s, admin, "2030-2031")
        raise RuntimeError("boom")
    with seeded.db.read() as s:
        assert journal.verify(s).count == before
        assert "2030-2031" not in [y.name for y in school.list_years(s)]


def test_password_hash_is_never_written_to_the_journal(seeded: Seeded) -> None:
    """Secrets are redacted: the entry says the hash changed, not what it is."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.reset_password(s, admin, "u_teacher", "moi12345")
    with seeded.db.read() as s:
        rows = s.execute(text("SELECT changes FROM journal_entry")).scalars().all()
    assert all("argon2" not in r for r in rows)
    assert any('"password_hash":["***","***"]' in r for r in rows)


def _drop_guards(conn: Connection) -> None:
    """What someone editing the file would do first: drop the append-only triggers."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER journal_entry_no_update"))
        conn.execute(text("DROP TRIGGER journal_entry_no_delete"))
    else:
        conn.execute(text("DROP TRIGGER journal_entry_no_change ON journal_entry"))
        conn.execute(text("DROP TRIGGER journal_entry_no_truncate ON journal_entry"))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE journal_entry SET reason = 'sửa lén' WHERE seq = 3",
        "DELETE FROM journal_entry WHERE seq = (SELECT MAX(seq) FROM journal_entry)",
        "DELETE FROM journal_entry",
    ],
    ids=["update", "delete-last", "delete-all"],
)
def test_the_database_refuses_to_change_or_delete_journal_entries(seeded: Seeded, sql: str) -> None:
    """Issue 15 §1: entries are append-only in the database itself (triggers)."""
    with seeded.db.read() as s:
        before = journal.verify(s)
    with pytest.raises(DBAPIError, match="append-only"), seeded.db.engine.begin() as conn:
        conn.execute(text(sql))
    with seeded.db.read() as s:
        assert journal.verify(s) == before and before.ok


def test_an_emptied_journal_and_head_is_damage_not_intact(seeded: Seeded) -> None:
    """DELETE FROM journal_entry; DELETE FROM journal_head: check used to say intact."""
    with seeded.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(text("DELETE FROM journal_entry"))
        conn.execute(text("DELETE FROM journal_head"))
    with seeded.db.read() as s:
        result = journal.verify(s)
    assert not result.ok and "nhật ký trống trong khi CSDL có dữ liệu" in result.message


def test_a_cut_tail_with_the_head_deleted_is_damage_and_refuses_writes(seeded: Seeded) -> None:
    """Cutting the newest entries and deleting the head: reported by verify; a later write
    fails with a clear message (it used to end with exit 3, a unique violation)."""
    with seeded.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(
            text("DELETE FROM journal_entry WHERE seq = (SELECT MAX(seq) FROM journal_entry)")
        )
        conn.execute(text("DELETE FROM journal_head"))
    with seeded.db.read() as s:
        result = journal.verify(s)
    assert not result.ok and "journal_head" in result.message
    admin = seeded.actor("admin")
    with pytest.raises(StorageError) as err, seeded.db.uow(actor=admin) as s:
        school.add_year(s, admin, "2031-2032")
    assert "Nhật ký thay đổi bị hỏng" in err.value.message


def test_verify_detects_an_altered_entry(seeded: Seeded) -> None:
    """Editing a journal row outside the app is caught at that row."""
    with seeded.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(text("UPDATE journal_entry SET reason = 'sửa lén' WHERE seq = 3"))
    with seeded.db.read() as s:
        result = journal.verify(s)
    assert not result.ok
    assert result.broken_at == 3
    assert "3" in result.message


def test_verify_detects_a_deleted_entry(seeded: Seeded) -> None:
    """Deleting a row in the middle breaks the sequence at the missing number."""
    with seeded.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(text("DELETE FROM journal_entry WHERE seq = 4"))
    with seeded.db.read() as s:
        result = journal.verify(s)
    assert (result.ok, result.broken_at) == (False, 4)


def test_verify_detects_a_truncated_tail(seeded: Seeded) -> None:
    """Deleting the newest entries is caught by the chain head."""
    with seeded.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(
            text("DELETE FROM journal_entry WHERE seq = (SELECT MAX(seq) FROM journal_entry)")
        )
    with seeded.db.read() as s:
        assert not journal.verify(s).ok


def test_bulk_insert_journals_every_row_and_keeps_the_chain(seeded: Seeded) -> None:
    """The compact bulk path writes the same kind of entries as the ORM hook."""
    from app.school import SchoolYear

    rows = [
        {
            "id": uuid.uuid4(),
            "school_code": "THCS0001",
            "name": f"{2100 + i}-{2101 + i}",
            "start_date": __import__("datetime").date(2100 + i, 9, 5),
            "end_date": __import__("datetime").date(2101 + i, 5, 31),
            "is_current": False,
        }
        for i in range(50)
    ]
    with seeded.db.uow(actor=Actor.system("bulk")) as s:
        journal.bulk_insert(s, SchoolYear, rows)
    with seeded.db.read() as s:
        assert journal.verify(s).ok
        hist = journal.history(s, "school_year", str(rows[7]["id"]))
    assert hist[0].changes["name"] == "2107-2108"
    assert hist[0].username == "bulk"
