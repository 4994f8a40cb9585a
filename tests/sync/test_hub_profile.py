"""The hub profile: imported only after its fingerprint is confirmed, refused when expired or bad."""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.errors import StorageError, ValidationError
from app.sync import hub_profile as hp

TODAY = date(2026, 12, 7)


def _raw(key: X25519PrivateKey | Ed25519PrivateKey) -> str:
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(public).decode()


def _profile_file(tmp_path: Path, **changes: Any) -> Path:
    data: dict[str, Any] = {
        "format": "truongso-hub-profile",
        "version": 1,
        "name": "Sở GD&ĐT Thanh Hóa",
        "url": "https://truongso.thanhhoa.edu.vn/nhan",
        "encryption_key": _raw(X25519PrivateKey.generate()),
        "signing_key": _raw(Ed25519PrivateKey.generate()),
        "valid_until": "2027-08-31",
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    path = tmp_path / "ho-so-may-chu.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_after_confirming_the_fingerprint(tmp_path: Path, _isolated_data_dir: Path) -> None:
    """A good profile is read, its fingerprint confirmed, then kept owner-only in the data folder."""
    profile = hp.read_profile_file(_profile_file(tmp_path), TODAY)
    assert profile.name == "Sở GD&ĐT Thanh Hóa" and profile.valid_until == date(2027, 8, 31)
    assert hp.current_profile() is None
    stored = hp.save_profile(profile, profile.fingerprint.lower())
    assert stored.parent == _isolated_data_dir
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600
    assert hp.current_profile() == profile
    assert hp.require_profile(TODAY) == profile


def test_a_wrong_confirmation_keeps_nothing(tmp_path: Path) -> None:
    """A fingerprint that does not match what was read is refused; no profile is kept."""
    profile = hp.read_profile_file(_profile_file(tmp_path), TODAY)
    with pytest.raises(ValidationError, match="không khớp"):
        hp.save_profile(profile, "0000-0000-0000-0000")
    assert hp.current_profile() is None
    with pytest.raises(ValidationError, match="chưa có hồ sơ máy chủ nhận"):
        hp.require_profile(TODAY)


def test_fingerprint_depends_on_both_keys(tmp_path: Path) -> None:
    """Two profiles with other keys show other fingerprints (it is what people compare)."""
    first = hp.read_profile_file(_profile_file(tmp_path), TODAY)
    second = hp.read_profile_file(_profile_file(tmp_path), TODAY)
    assert first.fingerprint != second.fingerprint
    assert len(first.fingerprint) == 19 and first.fingerprint.count("-") == 3


def test_expired_profile_is_refused(tmp_path: Path) -> None:
    """A profile past its date is refused with the date in dd/mm/yyyy."""
    with pytest.raises(ValidationError) as caught:
        hp.read_profile_file(_profile_file(tmp_path, valid_until="2026-12-06"), TODAY)
    assert "đã hết hạn từ ngày 06/12/2026" in caught.value.message


def test_a_kept_profile_that_expired_is_not_used(tmp_path: Path) -> None:
    """The profile kept on this PC stops being used for sending once it expires."""
    profile = hp.read_profile_file(_profile_file(tmp_path), TODAY)
    hp.save_profile(profile, profile.fingerprint)
    with pytest.raises(ValidationError, match="hết hạn"):
        hp.require_profile(date(2027, 9, 1))


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("encryption_key", base64.b64encode(b"short").decode(), "khóa mã hóa"),
        ("signing_key", "not base64!", "khóa ký biên nhận"),
        ("url", "ftp://hub", "địa chỉ"),
        ("name", None, "tên máy chủ nhận"),
        ("valid_until", "31/08/2027", "hiệu lực đến"),
        ("version", "1", "phiên bản"),
    ],
)
def test_a_tampered_field_is_named(tmp_path: Path, field: str, value: Any, label: str) -> None:
    """A bad or missing field is refused naming it, in Vietnamese and by its key."""
    with pytest.raises(ValidationError) as caught:
        hp.read_profile_file(_profile_file(tmp_path, **{field: value}), TODAY)
    assert f"«{label}» ({field})" in caught.value.message


def test_not_a_profile(tmp_path: Path) -> None:
    """Some other file, or a newer profile version, is refused plainly."""
    other = tmp_path / "anh.json"
    other.write_bytes(b"\x89PNG not json")
    with pytest.raises(ValidationError, match="không phải tệp hồ sơ"):
        hp.read_profile_file(other, TODAY)
    with pytest.raises(ValidationError, match="phiên bản 2"):
        hp.read_profile_file(_profile_file(tmp_path, version=2), TODAY)


def test_a_broken_kept_profile_is_reported(tmp_path: Path) -> None:
    """A kept profile damaged on disk is a storage error asking to import again."""
    profile = hp.read_profile_file(_profile_file(tmp_path), TODAY)
    stored = hp.save_profile(profile, profile.fingerprint)
    stored.write_text("{}", encoding="utf-8")
    with pytest.raises(StorageError, match="nhập lại"):
        hp.current_profile()
