"""``--self-test``: prove an installation works, from source or from the frozen bundle.

Each check exercises what a missing file or module in a PyInstaller bundle
would break first: the bundled ``resources/`` and ``migrations/``, Alembic on
a temporary SQLite file, the journal's hash chain, argon2, the keyring, the
PostgreSQL driver and Qt's platform plugins (found on disk: ``app`` never
imports Qt). It prints a short Vietnamese report and returns the exit code.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import logging
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from app import __version__, accounts, journal, migrate, paths, reference, secrets
from app import modules as _modules  # noqa: F401  (every module wired into the core: decision 008)
from app.db import Actor, Database, make_engine, sqlite_url
from app.errors import AppError
from app.logs import log_path
from app.messages.cli import CLI_MSG
from app.permissions import Role

log = logging.getLogger(__name__)
Check = Callable[[Path], str]
_PASSWORD = "tuKiemTra2025"


class SelfTestFailure(Exception):
    """A check ran but found the installation wrong; the message says how."""


def _check_resources(_tmp: Path) -> str:
    csv = paths.resource("reference", "provinces-2025.csv")
    if not csv.is_file():
        raise SelfTestFailure(CLI_MSG.st_resources_missing.format(path=csv))
    guide = paths.resource("guide", "index.html")  # Trợ giúp → Hướng dẫn sử dụng (F1)
    if not guide.is_file():
        raise SelfTestFailure(CLI_MSG.st_resources_missing.format(path=guide))
    return CLI_MSG.st_resources_ok.format(
        path=paths.resource(), count=len(reference.provinces_2025())
    )


def _check_migrations(_tmp: Path) -> str:
    env = paths.migrations_dir() / "env.py"
    if not env.is_file():
        raise SelfTestFailure(CLI_MSG.st_resources_missing.format(path=env))
    return CLI_MSG.st_migrations_ok.format(
        path=paths.migrations_dir(), head=migrate.head_revision()
    )


def _open(tmp: Path) -> Database:
    return Database(make_engine(sqlite_url(tmp / "tu-kiem-tra.sqlite")))


def _check_database(tmp: Path) -> str:
    db = _open(tmp)
    try:
        migrate.upgrade(db.engine)
        current, head = migrate.current_revision(db.engine), migrate.head_revision()
    finally:
        db.dispose()
    if current != head:
        raise SelfTestFailure(CLI_MSG.st_database_behind.format(revision=current, head=head))
    return CLI_MSG.st_database_ok.format(revision=current)


def _check_journal(tmp: Path) -> str:
    db, token = _open(tmp), uuid.uuid4().hex
    try:
        with db.uow(actor=Actor.system("tu_kiem_tra"), reason="Tự kiểm tra") as s:
            journal.record_event(s, "self_test", token, "self_test", {"version": __version__})
        with db.read() as s:
            entries = journal.history(s, "self_test", token)
            result = journal.verify(s)
    finally:
        db.dispose()
    if len(entries) != 1 or entries[0].changes.get("event") != "self_test":
        raise SelfTestFailure(CLI_MSG.st_journal_missing)
    if not result.ok:
        raise SelfTestFailure(result.message)
    return CLI_MSG.st_journal_ok.format(count=result.count)


def _check_encryption(tmp: Path) -> str:
    """The temporary database encrypted with a throwaway key as the app encrypts a school's,
    then opened and read through the one door: what a bundle without SQLCipher breaks."""
    from app import sqlite_files
    from app.safety import encryption

    secret, key = tmp / "tu-kiem-tra-ma-hoa.sqlite", sqlite_files.database_key(uuid.uuid4().bytes)
    encryption.export_encrypted(tmp / "tu-kiem-tra.sqlite", secret, key)
    conn = sqlite_files.connect(secret, readonly=True, key=key)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        version = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    if not sqlite_files.is_encrypted(secret) or revision is None or version is None:
        raise SelfTestFailure(CLI_MSG.st_encryption_bad)
    return CLI_MSG.st_encryption_ok.format(version=version[0])


def _check_password(tmp: Path) -> str:
    db, system = _open(tmp), Actor.system("tu_kiem_tra")
    try:
        with db.uow(actor=system) as s:
            accounts.create_user(s, system, "tu.kiem.tra", "Tự kiểm tra", Role.TEACHER, _PASSWORD)
        with db.uow() as s:
            ok = accounts.authenticate(s, "tu.kiem.tra", _PASSWORD).user is not None
        with db.read() as s:
            chain = journal.verify(s)
    finally:
        db.dispose()
    if not ok:
        raise SelfTestFailure(CLI_MSG.st_password_bad)
    if not chain.ok:
        raise SelfTestFailure(chain.message)
    return CLI_MSG.st_password_ok


def _keyring_plugins_missing() -> list[str]:
    """Keyring backends registered as entry points that cannot be imported (bundle gaps)."""
    missing = []
    for ep in importlib.metadata.entry_points(group="keyring.backends"):
        try:
            ep.load()
        except ImportError:
            missing.append(ep.value)
    return missing


def _check_keyring(_tmp: Path) -> str:
    missing = _keyring_plugins_missing()
    if missing:
        raise SelfTestFailure(CLI_MSG.st_keyring_plugins.format(names=", ".join(missing)))
    status = secrets.ensure_backend()
    if status.fallback:  # never write the user's fallback file from a self-test
        secrets.use_memory_backend()
        status = secrets.ensure_backend()
    name, value = f"self-test-{uuid.uuid4().hex}", uuid.uuid4().hex
    secrets.set_secret(name, value)
    try:
        if secrets.get_secret(name) != value:
            raise SelfTestFailure(CLI_MSG.st_keyring_mismatch)
    finally:
        secrets.delete_secret(name)
    backend = CLI_MSG.st_keyring_memory if status.name == "memory" else status.name
    return CLI_MSG.st_keyring_ok.format(backend=backend)


def _check_postgres(_tmp: Path) -> str:
    from sqlalchemy.engine import make_url

    dialect = make_url("postgresql+psycopg://").get_dialect()
    psycopg = dialect.import_dbapi()
    return CLI_MSG.st_postgres_ok.format(version=psycopg.__version__, impl=psycopg.pq.__impl__)


def _check_documents(tmp: Path) -> str:
    """A PDF in the bundled font and an Excel file written and read back (ReportLab needs
    Pillow, the reader python-calamine): what a bundle missing a library breaks."""
    from openpyxl import Workbook
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from app.excel.reader import read_workbook
    from app.printing.fonts import register_fonts

    text = "Trường Số — tự kiểm tra"
    pdf, xlsx = tmp / "tu-kiem-tra.pdf", tmp / "tu-kiem-tra.xlsx"
    style = ParagraphStyle("tu-kiem-tra", fontName=register_fonts())
    SimpleDocTemplate(str(pdf)).build([Paragraph(text, style)])
    book = Workbook()
    book.active.append([text])  # type: ignore[union-attr]
    book.save(xlsx)
    read = read_workbook(xlsx)[0].cell(0, 0)
    if not pdf.read_bytes().startswith(b"%PDF") or read != text:
        raise SelfTestFailure(CLI_MSG.st_documents_bad.format(value=read))
    return CLI_MSG.st_documents_ok


def _check_signing(tmp: Path) -> str:
    """A PDF signed with a throwaway key and certificate (PAdES with pyHanko) and verified
    against that certificate, as transcripts are: what a bundle missing pyHanko, its
    certificate validator or their data files breaks first."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    from app.signing.pades import sign_pdf
    from app.signing.signers import Pkcs12Signer
    from app.signing.verify import verify_pdf

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Trường Số tự kiểm tra")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, True, False, False, False),
                       critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    secret = uuid.uuid4().hex
    p12 = tmp / "tu-kiem-tra.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"tu-kiem-tra", key, cert, None, serialization.BestAvailableEncryption(secret.encode())
    ))  # fmt: skip
    _check_documents(tmp)  # the PDF to sign
    pdf = (tmp / "tu-kiem-tra.pdf").read_bytes()
    signed = sign_pdf(pdf, Pkcs12Signer(p12, lambda: secret), field_name="TuKiemTra",
                      box=(0, (72.0, 72.0, 252.0, 132.0)), name="Trường Số", role="Tự kiểm tra")  # fmt: skip
    report = verify_pdf(signed, [cert])
    if not report.ok:
        raise SelfTestFailure(CLI_MSG.st_signing_bad.format(detail=" ".join(report.lines())))
    return CLI_MSG.st_signing_ok


