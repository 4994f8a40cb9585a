"""Signing a PDF: one incremental PAdES-B-B signature with a visible stamp.

Every signature is a new revision appended to the file, so the ones before it
stay valid. Signing is offline: no revocation data, no timestamp (those are
added later as new revisions, app.signing.online).
"""

from __future__ import annotations

import asyncio
import io
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.errors import ValidationError
from app.messages.signing import SIGNING_MSG
from app.signing.signers import Signer, certificate_der, key_algorithm
from app.signing.stamp import stamp_style

DIGEST = "sha256"
Box = tuple[int, tuple[float, float, float, float]]
"""Where the stamp goes: page index (0-based; -1 the last page) and x1, y1, x2, y2 in points."""


@dataclass(frozen=True)
class SignRequest:
    """One signature to add: its field, stamp box and texts."""

    field_name: str
    box: Box
    name: str
    role: str  # "Hiệu trưởng"; a deputy's on two lines: "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG"
    reason: str = ""
    location: str = ""


class _HankoSigner(signers.Signer):
    """Our ``Signer`` as pyHanko wants it: certificates in asn1crypto, async raw signing."""

    def __init__(self, inner: Signer) -> None:
        self.inner = inner
        self.certificate_der = certificate_der(inner.certificate)
        cert = asn1_x509.Certificate.load(self.certificate_der)
        chain = [asn1_x509.Certificate.load(certificate_der(c)) for c in inner.chain]
        self._size = _signature_size(inner.certificate)
        # Room for the CMS container (certificates, signature, signed attributes, structure),
        # in hex digits as the file holds it: no dry run to measure it, as pyHanko would do.
        der = sum(len(c.dump()) for c in (cert, *chain)) + self._size + 2048
        self.bytes_reserved = 2 * der
        super().__init__(
            signing_cert=cert, cert_registry=SimpleCertificateStore.from_certs([cert, *chain])
        )

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:
            return bytes(self._size)
        loop = asyncio.get_running_loop()
        # A worker thread: a signer may run its own event loop (pyHanko's PKCS#11 signer does).
        return await loop.run_in_executor(None, self.inner.sign, data, digest_algorithm)


_adapters: weakref.WeakKeyDictionary[Any, _HankoSigner] = weakref.WeakKeyDictionary()


def _adapter(signer: Signer) -> _HankoSigner:
    """The pyHanko view of ``signer``, made once per signer (a batch signs many files)."""
    try:
        cached = _adapters.get(signer)
    except TypeError:  # a signer that cannot be weakly referenced: no cache
        return _HankoSigner(signer)
    if cached is None or cached.certificate_der != certificate_der(signer.certificate):
        cached = _adapters[signer] = _HankoSigner(signer)
    return cached


def _signature_size(cert: x509.Certificate) -> int:
    """Bytes to reserve for the raw signature."""
    key = cert.public_key()
    if key_algorithm(cert) == "rsa":
        return (key.key_size + 7) // 8  # type: ignore[union-attr]
    return 2 * ((key.key_size + 7) // 8) + 9  # type: ignore[union-attr]  # DER SEQUENCE of r, s


def common_name(cert: x509.Certificate) -> str:
    """The subject's common name (the person or the school), else the whole subject."""
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def check_certificate_dates(cert: x509.Certificate, now: datetime | None = None) -> None:
    """Refuse to sign with a certificate that has expired or is not valid yet."""
    now = now or datetime.now(UTC)
    subject = common_name(cert)
    if now > cert.not_valid_after_utc:
        date = cert.not_valid_after_utc.astimezone().strftime("%d/%m/%Y")
        raise ValidationError(SIGNING_MSG.cert_expired.format(subject=subject, date=date))
    if now < cert.not_valid_before_utc:
        date = cert.not_valid_before_utc.astimezone().strftime("%d/%m/%Y")
        raise ValidationError(SIGNING_MSG.cert_not_yet_valid.format(subject=subject, date=date))


def stamp_lines(request: SignRequest, when: datetime) -> tuple[str, ...]:
    """The stamp's text: the role (one line or more), who signed, when (local time)."""
    return (
        *role_lines(request),
        SIGNING_MSG.stamp_signed_by.format(name=request.name),
        SIGNING_MSG.stamp_date.format(date=when.astimezone().strftime("%d/%m/%Y %H:%M")),
    )


def role_lines(request: SignRequest) -> tuple[str, ...]:
    """The role as printed, a deputy's on two lines: "KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"."""
    return tuple(line.strip() for line in request.role.splitlines() if line.strip())


def sign_pdf(
    pdf_bytes: bytes,
    signer: Signer,
    *,
    field_name: str,
    box: Box,
    name: str,
    role: str,
    reason: str = "",
    location: str = "",
) -> bytes:
    """``pdf_bytes`` with one more signature (PAdES-B-B) in a new visible field ``field_name``."""
    request = SignRequest(field_name, box, name, role, reason, location)
    return sign_request(pdf_bytes, signer, request)


def sign_request(pdf_bytes: bytes, signer: Signer, request: SignRequest) -> bytes:
    """``sign_pdf`` with its arguments in one value (batches keep a list of these)."""
    check_certificate_dates(signer.certificate)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    except (PdfError, ValueError, KeyError) as exc:
        raise ValidationError(SIGNING_MSG.pdf_unreadable.format(error=exc)) from exc
    page, rect = _page_and_box(writer, request.box)
    field_exists = _field_state(writer, request.field_name)
    x1, y1, x2, y2 = rect
    when = datetime.now(UTC)
    lines = stamp_lines(request, when)
    style = stamp_style(lines, abs(x2 - x1), abs(y2 - y1), bold=len(role_lines(request)))
    meta = signers.PdfSignatureMetadata(
        field_name=request.field_name,
        md_algorithm=DIGEST,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=request.reason or None,
        location=request.location or None,
        name=request.name,
    )
    spec = None if field_exists else fields.SigFieldSpec(request.field_name, on_page=page, box=rect)
    hanko = _adapter(signer)
    pdf_signer = signers.PdfSigner(meta, signer=hanko, stamp_style=style, new_field_spec=spec)
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out, bytes_reserved=hanko.bytes_reserved)
    except ValidationError:
        raise
    except (PdfError, ValueError) as exc:
        raise ValidationError(SIGNING_MSG.sign_failed.format(error=exc)) from exc
    return out.getvalue()


def _page_and_box(
    writer: IncrementalPdfFileWriter, box: Box
) -> tuple[int, tuple[int, int, int, int]]:
    """The page index (a negative one counted from the end) and the box in whole points."""
    page, (x1, y1, x2, y2) = box
    count = int(writer.root["/Pages"]["/Count"])
    index = page + count if page < 0 else page
    if not 0 <= index < count:
        raise ValidationError(SIGNING_MSG.page_missing.format(page=page + 1 if page >= 0 else page))
    return index, (round(x1), round(y1), round(x2), round(y2))


def _field_state(writer: IncrementalPdfFileWriter, field_name: str) -> bool:
    """Whether an empty field ``field_name`` exists; refuses one already signed."""
    for name, value, _ref in fields.enumerate_sig_fields(writer, filled_status=True):
        if name == field_name:
            if value is not None:
                raise ValidationError(SIGNING_MSG.field_signed.format(field=field_name))
            return True
    return False


def signed_field_names(pdf_bytes: bytes) -> Sequence[str]:
    """The names of the filled signature fields of a PDF, in file order."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    return [s.field_name for s in reader.embedded_regular_signatures]
