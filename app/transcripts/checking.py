"""Checking a transcript file someone brings: its signatures, and whether it matches the database.

``app.signing.verify_pdf`` judges the signatures (intact, valid, trusted by the roots this
office trusts, changes after each, the order homeroom teacher → principal → school). This
adds what only the school's database can say:

- which version of whose transcript the file is — the exact bytes of a revision kept at
  signing, else the data hash printed in every page's footer (``Mã kiểm tra``);
- that the version's stored data still hashes to that value (nothing changed it since);
- whether a later version (đính chính) replaced it, and the version's state.

The verdict is OK only when the signatures are and the file matches a version whose data
is intact. Trusted roots: the certificates in the data folder's ``chung-thu-tin-cay``
folder (PEM or DER), plus any given for one check.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import paths
from app.errors import ValidationError
from app.messages.transcript_signing import TSIGN_MSG as M
from app.signing.verify import ExpectedSignature, VerifyReport, verify_pdf
from app.transcripts.models import (
    SIGNING_ORDER,
    STATE_LABELS,
    Transcript,
    TranscriptPdf,
    TranscriptSignature,
    TranscriptVersion,
)
from app.transcripts.signing import FIELD_NAMES

TRUST_FOLDER = "chung-thu-tin-cay"
_DIGEST = re.compile(r"\b([0-9a-f]{64})\b")


def trust_folder() -> Path:
    """Where this office keeps the root certificates it trusts."""
    return paths.data_dir() / TRUST_FOLDER


def load_certificate(path: Path) -> x509.Certificate:
    """A certificate file, PEM or DER; a clear message naming the file otherwise."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(M.cert_unreadable.format(path=path, reason=exc)) from exc
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise ValidationError(M.cert_unreadable.format(path=path, reason=M.not_a_cert)) from exc


def trusted_roots(extra: Sequence[Path] = ()) -> list[x509.Certificate]:
    """The roots in the trust folder, and ``extra``."""
    folder = trust_folder()
    found = sorted(folder.iterdir()) if folder.is_dir() else []
    files = [p for p in found if p.suffix.lower() in (".pem", ".crt", ".cer", ".der")]
    return [load_certificate(p) for p in [*files, *extra]]


def add_trusted_root(path: Path) -> Path:
    """Copy a root certificate into the trust folder (named by its fingerprint)."""
    cert = load_certificate(path)
    digest = hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()[:16]
    dest = trust_folder() / f"{digest}.pem"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(cert.public_bytes(Encoding.PEM))
    return dest


@dataclass
class FileCheck:
    """The whole verdict on a file: signatures, which version it is, and the data's match."""

    report: VerifyReport
    version_id: uuid.UUID | None = None
    match_lines: list[str] = field(default_factory=list)
    matches: bool = False

    @property
    def ok(self) -> bool:
        return self.report.ok and self.matches

    def lines(self) -> list[str]:
        """Every line of the report, the verdict last."""
        body = self.report.lines()[:-1]  # its own verdict line is replaced by ours
        verdict = M.verdict_ok if self.ok else M.verdict_bad
        return [*body, *self.match_lines, verdict]


def _printed_digest(pdf: bytes) -> str | None:
    """The data hash printed in the first page's footer, if the file is readable."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        text = reader.pages[0].extract_text() if reader.pages else ""
    except (PdfReadError, ValueError, KeyError, IndexError):
        return None
    found = _DIGEST.search(text.replace(" ", "") if text else "")
    return found.group(1) if found else None


def _version_for(session: Session, pdf: bytes) -> tuple[TranscriptVersion | None, bool]:
    """The version the file is (and whether its exact bytes were kept at a signing)."""
    digest = hashlib.sha256(pdf).hexdigest()
    kept = session.scalar(
        select(TranscriptPdf.version_id).where(TranscriptPdf.pdf_sha256 == digest)
    )
    if kept is not None:
        return session.get(TranscriptVersion, kept), True
    printed = _printed_digest(pdf)
    if printed is None:
        return None, False
    found = session.scalars(
        select(TranscriptVersion).where(TranscriptVersion.data_sha256 == printed)
    ).first()
    return found, False


def _expected(session: Session, version_id: uuid.UUID) -> list[ExpectedSignature]:
    certs = {
        s.role: s.certificate_sha256
        for s in session.scalars(
            select(TranscriptSignature).where(TranscriptSignature.version_id == version_id)
        )
    }
    return [ExpectedSignature(r, FIELD_NAMES[r], certs.get(r)) for r in SIGNING_ORDER]


def check_file(session: Session, pdf: bytes, roots: Sequence[x509.Certificate]) -> FileCheck:
    """Judge ``pdf``: its signatures, which version it is, whether the data still matches."""
    version, exact = _version_for(session, pdf)
    expected = _expected(session, version.id) if version is not None else []
    report = verify_pdf(pdf, roots, expected=expected, require_all=False)
    out = FileCheck(report)
    if version is None:
        out.match_lines.append(M.no_version)
        return out
    out.version_id = version.id
    transcript = session.get(Transcript, version.transcript_id)
    assert transcript is not None
    stored_ok = hashlib.sha256(version.data.encode("utf-8")).hexdigest() == version.data_sha256
    out.match_lines.append(
        M.which.format(
            year=transcript.school_year, version=version.number,
            state=STATE_LABELS.get(version.state, version.state),
        )
    )  # fmt: skip
    out.match_lines.append(M.exact_file if exact else M.same_data)
    if not stored_ok:
        out.match_lines.append(M.stored_changed)
    if transcript.latest_version > version.number:
        out.match_lines.append(M.superseded.format(latest=transcript.latest_version))
    out.matches = stored_ok
    return out
