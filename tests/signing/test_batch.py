"""Signing a class in one batch: one PIN, progress, cancel, failures listed with their reason."""

from __future__ import annotations

import pytest

from app.errors import Cancelled
from app.messages.signing import SIGNING_MSG
from app.signing.batch import SignJob, sign_batch
from app.signing.pades import SignRequest
from app.signing.signers import Pkcs11Signer, Pkcs12Signer, SignerError
from app.signing.verify import verify_pdf
from tests.signing.conftest import BOXES, make_pdf, seal_key, sign_as, teacher_signer
from tests.signing.pki import USER_PIN, SigningPki

TEACHER_REQUEST = SignRequest("GVCN", BOXES["GVCN"], "Nguyễn Thị Lan", "Giáo viên chủ nhiệm")
SEAL_REQUEST = SignRequest(
    "DauTruong", BOXES["DauTruong"], "Trường THCS Lê Lợi", "Dấu của nhà trường"
)


class Recorder:
    """A progress that records every update and cancels after ``stop_after`` files."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.updates: list[tuple[int, int, str, str]] = []
        self.stop_after = stop_after

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        self.updates.append((done, total, label, unit))

    @property
    def cancelled(self) -> bool:
        return self.stop_after is not None and self.updates[-1][0] >= self.stop_after


def test_batch_signs_all_it_can_and_lists_the_rest(pki: SigningPki) -> None:
    """Five files, one not a PDF and one already sealed: three signed, two listed, one PIN."""
    sealed = None
    with Pkcs11Signer(seal_key(pki), lambda: USER_PIN) as seal:
        sealed = sign_as(make_pdf(), seal, "DauTruong")
    jobs = [SignJob(f"hs{i}", make_pdf(), SEAL_REQUEST) for i in range(3)]
    jobs.insert(1, SignJob("hong", b"%PDF-1.4 hong", SEAL_REQUEST))
    jobs.append(SignJob("da-ky", sealed, SEAL_REQUEST))
    asked: list[int] = []
    delivered: list[str] = []
    progress = Recorder()

    def prompt() -> str:
        asked.append(1)
        return USER_PIN

    with Pkcs11Signer(seal_key(pki), prompt) as seal:
        result = sign_batch(
            jobs, seal, progress=progress, on_signed=lambda key, _pdf: delivered.append(key)
        )
    assert len(asked) == 1
    assert list(result.signed) == ["hs0", "hs1", "hs2"] == delivered
    assert [f.key for f in result.failures] == ["hong", "da-ky"]
    assert result.failures[1].reason == SIGNING_MSG.field_signed.format(field="DauTruong")
    assert result.failures[0].reason.startswith("Tệp PDF không đọc được")
    assert all(verify_pdf(pdf, [pki.root.cert]).ok for pdf in result.signed.values())
    assert progress.updates[0] == (0, 5, SIGNING_MSG.batch_label, SIGNING_MSG.batch_unit)
    assert progress.updates[-1][:2] == (5, 5)


def test_cancel_stops_between_files(pki: SigningPki) -> None:
    """Cancelled after two files: the two stay signed (delivered), the rest are not touched."""
    jobs = [SignJob(f"hs{i}", make_pdf(), SEAL_REQUEST) for i in range(5)]
    delivered: list[str] = []
    with Pkcs11Signer(seal_key(pki), lambda: USER_PIN) as seal, pytest.raises(Cancelled):
        sign_batch(
            jobs,
            seal,
            progress=Recorder(stop_after=2),
            on_signed=lambda key, _pdf: delivered.append(key),
        )
    assert delivered == ["hs0", "hs1"]


def test_wrong_pin_stops_the_batch_before_any_file(pki: SigningPki) -> None:
    """The PIN is checked once, before the first file; nothing is signed with a wrong one."""
    delivered: list[str] = []
    jobs = [SignJob(f"hs{i}", make_pdf(), SEAL_REQUEST) for i in range(2)]
    with pytest.raises(SignerError) as err:
        sign_batch(
            jobs,
            Pkcs11Signer(seal_key(pki), lambda: "111111"),
            on_signed=lambda k, _p: delivered.append(k),
        )
    assert err.value.message == SIGNING_MSG.pin_wrong
    assert delivered == []


class RemoteSigner:
    """A third kind of signer (as a remote signing service would be), whose service goes away."""

    def __init__(self, inner: Pkcs12Signer, works_for: int) -> None:
        self.inner, self.works_for = inner, works_for
        self.certificate, self.chain = inner.certificate, inner.chain

    def sign(self, data: bytes, digest_algorithm: str) -> bytes:
        if self.works_for <= 0:
            raise SignerError("Dịch vụ ký số từ xa không phản hồi.")
        self.works_for -= 1
        return self.inner.sign(data, digest_algorithm)


def test_a_signer_that_goes_away_lists_every_remaining_file(pki: SigningPki) -> None:
    """The signer fails mid-batch: the files left are listed with its reason, none half-signed."""
    jobs = [SignJob(f"hs{i}", make_pdf(), TEACHER_REQUEST) for i in range(4)]
    result = sign_batch(jobs, RemoteSigner(teacher_signer(pki), works_for=1))
    assert list(result.signed) == ["hs0"]
    assert verify_pdf(result.signed["hs0"], [pki.root.cert]).ok
    assert [(f.key, f.reason) for f in result.failures] == [
        (f"hs{i}", "Dịch vụ ký số từ xa không phản hồi.") for i in (1, 2, 3)
    ]