QT_MODULES = ("QtWidgets", "QtSvg", "QtNetwork", "QtCharts")
"""The Qt parts the window's pages import (QtCharts: the CĐS comparison, decision 038)."""


def _qt_platforms_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # locates the package without importing Qt
    for root in (spec.submodule_search_locations or []) if spec else []:
        for sub in ("Qt/plugins/platforms", "plugins/platforms"):
            if (Path(root) / sub).is_dir():
                return Path(root) / sub
    return None


def _check_qt(_tmp: Path) -> str:
    needed = {"win32": ["windows", "offscreen"], "darwin": ["cocoa", "offscreen"]}.get(
        sys.platform, ["xcb", "offscreen"]
    )
    folder = _qt_platforms_dir()
    found = set()
    if folder is not None:
        found = {
            p.name.split(".")[0].removeprefix("lib").removeprefix("q") for p in folder.iterdir()
        }
    missing = [n for n in needed if n not in found]
    if missing:
        where = folder or "PySide6"
        raise SelfTestFailure(CLI_MSG.st_qt_missing.format(names=", ".join(missing), path=where))
    for name in QT_MODULES:  # loaded for real: the bundle holds their Qt libraries too
        try:
            importlib.import_module(f"PySide6.{name}")
        except ImportError as exc:
            raise SelfTestFailure(
                CLI_MSG.st_qt_module_missing.format(name=name, detail=exc)
            ) from None
    return CLI_MSG.st_qt_ok.format(names=", ".join(needed), modules=", ".join(QT_MODULES))


