"""A disk that fills up mid-write: a clear message and no partial file left behind."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from pathlib import Path

from app import journal, school
from app.db import Actor, sqlite_url
from app.safety import backup, keys
from app.safety.integrity import quick_check
from tests.conftest import Seeded
from tests.safety.conftest import start_worker


def _run(mode: str, url: str, data_dir: Path, *args: str) -> str:
    proc = start_worker(mode, url, data_dir, *args)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out.strip()


def test_disk_full_while_writing_a_backup(school_db: Seeded, tmp_path: Path) -> None:
    """EFBIG in the middle of the encrypted write: disk_full, no .part, no plain temp copy."""
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    folder, child_data = tmp_path / "bk", tmp_path / "child"
    out = _run("backup-full", sqlite_url(path), child_data, str(folder))
    assert out.startswith("ERROR Ổ đĩa đã đầy, không ghi được " + str(folder))
    assert [p.name for p in folder.iterdir()] == []
    assert not (child_data / "tmp").exists()  # no plain copy of the database, ever
    assert quick_check(path).ok


def test_disk_full_while_restoring_leaves_the_target_untouched(
    school_db: Seeded, tmp_path: Path
) -> None:
    """EFBIG while decrypting a multi-megabyte backup: disk_full; target and folder unchanged."""
    db, path = school_db.db, school_db.db.path
    assert path is not None
    with db.uow(actor=school_db.actor("admin")) as s:  # enough data for several chunks
        rows = [
            {
                "id": uuid.uuid4(),
                "school_code": "THCS0001",
                "name": f"{i:05d}{uuid.uuid4().hex[:4]}",  # unique (9 random hex could clash)
                "start_date": date(2099, 9, 5),
                "end_date": date(2100, 5, 31),
                "is_current": False,
            }
            for i in range(12_000)
        ]
        journal.bulk_insert(s, school.SchoolYear, rows)
    info = backup.create_backup(db, school_db.actor("admin"), tmp_path / "bk")
    assert info.size > 2 * (1 << 20)
    key_file = keys.export_key(Actor.system(), tmp_path / "khoa.txt", "THCS0001")
    db.dispose()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    listing = sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".lock"))
    out = _run("restore-full", sqlite_url(path), tmp_path / "child", str(info.path), str(key_file))
    assert out.startswith("ERROR Ổ đĩa đã đầy, không ghi được " + str(path) + " (ổ còn trống")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".lock")) == listing
    assert not (tmp_path / "child" / "restore-points").exists() or not any(
        (tmp_path / "child" / "restore-points").iterdir()
    )
