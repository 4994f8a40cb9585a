"""The fast executemany path stores exactly what Core executemany stores, on both backends."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Connection, Table, delete, insert, select
from sqlalchemy.orm import Session

from app import fastinsert, journal
from app.db import Actor, Database
from app.journal import JournalEntry
from app.students.inputs import Status
from app.students.models import Guardian, Student, StudentSearchTerm

HANOI = timezone(timedelta(hours=7))
Insert = Callable[[Connection, Table, list[dict[str, Any]]], None]


def _core(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    conn.execute(insert(table), rows)


def _student(i: int, **extra: Any) -> dict[str, Any]:
    """A student row using every kind of column: UUID, aware datetimes, dates, bools, floats."""
    return {
        "id": uuid.uuid4(),
        "school_code": "THCS0001",
        "created_at": datetime(2025, 9, 5, 7, 30, 1, 123456, tzinfo=UTC),
        "updated_at": datetime(2025, 9, 5, 14, 30, 1, 5, tzinfo=HANOI),
        "student_code": f"HS{i:04d}",
        "ministry_code": "",
        "lifelong_record_number": "",
        "personal_id": f"0381130{i:05d}" if i % 2 else None,
        "family_middle_name": "Nguyễn Thị",
        "given_name": "Ánh",
        "full_name": "Nguyễn Thị Ánh",
        "date_of_birth": date(2013, 4, i % 28 + 1) if i % 3 else None,
        "sex": "nu",
        "ethnicity_code": "01",
        "ethnicity_code_system": "QĐ 121-TCTK 1979",
        "religion": "",
        "nationality": "Việt Nam",
        "place_of_birth": "Thanh Hóa",
        "hometown": "Thanh Hóa",
        "address_province": "",
        "address_commune": "",
        "address_detail": "Thôn 3, xã Quảng Phú",
        "phone": "0912345678",
        "status": Status.ACTIVE,
        "policy_group": "",
        "disability": i % 2 == 0,
        "disability_type": "",
        "poverty": "",
        "height_cm": 140.5 if i % 2 else None,
        "weight_kg": 35.25,
        "health_notes": "",
        "consent_given": True,
        "consent_date": date(2025, 9, 1),
        "consent_by": "Lê Thị Hoa",
        "notes": "ghi chú",
        "search_text": "nguyễn thị ánh",
        "sort_key": "1x0",
    } | extra


def _read_back(s: Session, model: type[Any], table: Table) -> tuple[list[dict[str, Any]], list]:
    """Every row through the ORM (as the app sees it) and as the driver returns it (as stored)."""
    s.expunge_all()
    keys = [c.key for c in table.primary_key.columns]
    order = [getattr(model, k) for k in keys]
    objs = s.scalars(select(model).order_by(*order)).all()
    orm = [{c.key: getattr(o, c.key) for c in table.columns} for o in objs]
    cols = ", ".join(c.name for c in table.columns)
    raw = s.connection().exec_driver_sql(
        f"SELECT {cols} FROM {table.name} ORDER BY {', '.join(keys)}"
    )
    return orm, [tuple(r) for r in raw]


def _both_ways(
    db: Database, model: type[Any], rows: list[dict[str, Any]], fast: Insert
) -> tuple[tuple[list, list], tuple[list, list]]:
    """Insert ``rows`` through ``fast``, read back, delete; the same through Core."""
    table: Table = model.__table__
    with db.uow(actor=Actor.system("test")) as s:
        fast(s.connection(), table, rows)
        got = _read_back(s, model, table)
        s.connection().execute(delete(table))
        _core(s.connection(), table, rows)
        want = _read_back(s, model, table)
        s.connection().execute(delete(table))
    return got, want


def test_every_column_type_is_stored_as_core_stores_it(empty_db: Database) -> None:
    """UUIDs, aware datetimes, dates, NULLs, bools, floats and enums: same rows, same stored form."""
    rows = [_student(i) for i in range(7)]
    (orm, raw), (core_orm, core_raw) = _both_ways(empty_db, Student, rows, fastinsert.insert_rows)
    assert orm == core_orm
    assert raw == core_raw
    assert {r["id"] for r in orm} == {r["id"] for r in rows}
    if empty_db.engine.dialect.name == "sqlite":
        cols = [c.key for c in Student.__table__.columns]
        stored = dict(zip(cols, raw[0], strict=True))
        assert isinstance(stored["id"], str) and len(stored["id"]) == 32 and "-" not in stored["id"]
        assert stored["consent_date"] == "2025-09-01"
        first = next(r for r in rows if r["id"].hex == stored["id"])
        assert stored["updated_at"] == first["updated_at"].strftime("%Y-%m-%d %H:%M:%S.%f")


def test_missing_columns_get_the_same_defaults(empty_db: Database) -> None:
    """Left-out columns: scalar defaults filled as Core fills them; callable ones handed to Core."""
    given = ("id", "school_code", "student_code", "given_name", "full_name", "sex")
    given += ("created_at", "updated_at")
    short = [{k: v for k, v in _student(i).items() if k in given} for i in range(4)]
    (orm, raw), (core_orm, core_raw) = _both_ways(empty_db, Student, short, fastinsert.insert_rows)
    assert orm == core_orm and raw == core_raw
    assert orm[0]["nationality"] == "Việt Nam" and orm[0]["disability"] is False
    no_stamp = [{k: v for k, v in r.items() if k != "updated_at"} for r in short]
    (orm2, _), (core2, _) = _both_ways(empty_db, Student, no_stamp, fastinsert.insert_rows)
    assert all(r["updated_at"] is not None for r in orm2)
    strip = ("created_at", "updated_at")
    assert [{k: v for k, v in r.items() if k not in strip} for r in orm2] == [
        {k: v for k, v in r.items() if k not in strip} for r in core2
    ]


def test_child_rows_and_tuples_match_core(empty_db: Database) -> None:
    """Guardians (UUID foreign keys), search terms (composite key) and tuples via insert_values."""
    parents = [_student(i) for i in range(3)]
    with empty_db.uow(actor=Actor.system("test")) as s:
        _core(s.connection(), Student.__table__, parents)
    guardians = [
        {"id": uuid.uuid4(), "school_code": "THCS0001", "student_id": p["id"], "relation": "me",
         "full_name": "Lê Thị Hoa", "phone": "", "birth_year": 1985 if n else None,
         "occupation": "", "personal_id": None, "created_at": datetime.now(UTC),
         "updated_at": datetime.now(UTC)}
        for n, p in enumerate(parents)
    ]  # fmt: skip
    got, want = _both_ways(empty_db, Guardian, guardians, fastinsert.insert_rows)
    assert got == want

    def as_tuples(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        fastinsert.insert_values(
            conn, table, ("term", "student_id"), [tuple(r.values()) for r in rows]
        )

    terms = [{"term": t, "student_id": p["id"]} for p in parents for t in ("anh", "thi anh")]
    got, want = _both_ways(empty_db, StudentSearchTerm, terms, as_tuples)
    assert got == want and len(got[0]) == 6


def test_journal_bulk_entries_equal_the_orm_hook_entries(empty_db: Database) -> None:
    """A bulk-inserted row is journalled with the same changes as the same row added via the ORM."""
    actor = Actor.system("test")
    bulk = _student(1)
    orm = bulk | {"id": uuid.uuid4(), "student_code": "HS0001B", "personal_id": "038113099999"}
    with empty_db.uow(actor=actor, reason="nhập") as s:
        journal.bulk_insert(s, Student, [bulk])
        s.add(Student(**orm))
    with empty_db.read() as s:
        assert journal.verify(s).ok
        got = journal.history(s, "student", str(bulk["id"]))[0]
        want = journal.history(s, "student", str(orm["id"]))[0]
        row = s.execute(select(JournalEntry).where(JournalEntry.seq == got.seq)).scalar_one()
        assert (
            journal.entry_hash({c.key: getattr(row, c.key) for c in row.__table__.columns})
            == row.hash
        )
    differ = {"student_code", "personal_id"}
    assert {k: v for k, v in got.changes.items() if k not in differ} == {
        k: v for k, v in want.changes.items() if k not in differ
    }
    assert got.changes["date_of_birth"] == "2013-04-02" and got.changes["status"] == "dang_hoc"
    assert (got.op, got.reason, got.username) == (want.op, want.reason, want.username)


def test_paused_gc_restores_the_collector_and_nests() -> None:
    """The collector is off inside, back on after (even on error), and a nested pause changes nothing."""
    assert gc.isenabled()
    with pytest.raises(KeyError), fastinsert.paused_gc():
        assert not gc.isenabled()
        with fastinsert.paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise KeyError("x")
    assert gc.isenabled()
