"""Who signs: one small interface (certificate, chain, sign these bytes) and two signers.

``Signer`` is all the PDF code knows, so a remote signing service (push to a
phone, PIN there) can be added later as a third class. ``Pkcs12Signer`` reads a
.p12/.pfx file; ``Pkcs11Signer`` uses a USB token through its PKCS#11 module.
The PIN or passphrase comes from a callback (a prompt, or ``keyring_secret``),
is used once to open the key and is never kept, stored or logged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from app import secrets
from app.errors import AppError, ValidationError
from app.messages.signing import SIGNING_MSG

SecretSource = Callable[[], str]
"""Asked once when a key is opened: a prompt, or ``keyring_secret(name)``."""

_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class SignerError(AppError):
    """The signing key cannot be used: its file, the token, its module or the PIN."""


class Signer(Protocol):
    """A signing key and its certificate, wherever the key lives."""

    @property
    def certificate(self) -> x509.Certificate:
        """The signer's certificate."""
        ...

    @property
    def chain(self) -> Sequence[x509.Certificate]:
        """Issuer certificates to embed with the signature (may be empty)."""
        ...

    def sign(self, data: bytes, digest_algorithm: str) -> bytes:
        """The raw signature of ``data`` hashed with ``digest_algorithm`` ("sha256").

        RSA: PKCS#1 v1.5; EC: a DER-encoded ECDSA signature (as CMS wants both).
        """
        ...


def keyring_secret(name: str) -> SecretSource:
    """A secret source reading the PIN or passphrase saved under ``name`` (app.secrets)."""

    def read() -> str:
        value = secrets.get_secret(name)
        if not value:
            raise SignerError(SIGNING_MSG.pin_not_in_keyring.format(name=name))
        return value

    return read


def key_algorithm(cert: x509.Certificate) -> str:
    """ "rsa" or "ec": the kind of key ``cert`` certifies."""
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return "rsa"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "ec"
    raise ValidationError(SIGNING_MSG.sign_failed.format(error=f"khóa {type(key).__name__}"))


class Pkcs12Signer:
    """A personal certificate and key from a PKCS#12 file (.p12, .pfx)."""

    def __init__(self, path: Path | str, passphrase: SecretSource) -> None:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SignerError(SIGNING_MSG.p12_missing.format(file=path), details=str(exc)) from exc
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase().encode())
        except ValueError as exc:
            raise SignerError(SIGNING_MSG.p12_unreadable.format(file=path.name)) from exc
        if cert is None or not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise SignerError(SIGNING_MSG.p12_no_key.format(file=path.name))
        self._key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey = key
        self._cert = cert
        self._chain = tuple(extra)

    @property
    def certificate(self) -> x509.Certificate:
        return self._cert

    @property
    def chain(self) -> Sequence[x509.Certificate]:
        return self._chain

    def sign(self, data: bytes, digest_algorithm: str) -> bytes:
        algorithm = _HASHES[digest_algorithm]()
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), algorithm)
        return self._key.sign(data, ec.ECDSA(algorithm))

    def close(self) -> None:
        """Nothing to release (same shape as ``Pkcs11Signer``)."""

    def __enter__(self) -> Pkcs12Signer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class TokenKey:
    """Where a key lives on a PKCS#11 token: the module, the token, the key's label or id."""

    module: str
    token_label: str
    key_label: str | None = None
    key_id: bytes | None = None


