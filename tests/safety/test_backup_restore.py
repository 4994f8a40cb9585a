"""Encrypted backups: restore brings data back; bad keys, tampering, newer schemas are refused."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app import journal, migrate, paths, school
from app.db import Actor, Database, make_engine, sqlite_url
from app.errors import Cancelled, PermissionDenied, StorageError
from app.messages import MSG
from app.safety import backup, keys, restore_points
from app.safety.integrity import quick_check
from tests.conftest import Seeded, seed

ADMIN = Actor("quantri", "admin", full_name="Quản trị")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _years(path: Path) -> set[str]:
    db = Database(make_engine(sqlite_url(path)))
    try:
        with db.read() as s:
            return set(s.scalars(select(school.SchoolYear.name)))
    finally:
        db.dispose()


def _backup(seeded: Seeded, folder: Path) -> backup.BackupInfo:
    return backup.create_backup(seeded.db, seeded.actor("admin"), folder)


def _assert_untouched(target: Path, before: str) -> None:
    assert _digest(target) == before
    leftovers = [p.name for p in target.parent.iterdir() if "khoi-phuc" in p.name]
    assert leftovers == []
    assert restore_points.list_points(db_path=target) == []


def test_restore_brings_the_data_back_and_keeps_the_replaced_database(
    school_db: Seeded, tmp_path: Path
) -> None:
    """Back up, change data, restore: the data is back and the changed DB is a restore point."""
    db, path = school_db.db, school_db.db.path
    assert path is not None
    info = _backup(school_db, tmp_path / "bk")
    assert info.path.parent == tmp_path / "bk" and info.school_code == "THCS0001"
    assert info.created_at.tzinfo is not None and info.size == info.path.stat().st_size
    raw = info.path.read_bytes()
    assert b"SQLite format 3" not in raw and "Kim Đồng".encode() not in raw
    admin = school_db.actor("admin")
    with db.uow(actor=admin) as s:
        school.add_year(s, admin, "2030-2031")
    db.dispose()

    result = backup.restore_backup(info.path, path)

    assert "2030-2031" not in _years(path)
    assert "2025-2026" in _years(path)
    assert result.kept is not None and "2030-2031" in _years(result.kept)
    assert result.school_code == "THCS0001" and result.revision == migrate.head_revision()
    assert quick_check(path).ok
    restored = Database(make_engine(sqlite_url(path)))
    try:
        with restored.read() as s:
            verdict = journal.verify(s)
            last = journal.query(s, limit=1)[0]
        # + the new epoch's event (decision 022) and the restore's own
        assert verdict.ok and verdict.count == result.journal_entries + 2
        assert last.changes["event"] == "khoi_phuc" and last.changes["kept"] == str(result.kept)
    finally:
        restored.dispose()


def test_backup_is_journalled_and_listed(school_db: Seeded, tmp_path: Path) -> None:
    """Each backup appends a "sao_luu" event and shows in list_backups / latest_backup."""
    folder = tmp_path / "bk"
    first = _backup(school_db, folder)
    second = _backup(school_db, folder)
    with school_db.db.read() as s:
        events = journal.query(s, journal.JournalFilter(entity_type="backup"))
    assert [e.changes["event"] for e in events] == ["sao_luu", "sao_luu"]
    assert {e.entity_id for e in events} == {first.path.name, second.path.name}
    (folder / "ghi-chu.tsbak").write_text("không phải bản sao lưu", encoding="utf-8")
    listed = backup.list_backups(folder)
    # Same day: retention keeps the newer one only.
    assert [b.path for b in listed] == [second.path]
    assert backup.latest_backup(folder) == listed[0]
    assert not first.path.exists()


def test_wrong_key_is_refused_and_the_target_is_untouched(
    school_db: Seeded, tmp_path: Path
) -> None:
    """A key file for another key: refused before anything is replaced or copied."""
    info = _backup(school_db, tmp_path / "bk")
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    other = keys.export_key(ADMIN, tmp_path / "khac.txt", "THCS0002")  # a different, new key
    before = _digest(path)
    with pytest.raises(StorageError) as err:
        backup.restore_backup(info.path, path, other)
    assert err.value.message == MSG.backup_wrong_key.format(path=info.path)
    _assert_untouched(path, before)


def test_missing_key_on_a_new_pc_is_a_clear_message(school_db: Seeded, tmp_path: Path) -> None:
    """Without the key in keyring and no key file, restore names the fix (--key-file)."""
    info = _backup(school_db, tmp_path / "bk")
    from app import secrets

    secrets.use_memory_backend()  # a new PC: empty keyring
    target = tmp_path / "moi" / "truongso.sqlite"
    with pytest.raises(StorageError) as err:
        backup.restore_backup(info.path, target)
    assert err.value.message == MSG.backup_no_key
    assert not target.exists()


@pytest.mark.parametrize("where", ["body", "header"])
def test_a_changed_byte_is_refused(school_db: Seeded, tmp_path: Path, where: str) -> None:
    """One altered byte in the encrypted body or the header fails authentication."""
    info = _backup(school_db, tmp_path / "bk")
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    data = bytearray(info.path.read_bytes())
    if where == "body":
        data[len(data) // 2] ^= 0x01
    else:
        at = data.index(b'"sha256": "') + len(b'"sha256": "')
        data[at] = ord("0") if data[at] != ord("0") else ord("1")
    info.path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(StorageError) as err:
        backup.restore_backup(info.path, path)
    assert err.value.message == MSG.backup_wrong_key.format(path=info.path)
    _assert_untouched(path, before)


def test_not_a_backup_file_is_refused(school_db: Seeded, tmp_path: Path) -> None:
    """Restoring from some other file says it is not a Trường Số backup."""
    path = school_db.db.path
    assert path is not None
    bogus = tmp_path / "anh.tsbak"
    bogus.write_bytes(b"\x89PNG" + b"\0" * 100)
    with pytest.raises(StorageError) as err:
        backup.restore_backup(bogus, path)
    assert err.value.message == MSG.backup_bad_file.format(path=bogus)


def test_backup_from_a_newer_schema_is_refused(
    tmp_path: Path, newer_build: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup made by a build with a later migration cannot be restored by this one."""
    newer = Database(make_engine(sqlite_url(tmp_path / "moi-hon.sqlite")))
    migrate.upgrade(newer.engine)
    assert migrate.current_revision(newer.engine) == newer_build
    seeded = seed(newer)
    info = _backup(seeded, tmp_path / "bk")
    newer.dispose()
    monkeypatch.setattr(migrate, "migrations_dir", paths.migrations_dir)  # back to this build
    target = tmp_path / "cu.sqlite"
    target.write_bytes(b"")  # an existing (empty) database must stay as it is
    with pytest.raises(StorageError) as err:
        backup.restore_backup(info.path, target)
    assert err.value.message == MSG.backup_newer_schema.format(path=info.path)
    assert target.read_bytes() == b""


