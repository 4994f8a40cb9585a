"""The Sao lưu screen's services (app.safety.backup_admin, app.runtime.restore_in_place) on real
backups in temporary folders: admin only, the list's states, a check that replaces nothing,
the key exported with a printed sheet that can be typed back, a restore into an open runtime."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from app import accounts, journal_read, secrets
from app.accounts import User
from app.db import Actor
from app.errors import Cancelled, PermissionDenied, StorageError
from app.messages import MSG
from app.permissions import Role
from app.runtime import Runtime, restore_in_place
from app.safety import backup, backup_admin, keys, restore_points
from app.safety.backup_admin import BackupState
from tests.conftest import PASSWORD, Seeded

CODE = "THCS0001"


def _usernames(rt: Runtime) -> set[str]:
    with rt.db.read() as s:
        return set(s.scalars(select(User.username)))


def _add_user(seeded: Seeded, username: str) -> None:
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.create_user(s, admin, username, "Người mới", Role.TEACHER, PASSWORD)


def test_only_the_admin_manages_backups(
    ui_seeded: Seeded, runtime: Runtime, tmp_path: Path
) -> None:
    """Every other role is refused the list, the check, the key export and import and the
    restore, before anything is read or written; the database stays as it was."""
    admin = ui_seeded.actor("admin")
    made = backup.create_backup(runtime.db, admin, tmp_path / "sao-luu")
    key_file = keys.export_key(admin, tmp_path / "khoa.txt", CODE)
    out = tmp_path / "usb"
    out.mkdir()
    before = _usernames(runtime)
    for role in Role:
        if role is Role.ADMIN:
            continue
        actor = ui_seeded.actor(role.value)
        calls = (
            lambda a=actor: backup_admin.list_entries(a, [made.path.parent], CODE),
            lambda a=actor: backup_admin.check(a, made.path),
            lambda a=actor: backup_admin.export_key(a, runtime.db, out),
            lambda a=actor: backup_admin.preview_key(a, key_file),
            lambda a=actor: backup_admin.import_key(a, key_file),
            lambda a=actor: restore_in_place(runtime, made.path, a),
        )
        for call in calls:
            with pytest.raises(PermissionDenied):
                call()
    assert list(out.iterdir()) == []
    assert restore_points.list_points() == []
    assert _usernames(runtime) == before


def test_the_list_says_which_backups_can_be_restored_here(
    ui_seeded: Seeded, runtime: Runtime, tmp_path: Path
) -> None:
    """Backups in the default folder and on a USB stick are listed newest first with date,
    size and folder; a file that is not a backup is listed as unreadable; once this PC no
    longer has the key, the backup needs the key file."""
    admin = ui_seeded.actor("admin")
    home, usb = tmp_path / "sao-luu", tmp_path / "usb"
    first = backup.create_backup(runtime.db, admin, home)
    second = backup.create_backup(runtime.db, admin, usb)
    (usb / "hong.tsbak").write_bytes(b"khong phai ban sao luu")
    entries = backup_admin.list_entries(admin, [home, usb, tmp_path / "rut-ra"], CODE)
    assert [e.path for e in entries] == [second.path, first.path, usb / "hong.tsbak"]
    assert [e.state for e in entries] == [
        BackupState.READY,
        BackupState.READY,
        BackupState.UNREADABLE,
    ]
    assert entries[0].size == second.path.stat().st_size > 0
    assert entries[2].detail == MSG.backup_bad_file.format(path=usb / "hong.tsbak")
    old = keys.key_fingerprint(CODE)
    secrets.delete_secret(f"backup-key:{CODE}:{old}")
    keys.store_key(CODE, bytes(range(32)))  # another key is now this PC's
    entries = backup_admin.list_entries(admin, [home], CODE)
    assert [(e.state, e.state_label) for e in entries] == [
        (BackupState.NEEDS_KEY, "Cần tệp khóa sao lưu")
    ]


def test_a_check_reads_everything_and_replaces_nothing(
    ui_seeded: Seeded, runtime: Runtime, tmp_path: Path
) -> None:
    """The check decrypts and verifies a good backup (journal counted) and leaves no copy; one
    changed byte is refused; the database and the restore points are untouched."""
    admin = ui_seeded.actor("admin")
    made = backup.create_backup(runtime.db, admin, tmp_path / "sao-luu")
    db_file = runtime.db.path
    assert db_file is not None
    stamp = db_file.stat().st_mtime_ns
    checked = backup_admin.check(admin, made.path)
    assert (checked.school_code, checked.journal_entries > 0) == (CODE, True)
    assert not list((tmp_path / "data" / "tmp").glob("sao-luu-*"))
    raw = bytearray(made.path.read_bytes())
    raw[-40] ^= 0xFF
    bad = tmp_path / "sua.tsbak"
    bad.write_bytes(bytes(raw))
    with pytest.raises(StorageError):
        backup_admin.check(admin, bad)
    assert db_file.stat().st_mtime_ns == stamp
    assert restore_points.list_points() == []


def test_the_key_sheet_can_be_typed_back(seeded: Seeded, tmp_path: Path) -> None:
    """On SQLite and PostgreSQL: the key file and its printed sheet land on the USB stick; the
    sheet names the school and the fingerprint, and its three lines typed into a text file
    import as the same key; a second export refuses to overwrite."""
    admin = seeded.actor("admin")
    usb = tmp_path / "usb"
    usb.mkdir()
    done = backup_admin.export_key(admin, seeded.db, usb)
    assert done.fingerprint == keys.key_fingerprint(CODE)
    assert done.sheet.stat().st_mode & 0o077 == 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(done.sheet), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PHIẾU KHÓA SAO LƯU DỮ LIỆU" in text and "Trường THCS Kim Đồng".upper() in text
    lines = [
        " ".join(line.split())
        for line in text.splitlines()
        if line.strip().startswith(("Mã trường (school", "Dấu vân tay (finger", "Khóa (key)"))
    ]
    assert len(lines) == 3
    typed = tmp_path / "go-lai.txt"
    typed.write_text("\n".join(lines), encoding="utf-8")
    preview = backup_admin.preview_key(admin, typed)
    assert (preview.school_code, preview.fingerprint) == (CODE, done.fingerprint)
    assert not preview.replaces_another
    assert keys.read_key_file(typed).key == keys.read_key_file(done.key_file).key
    with pytest.raises(StorageError):
        backup_admin.export_key(admin, seeded.db, usb)


def test_a_restore_into_the_open_runtime_brings_the_backup_back(
    ui_seeded: Seeded, runtime: Runtime, tmp_path: Path
) -> None:
    """The runtime's database becomes the backup's: an account added after the backup is
    gone, the replaced file is kept as a restore point, the journal records the restore."""
    admin = ui_seeded.actor("admin")
    made = backup.create_backup(runtime.db, admin, tmp_path / "sao-luu")
    _add_user(ui_seeded, "sau.sao.luu")
    assert "sau.sao.luu" in _usernames(runtime)
    old_db = runtime.db
    info = restore_in_place(runtime, made.path, admin)
    assert runtime.db is not old_db
    assert "sau.sao.luu" not in _usernames(runtime)
    assert info.kept is not None and info.kept.exists()
    points = restore_points.list_points(db_path=runtime.db.path)
    assert [p.label for p in points] == ["truoc-khoi-phuc"]
    with runtime.db.read() as s:
        last = journal_read.by_seq(s, [journal_read.head_seq(s)])
    assert [(e.entity_type, e.changes["event"]) for e in last] == [("backup", "khoi_phuc")]


def test_a_restore_with_the_key_file_on_a_pc_without_the_key(
    ui_seeded: Seeded, runtime: Runtime, tmp_path: Path
) -> None:
    """A backup whose key this PC lost restores with the key file, which is then kept."""
    admin = ui_seeded.actor("admin")
    made = backup.create_backup(runtime.db, admin, tmp_path / "sao-luu")
    key_file = keys.export_key(admin, tmp_path / "khoa.txt", CODE)
    fp = keys.key_fingerprint(CODE)
    secrets.delete_secret(f"backup-key:{CODE}:{fp}")
    keys.store_key(CODE, bytes(range(32)))
    with pytest.raises(StorageError) as err:
        restore_in_place(runtime, made.path, admin)
    assert err.value.message == MSG.backup_no_key
    restore_in_place(runtime, made.path, admin, key_file)
    assert keys.find_key(CODE, fp or "") is not None


@pytest.mark.parametrize("seeded", ["postgresql"], indirect=True)
def test_on_postgresql_the_app_does_not_restore(seeded: Seeded) -> None:
    """On a PostgreSQL school the restore is the server's (pg_restore): the call says so and
    the database is untouched."""
    rt = Runtime(seeded.db)
    with pytest.raises(StorageError) as err:
        restore_in_place(rt, Path("x.tsbak"), Actor.system("test"))
    assert err.value.message == MSG.restore_pg_unsupported
    assert rt.db is seeded.db


class _CancelledAtOnce:
    """A progress whose Hủy was pressed: the job stops at its next check."""

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        return None

    @property
    def cancelled(self) -> bool:
        return True


def test_a_cancelled_restore_replaces_nothing(
    ui_seeded: Seeded, runtime: Runtime, tmp_path: Path
) -> None:
    """Hủy during the restore's checks stops it before the swap: the account added after the
    backup is still there, no restore point, and the runtime keeps working."""
    admin = ui_seeded.actor("admin")
    made = backup.create_backup(runtime.db, admin, tmp_path / "sao-luu")
    _add_user(ui_seeded, "van.con")
    with pytest.raises(Cancelled):
        restore_in_place(runtime, made.path, admin, progress=_CancelledAtOnce())
    assert "van.con" in _usernames(runtime)
    assert restore_points.list_points() == []