class Pkcs11Signer:
    """A key on a PKCS#11 token (USB token, SoftHSM2 in tests), through pyHanko.

    The session opens on first use (or ``open()``), asking ``pin`` once, and
    stays open for a batch until ``close()``; one signer at a time per token
    (PKCS#11 logs a process in once per token). EC keys sign with the raw
    ECDSA mechanism (pyHanko's ``use_raw_mechanism``): the digest is computed
    here and the token signs it, which every token (SoftHSM2 too) supports.
    """

    def __init__(
        self, key: TokenKey, pin: SecretSource, *, extra_chain: Sequence[x509.Certificate] = ()
    ) -> None:
        self.key = key
        self._pin = pin
        self._extra_chain = tuple(extra_chain)
        self._session: Any = None
        self._hanko: Any = None
        self._cert: x509.Certificate | None = None
        self._chain: tuple[x509.Certificate, ...] = ()

    def open(self) -> None:
        """Open the token with the PIN and find the key and its certificate."""
        if self._hanko is not None:
            return
        import pkcs11
        from pyhanko.sign.general import SigningError
        from pyhanko.sign.pkcs11 import PKCS11Signer

        if not Path(self.key.module).is_file():
            raise SignerError(SIGNING_MSG.module_missing.format(module=self.key.module))
        pin = self._pin()
        if not pin:
            raise SignerError(SIGNING_MSG.pin_empty)
        try:
            self._session = _open_session(self.key, pin)
        except pkcs11.PKCS11Error as exc:
            if "exception while loading" in str(exc):
                raise SignerError(
                    SIGNING_MSG.module_missing.format(module=self.key.module), details=str(exc)
                ) from exc
            raise _token_error(exc, self.key) from exc
        del pin
        signer = PKCS11Signer(
            self._session,
            key_label=self.key.key_label,
            key_id=self.key.key_id,
            other_certs_to_pull=None,  # every certificate on the token; the CAs are kept below
        )
        try:
            asyncio.run(signer.ensure_objects_loaded())
        except (pkcs11.PKCS11Error, SigningError) as exc:
            self.close()
            if not str(exc).startswith(("Could not find", "Found more than one")):
                raise _token_error(exc, self.key) from exc
            raise SignerError(  # pyHanko found no such key or certificate (or several)
                SIGNING_MSG.key_missing.format(
                    token=self.key.token_label, key=self.key.key_label or _hex(self.key.key_id)
                ),
                details=str(exc),
            ) from exc
        signer.use_raw_mechanism = signer.signing_cert.public_key.algorithm == "ec"
        self._hanko = signer
        self._cert = x509.load_der_x509_certificate(signer.signing_cert.dump())
        on_token = [x509.load_der_x509_certificate(c.dump()) for c in signer.cert_registry]
        self._chain = tuple(c for c in on_token if _is_ca(c)) + self._extra_chain

    @property
    def certificate(self) -> x509.Certificate:
        self.open()
        assert self._cert is not None
        return self._cert

    @property
    def chain(self) -> Sequence[x509.Certificate]:
        self.open()
        return self._chain

    def sign(self, data: bytes, digest_algorithm: str) -> bytes:
        """Sign on the token (call it outside a running event loop: pyHanko's API is async)."""
        import pkcs11

        self.open()
        try:
            return bytes(asyncio.run(self._hanko.async_sign_raw(data, digest_algorithm)))
        except pkcs11.PKCS11Error as exc:
            raise _token_error(exc, self.key) from exc

    def close(self) -> None:
        """Log out and close the session (the next use asks the PIN again)."""
        session, self._session, self._hanko = self._session, None, None
        if session is not None:
            session.close()

    def __enter__(self) -> Pkcs11Signer:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _open_session(key: TokenKey, pin: str) -> Any:
    """A session on the token, logged in with ``pin``."""
    import pkcs11.exceptions as p11
    from pyhanko.sign.pkcs11 import TokenCriteria, open_pkcs11_session

    criteria = TokenCriteria(label=key.token_label)
    try:
        return open_pkcs11_session(key.module, token_criteria=criteria, user_pin=pin)
    except p11.UserAlreadyLoggedIn as exc:
        # PKCS#11 logs in once per process and token: another signer has it open. Sharing
        # that login would accept any PIN, so this one waits until the other is closed.
        raise SignerError(SIGNING_MSG.token_busy.format(token=key.token_label)) from exc


def _is_ca(cert: x509.Certificate) -> bool:
    """A CA certificate (worth embedding as the chain); the token may hold other signers' too."""
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _hex(value: bytes | None) -> str:
    return value.hex() if value else "?"


def _token_error(exc: Exception, key: TokenKey) -> SignerError:
    """A PKCS#11 failure as a message a secretary can act on."""
    import pkcs11.exceptions as p11

    if isinstance(exc, p11.PinIncorrect | p11.PinInvalid | p11.PinLenRange):
        return SignerError(SIGNING_MSG.pin_wrong)
    if isinstance(exc, p11.PinLocked):
        return SignerError(SIGNING_MSG.pin_locked)
    if isinstance(exc, p11.TokenNotPresent | p11.NoSuchToken | p11.SlotIDInvalid) or (
        "No token" in str(exc)
    ):
        return SignerError(SIGNING_MSG.token_missing.format(token=key.token_label))
    return SignerError(SIGNING_MSG.token_error.format(error=type(exc).__name__), details=str(exc))


def certificate_der(cert: x509.Certificate) -> bytes:
    """The certificate's DER bytes (what pyHanko and fingerprints use)."""
    return cert.public_bytes(Encoding.DER)


def certificate_sha256(cert: x509.Certificate) -> str:
    """The certificate's SHA-256 fingerprint in hex (as ``VerifyReport`` gives it)."""
    return cert.fingerprint(hashes.SHA256()).hex()
