"""Journal overhead: 10,000 tracked rows in one transaction, journal on vs plain Core.

Run: ``python bench/journal.py [--rows N] [--repeat R]``. Each timing inserts the
same user rows into a fresh, Alembic-migrated SQLite file and includes the
commit (``synchronous=FULL``). Three ways:

- baseline: SQLAlchemy Core ``executemany`` on the table, no session, no journal;
- bulk: ``journal.bulk_insert`` (Core executemany + one hash-chained entry per row);
- orm: ``session.add_all`` + flush, journalled by the ``after_flush`` hook;
- orm_bare: the same ORM flush with the hook detached, to show the hook's share.

Prints the median of each and its ratio to the baseline. Target: bulk ≤ 3×.

Entries and accounts are sealed with the school's key as in the app (decision 015: the
domain modules wired, the key in an in-memory keyring); ``--unsealed`` measures without.
``--encrypted`` runs every path on a plain and on an SQLCipher-encrypted copy of the same
template (decision 019) and prints each path's encrypted / plain ratio (target ≤ 1.3×).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app import journal, migrate, sqlite_files  # noqa: E402
from app.accounts import User, hash_password  # noqa: E402
from app.db import Actor, Database, make_engine, sqlite_url  # noqa: E402

TARGET = 3.0
cpu_times: dict[str, list[float]] = {}
SCHOOL = "79000701"


def make_rows(n: int) -> list[dict[str, Any]]:
    """``n`` realistic account rows, built before any timing starts."""
    pw = hash_password("matkhau123")
    now = datetime.now(UTC)
    return [
        {
            "id": uuid.uuid4(),
            "school_code": SCHOOL,
            "created_at": now,
            "updated_at": now,
            "username": f"hs{i:05d}",
            "full_name": f"Nguyễn Thị Học Sinh {i}",
            "role": "teacher",
            "password_hash": pw,
            "active": True,
            "failed_attempts": 0,
            "must_change_password": False,
        }
        for i in range(n)
    ]


def baseline(db: Database, rows: list[dict[str, Any]]) -> None:
    """Plain Core executemany on the table: no session, no journal."""
    writer = db.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
    with writer.begin() as conn:
        conn.execute(insert(User.__table__), rows)


def bulk(db: Database, rows: list[dict[str, Any]]) -> None:
    """The journal's bulk path."""
    with db.uow(actor=Actor.system("bench"), reason="bench") as s:
        journal.bulk_insert(s, User, rows)


def orm(db: Database, rows: list[dict[str, Any]]) -> None:
    """Ordinary ORM objects, journalled by the after_flush hook."""
    with db.uow(actor=Actor.system("bench"), reason="bench") as s:
        s.add_all(User(**r) for r in rows)
        s.flush()


def orm_bare(db: Database, rows: list[dict[str, Any]]) -> None:
    """The ORM path with the journal hook detached (for comparison only)."""
    event.remove(Session, "after_flush", journal._record_flush)
    try:
        orm(db, rows)
    finally:
        event.listen(Session, "after_flush", journal._record_flush)


