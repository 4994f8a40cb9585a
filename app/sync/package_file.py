"""The ``.tspkg`` package file: a clear header, a payload encrypted to the hub, the school's
signature (docs/package-format.md, decision 023).

Layout: magic (8 bytes) | format version (u16, big-endian) | header length N (u32) | header
(N bytes of ASCII JSON) | ciphertext (AES-256-GCM of a zip, tag included) | Ed25519 signature
(64 bytes) over ``SIGN_DOMAIN`` + everything before it.

The payload key comes from an ephemeral X25519 key agreed with the hub's key, through
HKDF-SHA256; the header (magic to its last byte) is the AEAD's associated data. Only the
hub's private key opens it, so a lost USB stick leaks nothing.

Reading checks in this order and refuses with its own message at the first failure, never
returning part of a package: magic, format version, length, signature (the confirmed school
key, or another key: "wrong school key"), header fields, the payload's size, the hub key,
decryption, the zip's SHA-256, the zip (names, sizes), every blob's SHA-256.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import struct
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.atomic_file import written_beside
from app.errors import ValidationError
from app.messages.sync import SYNC_MSG
from app.sync.hub_profile import encryption_key_fingerprint
from app.sync.package_zip import (
    DEFAULT_MAX_UNPACKED,
    BlobMismatch,
    ZipRefused,
    unzip_payload,
    zip_payload,
)
from app.sync.school_key import SchoolKey, fingerprint

MAGIC = b"TSPKG\r\n\x1a"
FORMAT_VERSION = 1
PREFIX = struct.Struct(">8sHI")  # magic, format version, header length
SIGNATURE_BYTES = 64
TAG_BYTES = 16
MAX_HEADER_BYTES = 16 * 1024
SIGN_DOMAIN = b"truongso-tspkg-signature-v1\x00"
HKDF_INFO = b"truongso-tspkg-v1 payload key"
CIPHER = "AES-256-GCM"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_FINGERPRINT = re.compile(r"^[0-9A-F]{4}(-[0-9A-F]{4}){3}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class PackageTooLarge(ValidationError):
    """The payload is over the cap: the caller splits it into several packages."""

    def __init__(self, size: int, cap: int) -> None:
        super().__init__(SYNC_MSG.package_too_large.format(size=size, cap=cap))
        self.size, self.cap = size, cap


class PackageRejected(ValidationError):
    """A package failed a check; ``reason`` names which (``signature``, ``hash``…)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PackageHeader:
    """The clear header: what a package is, readable without any key."""

    school: str
    package_id: str
    epoch: str
    seq_from: int
    seq_to: int
    created_at: str
    payload_size: int
    payload_sha256: str
    school_key: str
    school_public_key: str
    hub_key: str
    ephemeral_key: str
    nonce: str
    cipher: str = CIPHER


