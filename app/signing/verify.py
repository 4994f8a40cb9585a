"""Checking a signed PDF: every signature, the changes after each, the signing order.

The verdict of each signature is pyHanko's bottom line (intact, valid, trusted,
a valid timestamp if any, changes after it allowed by the document's policy)
and, on top, no change after it beyond signatures, form filling or signature
maintenance. pyHanko's ``valid`` flag alone says only that the signature
matches the bytes it covers: a file changed after signing still reports it.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha256

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from app.errors import ValidationError
from app.messages.signing import SIGNING_MSG
from app.signing.signers import certificate_der

_ALLOWED_AFTER = (
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
)
_LEVEL_NAMES = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "lta_updates",
    ModificationLevel.FORM_FILLING: "form_filling",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "other",
}
_LEVEL_LINES = {
    "none": SIGNING_MSG.changes_none,
    "lta_updates": SIGNING_MSG.changes_lta,
    "form_filling": SIGNING_MSG.changes_forms,
    "annotations": SIGNING_MSG.changes_annotations,
    "other": SIGNING_MSG.changes_other,
    None: SIGNING_MSG.changes_unknown,
}


@dataclass(frozen=True)
class SignatureReport:
    """One signature as found and judged."""

    index: int  # 1 = the first signature in the file
    field_name: str
    signer: str  # the certificate's common name
    certificate_sha256: str
    signing_time: datetime | None
    intact: bool  # the bytes it covers are unchanged
    valid: bool  # the signature matches them and the certificate
    trusted: bool  # the certificate chains to one of the given roots, is in date, not revoked
    revoked: bool
    trust_problem: str | None  # pyHanko's sub-indication when not trusted ("EXPIRED", …)
    modification_level: str | None  # after this signature: none, lta_updates, form_filling, …
    docmdp_ok: bool | None  # those changes are within the document's DocMDP policy (pyHanko)
    covers_revision: bool  # the signature covers its whole revision
    ok: bool  # the bottom line

    def lines(self) -> list[str]:
        """The report lines for this signature, in Vietnamese."""
        when = _local(self.signing_time) if self.signing_time else SIGNING_MSG.sig_time_unknown
        out = [SIGNING_MSG.sig_line.format(n=self.index, signer=self.signer, time=when)]
        if self.ok:
            out.append(SIGNING_MSG.sig_ok)
        elif not self.intact:
            out.append(SIGNING_MSG.sig_not_intact)
        elif not self.valid:
            out.append(SIGNING_MSG.sig_bad_crypto)
        if self.intact and self.valid and not self.trusted:
            out.append(_trust_line(self))
        if not self.covers_revision:
            out.append(SIGNING_MSG.sig_partial)
        out.append(_LEVEL_LINES[self.modification_level])
        return out


@dataclass(frozen=True)
class TimestampReport:
    """A document timestamp (added later, with the validation data)."""

    index: int
    time: datetime | None
    ok: bool

    def lines(self) -> list[str]:
        state = SIGNING_MSG.timestamp_ok if self.ok else SIGNING_MSG.timestamp_bad
        when = _local(self.time) if self.time else SIGNING_MSG.sig_time_unknown
        return [SIGNING_MSG.timestamp_line.format(n=self.index, time=when, state=state)]


@dataclass(frozen=True)
class ExpectedSignature:
    """A place in the signing order: the role, its field, optionally the certificate expected."""

    role: str
    field_name: str
    certificate_sha256: str | None = None


@dataclass(frozen=True)
class VerifyReport:
    """Every signature and timestamp of a file, the order problems, and the bottom line."""

    signatures: tuple[SignatureReport, ...]
    timestamps: tuple[TimestampReport, ...]
    order_problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Signed, every signature and timestamp OK, in the expected order."""
        return (
            bool(self.signatures)
            and all(s.ok for s in self.signatures)
            and all(t.ok for t in self.timestamps)
            and not self.order_problems
        )

    def lines(self) -> list[str]:
        """The whole report in Vietnamese, one line per fact, the verdict last."""
        out: list[str] = [] if self.signatures else [SIGNING_MSG.no_signatures]
        for sig in self.signatures:
            out.extend(sig.lines())
        for stamp in self.timestamps:
            out.extend(stamp.lines())
        out.extend(self.order_problems)
        out.append(SIGNING_MSG.verdict_ok if self.ok else SIGNING_MSG.verdict_bad)
        return out


