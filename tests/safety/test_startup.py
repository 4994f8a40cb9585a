"""Startup safety: restore point before migrating, damaged-file recovery, location warnings."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from app import journal, migrate, paths, school, settings
from app.db import Database, make_engine, sqlite_url
from app.errors import Conflict, StorageError
from app.messages import MSG
from app.runtime import DatabaseDamaged, open_runtime, recover_from_restore_point
from app.safety import restore_points
from app.safety.integrity import location_warning, quick_check
from app.safety.lock import InstanceLock
from tests.conftest import Seeded

SIDES = ("-wal", "-shm")


def _revision(path: Path) -> str | None:
    db = Database(make_engine(sqlite_url(path)))
    try:
        return migrate.current_revision(db.engine)
    finally:
        db.dispose()


def _years(path: Path) -> set[str]:
    db = Database(make_engine(sqlite_url(path)))
    try:
        with db.read() as s:
            return set(s.scalars(select(school.SchoolYear.name)))
    finally:
        db.dispose()


def _damage(path: Path) -> None:
    """Overwrite a run of pages in the middle of the file with junk."""
    data = bytearray(path.read_bytes())
    assert len(data) > 12 * 4096
    data[5 * 4096 : 12 * 4096] = b"\x5a" * (7 * 4096)
    path.write_bytes(bytes(data))


def test_a_restore_point_is_taken_before_migrating(school_db: Seeded, newer_build: str) -> None:
    """Opening an older database with a newer build copies it aside first, then migrates."""
    path = school_db.db.path
    assert path is not None
    old_revision = _revision(path)
    assert old_revision is not None and old_revision != newer_build
    rt = open_runtime(sqlite_url(path))
    try:
        assert migrate.current_revision(rt.db.engine) == newer_build
        assert "safety_probe" in inspect(rt.db.engine).get_table_names()
        assert rt.db.school_code == "THCS0001"
    finally:
        rt.close()
    points = restore_points.list_points(db_path=path)
    assert [p.label for p in points] == ["truoc-nang-cap-csdl"]
    assert _revision(points[0].path) == old_revision
    assert "2025-2026" in _years(points[0].path) and quick_check(points[0].path).ok


def test_no_restore_point_without_a_migration(tmp_path: Path) -> None:
    """A brand-new file (nothing to keep) and an up-to-date one take no restore point."""
    url = sqlite_url(tmp_path / "moi.sqlite")
    open_runtime(url).close()
    open_runtime(url).close()
    assert restore_points.list_points() == []


def test_damaged_file_is_detected_and_recovered_from_the_newest_good_point(
    school_db: Seeded,
) -> None:
    """Corrupt pages → DatabaseDamaged; recovery puts the point back and keeps the damaged file."""
    db, path = school_db.db, school_db.db.path
    assert path is not None
    admin = school_db.actor("admin")
    with db.uow(actor=admin) as s:
        for y in range(2030, 2040):
            school.add_year(s, admin, f"{y}-{y + 1}")
    db.dispose()
    point = restore_points.take(path, "truoc-nhap-du-lieu")
    assert point is not None
    with db.uow(actor=admin) as s:
        school.add_year(s, admin, "2050-2051")
    db.dispose()
    _damage(path)
    damaged = path.read_bytes()

    with pytest.raises(DatabaseDamaged) as err:
        open_runtime(sqlite_url(path))
    assert err.value.path == path
    assert err.value.message.startswith(MSG.db_integrity_failed.format(path=path, detail=""))

    assert recover_from_restore_point(path) == point.path
    asides = [p for p in path.parent.glob(f"{path.name}.hong-*") if p.name[-4:] not in SIDES]
    assert len(asides) == 1 and asides[0].read_bytes() == damaged
    rt = open_runtime(sqlite_url(path))
    try:
        with rt.db.read() as s:
            assert journal.verify(s).ok
            last = journal.query(s, limit=1)[0]
        assert last.changes["event"] == "khoi_phuc_diem"
        assert last.changes["damaged_kept"] == str(asides[0])
    finally:
        rt.close()
    assert "2039-2040" in _years(path) and "2050-2051" not in _years(path)


def test_recovery_never_uses_another_databases_restore_point(
    school_db: Seeded, tmp_path: Path
) -> None:
    """Only points of this very file count; with none, the damaged file stays where it was."""
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    other = tmp_path / "khac.sqlite"
    restore_points.online_copy(path, other)
    assert restore_points.take(other, "cua-csdl-khac") is not None
    _damage(path)
    damaged = path.read_bytes()
    assert recover_from_restore_point(path) is None
    assert path.read_bytes() == damaged
    assert list(path.parent.glob(f"{path.name}.hong-*")) == []


def test_recovery_is_refused_while_the_database_is_in_use(school_db: Seeded) -> None:
    """Recovery takes the instance lock: another holder blocks it."""
    path = school_db.db.path
    assert path is not None
    with InstanceLock(path), pytest.raises(Conflict):
        recover_from_restore_point(path)


def test_restore_point_of_a_damaged_file_is_a_raw_copy_only_when_asked(
    school_db: Seeded,
) -> None:
    """take() refuses an unreadable file unless damaged_ok, which keeps its bytes as they are."""
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    path.write_bytes(b"this is not SQLite" * 300)
    with pytest.raises(StorageError):
        restore_points.take(path, "thu")
    point = restore_points.take(path, "thu", damaged_ok=True)
    assert point is not None and point.path.read_bytes() == path.read_bytes()


def test_restore_points_are_pruned_to_the_newest(school_db: Seeded, tmp_path: Path) -> None:
    """Only the newest KEEP points stay."""
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    folder = tmp_path / "points"
    taken = [restore_points.take(path, f"lan-{i}", folder) for i in range(4)]
    restore_points.prune(folder, keep=2)
    assert [p.path for p in restore_points.list_points(folder)] == [
        t.path for t in reversed(taken[2:]) if t is not None
    ]


def test_cloud_and_network_folders_are_warned_about(tmp_path: Path) -> None:
    """A database inside a OneDrive/Dropbox folder gets the warning; a local one does not."""
    assert location_warning(tmp_path / "truongso.sqlite") is None
    cloud = tmp_path / "OneDrive - Trường THCS" / "truongso.sqlite"
    assert location_warning(cloud) == MSG.db_on_network.format(path=cloud)
    assert location_warning(tmp_path / "omega" / "x.sqlite") is None
    rt = open_runtime(sqlite_url(tmp_path / "Dropbox" / "truongso.sqlite"))
    try:
        assert rt.warnings == [
            MSG.db_on_network.format(path=tmp_path / "Dropbox" / "truongso.sqlite")
        ]
    finally:
        rt.close()


def test_startup_removes_leftovers_of_a_crashed_restore(tmp_path: Path) -> None:
    """A hidden temporary file from an interrupted restore is removed at the next start."""
    path = tmp_path / "truongso.sqlite"
    leftover = tmp_path / f".{path.name}.khoi-phuc-4242.tmp"
    leftover.write_bytes(b"plain data")
    open_runtime(sqlite_url(path)).close()
    assert not leftover.exists()


def test_startup_removes_what_killed_backups_and_copies_left(tmp_path: Path) -> None:
    """Issue 15 §3: a killed backup's .tsbak.part in the backup folder, a killed restore
    point's .part, and an old version's plain copy in tmp/sao-luu-* go at the next start,
    however fresh (in the data folder only this lock's holder writes them); in a backup
    folder elsewhere, which another PC may be writing to, only an old .part goes."""
    path = tmp_path / "truongso.sqlite"
    open_runtime(sqlite_url(path)).close()
    part = settings.load().effective_backup_dir() / "truongso_THCS0001_20261207-1.tsbak.part"
    point = paths.restore_points_dir() / "20261207-0800_nhap@abc.sqlite.part"
    plain = paths.data_dir() / "tmp" / "sao-luu-x1" / "csdl.sqlite"
    usb = tmp_path / "usb"
    usb_old, usb_live = usb / "a.tsbak.part", usb / "b.tsbak.part"
    for f in (part, point, plain, usb_old, usb_live):
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"SQLite format 3\0 plain data")
    old = time.time() - 3600
    os.utime(usb_old, (old, old))
    open_runtime(sqlite_url(path)).close()
    assert not part.exists() and not point.exists() and not plain.parent.exists()
    current = settings.load()
    settings.save(replace(current, backup_dir=str(usb)))
    open_runtime(sqlite_url(path)).close()
    assert not usb_old.exists() and usb_live.exists()


def test_checks_and_copies_work_in_folders_with_odd_names(
    school_db: Seeded, tmp_path: Path
) -> None:
    """Spaces, '#', '?', '%' and Vietnamese letters in the path do not break read-only opens."""
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    odd = tmp_path / "Dữ liệu #1 ?bản%20sao" / "truongso.sqlite"
    restore_points.online_copy(path, odd)
    assert quick_check(odd).ok
    point = restore_points.take(odd, "thu")
    assert point is not None and quick_check(point.path).ok
    assert "2025-2026" in _years(point.path)


def test_whole_file_check_runs_after_a_crash_and_daily_not_at_every_start(
    school_db: Seeded,
) -> None:
    """A clean restart within the day skips the full scan; a crash marker forces it."""
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    open_runtime(sqlite_url(path)).close()
    stamp = path.with_name(path.name + ".kiem-tra")
    first = stamp.read_text(encoding="utf-8")
    open_runtime(sqlite_url(path)).close()
    assert stamp.read_text(encoding="utf-8") == first  # clean exit, checked today: no scan

    _damage(path)
    InstanceLock(path).info_path.write_text('{"pid": 1, "host": "may-cu"}', encoding="utf-8")
    with pytest.raises(DatabaseDamaged):
        open_runtime(sqlite_url(path))