def _count(db: Database, model: Any) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def timed(template: Path, work: Path, fn: Callable[..., None], rows: list[dict[str, Any]]) -> float:
    """Copy the migrated template, run ``fn`` once on it, return seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copy2(template, work)
    ref = sqlite_files.read_ref(template)
    if ref is not None:
        sqlite_files.write_ref(work, ref)
    else:
        sqlite_files.sidecar(work).unlink(missing_ok=True)
    db = Database(make_engine(sqlite_url(work)))
    try:
        with db.engine.connect():  # open the pool outside the timing
            pass
        start, cpu = time.perf_counter(), time.process_time()
        fn(db, rows)
        elapsed = time.perf_counter() - start
        cpu_times.setdefault(fn.__name__, []).append(time.process_time() - cpu)
        assert _count(db, User) == len(rows), "rows missing"
        if fn not in (baseline, orm_bare):
            with db.read() as s:
                result = journal.verify(s)
                sealed = s.scalar(select(func.count()).where(journal.JournalEntry.mac.is_not(None)))
            assert result.ok and result.count == len(rows), result.message
            assert sealed == (0 if os.environ.get("BENCH_UNSEALED") else len(rows)), sealed
        return elapsed
    finally:
        db.dispose()


def main() -> int:
    """Time every path ``--repeat`` times, interleaved, and print medians and ratios."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--unsealed", action="store_true", help="no key: entries left unsealed")
    ap.add_argument("--encrypted", action="store_true", help="also on an encrypted copy")
    args = ap.parse_args()
    os.environ["TRUONGSO_KEYRING"] = "memory"
    if args.unsealed:
        os.environ["BENCH_UNSEALED"] = "1"
    else:
        from app import modules  # noqa: F401  (the seals get their key source)
    rows = make_rows(args.rows)
    paths = {"baseline": baseline, "bulk": bulk, "orm": orm, "orm_bare": orm_bare}
    times: dict[str, list[float]] = {k: [] for k in paths}
    encrypted: dict[str, list[float]] = {k: [] for k in paths}
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.sqlite"
        engine = make_engine(sqlite_url(template))
        migrate.upgrade(engine)
        engine.dispose()
        secret = Path(tmp) / "secret.sqlite"
        if args.encrypted:
            _encrypted_copy(template, secret)
        work = Path(tmp) / "work.sqlite"
        for _ in range(args.repeat):
            for name, fn in paths.items():
                times[name].append(timed(template, work, fn, rows))
                if args.encrypted:
                    encrypted[name].append(timed(secret, work, fn, rows))
    base = statistics.median(times["baseline"])
    print(f"bench/journal.py: {args.rows} tracked rows (user_account) in one transaction, SQLite")
    print(f"  median of {args.repeat}; every run on a fresh migrated file, commit included")
    print("                 wall                              CPU")
    labels = {
        "baseline": "Core executemany, no journal",
        "bulk": "journal.bulk_insert",
        "orm": "ORM add_all + after_flush hook",
        "orm_bare": "ORM add_all, hook detached: not journalled",
    }
    base_cpu = statistics.median(cpu_times["baseline"])
    for name, label in labels.items():
        t = statistics.median(times[name])
        c = statistics.median(cpu_times[name])
        print(
            f"  {name:<9} {t * 1000:6.0f} ms {args.rows / t:7.0f} rows/s ratio {t / base:5.2f}×"
            f"  {c * 1000:6.0f} ms ratio {c / base_cpu:5.2f}×  ({label})"
        )
    ratio = statistics.median(times["bulk"]) / base
    hook = statistics.median(times["orm"]) / statistics.median(times["orm_bare"])
    print(f"  ORM hook cost (orm / orm_bare): {hook:.2f}×")
    verdict = "OK" if ratio <= TARGET else "ABOVE TARGET"
    cpu_ratio = statistics.median(cpu_times["bulk"]) / base_cpu
    print(f"  journal overhead (bulk / baseline): {ratio:.2f}× wall, {cpu_ratio:.2f}× CPU")
    print(f"  target ≤ {TARGET:.0f}× (wall) — {verdict}; load average {os.getloadavg()[0]:.1f}")
    if args.encrypted:
        print("  encrypted (SQLCipher) / plain, same path, wall — target ≤ 1.3×:")
        for name in paths:
            ratio = statistics.median(encrypted[name]) / statistics.median(times[name])
            ms = statistics.median(encrypted[name]) * 1000
            print(f"    {name:<9} {ms:6.0f} ms encrypted  {ratio:5.2f}×")
    return 0


def _encrypted_copy(template: Path, dest: Path) -> None:
    """``template`` encrypted as the app does it (a key derived from a school key)."""
    from app.safety import encryption

    school_key = bytes(range(32))
    sqlite_files.set_key_source(lambda code, key_id: school_key)
    encryption.export_encrypted(template, dest, sqlite_files.database_key(school_key))
    sqlite_files.write_ref(dest, sqlite_files.KeyRef("BENCH", "bench"))


if __name__ == "__main__":
    sys.exit(main())
