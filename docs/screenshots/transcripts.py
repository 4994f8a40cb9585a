"""Screenshots of the "Học bạ" page at 1024×768 and 1366×768, and of its signing and check dialogs.

    xvfb-run -a -s '-screen 0 1366x768x24' .venv/bin/python docs/screenshots/transcripts.py [--out DIR]

The demo school is built in a temporary folder; last year's 6A1 gets gv.toan as homeroom
teacher, its transcripts are prepared and sent for signing, the first ones carry one, two
and three recorded signatures (states only: the signatures are stand-ins), one is issued
and one flagged "cần cấp lại". The principal's window is grabbed at the inside of a
maximised window (1024×688, 1366×688) as ``DIR/hoc-ba-<width>.png``; the dialogs as
``DIR/hoc-ba-ky-so.png`` and ``DIR/hoc-ba-kiem-tra.png``. Default DIR: docs/screenshots.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QItemSelectionModel, QSize  # noqa: E402

from docs.screenshots.take import open_runtime, open_window, save, settle  # noqa: E402

SIZES = (QSize(1024, 768), QSize(1366, 768))
STUDENTS = 120


def build(folder: Path) -> tuple[str, str]:
    """The demo school with last year's 6A1 in every state; its URL and last year's name."""
    from sqlalchemy import select

    from app import accounts, demo, migrate, school
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.db import Actor, Database, make_engine, sqlite_url
    from app.students import classes
    from app.students.models import ClassGroup
    from app.transcripts import queries, service
    from app.transcripts.models import SIGNING_ORDER, Transcript

    url = sqlite_url(folder / "demo.sqlite")
    db = Database(make_engine(url))
    migrate.upgrade(db.engine)
    demo.create_demo(db)
    demo.fill_demo(db, STUDENTS)
    admin = Actor.system("screenshots")
    with db.uow(actor=admin) as s:
        current = school.current_year(s)
        assert current is not None
        year = f"{int(current.name[:4]) - 1}-{current.name[:4]}"
        group = s.scalar(
            select(ClassGroup).where(ClassGroup.name == "6A1", ClassGroup.school_year == year)
        )
        assert group is not None
        classes.set_homeroom(s, admin, group.id, "gv.toan")
        actors = {u.username: u.actor() for u in accounts.list_users(s, admin)}
    teacher, principal = actors["gv.toan"], actors["hieutruong"]
    with db.uow(actor=teacher) as s:
        service.prepare_class(s, teacher, group.id)
    with db.read() as s:
        rows = queries.class_transcripts(s, teacher, group.id)
    ids = [r.version.id for r in rows if r.version]
    with db.uow(actor=teacher) as s:
        for vid in ids[:-3]:
            service.submit(s, teacher, vid)
    for n, vid in enumerate(ids[:4]):
        for position, role in enumerate(SIGNING_ORDER[: min(n + 1, 3)], start=1):
            who = teacher if role == "homeroom" else principal
            stand_in = service.SignatureInput(
                role, who.full_name or who.username, f"{position:x}" * 64,
                b"%PDF-1.7\n% stand-in\n" + bytes([position]) * 8,
            )  # fmt: skip
            with db.uow(actor=who) as s:
                service.record_signature(s, who, vid, stand_in)
    with db.uow(actor=principal) as s:
        service.issue(s, principal, ids[3])
        t = s.scalar(select(Transcript).where(Transcript.student_id == rows[2].student_id))
        assert t is not None
        t.needs_reissue, t.reissue_reason = True, "Điểm Toán học kì II sửa sau khi ký"
    db.dispose()
    return url, year


def shoot(url: str, year: str, out: Path) -> None:
    """The principal's page at both sizes, then the two dialogs."""
    from app import accounts
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.transcripts.checking import add_trusted_root  # noqa: F401
    from ui.app import make_application
    from ui.pages import PageContext
    from ui.transcripts.sign_dialog import SignDialog
    from ui.transcripts.verify_dialog import VerifyDialog

    qapp = make_application()
    runtime = open_runtime(url)
    db = runtime.db
    with db.read() as s:
        user = accounts.get_user(s, "hieutruong")
    for size in SIZES:
        window = open_window(runtime, user, size)
        page = window.open_page("transcripts")
        page.select(year, "6A1")  # type: ignore[attr-defined]
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        page.table.selectionModel().select(page.model.index(3, 0), flags)  # type: ignore[attr-defined]
        settle(qapp)
        save(window, out / f"hoc-ba-{size.width()}.png")
        if size == SIZES[0]:
            roles = page.abilities.sign  # type: ignore[attr-defined]
            dialog = SignDialog(window, roles, user.full_name)
            dialog.show()
            settle(qapp)
            save(dialog, out / "hoc-ba-ky-so.png")
            dialog.close()
            check = VerifyDialog(window, PageContext(runtime, user))
            check.resize(640, 480)
            check.show()
            settle(qapp)
            save(check, out / "hoc-ba-kiem-tra.png")
            check.close()
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
        url, year = build(Path(tmp))
        shoot(url, year, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