def verify_pdf(
    pdf_bytes: bytes,
    trust_roots: Sequence[x509.Certificate],
    *,
    expected: Sequence[ExpectedSignature] = (),
    require_all: bool = False,
    at: datetime | None = None,
) -> VerifyReport:
    """Check every signature of ``pdf_bytes`` against ``trust_roots`` (offline), at ``at`` or now.

    With ``expected`` (in signing order), a signature out of order, a gap, one
    in no expected field, or (``require_all``) a missing one is reported.
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError) as exc:
        raise ValidationError(SIGNING_MSG.pdf_unreadable.format(error=exc)) from exc
    context = _context(trust_roots, at)
    signatures: list[SignatureReport] = []
    timestamps: list[TimestampReport] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyHanko warns about its own deprecations
        for emb in embedded:
            if emb.sig_object_type == "/DocTimeStamp":
                status = validate_pdf_timestamp(emb, validation_context=context)
                ok = status.valid and status.intact and status.trusted
                timestamps.append(TimestampReport(len(timestamps) + 1, status.timestamp, ok))
            else:
                signatures.append(_report(emb, len(signatures) + 1, context))
    problems = order_problems(signatures, expected, require_all=require_all) if expected else ()
    return VerifyReport(tuple(signatures), tuple(timestamps), tuple(problems))


def _context(roots: Sequence[x509.Certificate], at: datetime | None) -> ValidationContext:
    """Offline: no fetching, revocation checked only where the file or caller has the data."""
    anchors = [asn1_x509.Certificate.load(certificate_der(c)) for c in roots]
    return ValidationContext(
        trust_roots=anchors, allow_fetching=False, revocation_mode="soft-fail", moment=at
    )


def _report(emb, index: int, context: ValidationContext) -> SignatureReport:  # type: ignore[no-untyped-def]
    status = validate_pdf_signature(emb, signer_validation_context=context)
    level = status.modification_level
    level_name = _LEVEL_NAMES.get(level) if level is not None else None
    if level is None and status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        level_name = "none"  # the last revision: nothing came after it
    covers = status.coverage in (
        SignatureCoverageLevel.ENTIRE_REVISION,
        SignatureCoverageLevel.ENTIRE_FILE,
    )
    changes_ok = level is None or level in _ALLOWED_AFTER
    cert = status.signing_cert
    problem = status.trust_problem_indic
    return SignatureReport(
        index=index,
        field_name=emb.field_name,
        signer=_common_name(cert),
        certificate_sha256=sha256(cert.dump()).hexdigest(),
        signing_time=emb.self_reported_timestamp or status.signer_reported_dt,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        revoked=status.revoked,
        trust_problem=getattr(problem, "name", str(problem)) if problem is not None else None,
        modification_level=level_name,
        docmdp_ok=status.docmdp_ok,
        covers_revision=covers,
        ok=bool(status.bottom_line and covers and changes_ok and level_name is not None),
    )


def _common_name(cert: asn1_x509.Certificate) -> str:
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)


def _trust_line(report: SignatureReport) -> str:
    if report.revoked:
        return SIGNING_MSG.sig_revoked
    if report.trust_problem and (
        "EXPIRED" in report.trust_problem or "OUT_OF_BOUNDS" in report.trust_problem
    ):
        return SIGNING_MSG.sig_expired
    return SIGNING_MSG.sig_untrusted


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def order_problems(
    signatures: Sequence[SignatureReport],
    expected: Sequence[ExpectedSignature],
    *,
    require_all: bool = False,
) -> list[str]:
    """What breaks the signing order ``expected`` (first to last) in ``signatures``."""
    position = {s.field_name: i for i, s in enumerate(signatures)}
    by_field = {s.field_name: s for s in signatures}
    roles = {e.field_name for e in expected}
    problems = [
        SIGNING_MSG.order_unexpected.format(field=s.field_name, signer=s.signer)
        for s in signatures
        if s.field_name not in roles
    ]
    for i, step in enumerate(expected):
        later_signed = any(e.field_name in position for e in expected[i + 1 :])
        if step.field_name not in position:
            if require_all or later_signed:
                problems.append(SIGNING_MSG.order_missing.format(role=step.role))
            continue
        for earlier in expected[:i]:
            if position.get(earlier.field_name, -1) > position[step.field_name]:
                problems.append(SIGNING_MSG.order_wrong.format(role=step.role, before=earlier.role))
        sig = by_field[step.field_name]
        if step.certificate_sha256 and sig.certificate_sha256 != step.certificate_sha256:
            problems.append(SIGNING_MSG.order_wrong_signer.format(role=step.role))
    return problems
