"""The hub profile: who receives the school's packages, given to the school by the authority.

A small JSON file (documented in docs/package-format.md)::

    {"format": "truongso-hub-profile", "version": 1,
     "name": "Sở GD&ĐT Thanh Hóa", "url": "https://truongso.thanhhoa.edu.vn/nhan",
     "encryption_key": "<base64 of the hub's raw X25519 public key>",
     "signing_key": "<base64 of the hub's raw Ed25519 public key>",
     "valid_until": "2027-08-31"}

Its fingerprint (over both keys) is shown to the person importing it, who checks it with the
authority before it is kept (``read_profile_file`` then ``save_profile``). The kept copy lives
in the data folder, owner-only, as ``hub-profile.json``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from app import paths
from app.atomic_file import written_beside
from app.errors import StorageError, ValidationError
from app.messages.sync import SYNC_MSG
from app.sync.school_key import key_fingerprint

PROFILE_FORMAT = "truongso-hub-profile"
PROFILE_VERSION = 1
PROFILE_FILE = "hub-profile.json"
PROFILE_DOMAIN = b"truongso-hub-profile\x00"
ENCRYPTION_KEY_DOMAIN = b"truongso-hub-encryption-key\x00"
MAX_PROFILE_BYTES = 64 * 1024

_URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LABELS = {
    "format": "loại tệp",
    "version": "phiên bản",
    "name": "tên máy chủ nhận",
    "url": "địa chỉ",
    "encryption_key": "khóa mã hóa",
    "signing_key": "khóa ký biên nhận",
    "valid_until": "hiệu lực đến",
}


def encryption_key_fingerprint(public_key: bytes) -> str:
    """The fingerprint of a hub's raw X25519 key, as written in every package header."""
    return key_fingerprint(ENCRYPTION_KEY_DOMAIN, public_key)


@dataclass(frozen=True)
class HubProfile:
    """A receiving hub: its name, address, keys and how long the profile holds."""

    name: str
    url: str
    encryption_key: bytes
    signing_key: bytes
    valid_until: date

    @property
    def fingerprint(self) -> str:
        """What the person importing it reads back to the authority."""
        return key_fingerprint(PROFILE_DOMAIN, self.encryption_key + self.signing_key)

    @property
    def encryption_fingerprint(self) -> str:
        return encryption_key_fingerprint(self.encryption_key)

    def expired(self, today: date | None = None) -> bool:
        return (today or date.today()) > self.valid_until

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PROFILE_FORMAT,
            "version": PROFILE_VERSION,
            "name": self.name,
            "url": self.url,
            "encryption_key": base64.b64encode(self.encryption_key).decode("ascii"),
            "signing_key": base64.b64encode(self.signing_key).decode("ascii"),
            "valid_until": self.valid_until.isoformat(),
        }


def _bad(path: str, field: str) -> ValidationError:
    return ValidationError(
        SYNC_MSG.hub_profile_field.format(path=path, label=LABELS[field], field=field)
    )


def _text(data: dict[str, Any], field: str, path: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise _bad(path, field)
    return value.strip()


def _key(data: dict[str, Any], field: str, path: str) -> bytes:
    try:
        raw = base64.b64decode(_text(data, field, path), validate=True)
        if field == "encryption_key":
            X25519PublicKey.from_public_bytes(raw)
        else:
            Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise _bad(path, field) from exc
    return raw


def parse_profile(raw: bytes, path: str = "") -> HubProfile:
    """A hub profile from the file's bytes; a bad or missing field is refused by name."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(SYNC_MSG.hub_profile_not_json.format(path=path)) from exc
    if not isinstance(data, dict) or data.get("format") != PROFILE_FORMAT:
        raise ValidationError(SYNC_MSG.hub_profile_not_json.format(path=path))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _bad(path, "version")
    if version != PROFILE_VERSION:
        raise ValidationError(SYNC_MSG.hub_profile_version.format(path=path, version=version))
    url = _text(data, "url", path)
    if not _URL.match(url):
        raise _bad(path, "url")
    until = _text(data, "valid_until", path)
    try:
        if not _DATE.match(until):
            raise ValueError(until)
        valid_until = date.fromisoformat(until)
    except ValueError as exc:
        raise _bad(path, "valid_until") from exc
    return HubProfile(
        name=_text(data, "name", path),
        url=url,
        encryption_key=_key(data, "encryption_key", path),
        signing_key=_key(data, "signing_key", path),
        valid_until=valid_until,
    )


def _refuse_expired(profile: HubProfile, today: date | None) -> HubProfile:
    if profile.expired(today):
        raise ValidationError(
            SYNC_MSG.hub_profile_expired.format(
                name=profile.name, valid_until=profile.valid_until.strftime("%d/%m/%Y")
            )
        )
    return profile


def read_profile_file(path: Path, today: date | None = None) -> HubProfile:
    """Read a profile the authority gave, refusing a bad or expired one; nothing is kept yet.

    The caller shows ``profile.fingerprint`` and, once confirmed, calls ``save_profile``."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise ValidationError(
            SYNC_MSG.hub_profile_unreadable.format(path=path, reason=exc.strerror or exc)
        ) from exc
    if len(raw) > MAX_PROFILE_BYTES:
        raise ValidationError(SYNC_MSG.hub_profile_not_json.format(path=path))
    return _refuse_expired(parse_profile(raw, str(path)), today)


def stored_profile_path() -> Path:
    return paths.data_dir() / PROFILE_FILE


def save_profile(profile: HubProfile, confirmed_fingerprint: str) -> Path:
    """Keep ``profile`` as this PC's hub, once its fingerprint was confirmed by a person."""
    if confirmed_fingerprint.strip().upper() != profile.fingerprint:
        raise ValidationError(
            SYNC_MSG.hub_profile_fingerprint_mismatch.format(
                confirmed=confirmed_fingerprint, actual=profile.fingerprint
            )
        )
    dest = stored_profile_path()
    body = json.dumps(profile.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
    with written_beside(dest, 0o600) as tmp:
        tmp.write_bytes(body)
    return dest


def current_profile() -> HubProfile | None:
    """The kept hub profile, or None when none was imported (expired ones too: see ``require``)."""
    dest = stored_profile_path()
    if not dest.exists():
        return None
    try:
        return parse_profile(dest.read_bytes(), str(dest))
    except (OSError, ValidationError) as exc:
        raise StorageError(SYNC_MSG.hub_profile_stored_broken.format(detail=exc)) from exc


def require_profile(today: date | None = None) -> HubProfile:
    """The kept hub profile to send to; refused when missing or expired."""
    profile = current_profile()
    if profile is None:
        raise ValidationError(SYNC_MSG.hub_profile_missing)
    return _refuse_expired(profile, today)
