"""A class's transcripts signed by the homeroom teacher, the principal (or a deputy) and the
school's token, checked against the database, on SQLite and PostgreSQL (issue 9 §3)."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

from app.errors import Conflict, PermissionDenied
from app.signing.signers import Pkcs11Signer, Pkcs12Signer, TokenKey
from app.transcripts import queries, service
from app.transcripts.checking import check_file
from app.transcripts.models import SignerRole, State
from app.transcripts.signing import Item, SignAs, sign_many, sign_version
from tests.signing.pki import PASSPHRASE, USER_PIN, SigningPki
from tests.transcripts.conftest import DemoSchool

TEACHER = SignAs(SignerRole.HOMEROOM, "Nguyễn Thị Lan")
DEPUTY = SignAs(SignerRole.PRINCIPAL, "Trần Văn Hùng", deputy=True)
SEAL = SignAs(SignerRole.SEAL, "Trường THCS Kim Đồng")


def _awaiting(d: DemoSchool) -> list[uuid.UUID]:
    """Prepare last year's class and send every transcript for signing."""
    teacher = d.actor("gv.toan")
    with d.db.uow(actor=teacher) as s:
        service.prepare_class(s, teacher, d.class_id)
    with d.db.read() as s:
        rows = queries.class_transcripts(s, teacher, d.class_id)
        ids = [row.version.id for row in rows if row.version]
    with d.db.uow(actor=teacher) as s:
        for vid in ids:
            service.submit(s, teacher, vid)
    return ids


def _p12(path: Path) -> Pkcs12Signer:
    return Pkcs12Signer(path, lambda: PASSPHRASE)


def _state(d: DemoSchool, vid: uuid.UUID) -> str:
    with d.db.read() as s:
        return service.get_version(s, vid)[1].state


def test_three_parties_sign_and_the_file_checks_against_the_database(
    secondary: DemoSchool, pki: SigningPki, tmp_path: Path
) -> None:
    """Teacher (PKCS#12 RSA), a deputy for the principal (PKCS#12 EC), the school's token:
    the version is signed, the file verifies, poppler's pdfsig agrees, a changed byte fails."""
    d = secondary
    vid = _awaiting(d)[0]
    sign_version(d.db, d.actor("gv.toan"), vid, _p12(pki.teacher_p12), TEACHER)
    sign_version(d.db, d.actor("hieutruong"), vid, _p12(pki.principal_p12), DEPUTY)
    with Pkcs11Signer(TokenKey(pki.hsm.module, pki.token, key_label="seal-rsa"),
                      lambda: USER_PIN) as token:  # fmt: skip
        signed = sign_version(d.db, d.actor("hieutruong"), vid, token, SEAL)
    assert _state(d, vid) == State.SIGNED
    with d.db.read() as s:
        assert service.stored_pdf(s, vid) == signed
        check = check_file(s, signed, [pki.root.cert])
    assert check.ok, check.lines()
    assert [x.signer for x in check.report.signatures] == [
        "Nguyễn Thị Lan", "Trần Văn Hùng", "Trường THCS Lê Lợi"
    ]  # fmt: skip
    assert "Tệp trùng từng byte với bản đã lưu khi ký." in check.lines()

    path = tmp_path / "hoc-ba.pdf"
    path.write_bytes(signed)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert out.stdout.count("Signature Validation: Signature is Valid.") == 3, out.stdout

    tampered = signed.replace(b"/Producer", b"/Produker", 1)
    assert tampered != signed
    with d.db.read() as s:
        bad = check_file(s, tampered, [pki.root.cert])
    assert not bad.ok


def test_out_of_order_or_by_another_teacher_is_refused_and_nothing_is_kept(
    secondary: DemoSchool, pki: SigningPki
) -> None:
    """The principal cannot sign first; a teacher of another class cannot sign as homeroom."""
    d = secondary
    vid = _awaiting(d)[0]
    with pytest.raises(Conflict):
        sign_version(d.db, d.actor("hieutruong"), vid, _p12(pki.principal_p12), DEPUTY)
    with pytest.raises(PermissionDenied):
        sign_version(d.db, d.actor("gv.van"), vid, _p12(pki.teacher_p12), TEACHER)
    with d.db.read() as s:
        assert service.stored_pdf(s, vid) is None
        assert service.signature_count(s, vid) == 0


def test_a_class_is_signed_in_one_batch_and_failures_are_listed(
    secondary: DemoSchool, pki: SigningPki
) -> None:
    """One signer for the whole class; a version not awaiting signatures is listed, the rest
    are signed and kept."""
    d = secondary
    ids = _awaiting(d)
    teacher = d.actor("gv.toan")
    sign_version(d.db, teacher, ids[0], _p12(pki.teacher_p12), TEACHER)  # already signed by them
    items = [Item(vid, f"HS {n}") for n, vid in enumerate(ids)]
    outcome = sign_many(d.db, teacher, items, _p12(pki.teacher_p12), TEACHER)
    assert outcome.signed == len(ids) - 1
    assert [label for label, _ in outcome.failures] == ["HS 0"]
    with d.db.read() as s:
        assert all(service.signature_count(s, vid) == 1 for vid in ids)


def test_a_wrong_token_pin_stops_the_batch_and_nothing_is_signed(
    secondary: DemoSchool, pki: SigningPki
) -> None:
    """The school's token refusing its PIN: the batch stops before any file, nothing kept."""
    from app.signing.signers import SignerError

    d = secondary
    ids = _awaiting(d)[:3]
    principal = d.actor("hieutruong")
    for vid in ids:
        sign_version(d.db, d.actor("gv.toan"), vid, _p12(pki.teacher_p12), TEACHER)
        sign_version(d.db, principal, vid, _p12(pki.principal_p12), DEPUTY)
    items = [Item(vid, f"HS {n}") for n, vid in enumerate(ids)]
    key = TokenKey(pki.hsm.module, pki.token, key_label="seal-rsa")
    with pytest.raises(SignerError), Pkcs11Signer(key, lambda: "000000") as token:
        sign_many(d.db, principal, items, token, SEAL)
    with d.db.read() as s:
        assert all(service.signature_count(s, vid) == 2 for vid in ids)
