"""A correction after signing, with real signatures: version 2 is signed by the three parties,
and version 1's file still verifies, noted as replaced (issue 9, "Done when")."""

from __future__ import annotations

from app.gradebook import catalogue, locking
from app.gradebook.entry import CellEdit, save_scores
from app.signing.signers import Pkcs11Signer, Pkcs12Signer, TokenKey
from app.transcripts import service
from app.transcripts.checking import check_file
from app.transcripts.models import SignerRole, Transcript
from app.transcripts.signing import SignAs, sign_version
from tests.signing.pki import PASSPHRASE, USER_PIN, SigningPki
from tests.transcripts.conftest import DemoSchool


def _sign_three(d: DemoSchool, pki: SigningPki, vid: object) -> bytes:
    sign_version(d.db, d.actor("gv.toan"), vid, Pkcs12Signer(pki.teacher_p12, lambda: PASSPHRASE),
                 SignAs(SignerRole.HOMEROOM, "Nguyễn Thị Lan"))  # fmt: skip
    principal = d.actor("hieutruong")
    sign_version(d.db, principal, vid, Pkcs12Signer(pki.principal_p12, lambda: PASSPHRASE),
                 SignAs(SignerRole.PRINCIPAL, "Trần Văn Hùng"))  # fmt: skip
    key = TokenKey(pki.hsm.module, pki.token, key_label="seal-ec")
    with Pkcs11Signer(key, lambda: USER_PIN) as token:
        return sign_version(d.db, principal, vid, token, SignAs(SignerRole.SEAL, "Trường"))


def test_a_signed_correction_leaves_the_first_signed_file_valid_and_noted_as_replaced(
    secondary: DemoSchool, pki: SigningPki
) -> None:
    d = secondary
    teacher = d.actor("gv.toan")
    with d.db.uow(actor=teacher) as s:
        first = service.prepare_class(s, teacher, d.class_id)[0]
        service.submit(s, teacher, first.version_id)
    v1_file = _sign_three(d, pki, first.version_id)
    with d.db.read() as s:
        t = s.get(Transcript, first.transcript_id)
        assert t is not None
        sid = t.student_id
    with d.db.uow(actor=d.admin) as s:  # unlocked by the administrator, corrected, locked again
        locking.unlock_semester(s, d.admin, d.class_id, 2, "Phúc khảo bài thi cuối kì")
        toan = catalogue.find_subject(s, d.year, 6, "Toán")
        save_scores(s, d.admin, d.class_id, toan.id, 2, [CellEdit(sid, "CK", "3")],
                    reason="Chấm phúc khảo môn Toán")  # fmt: skip
        locking.lock_semester(s, d.admin, d.class_id, 2)
    with d.db.uow(actor=teacher) as s:
        second = service.prepare(s, teacher, sid, d.year)
        service.submit(s, teacher, second.version_id)
    v2_file = _sign_three(d, pki, second.version_id)
    with d.db.read() as s:
        old = check_file(s, v1_file, [pki.root.cert])
        new = check_file(s, v2_file, [pki.root.cert])
        assert service.stored_pdf(s, first.version_id) == v1_file  # kept exactly as signed
    assert old.ok and new.ok, (old.lines(), new.lines())
    assert "Lưu ý: đã có phiên bản 2 (đính chính) thay cho phiên bản này." in old.lines()
    assert not any("Lưu ý" in line for line in new.lines())
    assert new.report.signatures[-1].signer == "Trường THCS Lê Lợi (EC)"
