"""The hub's own keys, kept only in keyring, and the profile file it gives schools.

Two keys (docs/package-format.md §1): X25519, to which schools encrypt their packages, and
Ed25519, which signs every receipt. They are made once (``hub keys``) on the hub's machine;
the profile file carries their public halves, and the school's person checks the profile's
fingerprint with the authority before keeping it.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app import secrets
from app.atomic_file import written_beside
from app.errors import StorageError, ValidationError
from app.messages.hub import HUB_MSG
from app.sync.hub_profile import HubProfile, parse_profile

ENCRYPTION_SECRET = "hub-encryption-key"
SIGNING_SECRET = "hub-signing-key"


@dataclass(frozen=True)
class HubKeys:
    """The hub's two private keys (in memory only while it works)."""

    crypt: X25519PrivateKey
    sign: Ed25519PrivateKey

    @property
    def encryption_public(self) -> bytes:
        return self.crypt.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def signing_public(self) -> bytes:
        return self.sign.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def profile(self, name: str, url: str, valid_until: date) -> HubProfile:
        return HubProfile(name, url, self.encryption_public, self.signing_public, valid_until)


def _load(name: str) -> bytes | None:
    stored = secrets.get_secret(name)
    if stored is None:
        return None
    try:
        return base64.b64decode(stored, validate=True)
    except binascii.Error as exc:
        raise StorageError(HUB_MSG.keys_broken.format(name=name)) from exc


def load_keys(create: bool = False) -> HubKeys:
    """The hub's keys from keyring; made and kept there first when ``create``."""
    crypt, sign = _load(ENCRYPTION_SECRET), _load(SIGNING_SECRET)
    if crypt is None or sign is None:
        if not create:
            raise ValidationError(HUB_MSG.keys_missing)
        keys = HubKeys(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())
        for name, raw in ((ENCRYPTION_SECRET, keys.crypt.private_bytes_raw()),
                          (SIGNING_SECRET, keys.sign.private_bytes_raw())):  # fmt: skip
            secrets.set_secret(name, base64.b64encode(raw).decode("ascii"))
        return keys
    try:
        return HubKeys(
            X25519PrivateKey.from_private_bytes(crypt), Ed25519PrivateKey.from_private_bytes(sign)
        )
    except ValueError as exc:
        raise StorageError(HUB_MSG.keys_broken.format(name=ENCRYPTION_SECRET)) from exc


def write_profile(dest: Path, keys: HubKeys, name: str, url: str, valid_until: date) -> HubProfile:
    """The profile file the authority gives its schools (checked by reading it back)."""
    profile = keys.profile(name, url, valid_until)
    body = json.dumps(profile.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
    parse_profile(body, str(dest))  # refuses a bad name or address before it is handed out
    with written_beside(dest, 0o644) as tmp:
        tmp.write_bytes(body)
    return profile
