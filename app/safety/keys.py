"""Backup keys: one per school, kept in keyring, exported once to paper or a USB stick.

Keyring entries (service ``TruongSo``):

- ``backup-key:<school>``: the key new backups are encrypted with;
- ``backup-key:<school>:<fingerprint>``: every key this PC has used or been
  given, so older backups stay readable after a key is imported.

The exported key file is plain text a secretary can print, read and retype.
Its fingerprint lets the app check a retyped key before using it.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app import journal_seal, secrets
from app.db import Actor
from app.errors import StorageError
from app.messages import MSG
from app.messages.safety import SAFETY_MSG
from app.permissions import Perm, require
from app.safety.crypto import KEY_BYTES, fingerprint, new_key
from app.safety.files import atomic_write

_CODE = re.compile(r"^[A-Za-z0-9]{2,20}$")
_LABEL_CODE = re.compile(r"\(school code\)\s*:\s*(\S+)", re.IGNORECASE)
_LABEL_KEY = re.compile(r"\(key\)\s*:\s*([0-9A-Fa-f \t-]+)$", re.IGNORECASE | re.MULTILINE)
_LABEL_FP = re.compile(r"\(fingerprint\)\s*:\s*([0-9A-Fa-f-]+)", re.IGNORECASE)

KEY_FILE_TEMPLATE = """\
TRƯỜNG SỐ — KHÓA SAO LƯU DỮ LIỆU / BACKUP KEY
==============================================

Mã trường (school code): {code}
Dấu vân tay (fingerprint): {fp}
Ngày xuất (exported): {when}

Khóa (key): {key}

HƯỚNG DẪN CẤT GIỮ — ĐỌC KỸ
- Khóa này mở được MỌI bản sao lưu của trường {code}. Ai có khóa và một tệp
  sao lưu là đọc được toàn bộ dữ liệu học sinh, điểm số, tài khoản.
- In tệp này ra giấy (hoặc chép vào một USB riêng), cho vào phong bì dán kín,
  ghi ngoài bì "Khóa sao lưu Trường Số — {code}", cất trong tủ/két của Hiệu trưởng.
- KHÔNG để tệp này trên máy tính này, KHÔNG gửi qua Zalo, e-mail, mạng xã hội,
  KHÔNG chép chung USB với các tệp sao lưu. In/chép xong thì xóa tệp trên máy.
- Khi máy hỏng hoặc chuyển sang máy mới: cài Trường Số, rồi chạy
  "truongso key import <tệp khóa>" hoặc chọn tệp khóa này khi khôi phục.
  Nếu chỉ có bản giấy, gõ lại đúng các dòng trên vào một tệp văn bản.
- Mất khóa này thì các bản sao lưu KHÔNG THỂ khôi phục trên máy khác.

ENGLISH: This key opens every backup of school {code}. Print it or copy it to a
USB stick kept in the principal's safe, NEVER on this PC and never next to the
backups. To restore on a new PC: "truongso key import <this file>", or pass it
with "restore --key-file".
"""


@dataclass(frozen=True)
class KeyRecord:
    """A school's backup key as read from a key file."""

    school_code: str
    key: bytes

    @property
    def fingerprint(self) -> str:
        """The key's public fingerprint."""
        return fingerprint(self.key)


def _current_name(code: str) -> str:
    return f"backup-key:{code}"


def _archive_name(code: str, fp: str) -> str:
    return f"backup-key:{code}:{fp}"


def _decode(value: str | None) -> bytes | None:
    if not value:
        return None
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


def _encode(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def current_key(school_code: str) -> bytes | None:
    """The key new backups of ``school_code`` use on this PC, or None."""
    return _decode(secrets.get_secret(_current_name(school_code)))


def store_key(school_code: str, key: bytes, *, make_current: bool = True) -> None:
    """Keep ``key`` in keyring, under its fingerprint and, if asked, as the current key."""
    secrets.set_secret(_archive_name(school_code, fingerprint(key)), _encode(key))
    if make_current:
        secrets.set_secret(_current_name(school_code), _encode(key))
    journal_seal.forget()  # the journal's key derives from the current one


def get_or_create_key(school_code: str) -> bytes:
    """The school's current backup key, created (and stored) on first use."""
    key = current_key(school_code)
    if key is None:
        key = new_key()
        store_key(school_code, key)
    return key


def find_key(school_code: str, key_id: str) -> bytes | None:
    """The key with fingerprint ``key_id`` for ``school_code`` if this PC has it."""
    key = _decode(secrets.get_secret(_archive_name(school_code, key_id)))
    if key is None:
        key = current_key(school_code)
    return key if key is not None and fingerprint(key) == key_id else None


def _hex_groups(key: bytes) -> str:
    text = key.hex()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def export_key(actor: Actor | None, path: Path, school_code: str) -> Path:
    """Write the school's key as a readable text file at ``path`` (a folder gets a file name).

    Whoever holds the key file can read every backup: only a role that may back up
    (``Perm.BACKUP``) may export it."""
    require(actor, Perm.BACKUP)
    key = get_or_create_key(school_code)
    if path.is_dir():
        path = path / f"khoa-sao-luu-{school_code}.txt"
    if path.exists():
        raise StorageError(SAFETY_MSG.key_file_exists.format(path=path))
    text = KEY_FILE_TEMPLATE.format(
        code=school_code,
        fp=fingerprint(key),
        when=datetime.now().strftime("%d/%m/%Y %H:%M"),
        key=_hex_groups(key),
    )
    with atomic_write(path, mode=0o600) as fh:
        fh.write(text.encode("utf-8"))
    return path


def read_key_file(path: Path) -> KeyRecord:
    """Parse and check a key file (the fingerprint must match the key)."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise StorageError(
            SAFETY_MSG.key_file_unreadable.format(path=path, reason="không có tệp này")
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError(SAFETY_MSG.key_file_unreadable.format(path=path, reason=exc)) from exc
    text = unicodedata.normalize("NFC", raw)
    code, key_text, fp = (rx.search(text) for rx in (_LABEL_CODE, _LABEL_KEY, _LABEL_FP))
    bad = StorageError(MSG.backup_key_file_bad.format(path=path))
    if code is None or key_text is None or fp is None or not _CODE.match(code.group(1)):
        raise bad
    digits = re.sub(r"[\s-]", "", key_text.group(1))
    try:
        key = bytes.fromhex(digits)
    except ValueError as exc:
        raise bad from exc
    if len(key) != KEY_BYTES or fingerprint(key) != fp.group(1).upper():
        raise bad
    return KeyRecord(code.group(1), key)


def import_key(path: Path) -> str:
    """Store the key from a key file as this PC's key for its school; returns the school code."""
    record = read_key_file(path)
    store_key(record.school_code, record.key)
    return record.school_code


def key_fingerprint(school_code: str) -> str | None:
    """Fingerprint of the school's current key on this PC, or None when there is none yet."""
    key = current_key(school_code)
    return fingerprint(key) if key is not None else None
