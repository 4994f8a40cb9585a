"""The .tspkg file: round trip, and every way a package can be bad refused with its own message."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import stat
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app import secrets
from app.sync import package_file as pf
from app.sync.school_key import SchoolKey, fingerprint, has_school_key, school_key

EPOCH = "6b1f9a9e-3c57-4c1e-9a43-2f0f5d2b7a10"
PDF = b"%PDF-1.7 signed transcript " * 40
PHOTO = bytes(range(256)) * 8
BLOBS = {hashlib.sha256(b).hexdigest(): b for b in (PDF, PHOTO)}
MANIFEST = {"entities": {"student": 1, "transcript_file": 1}, "chain_hash": "ab" * 32}
ENTRIES = (
    '{"seq":41,"entity":"student@1","id":"0a4c","event":"new","version":41,'
    '"fields":{"full_name":"Nguyễn Thị Ánh"}}\n'
    '{"seq":42,"entity":"student@1","id":"0a4c","event":"update","version":42,'
    '"fields":{"status":"dang_hoc"}}\n'
).encode()


@dataclass
class Keys:
    school: SchoolKey
    hub: X25519PrivateKey

    @property
    def hub_public(self) -> bytes:
        return self.hub.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@pytest.fixture
def keys() -> Keys:
    return Keys(school_key("THCS0001"), X25519PrivateKey.generate())


def _write(path: Path, keys: Keys, **kw: object) -> pf.PackageHeader:
    args: dict[str, object] = {
        "school": "THCS0001",
        "epoch": EPOCH,
        "seq_from": 41,
        "seq_to": 42,
        "manifest": MANIFEST,
        "entries": ENTRIES,
        "blobs": BLOBS,
        "key": keys.school,
        "hub_public": keys.hub_public,
    }
    args.update(kw)
    return pf.write_package(path, **args)  # type: ignore[arg-type]


def _read(path: Path, keys: Keys, **kw: object) -> pf.Package:
    return pf.read_package(
        path,
        school_public_key=keys.school.public_bytes,
        hub_private_key=keys.hub,
        **kw,  # type: ignore[arg-type]
    )


def _rejected(path: Path, keys: Keys, reason: str, **kw: object) -> pf.PackageRejected:
    with pytest.raises(pf.PackageRejected) as caught:
        _read(path, keys, **kw)
    assert caught.value.reason == reason, caught.value.message
    return caught.value


def _sealed(path: Path, keys: Keys, payload: bytes, **kw: object) -> Path:
    """A package signed by the school around ``payload`` (a crafted, possibly hostile zip)."""
    data = pf.seal(
        school="THCS0001",
        package_id=str(uuid.uuid4()),
        epoch=EPOCH,
        seq_from=1,
        seq_to=2,
        created_at="2026-12-07T19:00:00Z",
        payload=payload,
        key=keys.school,
        hub_public=keys.hub_public,
        **kw,  # type: ignore[arg-type]
    )
    path.write_bytes(data)
    return path


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out.getvalue()


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_round_trip_gives_back_every_part(tmp_path: Path, keys: Keys) -> None:
    """What the school writes, the hub reads back whole: header, manifest, entries, blobs."""
    dest = tmp_path / "out" / "goi.tspkg"
    header = _write(dest, keys)
    package = _read(dest, keys)
    assert package.header == header == pf.read_header(dest)
    assert (header.school, header.epoch, header.seq_from, header.seq_to) == (
        "THCS0001",
        EPOCH,
        41,
        42,
    )
    assert str(uuid.UUID(header.package_id)) == header.package_id
    assert header.school_key == keys.school.fingerprint
    assert package.manifest == MANIFEST
    assert package.entries == ENTRIES
    assert package.blobs == BLOBS
    assert not (tmp_path / "out" / "goi.tspkg.part").exists()
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600


def test_nothing_personal_in_clear(tmp_path: Path, keys: Keys) -> None:
    """The entries and files are not readable in the file without the hub's key."""
    dest = tmp_path / "goi.tspkg"
    _write(dest, keys)
    data = dest.read_bytes()
    assert "Nguyễn".encode() not in data and b"full_name" not in data
    assert b"signed transcript" not in data and b"manifest.json" not in data


