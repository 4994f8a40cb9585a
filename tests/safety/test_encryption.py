"""The database encrypted at rest (issue 15 §6, decision 019): no child's name readable in the
file, its restore points or its backups; the app opens it as before; a new PC opens it with
the school's key file; a PC without the key is told what to do."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app import checks, journal, secrets, sqlite_files
from app import students as st
from app.db import Database, make_engine, sqlite_url
from app.journal_schema import JournalEntry
from app.runtime import open_runtime, recover_from_restore_point
from app.safety import backup, encryption, keys, restore_points
from app.safety.crypto import Header, decrypt_to, encrypt_to, fingerprint, read_header
from tests.conftest import TEST_SCHOOL_KEY, Seeded

NAME = "Hoàng Thị Ánh Tuyết"
HEALTH = "Dị ứng hải sản"


@pytest.fixture
def encrypted_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite keeps plain files (tests/conftest.py); these tests encrypt, as the app does."""
    monkeypatch.setenv(sqlite_files.ENCRYPT_ENV, "1")


def _add_student(db: Database, seeded: Seeded) -> None:
    sec = seeded.actor("secretary")
    with db.uow(actor=sec) as s:
        st.create_student(
            s,
            sec,
            st.StudentInput(
                full_name=NAME, date_of_birth=date(2013, 5, 2), sex="Nữ", health_notes=HEALTH
            ),
        )


def _holds_plain(path: Path, *words: str) -> bool:
    """Whether any of ``words`` is in the file (or its WAL) as UTF-8."""
    data = b"".join(
        p.read_bytes()
        for p in (path, path.with_name(path.name + "-wal"))
        if p.exists() and p.stat().st_size
    )
    return any(w.encode("utf-8") in data for w in words)


def _names(path: Path) -> list[str]:
    db = Database(make_engine(sqlite_url(path)))
    try:
        with db.read() as s:
            return list(s.scalars(select(st.Student.full_name)))
    finally:
        db.dispose()