def test_restore_with_a_key_file_adopts_the_key_on_a_new_pc(
    school_db: Seeded, tmp_path: Path
) -> None:
    """Export, lose the keyring, restore with --key-file: later backups use the same key."""
    info = _backup(school_db, tmp_path / "bk")
    key_file = keys.export_key(ADMIN, tmp_path / "khoa.txt", "THCS0001")
    old_fp = keys.key_fingerprint("THCS0001")
    from app import secrets

    secrets.use_memory_backend()
    target = tmp_path / "may-moi" / "truongso.sqlite"
    result = backup.restore_backup(info.path, target, key_file)
    assert result.kept is None and "2025-2026" in _years(target)
    assert keys.key_fingerprint("THCS0001") == old_fp
    restored = Database(make_engine(sqlite_url(target)))
    try:
        again = backup.create_backup(restored, school_db.actor("admin"), tmp_path / "bk2")
    finally:
        restored.dispose()
    secrets.use_memory_backend()
    assert keys.import_key(key_file) == "THCS0001"
    assert backup.restore_backup(again.path, tmp_path / "lan3.sqlite").school_code == "THCS0001"


def test_backup_needs_the_backup_permission(school_db: Seeded, tmp_path: Path) -> None:
    """A teacher may not back up; a secretary may; no file is written on refusal."""
    with pytest.raises(PermissionDenied):
        backup.create_backup(school_db.db, school_db.actor("teacher"), tmp_path / "bk")
    assert not (tmp_path / "bk").exists()
    info = backup.create_backup(school_db.db, school_db.actor("secretary"), tmp_path / "bk")
    assert info.path.exists()


def test_restore_needs_the_restore_permission(school_db: Seeded, tmp_path: Path) -> None:
    """With an actor, restore requires Perm.RESTORE (a secretary lacks it)."""
    info = _backup(school_db, tmp_path / "bk")
    with pytest.raises(PermissionDenied):
        backup.restore_backup(info.path, tmp_path / "x.sqlite", actor=school_db.actor("secretary"))
    assert not (tmp_path / "x.sqlite").exists()