@pytest.mark.parametrize(
    "where",
    ["header_school", "header_nonce", "header_sha", "ciphertext_start", "tag", "signature"],
)
def test_a_flipped_byte_is_refused_as_a_bad_signature(
    tmp_path: Path, keys: Keys, where: str
) -> None:
    """One changed byte in the header, the ciphertext or the signature: refused, nothing read."""
    dest = tmp_path / "goi.tspkg"
    header = _write(dest, keys)
    data = dest.read_bytes()
    offsets = {
        "header_school": data.index(b'"THCS0001"') + 3,
        "header_nonce": data.index(header.nonce.encode()) + 2,
        "header_sha": data.index(header.payload_sha256.encode()) + 10,
        "ciphertext_start": data.index(b"}", pf.PREFIX.size) + 1,
        "tag": len(data) - pf.SIGNATURE_BYTES - 1,
        "signature": len(data) - 5,
    }
    _flip(dest, offsets[where])
    error = _rejected(dest, keys, "signature")
    assert "Chữ ký của gói" in error.message


def test_a_cut_short_copy_is_refused(tmp_path: Path, keys: Keys) -> None:
    """A copy that stopped half-way (USB pulled out) is refused, never read in part."""
    dest = tmp_path / "goi.tspkg"
    _write(dest, keys)
    data = dest.read_bytes()
    dest.write_bytes(data[: len(data) // 2])
    _rejected(dest, keys, "signature")


def test_not_a_package(tmp_path: Path, keys: Keys) -> None:
    """Another file given as a package is named as not a .tspkg file."""
    dest = tmp_path / "goi.tspkg"
    _write(dest, keys)
    _flip(dest, 0)
    assert "không phải gói dữ liệu" in _rejected(dest, keys, "format").message


@pytest.mark.parametrize(("version", "words"), [(0, "định dạng cũ"), (2, "định dạng mới hơn")])
def test_other_format_versions_are_refused(
    tmp_path: Path, keys: Keys, version: int, words: str
) -> None:
    """A package of an older or newer format version says which, and is not read."""
    dest = tmp_path / "goi.tspkg"
    _write(dest, keys)
    data = bytearray(dest.read_bytes())
    data[8:10] = version.to_bytes(2, "big")
    dest.write_bytes(bytes(data))
    error = _rejected(dest, keys, "format_version")
    assert words in error.message and f"phiên bản {version}" in error.message


def test_encrypted_for_another_hub(tmp_path: Path, keys: Keys) -> None:
    """A package made for another hub is refused by name before any decryption."""
    dest = tmp_path / "goi.tspkg"
    _write(dest, keys)
    other = Keys(keys.school, X25519PrivateKey.generate())
    error = _rejected(dest, other, "wrong_hub_key")
    assert "máy chủ nhận khác" in error.message


def test_signed_by_another_school_key(tmp_path: Path, keys: Keys) -> None:
    """A package signed by a key other than the school's confirmed one is refused as such."""
    dest = tmp_path / "goi.tspkg"
    impostor = SchoolKey("THCS0001", Ed25519PrivateKey.generate())
    _write(dest, keys, key=impostor)
    error = _rejected(dest, keys, "wrong_school_key")
    assert impostor.fingerprint in error.message and keys.school.fingerprint in error.message


def test_payload_hash_mismatch(tmp_path: Path, keys: Keys) -> None:
    """A signed header whose payload SHA-256 does not match what decrypts is refused."""
    dest = _sealed(
        tmp_path / "goi.tspkg", keys, _zip({"manifest.json": b"{}"}), payload_sha256="0" * 64
    )
    assert "SHA-256" in _rejected(dest, keys, "hash").message


def test_blob_hash_mismatch(tmp_path: Path, keys: Keys) -> None:
    """A blob whose bytes do not hash to its name is refused, naming the blob."""
    wrong = hashlib.sha256(b"other").hexdigest()
    payload = _zip({"manifest.json": b"{}", "entries.jsonl": b"", f"blobs/{wrong}": PDF})
    dest = _sealed(tmp_path / "goi.tspkg", keys, payload)
    assert wrong in _rejected(dest, keys, "blob_hash").message


@pytest.mark.parametrize(
    "name", ["../evil.sh", "blobs/../../etc/passwd", "/abs/path", "blobs/ABC", "extra.txt"]
)
def test_zip_member_names_are_checked(tmp_path: Path, keys: Keys, name: str) -> None:
    """Only manifest.json, entries.jsonl and blobs/<64 hex> may be inside: no path tricks."""
    payload = _zip({"manifest.json": b"{}", "entries.jsonl": b"", name: b"x"})
    dest = _sealed(tmp_path / "goi.tspkg", keys, payload)
    assert name in _rejected(dest, keys, "zip").message


def test_zip_bomb_is_refused(tmp_path: Path, keys: Keys) -> None:
    """A small member that unpacks past the limit is refused, not unpacked."""
    payload = _zip({"manifest.json": b"{}", "entries.jsonl": b"\n" * (3 * 1024 * 1024)})
    assert len(payload) < 20_000
    dest = _sealed(tmp_path / "goi.tspkg", keys, payload)
    error = _rejected(dest, keys, "zip", max_unpacked=1024 * 1024)
    assert "vượt quá" in error.message


def test_missing_manifest_is_refused(tmp_path: Path, keys: Keys) -> None:
    """A zip without manifest.json is refused naming it."""
    dest = _sealed(tmp_path / "goi.tspkg", keys, _zip({"entries.jsonl": b""}))
    assert "manifest.json" in _rejected(dest, keys, "zip").message


def test_writer_refuses_over_the_cap_and_leaves_no_file(tmp_path: Path, keys: Keys) -> None:
    """A payload over the cap is refused so the caller splits it; nothing is left on disk."""
    big = os.urandom(300_000)
    dest = tmp_path / "goi.tspkg"
    with pytest.raises(pf.PackageTooLarge) as caught:
        _write(dest, keys, blobs={hashlib.sha256(big).hexdigest(): big}, max_bytes=200_000)
    assert caught.value.cap == 200_000 and caught.value.size > 300_000
    assert "chia thành nhiều gói" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_writer_refuses_a_blob_not_named_by_its_hash(tmp_path: Path, keys: Keys) -> None:
    """A blob handed in under a name that is not its SHA-256 is a caller bug, caught."""
    with pytest.raises(ValueError):
        _write(tmp_path / "goi.tspkg", keys, blobs={"0" * 64: PDF})
    assert not (tmp_path / "goi.tspkg").exists()


def test_school_key_is_made_once_and_kept_in_keyring() -> None:
    """The school's signing key is created on first use, then the same key comes back."""
    assert not has_school_key("THCS0009")
    first = school_key("THCS0009")
    assert has_school_key("THCS0009")
    again = school_key("THCS0009")
    assert again.public_bytes == first.public_bytes
    assert secrets.get_secret("sync-signing-key:THCS0009") is not None
    assert first.fingerprint == fingerprint(first.public_bytes)
    parts = first.fingerprint.split("-")
    assert len(parts) == 4 and all(len(p) == 4 for p in parts)
    assert school_key("THCS0010").public_bytes != first.public_bytes


def test_header_is_plain_json_after_the_prefix(tmp_path: Path, keys: Keys) -> None:
    """The documented layout: magic, version, length, then the header JSON a receiver parses."""
    dest = tmp_path / "goi.tspkg"
    header = _write(dest, keys)
    data = dest.read_bytes()
    magic, version, length = pf.PREFIX.unpack_from(data)
    assert (magic, version) == (b"TSPKG\r\n\x1a", 1)
    parsed = json.loads(data[pf.PREFIX.size : pf.PREFIX.size + length])
    assert parsed["package_id"] == header.package_id and parsed["cipher"] == "AES-256-GCM"
    expected = pf.PREFIX.size + length + header.payload_size + 16 + 64
    assert len(data) == expected


def test_a_receiver_written_from_the_document_alone(tmp_path: Path, keys: Keys) -> None:
    """docs/package-format.md §3 redone with bare primitives opens what the writer made."""
    dest = tmp_path / "goi.tspkg"
    _write(dest, keys)
    data = dest.read_bytes()
    length = int.from_bytes(data[10:14], "big")
    head, ciphertext, sig = data[: 14 + length], data[14 + length : -64], data[-64:]
    header = json.loads(head[14:])
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(header["school_public_key"]))
    public.verify(sig, b"truongso-tspkg-signature-v1\x00" + head + ciphertext)
    ephemeral = base64.b64decode(header["ephemeral_key"])
    shared = keys.hub.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    hkdf = HKDF(
        hashes.SHA256(), 32, salt=ephemeral + keys.hub_public, info=b"truongso-tspkg-v1 payload key"
    )
    plain = AESGCM(hkdf.derive(shared)).decrypt(base64.b64decode(header["nonce"]), ciphertext, head)
    assert hashlib.sha256(plain).hexdigest() == header["payload_sha256"]
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        assert zf.read("entries.jsonl") == ENTRIES
        assert sorted(zf.namelist()) == sorted(
            ["manifest.json", "entries.jsonl"] + [f"blobs/{sha}" for sha in BLOBS]
        )
