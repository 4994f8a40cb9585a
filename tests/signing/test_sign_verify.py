"""Three incremental signatures verify; tampering, strangers, expiry and order are caught."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields
from pypdf import PdfReader

from app.errors import ValidationError
from app.messages.signing import SIGNING_MSG
from app.signing.pades import SignRequest, sign_pdf, stamp_lines
from app.signing.signers import Pkcs11Signer, Pkcs12Signer, certificate_sha256
from app.signing.stamp import stamp_pdf
from app.signing.verify import ExpectedSignature, verify_pdf
from tests.signing.conftest import (
    GRADE_LINE,
    ORDER,
    PRINCIPAL,
    TEACHER,
    principal_signer,
    seal_key,
    sign_as,
    teacher_signer,
    three_signatures,
    write,
)
from tests.signing.pki import PASSPHRASE, USER_PIN, SigningPki


@pytest.mark.parametrize("seal_label", ["seal-rsa", "seal-ec"])
def test_three_signatures_verify_intact_trusted_in_order(
    pki: SigningPki, pdf: bytes, seal_label: str
) -> None:
    """Teacher (PKCS#12 RSA), principal (PKCS#12 EC), seal on SoftHSM2 (RSA, EC) all verify."""
    with Pkcs11Signer(seal_key(pki, seal_label), lambda: USER_PIN) as seal:
        signed = three_signatures(pki, pdf, seal)
    assert signed.startswith(pdf)  # incremental: the original bytes are untouched
    report = verify_pdf(signed, [pki.root.cert], expected=ORDER, require_all=True)
    assert report.ok, report.lines()
    assert [s.field_name for s in report.signatures] == ["GVCN", "HieuTruong", "DauTruong"]
    seal_cert = pki.seal_ec.cert if seal_label == "seal-ec" else pki.seal_rsa.cert
    assert [s.signer for s in report.signatures] == [
        "Nguyễn Thị Lan",
        "Trần Văn Hùng",
        str(seal_cert.subject.rfc4514_string()).split("CN=")[1].split(",O=")[0],
    ]
    assert report.signatures[2].certificate_sha256 == certificate_sha256(seal_cert)
    assert all(s.intact and s.valid and s.trusted for s in report.signatures)
    assert [s.modification_level for s in report.signatures] == [
        "form_filling",
        "form_filling",
        "none",
    ]
    assert all(s.signing_time is not None and s.docmdp_ok for s in report.signatures)
    assert report.lines()[-1] == SIGNING_MSG.verdict_ok


@pytest.mark.parametrize("seal_label", ["seal-rsa", "seal-ec"])
def test_pdfsig_reports_every_signature_valid(
    pki: SigningPki, pdf: bytes, tmp_path: Path, seal_label: str
) -> None:
    """poppler's pdfsig, an independent reader, finds three valid signatures (RSA and EC seal)."""
    with Pkcs11Signer(seal_key(pki, seal_label), lambda: USER_PIN) as seal:
        path = write(tmp_path, "hoc-ba.pdf", three_signatures(pki, pdf, seal))
    done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert done.stdout.count("Signature Validation: Signature is Valid.") == 3, done.stdout
    assert "Signature Type: ETSI.CAdES.detached" in done.stdout  # PAdES
    assert "Signature Field Name: DauTruong" in done.stdout


def _stamp_area(path: Path, out: Path) -> bytes:
    """The grey pixels of the teacher's stamp box on the last page, at 150 dpi."""
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "2", "-l", "2", "-x", "80", "-y", "1500", "-W", "340",
         "-H", "135", "-gray", str(path), str(out)],
        check=True,
    )  # fmt: skip
    return next(out.parent.glob(f"{out.name}*.pgm")).read_bytes()


