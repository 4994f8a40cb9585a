"""A test PKI made on the spot: a root CA, leaf certificates, PKCS#12 files, a SoftHSM2 token.

Used by tests/signing and bench/transcript_signing.py. Nothing here is shipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "matkhau-p12"
USER_PIN = "246810"
SO_PIN = "13579111"
SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)

Key = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def new_key(kind: str) -> Key:
    """A fresh RSA-2048 or EC P-256 key."""
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def _name(cn: str, title: str = "") -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Trường THCS Lê Lợi (thử nghiệm)"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ]
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title))
    return x509.Name(attrs)


@dataclass
class Issued:
    """A key and its certificate."""

    key: Key
    cert: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)


def make_root(cn: str = "CA thử nghiệm Trường Số") -> Issued:
    """A self-signed root CA (RSA)."""
    key = new_key("rsa")
    now = datetime.now(UTC)
    name = _name(cn)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=365))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def issue(
    ca: Issued,
    cn: str,
    *,
    kind: str = "rsa",
    title: str = "",
    valid_from: datetime | None = None,
    valid_to: datetime | None = None,
    tsa: bool = False,
) -> Issued:
    """A leaf certificate for signing (or for a time-stamping authority) issued by ``ca``."""
    key = new_key(kind)
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn, title))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or now - timedelta(days=30))
        .not_valid_after(valid_to or now + timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    cert = builder.sign(ca.key, hashes.SHA256())
    return Issued(key, cert, [ca.cert])


def write_p12(issued: Issued, path: Path, passphrase: str = PASSPHRASE) -> Path:
    """The key, certificate and chain as a PKCS#12 file."""
    data = pkcs12.serialize_key_and_certificates(
        b"key",
        issued.key,
        issued.cert,
        issued.chain,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    path.write_bytes(data)
    return path


def empty_crl(ca: Issued) -> x509.CertificateRevocationList:
    """A current CRL of ``ca`` revoking nothing (revocation data for the DSS)."""
    now = datetime.now(UTC)
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(now - timedelta(hours=1))
        .next_update(now + timedelta(days=7))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .sign(ca.key, hashes.SHA256())
    )


def softhsm_module() -> str:
    """The SoftHSM2 PKCS#11 module; fails (never skips) when the package is missing."""
    for path in SOFTHSM_MODULES:
        if Path(path).is_file():
            return path
    raise AssertionError(
        "SoftHSM2 is not installed (apt-get install softhsm2 opensc; .ci/run installs it)"
    )


