"""The online parts of a signature, added later: revocation data and a document timestamp.

Signing happens offline (PAdES-B-B). What needs the network — the CAs'
revocation lists or OCSP answers, and a timestamp from a time-stamping
authority — is recorded as a ``PendingOnlineStep`` (the caller keeps it, e.g.
in a queue table) and done by ``complete_online_steps`` when a connection is
there: one revision with the validation data (DSS) and one with a document
timestamp, appended after the signatures, which stay valid (PAdES-B-LT/LTA).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation import add_validation_info
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator import errors as cert_errors

from app.errors import ValidationError
from app.messages.signing import SIGNING_MSG
from app.signing.pades import DIGEST
from app.signing.signers import certificate_der

DSS_AND_TIMESTAMP = "dss_and_timestamp"
_REVOCATION_ERRORS = (
    PdfError,
    ValueError,
    OSError,
    cert_errors.ValidationError,
    cert_errors.PathError,
    cert_errors.CRLValidationError,
    cert_errors.OCSPValidationError,
)


@dataclass(frozen=True)
class PendingOnlineStep:
    """A signed file waiting for its revocation data and document timestamp."""

    document_sha256: str  # the file as it was signed offline
    fields: tuple[str, ...]  # the signatures the data is for
    created_at: datetime
    kind: str = DSS_AND_TIMESTAMP

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record (for a queue table or file)."""
        data = asdict(self)
        data["fields"] = list(self.fields)
        data["created_at"] = self.created_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PendingOnlineStep:
        return cls(
            document_sha256=str(data["document_sha256"]),
            fields=tuple(data["fields"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            kind=str(data.get("kind", DSS_AND_TIMESTAMP)),
        )

    @property
    def description(self) -> str:
        return SIGNING_MSG.online_steps_pending


def add_validation_info_later(pdf_bytes: bytes) -> PendingOnlineStep:
    """The pending step for a file just signed offline."""
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    names = tuple(s.field_name for s in reader.embedded_regular_signatures)
    return PendingOnlineStep(sha256(pdf_bytes).hexdigest(), names, datetime.now(UTC))


def online_context(
    trust_roots: Sequence[x509.Certificate],
    *,
    crls: Sequence[x509.CertificateRevocationList] = (),
    other_certs: Sequence[x509.Certificate] = (),
    allow_fetching: bool = True,
) -> ValidationContext:
    """The context that gathers revocation data: fetched from the CAs, or given (tests)."""
    return ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(certificate_der(c)) for c in trust_roots],
        other_certs=[asn1_x509.Certificate.load(certificate_der(c)) for c in other_certs],
        crls=[asn1_crl.CertificateList.load(c.public_bytes(Encoding.DER)) for c in crls],
        allow_fetching=allow_fetching,
        revocation_mode="hard-fail",
    )


def complete_online_steps(
    pdf_bytes: bytes,
    step: PendingOnlineStep,
    *,
    timestamper: TimeStamper,
    context: ValidationContext,
) -> bytes:
    """``pdf_bytes`` with the DSS and a document timestamp appended (two new revisions).

    The file must be the one the step was made for, or one with later
    signatures added (they are covered too).
    """
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    known = {s.field_name for s in reader.embedded_regular_signatures}
    if not set(step.fields) <= known:
        missing = ", ".join(sorted(set(step.fields) - known))
        raise ValidationError(SIGNING_MSG.online_wrong_file.format(fields=missing))
    current = pdf_bytes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyHanko warns about its own deprecations
        try:
            for index in range(len(reader.embedded_regular_signatures)):
                reader = PdfFileReader(io.BytesIO(current), strict=False)
                emb = reader.embedded_regular_signatures[index]
                current = add_validation_info(emb, context, output=io.BytesIO()).getvalue()
        except _REVOCATION_ERRORS as exc:
            raise ValidationError(SIGNING_MSG.revocation_failed.format(error=exc)) from exc
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(current), strict=False)
            out = signers.PdfTimeStamper(timestamper).timestamp_pdf(
                writer, DIGEST, validation_context=context, output=io.BytesIO()
            )
        except _REVOCATION_ERRORS as exc:  # a TSA out of reach is an OSError
            raise ValidationError(SIGNING_MSG.timestamp_failed.format(error=exc)) from exc
    return bytes(out.getvalue())
