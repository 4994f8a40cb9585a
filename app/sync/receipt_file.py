"""Receipts: the hub's signed answer to one package (docs/package-format.md, decision 023).

A receipt is a small JSON file::

    {"receipt": {...the fields of ``Receipt``...}, "signature": "<base64 Ed25519>"}

The signature is over ``RECEIPT_DOMAIN`` + the canonical JSON of ``receipt`` (keys sorted,
no spaces, UTF-8). The school verifies it with the hub profile's signing key before it marks
anything as delivered; a receipt that fails is refused and changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.atomic_file import written_beside
from app.errors import ValidationError
from app.messages.sync import SYNC_MSG

RECEIPT_FORMAT = 1
RECEIPT_DOMAIN = b"truongso-receipt-signature-v1\x00"
MAX_RECEIPT_BYTES = 1024 * 1024
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class ReceiptStatus(StrEnum):
    """What the hub did with a package."""

    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    HELD = "held"
    BASELINE_NEEDED = "baseline_needed"


@dataclass(frozen=True)
class EntryProblem:
    """One entry the hub could not apply, and why (Vietnamese)."""

    seq: int
    problem: str
    entity: str = ""
    record_id: str = ""


@dataclass(frozen=True)
class Receipt:
    """The hub's answer to one package."""

    package_id: str
    school: str
    epoch: str
    status: ReceiptStatus
    issued_at: str
    reason: str = ""
    high_water: int | None = None
    chain_hash: str | None = None
    problems: tuple[EntryProblem, ...] = field(default_factory=tuple)
    format: int = RECEIPT_FORMAT

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = str(self.status)
        data["problems"] = [asdict(p) for p in self.problems]
        return data


class ReceiptRejected(ValidationError):
    """A receipt that cannot be trusted; ``reason`` is ``signature``, ``format`` or ``unreadable``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def receipt_bytes(receipt: Receipt, hub_signing_key: Ed25519PrivateKey) -> bytes:
    """The receipt file's content, signed by the hub."""
    body = receipt.to_json()
    signature = hub_signing_key.sign(RECEIPT_DOMAIN + _canonical(body))
    document = {"receipt": body, "signature": base64.b64encode(signature).decode("ascii")}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def write_receipt(dest: Path, receipt: Receipt, hub_signing_key: Ed25519PrivateKey) -> None:
    """Write a signed receipt (whole or not at all)."""
    data = receipt_bytes(receipt, hub_signing_key)
    with written_beside(dest, 0o600) as tmp:
        tmp.write_bytes(data)


def _bad(path: str, name: str) -> ReceiptRejected:
    return ReceiptRejected("format", SYNC_MSG.receipt_format.format(path=path, field=name))


def parse_receipt(raw: bytes, hub_signing_public: bytes, path: str = "") -> Receipt:
    """A receipt from its bytes, trusted only once its signature verifies."""
    try:
        document = json.loads(raw.decode("utf-8"))
        body, signature_text = document["receipt"], document["signature"]
        signature = base64.b64decode(signature_text, validate=True)
        if not isinstance(body, dict):
            raise TypeError(body)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise _bad(path, "receipt") from exc
    try:
        public = Ed25519PublicKey.from_public_bytes(hub_signing_public)
        public.verify(signature, RECEIPT_DOMAIN + _canonical(body))
    except (InvalidSignature, ValueError) as exc:
        raise ReceiptRejected("signature", SYNC_MSG.receipt_signature.format(path=path)) from exc
    return _fields(body, path)


def _fields(body: dict[str, Any], path: str) -> Receipt:
    def text(name: str, pattern: re.Pattern[str] | None = None) -> str:
        value = body.get(name)
        if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
            raise _bad(path, name)
        return value

    for name in ("package_id", "epoch"):
        try:
            uuid.UUID(text(name))
        except ValueError as exc:
            raise _bad(path, name) from exc
    if body.get("format") != RECEIPT_FORMAT:
        raise _bad(path, "format")
    try:
        status = ReceiptStatus(str(body.get("status")))
    except ValueError as exc:
        raise _bad(path, "status") from exc
    high_water = body.get("high_water")
    if high_water is not None and (not isinstance(high_water, int) or isinstance(high_water, bool)):
        raise _bad(path, "high_water")
    chain_hash = body.get("chain_hash")
    if chain_hash is not None and not (isinstance(chain_hash, str) and _HEX64.match(chain_hash)):
        raise _bad(path, "chain_hash")
    return Receipt(
        package_id=text("package_id"),
        school=text("school"),
        epoch=text("epoch"),
        status=status,
        issued_at=text("issued_at", _TIME),
        reason=text("reason"),
        high_water=high_water,
        chain_hash=chain_hash,
        problems=_problems(body.get("problems"), path),
    )


def _problems(value: object, path: str) -> tuple[EntryProblem, ...]:
    if not isinstance(value, list):
        raise _bad(path, "problems")
    problems = []
    for item in value:
        if not isinstance(item, dict):
            raise _bad(path, "problems")
        try:
            problem = EntryProblem(**item)
        except TypeError as exc:
            raise _bad(path, "problems") from exc
        if not isinstance(problem.seq, int) or not all(
            isinstance(v, str) for v in (problem.problem, problem.entity, problem.record_id)
        ):
            raise _bad(path, "problems")
        problems.append(problem)
    return tuple(problems)


def read_receipt(path: Path, hub_signing_public: bytes) -> Receipt:
    """Read and verify a receipt file with the hub profile's signing key."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_RECEIPT_BYTES + 1)
    except OSError as exc:
        message = SYNC_MSG.receipt_unreadable.format(path=path, reason=exc.strerror or exc)
        raise ReceiptRejected("unreadable", message) from exc
    if len(raw) > MAX_RECEIPT_BYTES:
        raise _bad(str(path), "receipt")
    return parse_receipt(raw, hub_signing_public, str(path))
