"""The online parts added later: revocation data (DSS) and a document timestamp, as new revisions."""

from __future__ import annotations

import io
import json
import socket

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.errors import ValidationError
from app.signing.online import (
    PendingOnlineStep,
    add_validation_info_later,
    complete_online_steps,
    online_context,
)
from app.signing.signers import Pkcs11Signer
from app.signing.verify import verify_pdf
from tests.signing.conftest import ORDER, sign_as, teacher_signer, three_signatures
from tests.signing.pki import SigningPki, empty_crl


def closed_port() -> int:
    """A local TCP port nothing listens on (the TSA's server is down or unreachable)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def local_tsa(pki: SigningPki) -> DummyTimeStamper:
    """pyHanko's test time-stamping authority, with a certificate from the test CA."""
    der = serialization.Encoding.DER
    key = pki.tsa.key.private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return DummyTimeStamper(
        asn1_x509.Certificate.load(pki.tsa.cert.public_bytes(der)),
        asn1_keys.PrivateKeyInfo.load(key),
        certs_to_embed=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(pki.root.cert.public_bytes(der))]
        ),
    )


def test_dss_and_timestamp_keep_every_signature_valid(
    pki: SigningPki, pdf: bytes, seal: Pkcs11Signer
) -> None:
    """After the queued step runs: the DSS holds the CRL, a trusted timestamp, signatures still OK."""
    signed = three_signatures(pki, pdf, seal)
    step = add_validation_info_later(signed)
    assert step.fields == ("GVCN", "HieuTruong", "DauTruong")
    queued = PendingOnlineStep.from_dict(json.loads(json.dumps(step.to_dict())))
    assert queued == step
    context = online_context([pki.root.cert], crls=[empty_crl(pki.root)], allow_fetching=False)
    done = complete_online_steps(signed, queued, timestamper=local_tsa(pki), context=context)
    assert done.startswith(signed)  # appended, nothing rewritten
    dss = PdfFileReader(io.BytesIO(done)).root["/DSS"]
    assert len(dss["/CRLs"]) >= 1 and len(dss["/Certs"]) >= 1
    report = verify_pdf(done, [pki.root.cert], expected=ORDER, require_all=True)
    assert report.ok, report.lines()
    assert len(report.timestamps) == 1 and report.timestamps[0].ok
    assert report.signatures[-1].modification_level == "lta_updates"


def test_step_refuses_another_file(pki: SigningPki, pdf: bytes) -> None:
    """A queued step applied to a file without its signatures is refused, naming them."""
    step = add_validation_info_later(sign_as(pdf, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan"))
    context = online_context([pki.root.cert], crls=[empty_crl(pki.root)], allow_fetching=False)
    with pytest.raises(ValidationError, match="GVCN"):
        complete_online_steps(pdf, step, timestamper=local_tsa(pki), context=context)


def test_unreachable_tsa_is_a_vietnamese_error_and_the_file_is_kept(
    pki: SigningPki, pdf: bytes
) -> None:
    """No TSA: a clear message; the signed file the caller holds is unchanged, the step stays queued."""
    signed = sign_as(pdf, teacher_signer(pki), "GVCN", "Nguyễn Thị Lan")
    before = bytes(signed)
    step = add_validation_info_later(signed)
    unreachable = HTTPTimeStamper(f"http://127.0.0.1:{closed_port()}/tsa", timeout=2)
    context = online_context([pki.root.cert], crls=[empty_crl(pki.root)], allow_fetching=False)
    with pytest.raises(ValidationError, match="Không lấy được dấu thời gian"):
        complete_online_steps(signed, step, timestamper=unreachable, context=context)
    assert signed == before and verify_pdf(signed, [pki.root.cert]).ok