def _new_pc(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Another PC: its own data folder and an empty keyring."""
    monkeypatch.setenv("TRUONGSO_DATA_DIR", str(folder))
    secrets.reset_for_tests()
    secrets.use_memory_backend(shared=True)


@pytest.fixture
def encrypted_school(school_db: Seeded, encrypted_on: None) -> Seeded:
    """The test school with one student, its file then encrypted as setup ends."""
    _add_student(school_db.db, school_db)
    assert _holds_plain(school_db.db.path, NAME)  # type: ignore[arg-type]
    assert encryption.encrypt_database(school_db.db)
    return school_db


def test_encrypted_file_holds_no_name_and_opens_through_the_app(encrypted_school: Seeded) -> None:
    """After encryption no name, health note or school name is in the bytes, the stdlib cannot
    read it, the sidecar names the key without holding it, and the app reads and checks it."""
    db = encrypted_school.db
    path = db.path
    assert path is not None and sqlite_files.is_encrypted(path)
    assert not _holds_plain(path, NAME, HEALTH, "Kim Đồng", "CREATE TABLE")
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM student").fetchall()
    sidecar = sqlite_files.sidecar(path).read_text(encoding="utf-8")
    assert sqlite_files.read_ref(path) == sqlite_files.KeyRef(
        "THCS0001", fingerprint(TEST_SCHOOL_KEY)
    )
    assert TEST_SCHOOL_KEY.hex() not in sidecar
    assert sqlite_files.database_key(TEST_SCHOOL_KEY).hex() not in sidecar
    assert _names(path) == [NAME]
    with db.read() as s:
        last = s.execute(
            select(JournalEntry.entity_type, JournalEntry.changes).order_by(JournalEntry.seq.desc())
        ).first()
    assert last is not None and last[0] == "database" and "ma_hoa" in str(last[1])
    assert [r.name for r in checks.run_checks(db) if not r.ok] == []
    _add_student(db, encrypted_school)  # writes go on, encrypted too
    assert not _holds_plain(path, NAME)


def test_connections_keep_every_pragma(encrypted_school: Seeded) -> None:
    """WAL, synchronous=FULL, foreign keys, the busy timeout and a large page cache on an
    encrypted file, as on a plain one (app.db)."""
    with encrypted_school.db.engine.connect() as conn:
        got = {
            p: conn.execute(text(f"PRAGMA {p}")).scalar()
            for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "cache_size")
        }
    assert got == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 10_000,
        "cache_size": -sqlite_files.CACHE_KIB,
    }


def test_start_encrypts_an_existing_plain_database(
    school_db: Seeded, encrypted_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The migration of an existing plain database: the next start encrypts it, and the
    restore points taken while it was plain, once."""
    _add_student(school_db.db, school_db)
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    before = restore_points.take(path, "truoc-cap-nhat")
    assert before is not None and _holds_plain(before.path, NAME)
    rt = open_runtime(sqlite_url(path))
    try:
        assert sqlite_files.is_encrypted(path) and not _holds_plain(path, NAME)
        assert sqlite_files.is_encrypted(before.path) and not _holds_plain(before.path, NAME)
        with rt.db.read() as s:
            assert journal.verify(s).ok
    finally:
        rt.close()
    assert not encryption.part_path(path).exists()
    assert _names(path) == [NAME] and _names(before.path) == [NAME]


def test_without_the_key_the_message_says_to_import_it(
    encrypted_school: Seeded, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A PC without the school's key gets one Vietnamese sentence naming the school and the
    command to run; after ``key import`` of the paper key the same file opens."""
    path = encrypted_school.db.path
    assert path is not None
    key_file = keys.export_key(encrypted_school.actor("admin"), tmp_path, "THCS0001")
    encrypted_school.db.dispose()
    _new_pc(monkeypatch, tmp_path / "may-moi")
    with pytest.raises(sqlite_files.KeyMissing) as caught:
        open_runtime(sqlite_url(path)).close()
    assert "THCS0001" in caught.value.message and "key import" in caught.value.message
    assert "chưa có khóa" in caught.value.message
    keys.import_key(key_file)
    assert _names(path) == [NAME]


def test_restore_point_stays_encrypted_and_recovers_a_damaged_file(
    encrypted_school: Seeded,
) -> None:
    """A restore point of an encrypted file is encrypted with the same key; when the file is
    damaged, recovery puts the point back and it opens."""
    db = encrypted_school.db
    path = db.path
    assert path is not None
    db.dispose()
    point = restore_points.take(path, "thu")
    assert point is not None and sqlite_files.is_encrypted(point.path)
    assert not _holds_plain(point.path, NAME, HEALTH)
    assert sqlite_files.read_ref(point.path) == sqlite_files.read_ref(path)
    with open(path, "r+b") as fh:  # damage a page in the middle
        fh.seek(path.stat().st_size // 2)
        fh.write(b"\x00" * 4096)
    assert recover_from_restore_point(path) == point.path
    assert _names(path) == [NAME]
    assert sqlite_files.is_encrypted(path)


def test_backup_of_an_encrypted_file_restores_on_a_new_pc_with_the_key_file(
    encrypted_school: Seeded, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The backup's body is the encrypted database (nothing plain on disk on the way); a new
    PC with only the key file restores, verifies and opens it."""
    db = encrypted_school.db
    admin = encrypted_school.actor("admin")
    made = backup.create_backup(db, admin, tmp_path / "usb")
    assert not _holds_plain(made.path, NAME)
    leftovers = list((tmp_path / "data" / "tmp").glob("*")) if (tmp_path / "data").exists() else []
    assert leftovers == []
    key_file = keys.export_key(admin, tmp_path, "THCS0001")
    db.dispose()
    _new_pc(monkeypatch, tmp_path / "may-moi")
    target = tmp_path / "may-moi" / "truongso.sqlite"
    info = backup.restore_backup(made.path, target, key_file)
    assert info.journal_entries > 0
    assert sqlite_files.is_encrypted(target) and not _holds_plain(target, NAME, HEALTH)
    assert sqlite_files.read_ref(target) == sqlite_files.KeyRef("THCS0001", info_key(key_file))
    assert _names(target) == [NAME]


def info_key(key_file: Path) -> str:
    return keys.read_key_file(key_file).fingerprint


def _old_plain_backup(path: Path, folder: Path) -> Path:
    """A backup as builds before decision 019 wrote it: the plain database as its body."""
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()  # then closed
    body = path.read_bytes()
    assert body.startswith(sqlite_files.MAGIC) and NAME.encode() in body
    revision = sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()
    header = Header(
        "THCS0001",
        datetime.now(UTC).isoformat(),
        str(revision[0]),
        hashlib.sha256(body).hexdigest(),
        len(body),
        fingerprint(TEST_SCHOOL_KEY),
    )
    folder.mkdir()
    dest = folder / "truongso_THCS0001_20250101-080000.tsbak"
    with open(dest, "wb") as out:
        encrypt_to(io.BytesIO(body), out, header, TEST_SCHOOL_KEY, lambda n: None)
    return dest


def test_old_plain_backup_restores_and_is_encrypted(
    school_db: Seeded, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A backup made before encryption (a plain body) still restores, and the restored
    database is encrypted before it takes the place of the old one."""
    _add_student(school_db.db, school_db)
    assert school_db.db.path is not None
    school_db.db.dispose()
    old = _old_plain_backup(school_db.db.path, tmp_path / "usb")
    monkeypatch.setenv(sqlite_files.ENCRYPT_ENV, "1")
    target = tmp_path / "khoi-phuc" / "truongso.sqlite"
    info = backup.restore_backup(old, target)
    assert info.journal_entries > 0
    assert sqlite_files.is_encrypted(target) and not _holds_plain(target, NAME)
    assert not list(target.parent.glob("*.part")) and not list(target.parent.glob(".*.tmp"))
    assert _names(target) == [NAME]


def test_backup_body_is_encrypted_even_from_a_plain_file(school_db: Seeded, tmp_path: Path) -> None:
    """With encryption off (the suite's plain files) a backup's body is still the encrypted
    database, and a restore there gives back a plain file."""
    _add_student(school_db.db, school_db)
    made = backup.create_backup(school_db.db, school_db.actor("admin"), tmp_path / "usb")
    with open(made.path, "rb") as fh:
        header, _ = read_header(fh, made.path)
    body = io.BytesIO()
    decrypt_to(made.path, TEST_SCHOOL_KEY, body, lambda n: None)
    assert not body.getvalue().startswith(sqlite_files.MAGIC) and header.size == len(
        body.getvalue()
    )
    assert NAME.encode() not in body.getvalue()
    target = tmp_path / "khoi-phuc" / "truongso.sqlite"
    backup.restore_backup(made.path, target)
    assert not sqlite_files.is_encrypted(target) and sqlite_files.read_ref(target) is None
    rows = sqlite3.connect(target).execute("SELECT full_name FROM student").fetchall()
    assert rows == [(NAME,)]


def test_a_failed_encryption_is_a_warning_and_the_next_start_retries(
    school_db: Seeded, encrypted_on: None
) -> None:
    """When the encrypted copy cannot be written (here its place is taken by a folder), the
    start still opens the plain file with a warning that says it will retry; the next start
    encrypts."""
    _add_student(school_db.db, school_db)
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    blocker = encryption.part_path(path)
    blocker.mkdir()
    rt = open_runtime(sqlite_url(path))
    try:
        assert any("Chưa mã hóa được" in w and "thử lại" in w for w in rt.warnings), rt.warnings
        assert not sqlite_files.is_encrypted(path)
        with rt.db.read() as s:
            assert list(s.scalars(select(st.Student.full_name))) == [NAME]
    finally:
        rt.close()
    blocker.rmdir()
    open_runtime(sqlite_url(path)).close()
    assert sqlite_files.is_encrypted(path) and _names(path) == [NAME]