def test_stamp_draws_vietnamese_text_in_the_box(
    pki: SigningPki, pdf: bytes, tmp_path: Path
) -> None:
    """The visible stamp carries role, name and date, in the embedded bundled font, in its box."""
    signed = sign_as(pdf, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")
    path = write(tmp_path, "gvcn.pdf", signed)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert "LiberationSerif" in fonts.stdout  # the stamp's font, embedded
    blank = _stamp_area(write(tmp_path, "blank.pdf", pdf), tmp_path / "blank")
    drawn = _stamp_area(path, tmp_path / "drawn")
    dark = sum(1 for b in drawn[-340 * 135 :] if b < 128)
    assert sum(1 for b in blank[-340 * 135 :] if b < 128) == 0
    assert dark > 500  # frame and three lines of text in the box
    lines = stamp_lines(
        SignRequest("GVCN", (0, (0, 0, 160, 60)), "Nguyễn Thị Lan", "Giáo viên chủ nhiệm"),
        datetime.now(UTC),
    )
    text_path = write(tmp_path, "stamp.pdf", stamp_pdf(lines, 160.0, 60.0))
    text = subprocess.run(
        ["pdftotext", str(text_path), "-"], capture_output=True, text=True, check=True
    )
    assert "Giáo viên chủ nhiệm" in text.stdout
    assert "Ký bởi: Nguyễn Thị Lan" in text.stdout
    assert "Ngày ký: " in text.stdout


def test_bytes_changed_after_signing_are_reported(
    pki: SigningPki, pdf: bytes, seal: Pkcs11Signer
) -> None:
    """A grade edited in the signed bytes: no signature is intact, the file is not OK."""
    signed = three_signatures(pki, pdf, seal)
    assert signed.count(GRADE_LINE.encode()) == 2
    tampered = signed.replace(GRADE_LINE.encode(), GRADE_LINE.replace("8.5", "9.5").encode(), 1)
    report = verify_pdf(tampered, [pki.root.cert])
    assert not report.ok
    assert not any(s.intact for s in report.signatures)
    assert SIGNING_MSG.sig_not_intact in report.lines()


def test_incremental_update_changing_content_is_reported(
    pki: SigningPki, pdf: bytes, seal: Pkcs11Signer
) -> None:
    """A revision appended after signing that redraws a page: each signature still "valid", file not OK."""
    signed = three_signatures(pki, pdf, seal)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    cover = generic.StreamObject(
        stream_data=b"BT /F1 12 Tf 72 730 Td (Diem trung binh ca nam: 9.5) Tj ET"
    )
    page = page_ref.get_object()
    page["/Contents"] = generic.ArrayObject([page["/Contents"], writer.add_object(cover)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), [pki.root.cert], expected=ORDER)
    assert all(s.intact and s.valid and s.trusted for s in report.signatures)  # pyHanko's flags
    assert [s.modification_level for s in report.signatures] == ["other"] * 3
    assert [s.docmdp_ok for s in report.signatures] == [False] * 3
    assert not any(s.ok for s in report.signatures)
    assert not report.ok
    assert SIGNING_MSG.changes_other in report.lines()


def test_signer_from_an_unknown_ca_is_not_trusted(pki: SigningPki, pdf: bytes) -> None:
    """A certificate not issued under the given roots: intact and valid, but not trusted."""
    stranger = Pkcs12Signer(pki.stranger_p12, lambda: PASSPHRASE)
    report = verify_pdf(sign_as(pdf, stranger, "GVCN", "Người Lạ"), [pki.root.cert])
    (sig,) = report.signatures
    assert sig.intact and sig.valid and not sig.trusted and not sig.ok
    assert SIGNING_MSG.sig_untrusted in report.lines()


def test_expired_certificate_cannot_sign(pki: SigningPki, pdf: bytes) -> None:
    """Signing with an expired certificate is refused, naming the date, before the file is touched."""
    expired = Pkcs12Signer(pki.expired_p12, lambda: PASSPHRASE)
    with pytest.raises(ValidationError, match="đã hết hạn ngày"):
        sign_as(pdf, expired, "GVCN", "Lê Thị Hết Hạn")


def test_signature_checked_after_its_certificate_expired(pki: SigningPki, pdf: bytes) -> None:
    """Checked at a moment after the certificate's end (no timestamp yet): not trusted, said so."""
    signed = sign_as(pdf, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")
    later = pki.teacher.cert.not_valid_after_utc + timedelta(days=1)
    report = verify_pdf(signed, [pki.root.cert], at=later)
    (sig,) = report.signatures
    assert sig.intact and not sig.trusted and not report.ok
    assert sig.trust_problem is not None
    assert SIGNING_MSG.sig_expired in report.lines()


def test_principal_before_teacher_is_out_of_order(
    pki: SigningPki, pdf: bytes, seal: Pkcs11Signer
) -> None:
    """Principal then teacher: every signature is fine, the order is not."""
    signed = sign_as(pdf, principal_signer(pki), "HieuTruong", "Trần Văn Hùng")
    signed = sign_as(signed, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")
    report = verify_pdf(signed, [pki.root.cert], expected=ORDER)
    assert all(s.ok for s in report.signatures)
    wrong = SIGNING_MSG.order_wrong.format(role=PRINCIPAL.role, before=TEACHER.role)
    assert report.order_problems == (wrong,)
    assert not report.ok


def test_seal_without_principal_is_a_gap(pki: SigningPki, pdf: bytes, seal: Pkcs11Signer) -> None:
    """Teacher then seal, principal skipped: the missing principal is named."""
    signed = sign_as(pdf, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")
    signed = sign_as(signed, seal, "DauTruong", "Trường THCS Lê Lợi")
    report = verify_pdf(signed, [pki.root.cert], expected=ORDER)
    assert report.order_problems == (SIGNING_MSG.order_missing.format(role=PRINCIPAL.role),)
    # Part-way through (teacher only) is not a problem unless every signature is required.
    first = sign_as(pdf, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")
    assert verify_pdf(first, [pki.root.cert], expected=ORDER).ok
    assert not verify_pdf(first, [pki.root.cert], expected=ORDER, require_all=True).ok


def test_field_signed_with_another_certificate(pki: SigningPki, pdf: bytes) -> None:
    """The teacher's field signed by the principal's certificate is reported."""
    expected = (ExpectedSignature(TEACHER.role, "GVCN", certificate_sha256(pki.teacher.cert)),)
    signed = sign_as(pdf, principal_signer(pki), "GVCN", "Trần Văn Hùng")
    report = verify_pdf(signed, [pki.root.cert], expected=expected)
    assert report.order_problems == (SIGNING_MSG.order_wrong_signer.format(role=TEACHER.role),)


def test_a_signed_field_is_not_signed_again(pki: SigningPki, pdf: bytes) -> None:
    """Signing into a field that holds a signature is refused (it would void it)."""
    signed = sign_as(pdf, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")
    with pytest.raises(ValidationError, match="đã được ký"):
        sign_as(signed, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")


def test_unsigned_and_unreadable_files(pki: SigningPki, pdf: bytes) -> None:
    """No signature is not OK; a file that is not a PDF is a Vietnamese error."""
    report = verify_pdf(pdf, [pki.root.cert])
    assert not report.ok and report.lines()[0] == SIGNING_MSG.no_signatures
    with pytest.raises(ValidationError, match="Tệp PDF không đọc được"):
        verify_pdf(b"not a pdf", [pki.root.cert])
    with pytest.raises(ValidationError, match="không có trang"):
        sign_pdf(
            pdf, teacher_signer(pki), field_name="X", box=(5, (0, 0, 10, 10)), name="a", role="b"
        )


def test_deputy_signs_with_a_two_line_role(pki: SigningPki, pdf: bytes, tmp_path: Path) -> None:
    """A deputy principal's stamp reads "KT. HIỆU TRƯỞNG" over "PHÓ HIỆU TRƯỞNG", then the name."""
    request = SignRequest(
        "HieuTruong", (-1, (220, 60, 380, 130)), "Lê Văn Phó", "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG"
    )
    lines = stamp_lines(request, datetime.now(UTC))
    assert lines[:3] == ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Ký bởi: Lê Văn Phó")
    signed = sign_pdf(
        pdf, principal_signer(pki), field_name=request.field_name, box=request.box,
        name=request.name, role=request.role,
    )  # fmt: skip
    assert verify_pdf(signed, [pki.root.cert]).ok
    text_path = write(tmp_path, "pho.pdf", stamp_pdf(lines, 160.0, 70.0, 2))
    text = subprocess.run(
        ["pdftotext", "-layout", str(text_path), "-"], capture_output=True, text=True, check=True
    )
    assert text.stdout.split()[:6] == ["KT.", "HIỆU", "TRƯỞNG", "PHÓ", "HIỆU", "TRƯỞNG"]


def test_an_empty_field_of_the_layout_is_signed_in_place(pki: SigningPki, pdf: bytes) -> None:
    """A layout that already has an empty "GVCN" field: the signature goes there, in its box."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(
        writer, fields.SigFieldSpec("GVCN", on_page=0, box=(300, 500, 460, 560))
    )
    prepared = io.BytesIO()
    writer.write(prepared)
    signed = sign_as(prepared.getvalue(), teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")
    report = verify_pdf(signed, [pki.root.cert])
    assert report.ok and [s.field_name for s in report.signatures] == ["GVCN"]
    pages = PdfReader(io.BytesIO(signed)).pages
    widgets = [a.get_object() for a in pages[0].get("/Annots", [])]
    assert [[round(float(v)) for v in w["/Rect"]] for w in widgets] == [[300, 500, 460, 560]]
    assert "/Annots" not in pages[1]  # not a second field on the last page
