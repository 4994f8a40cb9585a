"""The encrypted backup file format: an authenticated header, then AES-256-GCM.

Layout::

    "TSBACKUP" | u16 format version | u32 header length | header (UTF-8 JSON)
    | 12-byte nonce | zlib-compressed database, encrypted | 16-byte GCM tag

The header (school code, creation time, Alembic revision, SHA-256 and size of
the plain database, key fingerprint) is readable without the key, so backups
can be listed, and it is the GCM associated data, so changing a single byte of
it, or of the body, makes decryption fail. Both directions stream in chunks:
memory use does not grow with the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.errors import StorageError
from app.messages import MSG

MAGIC = b"TSBACKUP"
FORMAT_VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
CHUNK = 1 << 20
MAX_HEADER = 64 * 1024
_PREFIX = struct.Struct(">8sHI")

Tick = Callable[[int], None]


@dataclass(frozen=True)
class Header:
    """What a backup says about itself, readable without the key."""

    school_code: str
    created_at: str  # ISO 8601, UTC
    revision: str
    sha256: str
    size: int
    key_id: str
    compression: str = "zlib"
    app_version: str = ""
    journal_head: str = ""
    """The journal's head in the copy, "number:hash:MAC" (decision 015), so a backup kept
    elsewhere anchors how far the journal had gone; "" in older backups."""

    @property
    def created(self) -> datetime:
        """Creation time as an aware datetime (a naive one is taken as UTC)."""
        when = datetime.fromisoformat(self.created_at)
        return when if when.tzinfo else when.replace(tzinfo=UTC)


def fingerprint(key: bytes) -> str:
    """A short public name of a key (never reveals it): ``ABCD-EF01-2345-6789``."""
    digest = hashlib.sha256(b"truongso-backup-key\x00" + key).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def new_key() -> bytes:
    """A fresh random 256-bit key."""
    return os.urandom(KEY_BYTES)


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file."""
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _header_bytes(header: Header) -> bytes:
    body = json.dumps(asdict(header), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return _PREFIX.pack(MAGIC, FORMAT_VERSION, len(body)) + body


def read_header(fh: BinaryIO, path: Path) -> tuple[Header, bytes]:
    """Parse the header at the start of ``fh``; returns it and the raw bytes (the AAD)."""
    prefix = fh.read(_PREFIX.size)
    if len(prefix) < _PREFIX.size:
        raise StorageError(MSG.backup_bad_file.format(path=path))
    magic, version, length = _PREFIX.unpack(prefix)
    if magic != MAGIC or length > MAX_HEADER:
        raise StorageError(MSG.backup_bad_file.format(path=path))
    if version > FORMAT_VERSION:
        raise StorageError(MSG.backup_newer_schema.format(path=path))
    body = fh.read(length)
    try:
        data = json.loads(body.decode("utf-8"))
        header = Header(**{k: data[k] for k in Header.__dataclass_fields__ if k in data})
        header.created  # noqa: B018 - validates the timestamp
    except (ValueError, TypeError, KeyError) as exc:
        raise StorageError(MSG.backup_corrupt.format(path=path, detail=exc)) from exc
    return header, prefix + body


def encrypt_to(src: BinaryIO, out: BinaryIO, header: Header, key: bytes, tick: Tick) -> None:
    """Write header, compressed and encrypted ``src`` (read to its end), and the tag to ``out``."""
    aad = _header_bytes(header)
    nonce = os.urandom(NONCE_BYTES)
    enc = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(aad)
    out.write(aad)
    out.write(nonce)
    comp = zlib.compressobj(6)
    while chunk := src.read(CHUNK):
        out.write(enc.update(comp.compress(chunk)))
        tick(len(chunk))
    out.write(enc.update(comp.flush()))
    out.write(enc.finalize())
    out.write(enc.tag)


def decrypt_to(path: Path, key: bytes, out: BinaryIO, tick: Tick) -> tuple[Header, str, int]:
    """Decrypt and decompress the backup at ``path`` into ``out``.

    Returns the header and the SHA-256 and size of what was written. Raises
    ``StorageError(backup_wrong_key)`` when the key is wrong or any byte of
    the file was changed; ``out`` then holds garbage the caller must discard.
    """
    total = path.stat().st_size
    with open(path, "rb") as fh:
        header, aad = read_header(fh, path)
        nonce = fh.read(NONCE_BYTES)
        body_end = total - TAG_BYTES
        if len(nonce) < NONCE_BYTES or fh.tell() > body_end:
            raise StorageError(MSG.backup_wrong_key.format(path=path))
        fh.seek(body_end)
        tag = fh.read(TAG_BYTES)
        fh.seek(len(aad) + NONCE_BYTES)
        dec = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
        dec.authenticate_additional_data(aad)
        unzip = zlib.decompressobj()
        digest, size = hashlib.sha256(), 0
        remaining = body_end - fh.tell()
        try:
            while remaining > 0:
                chunk = fh.read(min(CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                plain = unzip.decompress(dec.update(chunk))
                size += len(plain)
                if size > header.size:
                    raise StorageError(MSG.backup_wrong_key.format(path=path))
                digest.update(plain)
                out.write(plain)
                tick(len(chunk))
            tail = unzip.flush()
            digest.update(tail)
            out.write(tail)
            size += len(tail)
            dec.finalize()
        except (InvalidTag, zlib.error) as exc:
            raise StorageError(MSG.backup_wrong_key.format(path=path)) from exc
    return header, digest.hexdigest(), size
