"""The zip inside a package: ``manifest.json``, ``entries.jsonl``, ``blobs/<sha256>``.

Written in a stable order with fixed timestamps; read with limits, since a hub opens files
made on PCs it does not control: only those three kinds of names (no ``..``, no other
folder), unpacked bytes counted while reading (declared sizes are not trusted), every blob's
SHA-256 checked against its name (docs/package-format.md §3.4).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Mapping
from typing import Any

from app.messages.sync import SYNC_MSG

MANIFEST = "manifest.json"
ENTRIES = "entries.jsonl"
BLOB_DIR = "blobs/"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
DEFAULT_MAX_UNPACKED = 100 * 1024 * 1024
MAX_MEMBERS = 100_000

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class ZipRefused(Exception):
    """The zip is not a package payload; ``detail`` says why, in Vietnamese."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BlobMismatch(Exception):
    """A blob's bytes do not hash to its name."""

    def __init__(self, sha256: str) -> None:
        super().__init__(sha256)
        self.sha256 = sha256


def zip_payload(manifest: Mapping[str, Any], entries: bytes, blobs: Mapping[str, bytes]) -> bytes:
    """The payload's zip, in a stable order; a blob not named by its SHA-256 is a caller bug."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)

        put(MANIFEST, json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        put(ENTRIES, entries)
        for sha, data in sorted(blobs.items()):
            if not _HEX64.match(sha) or hashlib.sha256(data).hexdigest() != sha:
                raise ValueError(f"blob {sha!r} is not named by its SHA-256")
            put(BLOB_DIR + sha, data)
    return out.getvalue()


def _allowed(name: str) -> bool:
    if name in (MANIFEST, ENTRIES):
        return True
    return name.startswith(BLOB_DIR) and bool(_HEX64.match(name[len(BLOB_DIR) :]))


def _members(payload: bytes, max_unpacked: int) -> dict[str, bytes]:
    too_large = SYNC_MSG.package_zip_too_large.format(limit=max_unpacked)
    files: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ZipRefused(too_large)
            budget = max_unpacked
            for info in infos:
                if not _allowed(info.filename) or info.filename in files:
                    raise ZipRefused(SYNC_MSG.package_zip_member.format(name=info.filename))
                if info.file_size > budget:
                    raise ZipRefused(too_large)
                with zf.open(info) as member:
                    body = member.read(budget + 1)
                if len(body) > budget:
                    raise ZipRefused(too_large)
                budget -= len(body)
                files[info.filename] = body
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError) as exc:
        raise ZipRefused(SYNC_MSG.package_zip_broken) from exc
    return files


def unzip_payload(
    payload: bytes, max_unpacked: int = DEFAULT_MAX_UNPACKED
) -> tuple[dict[str, Any], bytes, dict[str, bytes]]:
    """The manifest, the entries and the blobs, every check passed (else ``ZipRefused`` or
    ``BlobMismatch``)."""
    files = _members(payload, max_unpacked)
    for name in (MANIFEST, ENTRIES):
        if name not in files:
            raise ZipRefused(SYNC_MSG.package_zip_missing.format(name=name))
    try:
        manifest = json.loads(files.pop(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ZipRefused(SYNC_MSG.package_manifest) from exc
    if not isinstance(manifest, dict):
        raise ZipRefused(SYNC_MSG.package_manifest)
    entries = files.pop(ENTRIES)
    blobs = {name[len(BLOB_DIR) :]: body for name, body in files.items()}
    for sha, body in blobs.items():
        if hashlib.sha256(body).hexdigest() != sha:
            raise BlobMismatch(sha)
    return manifest, entries, blobs