CHECKS: list[tuple[str, Check]] = [
    (CLI_MSG.st_resources, _check_resources),
    (CLI_MSG.st_migrations, _check_migrations),
    (CLI_MSG.st_database, _check_database),
    (CLI_MSG.st_journal, _check_journal),
    (CLI_MSG.st_encryption, _check_encryption),
    (CLI_MSG.st_password, _check_password),
    (CLI_MSG.st_keyring, _check_keyring),
    (CLI_MSG.st_postgres, _check_postgres),
    (CLI_MSG.st_documents, _check_documents),
    (CLI_MSG.st_signing, _check_signing),
    (CLI_MSG.st_qt, _check_qt),
]


def _run_one(label: str, check: Check, tmp: Path) -> bool:
    try:
        detail = check(tmp)
    except Exception as exc:  # report every failure, keep checking the rest
        log.exception("self-test check failed: %s", label)
        if isinstance(exc, SelfTestFailure | AppError):
            detail = str(exc)
        else:
            detail = f"{type(exc).__name__}: {exc}"
        print(CLI_MSG.selftest_fail_line.format(label=label, detail=detail))
        return False
    print(CLI_MSG.selftest_ok_line.format(label=label, detail=detail))
    return True


def self_test() -> int:
    """Run every check on a throwaway database; 0 when all pass, 1 otherwise."""
    from app.cli import utf8_stdio

    utf8_stdio()
    mode = CLI_MSG.selftest_frozen if getattr(sys, "frozen", False) else CLI_MSG.selftest_source
    print(CLI_MSG.selftest_title.format(version=__version__, mode=mode))
    with tempfile.TemporaryDirectory(prefix="truongso-", ignore_cleanup_errors=True) as tmp:
        results = [_run_one(label, check, Path(tmp)) for label, check in CHECKS]
    failed = results.count(False)
    if failed:
        print(CLI_MSG.selftest_failed.format(failed=failed, total=len(results), log=log_path()))
        return 1
    print(CLI_MSG.selftest_passed.format(passed=len(results), total=len(results)))
    return 0
