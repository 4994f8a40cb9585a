"""Screenshots of the "Đồng bộ" page at 1024×768 and 1366×768, its "Cần xử lý" tab, the hub
profile dialog and the home page's line about the oldest unconfirmed package.

    xvfb-run -a -s '-screen 0 1366x768x24' .venv/bin/python docs/screenshots/sync.py [--out DIR]

The demo school is built in a temporary folder with a stand-in hub (fresh keys, its profile
kept); the journal is packaged in small packages, copied to a stand-in USB folder, and the
hub's receipts confirm some, refuse one (with its reason) and hold one; a few more edits
wait in new packages. The secretary's window is grabbed at the inside of a maximised window
(1024×688, 1366×688) as ``DIR/dong-bo-<width>.png``, then ``dong-bo-can-xu-ly.png``,
``dong-bo-bien-nhan.png``, ``dong-bo-ho-so.png`` and ``dong-bo-trang-chu.png``. Default DIR: docs/screenshots.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402

from docs.screenshots.take import open_runtime, open_window, save, settle  # noqa: E402

SIZES = (QSize(1024, 768), QSize(1366, 768))
STUDENTS = 120


def _hub_profile(folder: Path) -> tuple[Path, object]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    crypt, sign = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()

    def raw(key: object) -> str:
        return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()  # type: ignore[attr-defined]

    path = folder / "ho-so-may-chu.json"
    path.write_text(json.dumps({
        "format": "truongso-hub-profile", "version": 1, "name": "Sở GD&ĐT Thanh Hóa",
        "url": "https://truongso.thanhhoa.edu.vn/nhan", "valid_until": "2027-08-31",
        "encryption_key": raw(crypt.public_key()), "signing_key": raw(sign.public_key()),
    }), encoding="utf-8")  # fmt: skip
    return path, sign


def build(folder: Path) -> tuple[str, Path]:
    """The demo school with packages in every state; its URL and the hub profile file."""
    from sqlalchemy import select, update

    from app import accounts, demo, migrate
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.db import Actor, Database, make_engine, sqlite_url, utcnow
    from app.sync import hub_profile, school_side
    from app.sync.outbox import OutboxPackage
    from app.sync.receipt_file import Receipt, ReceiptStatus, write_receipt

    url = sqlite_url(folder / "demo.sqlite")
    db = Database(make_engine(url))
    migrate.upgrade(db.engine)
    demo.create_demo(db)
    demo.fill_demo(db, STUDENTS)
    admin = Actor.system("screenshots")
    profile_file, signer = _hub_profile(folder)
    profile = hub_profile.read_profile_file(profile_file)
    hub_profile.save_profile(profile, profile.fingerprint)
    made = school_side.make_packages(db, admin, cap=400_000)
    usb = folder / "usb"
    school_side.export_to(db, admin, usb)
    with db.read() as s:
        epoch = s.scalar(select(OutboxPackage.epoch))
    answers = {0: ("accepted", ""), 1: ("accepted", ""), 2: ("duplicate", "")}
    answers[3] = ("rejected", "Lược đồ «student» phiên bản 1: trường «date_of_birth» sai dạng.")
    answers[4] = ("held", "Đang chờ gói trước (thiếu các mục nhật ký đến số 9.120).")
    receipts = usb / "TruongSo" / "bienNhan" / db.school_code
    receipts.mkdir(parents=True, exist_ok=True)
    for n, (status, reason) in answers.items():
        if n < len(made):
            receipt = Receipt(str(made[n]), db.school_code, str(epoch), ReceiptStatus(status),
                              "2026-12-07T08:00:00Z", reason)  # fmt: skip
            write_receipt(receipts / f"{made[n]}.json", receipt, signer)  # type: ignore[arg-type]
    school_side.import_receipts(db, admin, usb)
    with db.uow(actor=admin) as s:  # the first packages were made a few days ago
        for n, pid in enumerate(made):
            s.execute(update(OutboxPackage).where(OutboxPackage.id == pid)
                      .values(created_at=utcnow() - timedelta(days=9 - n, hours=3)))  # fmt: skip
    with db.uow(actor=admin) as s:  # a new edit: waiting in a new package
        accounts.create_user(s, admin, "gv.moi", "Nguyễn Thị Mới", "teacher", "matkhau-moi-123")
    school_side.make_packages(db, admin, cap=400_000)
    db.dispose()
    return url, profile_file


def shoot(url: str, profile_file: Path, out: Path) -> None:
    """The secretary's page at both sizes, the Cần xử lý tab, the dialog, the home page."""
    from app import accounts
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.sync import hub_profile
    from ui.app import make_application
    from ui.sync.profile_dialog import ProfileDialog

    qapp = make_application()
    runtime = open_runtime(url)
    db = runtime.db
    with db.read() as s:
        user = accounts.get_user(s, "giaovu")
    for size in SIZES:
        window = open_window(runtime, user, size)
        page = window.open_page("sync")
        settle(qapp)
        save(window, out / f"dong-bo-{size.width()}.png")
        if size == SIZES[0]:
            page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
            page.problems_table.selectRow(0)  # type: ignore[attr-defined]
            settle(qapp)
            save(window, out / "dong-bo-can-xu-ly.png")
            page.tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
            settle(qapp)
            save(window, out / "dong-bo-bien-nhan.png")
            dialog = ProfileDialog(hub_profile.read_profile_file(profile_file), window)
            dialog.show()
            settle(qapp)
            save(dialog, out / "dong-bo-ho-so.png")
            dialog.close()
            window.open_page("home")
            settle(qapp)
            save(window, out / "dong-bo-trang-chu.png")
        window.close()
        window.deleteLater()
        settle(qapp)
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRUONGSO_DATA_DIR", str(Path(tmp) / "data"))
        os.environ.setdefault("TRUONGSO_KEYRING", "memory")
        url, profile_file = build(Path(tmp))
        shoot(url, profile_file, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
