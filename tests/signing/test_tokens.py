"""Keys on a real PKCS#11 token (SoftHSM2) and in PKCS#12 files: PINs, missing tokens, keyring."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app import secrets
from app.messages.signing import SIGNING_MSG
from app.signing.signers import (
    Pkcs11Signer,
    Pkcs12Signer,
    SignerError,
    TokenKey,
    certificate_sha256,
    keyring_secret,
)
from app.signing.verify import verify_pdf
from tests.signing.conftest import seal_key, sign_as
from tests.signing.pki import PASSPHRASE, USER_PIN, SigningPki


def test_wrong_pin_is_refused_and_the_right_one_then_works(pki: SigningPki, pdf: bytes) -> None:
    """A wrong PIN gives the Vietnamese warning; the token still opens with the right one."""
    with pytest.raises(SignerError) as err:
        Pkcs11Signer(seal_key(pki), lambda: "000000").open()
    assert err.value.message == SIGNING_MSG.pin_wrong
    with Pkcs11Signer(seal_key(pki), lambda: USER_PIN) as seal:
        assert verify_pdf(sign_as(pdf, seal, "DauTruong"), [pki.root.cert]).ok


def test_missing_token_says_plug_it_in(pki: SigningPki) -> None:
    """No token with that label (USB token not plugged in): the message names it."""
    key = TokenKey(pki.hsm.module, "TOKEN-KHONG-CO", key_label="seal-rsa")
    with pytest.raises(SignerError) as err:
        Pkcs11Signer(key, lambda: USER_PIN).open()
    assert err.value.message == SIGNING_MSG.token_missing.format(token="TOKEN-KHONG-CO")


def test_missing_module_and_missing_key(pki: SigningPki, tmp_path: Path) -> None:
    """A driver path that does not exist, and a key label not on the token, are named."""
    absent = str(tmp_path / "libkhongco.so")
    with pytest.raises(SignerError) as err:
        Pkcs11Signer(TokenKey(absent, pki.token, key_label="seal-rsa"), lambda: USER_PIN).open()
    assert err.value.message == SIGNING_MSG.module_missing.format(module=absent)
    with pytest.raises(SignerError) as err:
        Pkcs11Signer(seal_key(pki, "khong-co"), lambda: USER_PIN).open()
    assert err.value.message == SIGNING_MSG.key_missing.format(token=pki.token, key="khong-co")


def test_token_key_found_by_id_with_its_certificate_and_chain(pki: SigningPki) -> None:
    """By CKA_ID: the seal's certificate comes from the token, the CA beside it as the chain."""
    key = TokenKey(pki.hsm.module, pki.token, key_id=b"\x02")
    with Pkcs11Signer(key, lambda: USER_PIN) as seal:
        assert certificate_sha256(seal.certificate) == certificate_sha256(pki.seal_ec.cert)
        chain = {certificate_sha256(c) for c in seal.chain}
    assert certificate_sha256(pki.root.cert) in chain


def test_pin_asked_once_and_not_kept(pki: SigningPki, pdf: bytes) -> None:
    """Many signatures, one PIN prompt; the signer object keeps no copy of the PIN."""
    asked: list[int] = []

    def prompt() -> str:
        asked.append(1)
        return USER_PIN

    with Pkcs11Signer(seal_key(pki, "seal-ec"), prompt) as seal:
        for _ in range(3):
            sign_as(pdf, seal, "DauTruong")
        assert USER_PIN not in repr(vars(seal))
    assert len(asked) == 1


def test_pin_never_reaches_the_logs(
    pki: SigningPki, pdf: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """Every logger at DEBUG while a token opens, signs and refuses a wrong PIN: no PIN in any line."""
    caplog.set_level(logging.DEBUG)
    with Pkcs11Signer(seal_key(pki, "seal-ec"), lambda: USER_PIN) as seal:
        sign_as(pdf, seal, "DauTruong")
    with pytest.raises(SignerError) as err:
        Pkcs11Signer(seal_key(pki), lambda: "135790").open()
    assert caplog.records  # pyHanko and python-pkcs11 did log at DEBUG
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert USER_PIN not in logged and "135790" not in logged
    assert "135790" not in f"{err.value} {err.value.details}"


def test_second_signer_on_an_open_token_waits(pki: SigningPki) -> None:
    """While one signer holds the token, another is refused (sharing the login skips its PIN)."""
    with Pkcs11Signer(seal_key(pki), lambda: USER_PIN), pytest.raises(SignerError) as err:
        Pkcs11Signer(seal_key(pki, "seal-ec"), lambda: "sai-pin").open()
    assert err.value.message == SIGNING_MSG.token_busy.format(token=pki.token)
    with Pkcs11Signer(seal_key(pki, "seal-ec"), lambda: USER_PIN) as seal:
        assert seal.certificate is not None


def test_pin_from_the_keyring(pki: SigningPki, pdf: bytes) -> None:
    """A PIN saved through app.secrets opens the token; an unsaved one is a clear message."""
    secrets.set_secret("pin-dau-truong", USER_PIN)
    with Pkcs11Signer(seal_key(pki), keyring_secret("pin-dau-truong")) as seal:
        assert verify_pdf(sign_as(pdf, seal, "DauTruong"), [pki.root.cert]).ok
    with pytest.raises(SignerError) as err:
        Pkcs11Signer(seal_key(pki), keyring_secret("chua-luu")).open()
    assert err.value.message == SIGNING_MSG.pin_not_in_keyring.format(name="chua-luu")


def test_pkcs12_wrong_passphrase_and_missing_file(pki: SigningPki, tmp_path: Path) -> None:
    """A .p12 with the wrong passphrase, or no file at all, is a Vietnamese error."""
    with pytest.raises(SignerError) as err:
        Pkcs12Signer(pki.teacher_p12, lambda: "sai")
    assert err.value.message == SIGNING_MSG.p12_unreadable.format(file=pki.teacher_p12.name)
    with pytest.raises(SignerError, match="Không tìm thấy tệp chữ ký số"):
        Pkcs12Signer(tmp_path / "khongco.p12", lambda: PASSPHRASE)
    signer = Pkcs12Signer(pki.teacher_p12, lambda: PASSPHRASE)
    assert [certificate_sha256(c) for c in signer.chain] == [certificate_sha256(pki.root.cert)]