class SoftHsm:
    """SoftHSM2 tokens in a private folder (``SOFTHSM2_CONF`` points there).

    SoftHSM2 reads its configuration and the token list once per process, when
    the module is first loaded: make every token before the first signature.
    """

    def __init__(self, folder: Path) -> None:
        self.module = softhsm_module()
        tokens = folder / "tokens"
        tokens.mkdir(parents=True, exist_ok=True)
        self.conf = folder / "softhsm2.conf"
        self.conf.write_text(
            f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
            encoding="utf-8",
        )
        os.environ["SOFTHSM2_CONF"] = str(self.conf)
        self.folder = folder

    def _run(self, *args: str) -> str:
        env = {**os.environ, "SOFTHSM2_CONF": str(self.conf)}
        done = subprocess.run(list(args), capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, f"{args[0]} failed: {done.stdout}{done.stderr}"
        return done.stdout

    def init_token(self, label: str, pin: str = USER_PIN) -> None:
        """A new token ``label`` with user PIN ``pin``."""
        util = shutil.which("softhsm2-util")
        assert util, "softhsm2-util is missing (apt-get install softhsm2)"
        self._run(
            util, "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", pin
        )

    def import_key(
        self, token: str, issued: Issued, *, label: str, key_id: bytes, pin: str = USER_PIN
    ) -> None:
        """Put ``issued``'s private key and certificate on the token under one label and id."""
        util = shutil.which("softhsm2-util")
        tool = shutil.which("pkcs11-tool")
        assert util and tool, "softhsm2-util or pkcs11-tool is missing (softhsm2, opensc)"
        pem = self.folder / f"{label}.key.pem"
        pem.write_bytes(
            issued.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        self._run(
            util, "--import", str(pem), "--token", token, "--label", label,
            "--id", key_id.hex(), "--pin", pin,
        )  # fmt: skip
        pem.unlink()
        der = self.folder / f"{label}.cert.der"
        der.write_bytes(issued.cert.public_bytes(serialization.Encoding.DER))
        self._run(
            tool, "--module", self.module, "--token-label", token, "--login", "--pin", pin,
            "--write-object", str(der), "--type", "cert", "--id", key_id.hex(), "--label", label,
        )  # fmt: skip
        for ca in issued.chain:
            ca_der = self.folder / f"{label}.ca.der"
            ca_der.write_bytes(ca.public_bytes(serialization.Encoding.DER))
            self._run(
                tool, "--module", self.module, "--token-label", token, "--login", "--pin", pin,
                "--write-object", str(ca_der), "--type", "cert", "--label", f"{label}-ca",
            )  # fmt: skip


@dataclass
class SigningPki:
    """Everything the signing tests and the bench use."""

    root: Issued
    teacher: Issued  # RSA, PKCS#12
    principal: Issued  # EC, PKCS#12
    seal_rsa: Issued  # RSA, on the token
    seal_ec: Issued  # EC, on the token
    expired: Issued
    stranger: Issued  # issued by a root nobody trusts
    tsa: Issued
    teacher_p12: Path
    principal_p12: Path
    expired_p12: Path
    stranger_p12: Path
    hsm: SoftHsm
    token: str = "TRUONG-SO-SEAL"


def make_pki(folder: Path) -> SigningPki:
    """The test CA, its certificates, PKCS#12 files and a SoftHSM2 token holding both seals."""
    folder.mkdir(parents=True, exist_ok=True)
    root = make_root()
    now = datetime.now(UTC)
    teacher = issue(root, "Nguyễn Thị Lan", title="Giáo viên chủ nhiệm")
    principal = issue(root, "Trần Văn Hùng", kind="ec", title="Hiệu trưởng")
    seal_rsa = issue(root, "Trường THCS Lê Lợi")
    seal_ec = issue(root, "Trường THCS Lê Lợi (EC)", kind="ec")
    expired = issue(
        root,
        "Lê Thị Hết Hạn",
        valid_from=now - timedelta(days=400),
        valid_to=now - timedelta(days=2),
    )
    stranger = issue(make_root("CA không ai tin"), "Người Lạ")
    tsa = issue(root, "Máy chủ dấu thời gian thử nghiệm", tsa=True)
    hsm = SoftHsm(folder / "softhsm")
    pki = SigningPki(
        root=root,
        teacher=teacher,
        principal=principal,
        seal_rsa=seal_rsa,
        seal_ec=seal_ec,
        expired=expired,
        stranger=stranger,
        tsa=tsa,
        teacher_p12=write_p12(teacher, folder / "gvcn.p12"),
        principal_p12=write_p12(principal, folder / "hieutruong.p12"),
        expired_p12=write_p12(expired, folder / "hethan.p12"),
        stranger_p12=write_p12(stranger, folder / "nguoila.p12"),
        hsm=hsm,
    )
    hsm.init_token(pki.token)
    hsm.import_key(pki.token, seal_rsa, label="seal-rsa", key_id=b"\x01")
    hsm.import_key(pki.token, seal_ec, label="seal-ec", key_id=b"\x02")
    return pki


_PROCESS_PKI: list[SigningPki] = []


def process_pki(folder: Callable[[], Path]) -> SigningPki:
    """The one PKI of this process. SoftHSM2 reads its configuration once, when the module
    is first loaded: a second token folder (a conftest elsewhere re-exporting the fixture
    gets its own session instance) would leave the module on the first one's tokens."""
    if not _PROCESS_PKI:
        _PROCESS_PKI.append(make_pki(folder()))
    return _PROCESS_PKI[0]
