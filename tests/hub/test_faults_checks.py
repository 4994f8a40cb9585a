"""Packages that must not be applied (issue 10 §6, §7): bytes flipped on the way, a package signed
by another key, one encrypted to another hub, an expired hub profile. Each is rejected whole and
kept in quarantine with its reason, the school's outbox says "cần xử lý" with the hub's words,
and once the good copy (or the right key) comes the hub's copy equals the school's."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app import secrets
from app.errors import ValidationError
from app.hub import schema as t
from app.hub import service as hub_service
from app.hub.ingest import Hub, ingest_bytes
from app.hub.keys import HubKeys
from app.journal import current_epoch, head_seq
from app.sync import actions, helpdesk, hub_profile, school_side
from app.sync.outbox import CONFIRMED, QUARANTINED, WAITING, OutboxPackage
from app.sync.package_file import (
    PREFIX,
    SIGN_DOMAIN,
    SIGNATURE_BYTES,
    read_header,
    write_package,
)
from app.sync.payload import build_payloads
from app.sync.school_key import SchoolKey, school_key
from tests.gradebook.conftest import GradeSchool, fill_year
from tests.hub.conftest import (
    SCHOOL,
    Round,
    enrol,
    hub_state,
    ledger_count,
    outbox_states,
    package_files,
    school_state,
)

SIGNATURE_BAD = "Chữ ký của gói"
WRONG_HUB = "được mã hóa cho máy chủ nhận khác"
BIG = 1_000_000  # one package per trip


def _more_work(gs: GradeSchool) -> None:
    fill_year(gs, next(iter(gs.students)), {"Toán": "9"})


def _records(hub: Hub) -> int:
    with hub.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(t.record)) or 0)


def _outbox(gs: GradeSchool, pid: str) -> OutboxPackage:
    with gs.db.read() as s:
        row = s.get(OutboxPackage, uuid.UUID(pid))
        assert row is not None
        s.expunge(row)
        return row


def _flip(data: bytes, flips: list[tuple[str, int, int]]) -> bytes:
    """XOR bytes at positions inside the header, the ciphertext or the signature."""
    end = PREFIX.size + PREFIX.unpack_from(data)[2]
    spans = {"header": (PREFIX.size, end), "ciphertext": (end, len(data) - SIGNATURE_BYTES),
             "signature": (len(data) - SIGNATURE_BYTES, len(data))}  # fmt: skip
    out = bytearray(data)
    for region, offset, mask in flips:
        start, stop = spans[region]
        out[start + offset % (stop - start)] ^= mask
    return bytes(out)


def test_flipped_bytes_are_rejected_whole_then_the_good_copy_is_taken(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    trip = Round(tmp_path / "usb")
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    before, records, applied = hub_state(hub, SCHOOL), _records(hub), ledger_count(hub)
    _more_work(gs)
    [name] = trip.export(gs, cap=BIG)
    [path] = package_files(trip, [name])
    good, pid = path.read_bytes(), read_header(path).package_id

    @settings(max_examples=25, database=None)
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["header", "ciphertext", "signature"]),
                st.integers(0, 1 << 20),
                st.integers(1, 255),
            ),  # fmt: skip
            min_size=1,
            max_size=4,
        )
    )
    def flipped_is_never_applied(flips: list[tuple[str, int, int]]) -> None:
        tampered = _flip(good, flips)
        assume(tampered != good)  # two flips of one byte cancel out
        outcome = ingest_bytes(hub, tampered, name)
        assert outcome.status == "rejected"
        assert outcome.reason.startswith(("Máy chủ không nhận gói", "Tệp "))
        assert (_records(hub), ledger_count(hub)) == (records, applied)

    flipped_is_never_applied()
    assert hub_state(hub, SCHOOL) == before

    # One flip in the ciphertext on the stick: quarantined at the hub with the reason, and
    # the school reads the reason from the signed receipt.
    path.write_bytes(_flip(good, [("ciphertext", 100, 0x40)]))
    [outcome] = trip.ingest(hub)
    assert (outcome.status, outcome.package_id) == ("rejected", pid)
    assert SIGNATURE_BAD in outcome.reason and "Không nhận gói này." in outcome.reason
    [kept] = [r for r in hub_service.packages(hub, ("rejected",)) if r["package_id"] == pid]
    assert kept["reason"] == outcome.reason
    assert hub_service.schools(hub)[0].rejected >= 1
    assert trip.receipts(gs) == {pid: "rejected"}
    row = _outbox(gs, pid)
    assert (row.state, row.last_error) == (QUARANTINED, outcome.reason)
    assert hub_state(hub, SCHOOL) == before

    # The hub's retry of the kept bytes says the same: the cause is in the file.
    assert hub_service.retry(hub, pid, trip.usb).status == "rejected"

    # The secretary retries; the export writes the good copy; the hub decides the id again.
    helpdesk.retry(gs.db, gs.admin, uuid.UUID(pid))
    assert trip.export(gs, cap=BIG) == [name] and path.read_bytes() == good
    assert [(o.package_id, o.status) for o in trip.ingest(hub)] == [(pid, "accepted")]
    assert trip.receipts(gs) == {pid: "accepted"}
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}
    assert hub_state(hub, SCHOOL) == school_state(gs.db)
    assert hub_service.packages(hub, ("rejected",)) == []


def test_a_package_re_signed_after_tampering_fails_decryption(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    """Past the signature (someone holding the school's key changed the ciphertext): the
    authenticated encryption still refuses it, and nothing is applied."""
    trip = Round(tmp_path / "usb")
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    before = hub_state(hub, SCHOOL)
    _more_work(gs)
    [path] = package_files(trip, trip.export(gs, cap=BIG))
    data = _flip(path.read_bytes(), [("ciphertext", 7, 0x01)])[:-SIGNATURE_BYTES]
    resigned = data + school_key(SCHOOL).sign(SIGN_DOMAIN + data)
    outcome = ingest_bytes(hub, resigned, path.name)
    assert outcome.status == "rejected"
    assert "Không giải mã được gói" in outcome.reason
    assert hub_state(hub, SCHOOL) == before


def _forged(gs: GradeSchool, hub: Hub, dest: Path) -> Path:
    """The school's next range, signed by a key that is not the school's."""
    with gs.db.read() as s:
        epoch, head = current_epoch(s), head_seq(s)
        done = s.scalar(select(func.max(OutboxPackage.last_seq)))
        assert epoch is not None and done is not None
        [payload] = build_payloads(s, SCHOOL, epoch, done, head)
    write_package(dest, school=SCHOOL, epoch=epoch, seq_from=payload.first, seq_to=payload.last,
                  manifest=payload.manifest, entries=payload.entries, blobs=payload.blobs,
                  key=SchoolKey(SCHOOL, Ed25519PrivateKey.generate()),
                  hub_public=hub.keys.encryption_public)  # fmt: skip
    return dest


def test_a_package_signed_by_another_key_is_rejected(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    trip = Round(tmp_path / "usb")
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    before, applied = hub_state(hub, SCHOOL), ledger_count(hub)
    _more_work(gs)
    forged = _forged(gs, hub, tmp_path / "forged.tspkg")
    header = read_header(forged)
    outcome = ingest_bytes(hub, forged.read_bytes(), forged.name)
    assert outcome.status == "rejected"
    assert "được ký bằng khóa khác" in outcome.reason
    assert header.school_key in outcome.reason  # the forger's fingerprint…
    assert school_key(SCHOOL).fingerprint in outcome.reason  # …and the approved one
    assert (hub_state(hub, SCHOOL), ledger_count(hub)) == (before, applied)
    [kept] = hub_service.packages(hub, ("rejected",))
    assert kept["package_id"] == header.package_id

    # The school's own package of the same numbers goes through.
    trip.export(gs, cap=BIG)
    assert {o.status for o in trip.ingest(hub)} == {"accepted"}
    assert hub_state(hub, SCHOOL) == school_state(gs.db)


def _keep_profile(keys: HubKeys, until: date) -> None:
    profile = keys.profile("Sở GD&ĐT Thử nghiệm", "https://hub.example.vn/nhan", until)
    hub_profile.save_profile(profile, profile.fingerprint)


def test_an_expired_hub_profile_is_refused_at_the_school(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    """Making and the USB export (the panel's action) refuse in Vietnamese; the packages made
    before the profile expired wait, and go once the authority's new profile is kept."""
    trip = Round(tmp_path / "usb")
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    _more_work(gs)
    made = school_side.make_packages(gs.db, gs.admin, cap=BIG)
    fill_year(gs, list(gs.students)[1], {"Toán": "6"})
    _keep_profile(hub.keys, date(2020, 6, 30))
    expired = "Hồ sơ máy chủ nhận «Sở GD&ĐT Thử nghiệm» đã hết hạn từ ngày 30/06/2020"
    with pytest.raises(ValidationError, match=expired):
        school_side.make_packages(gs.db, gs.admin)
    with pytest.raises(ValidationError, match=expired):
        actions.export_usb(gs.db, gs.admin, trip.usb)
    assert list(trip.usb.rglob("*.tspkg")) == []
    assert {outbox_states(gs.db)[str(p)] for p in made} == {WAITING}

    _keep_profile(hub.keys, date(2030, 12, 31))  # the authority's new file
    assert len(trip.export(gs, cap=BIG)) == len(made) + 1
    assert {o.status for o in trip.ingest(hub)} == {"accepted"}
    assert set(trip.receipts(gs).values()) == {"accepted"}
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}
    assert hub_state(hub, SCHOOL) == school_state(gs.db)


def test_a_package_for_another_hub_key_is_rejected_and_retried_with_the_right_key(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    """Encrypted to another hub's key: this hub refuses it by name. A hub machine that ran with
    the wrong keys decides it again (``hub retry``) once its own keys are back."""
    trip = Round(tmp_path / "usb")
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    before = hub_state(hub, SCHOOL)
    _more_work(gs)
    other = HubKeys(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())
    wrong_hub = Hub(hub.engine, other)  # the hub machine's keyring held another hub's keys
    [name] = trip.export(gs, cap=BIG)
    [outcome] = trip.ingest(wrong_hub)
    assert outcome.status == "rejected" and WRONG_HUB in outcome.reason
    assert hub_state(hub, SCHOOL) == before
    retried = hub_service.retry(hub, outcome.package_id, trip.usb)
    assert retried.status == "accepted"
    assert hub_state(hub, SCHOOL) == school_state(gs.db)


def test_packages_made_for_an_old_hub_profile_are_rejected_then_made_again(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    """The school kept another (an old) hub's profile: its packages are rejected with the
    wrong-hub-key reason. Once it keeps this hub's profile and retries, what it sends is taken:
    the numbers in the rejected packages must reach the hub, not be held behind them."""
    trip = Round(tmp_path / "usb")
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    before = hub_state(hub, SCHOOL)
    old = HubKeys(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())
    _keep_profile(old, date(2030, 12, 31))
    _more_work(gs)
    [name] = trip.export(gs, cap=BIG)
    [outcome] = trip.ingest(hub)
    assert outcome.status == "rejected" and WRONG_HUB in outcome.reason
    assert hub_state(hub, SCHOOL) == before
    # The school's receipts are signed by this hub, which is not its kept profile: refused.
    assert trip.receipts(gs) == {}

    _keep_profile(hub.keys, date(2030, 12, 31))
    assert trip.receipts(gs) == {outcome.package_id: "rejected"}
    row = _outbox(gs, outcome.package_id)
    assert (row.state, row.last_error) == (QUARANTINED, outcome.reason)
    helpdesk.retry(gs.db, gs.admin, row.id)
    fill_year(gs, list(gs.students)[1], {"Toán": "5"})
    again = Round(tmp_path / "usb2")
    again.export(gs, cap=BIG)
    results = again.ingest(hub)
    again.receipts(gs)
    assert {o.status for o in results} == {"accepted"}, [(o.status, o.reason) for o in results]
    assert hub_state(hub, SCHOOL) == school_state(gs.db)


def test_a_school_that_lost_its_key_is_approved_again_by_its_new_fingerprint(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    """Decision 023: "A PC that loses its keyring makes a new key, and the hub operator approves
    its fingerprint again." The new key's package is rejected by name until then; once the
    operator approves the new fingerprint, retrying it applies it."""
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    old_fp = school_key(SCHOOL).fingerprint
    before = hub_state(hub, SCHOOL)
    secrets.delete_secret(f"sync-signing-key:{SCHOOL}")  # the PC's keyring was lost
    new_fp = school_key(SCHOOL).fingerprint
    assert new_fp != old_fp
    _more_work(gs)
    trip = Round(tmp_path / "usb")
    trip.export(gs, cap=BIG)
    [outcome] = trip.ingest(hub)
    assert outcome.status == "rejected" and "được ký bằng khóa khác" in outcome.reason
    assert new_fp in outcome.reason and old_fp in outcome.reason
    assert hub_state(hub, SCHOOL) == before

    hub_service.approve(hub, SCHOOL, new_fp, "test")  # read out by the school on the phone
    assert hub_service.retry(hub, outcome.package_id, trip.usb).status == "accepted"
    assert hub_state(hub, SCHOOL) == school_state(gs.db)
