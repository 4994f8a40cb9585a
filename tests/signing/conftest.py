"""The test PKI (made once per session) and PDFs made with reportlab in the test."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.signing.pades import sign_pdf
from app.signing.signers import Pkcs11Signer, Pkcs12Signer, Signer, TokenKey
from app.signing.verify import ExpectedSignature
from tests.signing.pki import PASSPHRASE, USER_PIN, SigningPki, process_pki

GRADE_LINE = "Diem trung binh ca nam: 8.5"
TEACHER = ExpectedSignature("Giáo viên chủ nhiệm", "GVCN")
PRINCIPAL = ExpectedSignature("Hiệu trưởng", "HieuTruong")
SEAL = ExpectedSignature("Dấu của nhà trường", "DauTruong")
ORDER = (TEACHER, PRINCIPAL, SEAL)
BOXES = {
    "GVCN": (-1, (40.0, 60.0, 200.0, 120.0)),
    "HieuTruong": (-1, (220.0, 60.0, 380.0, 120.0)),
    "DauTruong": (-1, (400.0, 60.0, 560.0, 120.0)),
}


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> SigningPki:
    """The CA, certificates, PKCS#12 files and a SoftHSM2 token (before any module load)."""
    return process_pki(lambda: tmp_path_factory.mktemp("pki"))


def make_pdf(pages: int = 2) -> bytes:
    """A small uncompressed transcript-like PDF (its grade line is plain bytes to tamper with)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=0)
    for page in range(pages):
        canvas.setFont("Helvetica", 12)
        canvas.drawString(72, 760, f"Hoc ba - trang {page + 1}")
        canvas.drawString(72, 730, GRADE_LINE)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.fixture
def pdf() -> bytes:
    return make_pdf()


def teacher_signer(pki: SigningPki) -> Pkcs12Signer:
    return Pkcs12Signer(pki.teacher_p12, lambda: PASSPHRASE)


def principal_signer(pki: SigningPki) -> Pkcs12Signer:
    return Pkcs12Signer(pki.principal_p12, lambda: PASSPHRASE)


def seal_key(pki: SigningPki, label: str = "seal-rsa") -> TokenKey:
    return TokenKey(pki.hsm.module, pki.token, key_label=label)


@pytest.fixture
def seal(pki: SigningPki) -> Iterator[Pkcs11Signer]:
    """The school seal's RSA key on the SoftHSM2 token, closed after the test."""
    with Pkcs11Signer(seal_key(pki), lambda: USER_PIN) as signer:
        yield signer


def sign_as(
    pdf: bytes, signer: Signer, field: str, name: str = "Người ký", role: str = ""
) -> bytes:
    """``pdf`` signed into ``field`` at its usual place."""
    role = role or next(e.role for e in ORDER if e.field_name == field)
    return sign_pdf(pdf, signer, field_name=field, box=BOXES[field], name=name, role=role)


def three_signatures(pki: SigningPki, pdf: bytes, seal_signer: Signer) -> bytes:
    """Teacher (PKCS#12 RSA), principal (PKCS#12 EC), then the seal, in order."""
    pdf = sign_as(pdf, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")
    pdf = sign_as(pdf, principal_signer(pki), "HieuTruong", "Trần Văn Hùng")
    return sign_as(pdf, seal_signer, "DauTruong", "Trường THCS Lê Lợi")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
