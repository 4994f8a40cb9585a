"""Retention keeps 7 daily + 4 weekly; scheduled backups run only when due; PostgreSQL is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import settings
from app.db import Actor, Database, make_engine
from app.errors import StorageError
from app.messages import MSG
from app.safety import backup, crypto, keys, retention
from tests.conftest import Seeded, _pg_database

MON = datetime(2025, 3, 3, 8, 0)  # a Monday


def _at(days: float, hour: int = 8) -> datetime:
    return MON + timedelta(days=days, hours=hour - 8)


def test_retention_keeps_newest_of_7_days_and_4_weeks() -> None:
    """Two backups a day for six weeks: keep the newest per day of the last 7 days and per week of 4."""
    items = [(Path(f"{d}-{h}"), _at(d, h)) for d in range(42) for h in (8, 16)]
    doomed = set(retention.to_delete(items))
    kept = {p.name for p, _ in items if p not in doomed}
    last7 = {f"{d}-16" for d in range(35, 42)}
    weekly = {"41-16", "34-16", "27-16", "20-16"}  # Sundays, the newest of each ISO week
    assert kept == last7 | weekly


def test_retention_counts_days_that_have_backups() -> None:
    """After a month switched off, the last 7 backup days and 4 backup weeks are still kept."""
    days = [-30, -20, 0, 1, 2, 3, 4, 7, 8, 9, 10, 40, 41]
    items = [(Path(str(d)), _at(d)) for d in days]
    doomed = retention.to_delete(items)
    # Days kept: 41 40 10 9 8 7 4; weeks kept: those of 41, 10, 4 and -20 (the 4th week).
    assert [p.name for p in doomed] == ["-30", "0", "1", "2", "3"]


def test_retention_keeps_everything_when_there_is_little() -> None:
    """Up to seven backups on different days are never deleted."""
    items = [(Path(str(d)), _at(d * 3)) for d in range(7)]
    assert retention.to_delete(items) == []


@given(
    st.lists(
        st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31)),
        min_size=1,
        max_size=60,
        unique=True,
    )
)
def test_retention_properties(times: list[datetime]) -> None:
    """The newest is always kept, at most 11 are kept, and every kept one is a day/week winner."""
    items = [(Path(str(i)), t) for i, t in enumerate(times)]
    doomed = set(retention.to_delete(items))
    kept = [(p, t) for p, t in items if p not in doomed]
    newest = max(items, key=lambda pt: pt[1])
    assert newest in kept
    assert len(kept) <= retention.DAYS + retention.WEEKS
    assert len(kept) >= min(len({t.date() for t in times}), retention.DAYS)
    for _, t in kept:
        same_day = [u for u in times if u.date() == t.date()]
        same_week = [u for u in times if u.isocalendar()[:2] == t.isocalendar()[:2]]
        assert t == max(same_day) or t == max(same_week)


def _fake_backup(folder: Path, code: str, when: datetime, plain: Path) -> Path:
    """A real encrypted backup file dated ``when`` (as if written that day)."""
    key = keys.get_or_create_key(code)
    digest, size = crypto.sha256_file(plain)
    header = crypto.Header(code, when.isoformat(), "0001", digest, size, crypto.fingerprint(key))
    dest = folder / f"truongso_{code}_{when:%Y%m%d-%H%M%S}.tsbak"
    with open(dest, "wb") as out, open(plain, "rb") as src:
        crypto.encrypt_to(src, out, header, key, lambda n: None)
    return dest


def test_create_backup_applies_retention_to_its_school_only(
    school_db: Seeded, tmp_path: Path
) -> None:
    """Writing a backup prunes that school's old ones to 7 daily + 4 weekly, not other schools'."""
    folder = tmp_path / "bk"
    folder.mkdir()
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"x" * 100)
    now = datetime.now(UTC)
    ours = [_fake_backup(folder, "THCS0001", now - timedelta(days=d), plain) for d in range(1, 60)]
    theirs = _fake_backup(folder, "KHAC0002", now - timedelta(days=90), plain)
    new = backup.create_backup(school_db.db, school_db.actor("admin"), folder)
    remaining = {b.path for b in backup.list_backups(folder)}
    assert new.path in remaining and theirs in remaining
    assert set(ours[:6]) <= remaining  # with today's: the last 7 backup days
    assert len(remaining) <= 1 + retention.DAYS + retention.WEEKS
    assert not ours[-1].exists()


def test_backup_due_and_run_scheduled(
    school_db: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Due with no backup; not due just after one; due again after the interval; 0 turns it off."""
    cfg = settings.Settings(backup_dir=str(tmp_path / "bk"), backup_every_hours=24)
    assert backup.backup_due(cfg)
    info = backup.run_scheduled(school_db.db, None, cfg)
    assert info is not None and info.path.parent == tmp_path / "bk"
    assert not backup.backup_due(cfg)
    assert backup.run_scheduled(school_db.db, None, cfg) is None
    assert not backup.backup_due(cfg, info.created_at + timedelta(hours=22))
    assert backup.backup_due(cfg, info.created_at + timedelta(hours=23, minutes=1))
    assert not backup.backup_due(settings.Settings(backup_dir=cfg.backup_dir, backup_every_hours=0))
    with school_db.db.read() as s:
        from app import journal

        entry = journal.query(s, journal.JournalFilter(entity_type="backup"))[0]
    assert entry.username == backup.SCHEDULER


@pytest.fixture
def pg_db() -> Iterator[Database]:
    """An empty PostgreSQL database (skips without TRUONGSO_TEST_PG_URL)."""
    for url in _pg_database():
        db = Database(make_engine(url))
        try:
            yield db
        finally:
            db.dispose()


def test_postgresql_backup_is_refused_with_the_pg_dump_advice(pg_db: Database) -> None:
    """On PostgreSQL the app does not back up; the message points to pg_dump."""
    with pytest.raises(StorageError) as err:
        backup.create_backup(pg_db, Actor.system("test"), None)
    assert err.value.message == MSG.restore_pg_unsupported
    assert backup.run_scheduled(pg_db, None, settings.Settings()) is None