class _CancelAfterStart:
    cancelled = False

    def update(self, done: int, total: int, label: str = "") -> None:
        if done > 0:
            self.cancelled = True


def test_cancelled_backup_leaves_no_file(school_db: Seeded, tmp_path: Path) -> None:
    """Cancelling mid-write raises Cancelled and leaves neither backup nor .part nor temp copy
    (the database is copied in memory: no plain copy is ever written, issue 15 §3)."""
    folder = tmp_path / "bk"
    with pytest.raises(Cancelled):
        backup.create_backup(school_db.db, school_db.actor("admin"), folder, _CancelAfterStart())
    assert list(folder.iterdir()) == []
    assert not (paths.data_dir() / "tmp").exists()


def test_what_killed_backups_and_restore_points_left_is_removed(
    school_db: Seeded, tmp_path: Path
) -> None:
    """A killed backup's .tsbak.part and a killed restore point's .part go at the next backup
    and the next pruning; one written in the last minutes (another process's) stays."""
    folder = tmp_path / "bk"
    folder.mkdir()
    points = paths.restore_points_dir()
    points.mkdir(parents=True, exist_ok=True)
    stale = [folder / "truongso_THCS0001_20260101-080000.tsbak.part", points / "a.sqlite.part"]
    stale.append(points / "a.sqlite.part-journal")
    live = [folder / "truongso_THCS0001_20261207-080000.tsbak.part", points / "b.sqlite.part"]
    long_ago = time.time() - 3600
    for f in stale + live:
        f.write_bytes(b"SQLite format 3\0 half a copy")
    for f in stale:
        os.utime(f, (long_ago, long_ago))
    info = backup.create_backup(school_db.db, school_db.actor("admin"), folder)
    restore_points.prune()
    assert sorted(p.name for p in folder.iterdir()) == sorted([info.path.name, live[0].name])
    assert sorted(p.name for p in points.glob("*.part*")) == ["b.sqlite.part"]


def test_only_a_role_that_backs_up_may_export_the_key(tmp_path: Path) -> None:
    """The key opens every backup: a teacher or the equipment officer is refused, and no file
    appears; the principal (and the secretary, who makes the backups) may."""
    for role in ("teacher", "equipment_officer"):
        with pytest.raises(PermissionDenied):
            keys.export_key(Actor("ai.do", role), tmp_path / f"{role}.txt", "THCS0001")
    assert list(tmp_path.iterdir()) == []
    principal = Actor("hieutruong", "principal")
    assert keys.export_key(principal, tmp_path / "khoa.txt", "THCS0001").is_file()


def test_export_key_refuses_to_overwrite_and_import_checks_the_fingerprint(
    tmp_path: Path,
) -> None:
    """A key file is never overwritten; a mistyped key (fingerprint mismatch) is rejected."""
    path = keys.export_key(ADMIN, tmp_path / "khoa.txt", "THCS0001")
    assert path.stat().st_mode & 0o077 == 0
    with pytest.raises(StorageError):
        keys.export_key(ADMIN, path, "THCS0001")
    text = path.read_text(encoding="utf-8")
    assert "tủ/két của Hiệu trưởng" in text and "KHÔNG để tệp này trên máy tính này" in text
    line = next(x for x in text.splitlines() if x.startswith("Khóa (key):"))
    digits = line.split(":", 1)[1].split()
    digits[3] = "ffff" if digits[3] != "ffff" else "0000"
    typo = tmp_path / "go-lai.txt"
    typo.write_text(text.replace(line, "Khóa (key): " + " ".join(digits)), encoding="utf-8")
    with pytest.raises(StorageError) as err:
        keys.import_key(typo)
    assert err.value.message == MSG.backup_key_file_bad.format(path=typo)
    assert keys.import_key(path) == "THCS0001"


def test_unusable_backup_folder_is_a_clear_error(school_db: Seeded, tmp_path: Path) -> None:
    """A folder that cannot be created (e.g. a USB stick pulled out) gives a Vietnamese message."""
    blocker = tmp_path / "usb"
    blocker.write_text("không phải thư mục", encoding="utf-8")
    with pytest.raises(StorageError) as err:
        backup.create_backup(school_db.db, school_db.actor("admin"), blocker / "sao-luu")
    assert err.value.message.startswith(f"Không ghi được {blocker / 'sao-luu'}")
