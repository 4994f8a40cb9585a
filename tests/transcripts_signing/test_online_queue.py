"""The school's seal queues the online step; a run of the queue appends revocation data and a
document timestamp as the version's next revision, the signatures stay valid; a TSA out of
reach leaves the step queued with its error (issue 9 §3)."""

from __future__ import annotations

from app.signing.online import online_context
from app.signing.signers import Pkcs11Signer, Pkcs12Signer, TokenKey
from app.transcripts import online_steps, service
from app.transcripts.checking import check_file
from app.transcripts.models import SignerRole
from app.transcripts.signing import SignAs, sign_version
from tests.signing.pki import PASSPHRASE, USER_PIN, SigningPki, empty_crl
from tests.signing.test_online import closed_port, local_tsa
from tests.transcripts.conftest import DemoSchool
from tests.transcripts_signing.test_sign_flow import _awaiting


def _signed(d: DemoSchool, pki: SigningPki) -> object:
    vid = _awaiting(d)[0]
    sign_version(d.db, d.actor("gv.toan"), vid, Pkcs12Signer(pki.teacher_p12, lambda: PASSPHRASE),
                 SignAs(SignerRole.HOMEROOM, "Nguyễn Thị Lan"))  # fmt: skip
    principal = d.actor("hieutruong")
    sign_version(d.db, principal, vid, Pkcs12Signer(pki.principal_p12, lambda: PASSPHRASE),
                 SignAs(SignerRole.PRINCIPAL, "Trần Văn Hùng"))  # fmt: skip
    with d.db.read() as s:
        assert online_steps.counts(s) == {"waiting": 0, "done": 0}  # not before the seal
    key = TokenKey(pki.hsm.module, pki.token, key_label="seal-rsa")
    with Pkcs11Signer(key, lambda: USER_PIN) as token:
        sign_version(d.db, principal, vid, token, SignAs(SignerRole.SEAL, "Trường THCS Kim Đồng"))
    return vid


def test_the_queued_step_makes_the_next_revision_and_keeps_every_signature(
    secondary: DemoSchool, pki: SigningPki
) -> None:
    d = secondary
    vid = _signed(d, pki)
    with d.db.read() as s:
        assert online_steps.counts(s) == {"waiting": 1, "done": 0}
        offline = service.stored_pdf(s, vid)
    context = online_context([pki.root.cert], crls=[empty_crl(pki.root)], allow_fetching=False)
    run = online_steps.complete_pending(
        d.db, d.actor("hieutruong"), timestamper=local_tsa(pki), context=context
    )
    assert run.done == 1 and not run.failures
    with d.db.read() as s:
        assert online_steps.counts(s) == {"waiting": 0, "done": 1}
        completed = service.stored_pdf(s, vid)
        assert completed is not None and offline is not None
        assert completed.startswith(offline) and len(completed) > len(offline)
        check = check_file(s, completed, [pki.root.cert])
    assert check.ok, check.lines()
    assert len(check.report.timestamps) == 1 and check.report.timestamps[0].ok


def test_a_tsa_out_of_reach_leaves_the_step_queued_with_its_error(
    secondary: DemoSchool, pki: SigningPki
) -> None:
    from pyhanko.sign.timestamps import HTTPTimeStamper

    d = secondary
    vid = _signed(d, pki)
    context = online_context([pki.root.cert], crls=[empty_crl(pki.root)], allow_fetching=False)
    unreachable = HTTPTimeStamper(f"http://127.0.0.1:{closed_port()}/tsa", timeout=2)
    run = online_steps.complete_pending(
        d.db, d.actor("hieutruong"), timestamper=unreachable, context=context
    )
    assert run.done == 0 and [v for v, _ in run.failures] == [vid]
    with d.db.read() as s:
        (step,) = online_steps.pending(s)
        assert step.attempts == 1 and "Không lấy được dấu thời gian" in step.last_error
        assert service.signature_count(s, vid) == 3
