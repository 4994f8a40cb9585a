"""Receipts: the school trusts one only when the hub profile's key verifies it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.sync.receipt_file import (
    EntryProblem,
    Receipt,
    ReceiptRejected,
    ReceiptStatus,
    read_receipt,
    receipt_bytes,
    write_receipt,
)

RECEIPT = Receipt(
    package_id="2f6d3f1e-5a5b-4f43-8d2e-0b3c7a1e9f00",
    school="THCS0001",
    epoch="6b1f9a9e-3c57-4c1e-9a43-2f0f5d2b7a10",
    status=ReceiptStatus.ACCEPTED,
    issued_at="2026-12-07T19:30:00Z",
    reason="",
    high_water=42,
    chain_hash="ab" * 32,
    problems=(EntryProblem(seq=41, problem="Lớp 6A chưa có ở máy chủ", entity="enrolment@1"),),
)


def _public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_round_trip(tmp_path: Path) -> None:
    """A receipt the hub signs reads back equal, problems included, under the hub's key."""
    hub = Ed25519PrivateKey.generate()
    dest = tmp_path / "bienNhan" / "r.json"
    write_receipt(dest, RECEIPT, hub)
    assert read_receipt(dest, _public(hub)) == RECEIPT
    assert not dest.with_name("r.json.part").exists()


def test_an_edited_receipt_is_not_trusted(tmp_path: Path) -> None:
    """Changing the status (rejected → accepted) breaks the signature: refused."""
    hub = Ed25519PrivateKey.generate()
    rejected = Receipt(**{**RECEIPT.__dict__, "status": ReceiptStatus.REJECTED, "reason": "x"})
    document = json.loads(receipt_bytes(rejected, hub))
    document["receipt"]["status"] = "accepted"
    dest = tmp_path / "r.json"
    dest.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ReceiptRejected) as caught:
        read_receipt(dest, _public(hub))
    assert caught.value.reason == "signature"
    assert "Chưa đánh dấu gói nào" in caught.value.message


def test_a_receipt_from_another_hub_is_not_trusted(tmp_path: Path) -> None:
    """A receipt signed by a key other than the hub profile's is refused."""
    dest = tmp_path / "r.json"
    write_receipt(dest, RECEIPT, Ed25519PrivateKey.generate())
    with pytest.raises(ReceiptRejected) as caught:
        read_receipt(dest, _public(Ed25519PrivateKey.generate()))
    assert caught.value.reason == "signature"


def test_a_signed_receipt_with_an_unknown_status_is_refused(tmp_path: Path) -> None:
    """Even signed, a field outside the format is refused by name."""
    hub = Ed25519PrivateKey.generate()
    odd = Receipt(**{**RECEIPT.__dict__, "status": "maybe"})
    dest = tmp_path / "r.json"
    dest.write_bytes(receipt_bytes(odd, hub))
    with pytest.raises(ReceiptRejected) as caught:
        read_receipt(dest, _public(hub))
    assert caught.value.reason == "format" and "status" in caught.value.message


def test_not_a_receipt(tmp_path: Path) -> None:
    """Some other file is refused as not a receipt."""
    dest = tmp_path / "r.json"
    dest.write_text("xin chào", encoding="utf-8")
    with pytest.raises(ReceiptRejected) as caught:
        read_receipt(dest, _public(Ed25519PrivateKey.generate()))
    assert caught.value.reason == "format"
