"""The one door to SQLite files, plain or encrypted with SQLCipher alike (decision 019).

Every raw connection the app opens to an SQLite file — the engines of ``app.db``, the
integrity checks, restore points, backups, restores — comes through ``connect``. It uses
the SQLCipher build of SQLite (``sqlcipher3``), which reads a plain file exactly as SQLite
does; a file whose first bytes are not SQLite's header is encrypted, and is opened with
``PRAGMA key`` before anything else.

The key of an encrypted database is derived (HKDF-SHA256, ``truongso database v1``) from
the school's key — the backup key the school keeps on paper — so a PC whose keyring was
lost opens its database again after ``key import``. Which school key is named by a small
plain sidecar beside the file (``<db>.key.json``: the school code and the key's
fingerprint; nothing secret), and looked up by that fingerprint, never as "the current
key": a later key import does not lock the file. The keys themselves come from a source
the safety layer installs (``set_key_source``), as ``app.journal_seal`` gets its own.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlcipher3 import dbapi2 as dbapi

from app.atomic_file import written_beside
from app.errors import StorageError
from app.messages.safety import SAFETY_MSG

MAGIC = b"SQLite format 3\x00"
KEY_INFO = b"truongso database v1"
ENCRYPT_ENV = "TRUONGSO_ENCRYPT_DB"
SIDECAR_SUFFIX = ".key.json"
CACHE_KIB = 65_536
"""Page cache per connection, in KiB: a decrypted page stays in memory instead of being
decrypted again at every read (bench/journal.py and bench/import_students.py, decision 019)."""

# SQLite's errors from either library (the stdlib's for plain files some callers still read).
Error = (sqlite3.Error, dbapi.Error)
DatabaseError = (sqlite3.DatabaseError, dbapi.DatabaseError)
OperationalError = (sqlite3.OperationalError, dbapi.OperationalError)
Connection = dbapi.Connection

KeySource = Callable[[str, str], "bytes | None"]
"""(school code, key fingerprint) → that school key if this PC has it, else None."""

_source: KeySource | None = None


@dataclass(frozen=True)
class KeyRef:
    """Which school key an encrypted file is keyed from (the sidecar's content)."""

    school: str
    key_id: str


class KeyMissing(StorageError):
    """An encrypted database whose key this PC does not have."""


def set_key_source(source: KeySource | None) -> None:
    """Install where school keys come from (``app.safety.encryption`` does, once)."""
    global _source
    _source = source


def encryption_wanted() -> bool:
    """Whether plain databases get encrypted (``TRUONGSO_ENCRYPT_DB=0`` turns it off)."""
    return os.environ.get(ENCRYPT_ENV, "1").strip() != "0"


def readonly_uri(path: Path) -> str:
    """An SQLite URI opening ``path`` read-only (safe with spaces, ``#``, ``?``, drive letters).

    A Windows UNC path (``\\\\server\\share``) becomes ``file:////server/share/…``:
    SQLite rejects a URI authority other than localhost, but accepts the path form.
    """
    uri = Path(path).resolve().as_uri()
    if not uri.startswith("file:///"):
        uri = "file:////" + uri[len("file://") :]
    return uri + "?mode=ro"


def is_encrypted(path: Path) -> bool:
    """True when ``path`` holds data that does not start with SQLite's plain header."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(MAGIC))
    except OSError:
        return False
    return len(head) == len(MAGIC) and head != MAGIC


def sidecar(path: Path) -> Path:
    """The plain file naming the key of the database at ``path``."""
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_ref(path: Path) -> KeyRef | None:
    """The key named beside ``path``, or None (no sidecar, or an unreadable one)."""
    try:
        data = json.loads(sidecar(path).read_text(encoding="utf-8"))
        return KeyRef(str(data["school"]), str(data["key_id"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_ref(path: Path, ref: KeyRef) -> None:
    """Write the sidecar of ``path`` atomically and durably (owner-only)."""
    text = json.dumps({"school": ref.school, "key_id": ref.key_id}, ensure_ascii=False)
    with written_beside(sidecar(path), 0o600) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")


def database_key(school_key: bytes) -> bytes:
    """The SQLCipher key derived from a school key (never stored anywhere)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(school_key)


def key_of(path: Path) -> bytes | None:
    """The key to open ``path`` with: None for a plain file; ``KeyMissing`` when not here."""
    if not is_encrypted(path):
        return None
    ref = read_ref(path)
    if ref is None:
        raise KeyMissing(SAFETY_MSG.db_key_unknown.format(path=path))
    school_key = _source(ref.school, ref.key_id) if _source is not None else None
    if school_key is None:
        raise KeyMissing(
            SAFETY_MSG.db_key_missing.format(path=path, code=ref.school, fingerprint=ref.key_id)
        )
    return database_key(school_key)


def apply_key(conn: dbapi.Connection, key: bytes) -> None:
    """Key a fresh connection (a raw 256-bit key: no passphrase stretching per connection)."""
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def connect(
    path: Path | str,
    *,
    readonly: bool = False,
    key: bytes | None = None,
    timeout: float = 5.0,
    check_same_thread: bool = True,
) -> dbapi.Connection:
    """Open the SQLite file at ``path`` (keyed when it is encrypted, or with ``key`` given:
    a new file made encrypted). ``KeyMissing`` when this PC lacks the file's key."""
    path = Path(path)
    if key is None:
        key = key_of(path)
    target = readonly_uri(path) if readonly else str(path)
    conn = dbapi.connect(target, uri=readonly, timeout=timeout, check_same_thread=check_same_thread)
    try:
        if key is not None:
            apply_key(conn, key)
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return conn


def connect_memory() -> dbapi.Connection:
    """An in-memory database of the same library (for the backup API's target)."""
    return dbapi.connect(":memory:")


def export_to(conn: dbapi.Connection, dest: Path, key: bytes | None) -> None:
    """Copy ``conn``'s main database into the new file ``dest`` with ``sqlcipher_export``:
    encrypted with ``key`` (keyed before its first page is written), or plain with None.
    ``dest`` is created owner-only first (replaced if there)."""
    for old in (dest, *(dest.with_name(dest.name + s) for s in ("-wal", "-shm", "-journal"))):
        old.unlink(missing_ok=True)
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    conn.execute("ATTACH DATABASE ? AS export_target KEY ''", (str(dest),))
    try:
        if key is not None:
            conn.execute(f"PRAGMA export_target.key = \"x'{key.hex()}'\"")
        conn.execute("SELECT sqlcipher_export('export_target')").fetchall()
    finally:
        conn.execute("DETACH DATABASE export_target")


def error_code(exc: BaseException) -> int:
    """SQLite's primary result code of an error from either library (0 when none)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
