"""The Sao lưu screen's services: the backups with whether each can be restored here, a full
check without restoring, the backup key exported with its printed sheet, a key file imported.

Admin only (``Perm.MANAGE_BACKUPS``; issue 12 §4): the key opens every backup, and a
restore replaces everything. Making a backup stays ``Perm.BACKUP``
(``app.safety.backup.create_backup``); restoring into an open window is
``app.runtime.restore_in_place``. The CLI calls the same functions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from app import migrate
from app.db import Actor, Database
from app.errors import StorageError
from app.messages.safety import SAFETY_MSG
from app.permissions import Perm, require
from app.printing.school_header import doc_header
from app.progress import NullProgress, Progress
from app.safety import keys
from app.safety.backup import SUFFIX
from app.safety.files import remove_quietly
from app.safety.key_sheet import write_key_sheet
from app.safety.restore import CheckedBackup, peek, verify_backup

log = logging.getLogger(__name__)


class BackupState(StrEnum):
    """Whether a backup file can be restored on this PC, as its header tells (no decryption)."""

    READY = "ready"
    NEEDS_KEY = "needs_key"
    OTHER_SCHOOL = "other_school"
    NEWER = "newer"
    UNREADABLE = "unreadable"


STATE_LABELS: dict[BackupState, str] = {
    BackupState.READY: "Khôi phục được",
    BackupState.NEEDS_KEY: "Cần tệp khóa sao lưu",
    BackupState.OTHER_SCHOOL: "Của trường khác",
    BackupState.NEWER: "Cần cập nhật phần mềm",
    BackupState.UNREADABLE: "Không đọc được",
}


@dataclass(frozen=True)
class BackupEntry:
    """One ``.tsbak`` file in a backup folder."""

    path: Path
    created_at: datetime | None
    school_code: str
    size: int
    state: BackupState
    detail: str = ""

    @property
    def restorable(self) -> bool:
        """Whether a restore may be tried (with a key file when this PC lacks the key)."""
        return self.state in (BackupState.READY, BackupState.NEEDS_KEY)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def _entry(path: Path, school_code: str) -> BackupEntry:
    try:
        size = path.stat().st_size
        header = peek(path)
    except (StorageError, OSError) as exc:
        detail = exc.message if isinstance(exc, StorageError) else str(exc)
        return BackupEntry(path, None, "", 0, BackupState.UNREADABLE, detail)
    if school_code and header.school_code != school_code:
        state = BackupState.OTHER_SCHOOL
    elif header.revision and header.revision not in migrate.known_revisions():
        state = BackupState.NEWER
    elif keys.find_key(header.school_code, header.key_id) is None:
        state = BackupState.NEEDS_KEY
    else:
        state = BackupState.READY
    return BackupEntry(path, header.created, header.school_code, size, state)


def list_entries(
    actor: Actor | None, folders: Iterable[Path], school_code: str
) -> list[BackupEntry]:
    """Every backup file in ``folders`` (a missing folder, a USB stick pulled out, is skipped),
    newest first, unreadable files last; each says whether it can be restored here."""
    require(actor, Perm.MANAGE_BACKUPS)
    seen: set[Path] = set()
    found: list[BackupEntry] = []
    for folder in folders:
        try:
            real = Path(folder).resolve()
            if real in seen or not real.is_dir():
                continue
            seen.add(real)
            files = sorted(Path(folder).glob(f"*{SUFFIX}"))
        except OSError as exc:
            log.warning("cannot list %s: %s", folder, exc)
            continue
        found.extend(_entry(p, school_code) for p in files)
    return sorted(found, key=lambda e: (e.created_at is not None, e.created_at), reverse=True)


def check(
    actor: Actor | None,
    backup: Path,
    key_file: Path | None = None,
    progress: Progress | None = None,
) -> CheckedBackup:
    """The restore's checks on ``backup`` without replacing anything."""
    require(actor, Perm.MANAGE_BACKUPS)
    return verify_backup(backup, key_file, progress=progress or NullProgress())


@dataclass(frozen=True)
class KeyExport:
    """The key file and its printed sheet, just written."""

    key_file: Path
    sheet: Path
    fingerprint: str


def write_sheet(actor: Actor | None, db: Database, key_file: Path, sheet: Path) -> Path:
    """The printed recovery sheet (PDF) of the key in ``key_file``, with the school's header."""
    require(actor, Perm.MANAGE_BACKUPS)
    record = keys.read_key_file(key_file)
    if sheet.exists():
        raise StorageError(SAFETY_MSG.key_file_exists.format(path=sheet))
    with db.read() as s:
        header, principal = doc_header(s, date.today())
    return write_key_sheet(sheet, header, record, datetime.now(), principal)


def export_key(actor: Actor | None, db: Database, folder: Path) -> KeyExport:
    """Write the school's key file and its printed sheet into ``folder`` (a USB stick);
    neither overwrites a file. A sheet that cannot be written takes the key file with it."""
    require(actor, Perm.MANAGE_BACKUPS)
    code = db.school_code
    if not code:
        raise StorageError(SAFETY_MSG.backup_school_missing)
    stamp = f"{date.today():%Y%m%d}"
    key_path = Path(folder) / f"khoa-sao-luu-{code}-{stamp}.txt"
    sheet = Path(folder) / f"phieu-khoa-sao-luu-{code}-{stamp}.pdf"
    if sheet.exists():
        raise StorageError(SAFETY_MSG.key_file_exists.format(path=sheet))
    key_file = keys.export_key(actor, key_path, code)
    try:
        write_sheet(actor, db, key_file, sheet)
    except BaseException:
        remove_quietly(key_file)
        raise
    return KeyExport(key_file, sheet, keys.read_key_file(key_file).fingerprint)


@dataclass(frozen=True)
class KeyPreview:
    """What a key file holds, and the key this PC uses now for that school."""

    path: Path
    school_code: str
    fingerprint: str
    current: str | None

    @property
    def replaces_another(self) -> bool:
        """Whether this PC has a different current key for the school (new backups change key)."""
        return self.current is not None and self.current != self.fingerprint


def preview_key(actor: Actor | None, path: Path) -> KeyPreview:
    """Read and check a key file (the fingerprint must match the key) without storing it."""
    require(actor, Perm.MANAGE_BACKUPS)
    record = keys.read_key_file(Path(path))
    current = keys.key_fingerprint(record.school_code)
    return KeyPreview(Path(path), record.school_code, record.fingerprint, current)


def import_key(actor: Actor | None, path: Path) -> KeyPreview:
    """Store the key of a key file as this PC's key for its school (as ``key import``)."""
    preview = preview_key(actor, path)
    keys.import_key(Path(path))
    return preview