@dataclass(frozen=True)
class Package:
    """A package as the hub reads it, every check passed."""

    header: PackageHeader
    manifest: dict[str, Any]
    entries: bytes
    blobs: dict[str, bytes]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _header_bytes(header: PackageHeader) -> bytes:
    body = json.dumps(header.__dict__, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return body.encode("ascii")


def payload_key(shared: bytes, ephemeral_public: bytes, hub_public: bytes) -> bytes:
    """The AES-256 key: HKDF-SHA256 of the X25519 shared secret, salt = both public keys."""
    hkdf = HKDF(hashes.SHA256(), 32, salt=ephemeral_public + hub_public, info=HKDF_INFO)
    return hkdf.derive(shared)


def seal(
    *,
    school: str,
    package_id: str,
    epoch: str,
    seq_from: int,
    seq_to: int,
    created_at: str,
    payload: bytes,
    key: SchoolKey,
    hub_public: bytes,
    payload_sha256: str | None = None,
) -> bytes:
    """The whole file for a zipped ``payload``: header, ciphertext, signature."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(hub_public))
    nonce = os.urandom(12)
    header = PackageHeader(
        school=school, package_id=package_id, epoch=epoch, seq_from=seq_from, seq_to=seq_to,
        created_at=created_at, payload_size=len(payload),
        payload_sha256=payload_sha256 or hashlib.sha256(payload).hexdigest(),
        school_key=key.fingerprint, school_public_key=_b64(key.public_bytes),
        hub_key=encryption_key_fingerprint(hub_public), ephemeral_key=_b64(ephemeral_public),
        nonce=_b64(nonce),
    )  # fmt: skip
    body = _header_bytes(header)
    head = PREFIX.pack(MAGIC, FORMAT_VERSION, len(body)) + body
    aead = AESGCM(payload_key(shared, ephemeral_public, hub_public))
    signed = head + aead.encrypt(nonce, payload, head)
    return signed + key.sign(SIGN_DOMAIN + signed)


def write_package(
    dest: Path,
    *,
    school: str,
    epoch: str,
    seq_from: int,
    seq_to: int,
    manifest: Mapping[str, Any],
    entries: bytes,
    blobs: Mapping[str, bytes],
    key: SchoolKey,
    hub_public: bytes,
    package_id: str | None = None,
    created_at: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> PackageHeader:
    """Write a package to ``dest`` (whole or not at all); refused over ``max_bytes`` of payload."""
    payload = zip_payload(manifest, entries, blobs)
    if len(payload) + TAG_BYTES > max_bytes:
        raise PackageTooLarge(len(payload) + TAG_BYTES, max_bytes)
    when = (created_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    data = seal(
        school=school, package_id=package_id or str(uuid.uuid4()), epoch=epoch,
        seq_from=seq_from, seq_to=seq_to, created_at=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        payload=payload, key=key, hub_public=hub_public,
    )  # fmt: skip
    with written_beside(dest, 0o600) as tmp:
        tmp.write_bytes(data)
    return _parse_header(data[PREFIX.size : _header_end(data)], str(dest))


def _header_end(data: bytes) -> int:
    return PREFIX.size + PREFIX.unpack_from(data)[2]


def _field_error(path: str, field: str) -> PackageRejected:
    return PackageRejected("format", SYNC_MSG.package_header_field.format(path=path, field=field))


def _parse_header(raw: bytes, path: str) -> PackageHeader:
    """The header's fields, each checked; a bad one is refused by name."""
    try:
        data = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _field_error(path, "header") from exc
    if not isinstance(data, dict):
        raise _field_error(path, "header")
    checks = {
        "school": lambda v: isinstance(v, str) and 0 < len(v) <= 40,
        "package_id": _is_uuid,
        "epoch": _is_uuid,
        "seq_from": _is_count,
        "seq_to": _is_count,
        "created_at": lambda v: isinstance(v, str) and bool(_TIME.match(v)),
        "payload_size": _is_count,
        "payload_sha256": lambda v: isinstance(v, str) and bool(_HEX64.match(v)),
        "school_key": lambda v: isinstance(v, str) and bool(_FINGERPRINT.match(v)),
        "school_public_key": lambda v: _is_b64(v, 32),
        "hub_key": lambda v: isinstance(v, str) and bool(_FINGERPRINT.match(v)),
        "ephemeral_key": lambda v: _is_b64(v, 32),
        "nonce": lambda v: _is_b64(v, 12),
        "cipher": lambda v: v == CIPHER,
    }
    for field, ok in checks.items():
        if not ok(data.get(field)):
            raise _field_error(path, field)
    if data["seq_from"] > data["seq_to"]:
        raise _field_error(path, "seq_to")
    return PackageHeader(**{field: data[field] for field in checks})


def _is_uuid(value: object) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_b64(value: object, size: int) -> bool:
    try:
        return isinstance(value, str) and len(_unb64(value)) == size
    except (binascii.Error, ValueError):
        return False


def read_header(path: Path) -> PackageHeader:
    """The clear header of a package, unverified, from the file's first bytes only."""
    return header_of(_first(path, read_limit(0)), str(path))


def header_of(data: bytes, where: str = "") -> PackageHeader:
    """The clear header of a package's bytes, unverified."""
    _check_prefix(data, where)
    return _parse_header(data[PREFIX.size : _header_end(data)], where)


def read_limit(max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """The largest file a package with a payload of ``max_bytes`` can be."""
    return max_bytes + PREFIX.size + MAX_HEADER_BYTES + SIGNATURE_BYTES


def _first(path: Path, size: int) -> bytes:  # at most ``size`` bytes from the start
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        message = SYNC_MSG.package_unreadable.format(path=path, reason=exc.strerror or exc)
        raise PackageRejected("unreadable", message) from exc


def _read(path: Path, max_bytes: int) -> bytes:
    limit = read_limit(max_bytes)
    data = _first(path, limit + 1)
    if len(data) > limit:
        raise PackageRejected("size", SYNC_MSG.package_too_large.format(size=len(data), cap=limit))
    return data


def _check_prefix(data: bytes, path: str) -> None:
    """Magic, format version and a header length that fits, before anything else."""
    if len(data) < PREFIX.size + SIGNATURE_BYTES or data[:8] != MAGIC:
        raise PackageRejected("format", SYNC_MSG.package_not_tspkg.format(path=path))
    _, version, header_len = PREFIX.unpack_from(data)
    if version != FORMAT_VERSION:
        template = (
            SYNC_MSG.package_version_old
            if version < FORMAT_VERSION
            else SYNC_MSG.package_version_new
        )
        raise PackageRejected("format_version", template.format(path=path, version=version))
    if header_len > MAX_HEADER_BYTES or PREFIX.size + header_len + SIGNATURE_BYTES > len(data):
        raise PackageRejected("format", SYNC_MSG.package_not_tspkg.format(path=path))


def _verifies(public: bytes, signature: bytes, signed: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, SIGN_DOMAIN + signed)
        return True
    except (InvalidSignature, ValueError):
        return False


def _check_signature(data: bytes, school_public_key: bytes, path: str) -> None:
    signed, signature = data[:-SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]
    if _verifies(school_public_key, signature, signed):
        return
    try:
        claimed = _parse_header(data[PREFIX.size : _header_end(data)], path)
        other = _unb64(claimed.school_public_key)
    except PackageRejected:
        other = b""
    if other and _verifies(other, signature, signed):
        message = SYNC_MSG.package_wrong_school_key.format(
            path=path, actual=fingerprint(other), expected=fingerprint(school_public_key)
        )
        raise PackageRejected("wrong_school_key", message)
    raise PackageRejected("signature", SYNC_MSG.package_signature.format(path=path))


def read_package(
    path: Path,
    *,
    school_public_key: bytes,
    hub_private_key: X25519PrivateKey,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_unpacked: int = DEFAULT_MAX_UNPACKED,
) -> Package:
    """Verify, decrypt and unpack a package for the hub; any failure is a ``PackageRejected``."""
    data = _read(path, max_bytes)
    return open_package(data, str(path), school_public_key=school_public_key,
                        hub_private_key=hub_private_key, max_unpacked=max_unpacked)  # fmt: skip


def open_package(
    data: bytes,
    where: str,
    *,
    school_public_key: bytes,
    hub_private_key: X25519PrivateKey,
    max_unpacked: int = DEFAULT_MAX_UNPACKED,
) -> Package:
    """``read_package`` on bytes already read (size checked by the caller)."""
    _check_prefix(data, where)
    _check_signature(data, school_public_key, where)
    end = _header_end(data)
    header = _parse_header(data[PREFIX.size : end], where)
    if header.school_key != fingerprint(school_public_key):
        raise _field_error(where, "school_key")
    if _unb64(header.school_public_key) != school_public_key:
        raise _field_error(where, "school_public_key")
    if header.payload_size + TAG_BYTES != len(data) - end - SIGNATURE_BYTES:
        raise PackageRejected("hash", SYNC_MSG.package_hash.format(path=where))
    hub_public = hub_private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if header.hub_key != encryption_key_fingerprint(hub_public):
        actual, mine = header.hub_key, encryption_key_fingerprint(hub_public)
        message = SYNC_MSG.package_wrong_hub_key.format(path=where, actual=actual, expected=mine)
        raise PackageRejected("wrong_hub_key", message)
    payload = _decrypt(data, end, header, hub_private_key, hub_public, where)
    if len(payload) != header.payload_size or (
        hashlib.sha256(payload).hexdigest() != header.payload_sha256
    ):
        raise PackageRejected("hash", SYNC_MSG.package_hash.format(path=where))
    try:
        manifest, entries, blobs = unzip_payload(payload, max_unpacked)
    except ZipRefused as exc:
        message = SYNC_MSG.package_zip.format(path=where, detail=exc.detail)
        raise PackageRejected("zip", message) from exc
    except BlobMismatch as exc:
        message = SYNC_MSG.package_blob_hash.format(sha256=exc.sha256, path=where)
        raise PackageRejected("blob_hash", message) from exc
    return Package(header, manifest, entries, blobs)


def _decrypt(
    data: bytes,
    end: int,
    header: PackageHeader,
    hub_private_key: X25519PrivateKey,
    hub_public: bytes,
    where: str,
) -> bytes:
    ephemeral_public = _unb64(header.ephemeral_key)
    try:
        shared = hub_private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        aead = AESGCM(payload_key(shared, ephemeral_public, hub_public))
        return aead.decrypt(_unb64(header.nonce), data[end:-SIGNATURE_BYTES], data[:end])
    except (InvalidTag, ValueError) as exc:
        raise PackageRejected("decryption", SYNC_MSG.package_decryption.format(path=where)) from exc
