"""The school's Ed25519 signing key for sync packages: one per school, kept in keyring.

Keyring entry (service ``TruongSo``): ``sync-signing-key:<school code>`` holds the raw 32-byte
private key in base64. It is created on first use and never leaves this PC; the hub knows
the school by its public key, whose fingerprint its operator confirms (issue 10 §4).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app import secrets
from app.errors import StorageError
from app.messages.sync import SYNC_MSG

SECRET_PREFIX = "sync-signing-key:"
FINGERPRINT_DOMAIN = b"truongso-school-signing-key\x00"


def key_fingerprint(domain: bytes, raw: bytes) -> str:
    """A short public name of a key: ``ABCD-EF01-2345-6789`` (16 hex digits of SHA-256)."""
    digest = hashlib.sha256(domain + raw).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def fingerprint(public_key: bytes) -> str:
    """The fingerprint of a school's raw 32-byte Ed25519 public key."""
    return key_fingerprint(FINGERPRINT_DOMAIN, public_key)


def raw_public(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of an Ed25519 public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class SchoolKey:
    """A school's signing key pair (the private half only in memory, from keyring)."""

    code: str
    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        return raw_public(self.private.public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_bytes)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)


def _secret_name(code: str) -> str:
    return SECRET_PREFIX + code


def school_key(code: str) -> SchoolKey:
    """The school's signing key, created and stored in keyring on first use."""
    stored = secrets.get_secret(_secret_name(code))
    if stored is None:
        private = Ed25519PrivateKey.generate()
        raw = private.private_bytes_raw()
        secrets.set_secret(_secret_name(code), base64.b64encode(raw).decode("ascii"))
        return SchoolKey(code, private)
    try:
        raw = base64.b64decode(stored, validate=True)
        return SchoolKey(code, Ed25519PrivateKey.from_private_bytes(raw))
    except (binascii.Error, ValueError) as exc:
        raise StorageError(SYNC_MSG.school_key_broken.format(code=code)) from exc


def has_school_key(code: str) -> bool:
    """True when this PC already holds a signing key for the school."""
    return secrets.get_secret(_secret_name(code)) is not None
