"""Screenshots for the user guide (resources/guide/img/), from the demo school at 1366×768.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/guide_shots.py [--db URL] [--out DIR]

Without ``--db`` the demo school is built in a temporary folder first (about
ten seconds). Each shot names the account it is taken as and the page it
opens; the window is grabbed at the inside of a maximised window on a
1366×768 screen (1366×688) and saved as a 256-colour PNG (ImageMagick) so the
guide stays small. A shot whose page the window does not have yet (a screen
still being built) is skipped with a printed note naming it, never silently;
the run ends with the list of skipped shots. Rerun after a screen changes, look
at the pictures, and commit them with the guide.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from docs.screenshots.take import build_demo, open_runtime, open_window, save, settle  # noqa: E402

SIZE = QSize(1366, 768)
OUT = ROOT / "resources" / "guide" / "img"


@dataclass(frozen=True)
class Shot:
    """One picture: ``img/<name>.png``, the account, the page and what to do on it first."""

    name: str
    user: str
    page: str
    prepare: Callable[[Any], QWidget | None] | None = None
    """Given the page widget, sets it up; returns a dialog to grab instead of the window."""


def _gradebook_class(page: Any) -> None:
    """The teacher's own subject on class 6A1, semester I."""
    page.select("6A1", 1)
    entry = page.tabs.widget(0)
    combo = entry.subject_combo
    index = combo.findText("Toán")
    if index >= 0:
        combo.setCurrentIndex(index)
        combo.activated.emit(index)


def _gradebook_summary(page: Any) -> None:
    page.select("6A1", 1)
    page.tabs.setCurrentIndex(2)  # Tổng hợp lớp


def _import_wizard(page: Any) -> QWidget:
    from ui.students.import_wizard import ImportWizard

    return ImportWizard(page, page.ctx)


def _backup_dialog(page: Any) -> QWidget:
    """Cài đặt → Sao lưu và khôi phục…, with a backup made first so the list has a line."""
    from app.safety.backup import create_backup
    from ui.backup_dialog import BackupDialog

    create_backup(page.ctx.db, page.ctx.actor)

    return BackupDialog(page.ctx, page)


def _rollover_preview(page: Any) -> QWidget:
    """Lớp học → Chuyển năm học…, previewing the current year (the classes of the next one)."""
    from ui.rollover.wizard import RolloverWizard

    wizard = RolloverWizard(page, page.ctx)
    wizard.next_button.click()  # Xem trước: read on the runner, settled before the grab
    return wizard


def _cds_assessment(page: Any) -> None:
    """This year's phiếu made (Lập phiếu) and filled from the app's figures, as the coordinator does."""
    qapp = QApplication.instance()
    page.assessment.start_button.click()
    settle(qapp)  # type: ignore[arg-type]
    if page.assessment.prefill_button.isEnabled():
        page.assessment.prefill_button.click()
        settle(qapp)  # type: ignore[arg-type]


SHOTS: tuple[Shot, ...] = (
    Shot("trang-chu", "giaovu", "home"),
    Shot("trang-chu-bgh", "hieutruong", "home"),
    Shot("hoc-sinh", "giaovu", "students"),
    Shot("nhap-excel", "giaovu", "students", _import_wizard),
    Shot("lop-hoc", "giaovu", "classes"),
    Shot("nam-hoc-moi", "admin", "classes", _rollover_preview),
    Shot("phan-cong", "giaovu", "assignments"),
    Shot("so-diem-nhap-diem", "gv.toan", "gradebook", _gradebook_class),
    Shot("so-diem-tong-hop", "giaovu", "gradebook", _gradebook_summary),
    Shot("hoc-ba", "giaovu", "transcripts"),
    Shot("dong-bo", "giaovu", "sync"),
    Shot("thiet-bi", "thietbi", "equipment"),
    Shot("chuyen-doi-so", "cntt", "cds", _cds_assessment),
    Shot("nguoi-dung", "admin", "users"),
    Shot("nhat-ky", "admin", "journal"),
    Shot("cai-dat", "admin", "settings"),
    Shot("sao-luu", "admin", "settings", _backup_dialog),
)


def shoot_dialogs(out: Path, url: str) -> None:
    """The login dialog and the first step of the set-up wizard (on a blank database)."""
    from app import migrate
    from app.db import Database, make_engine, sqlite_url
    from ui.first_run_wizard import FirstRunWizard
    from ui.login_dialog import LoginDialog

    qapp = QApplication.instance()
    runtime = open_runtime(url)
    login = LoginDialog(None, runtime.db)
    login.show()
    settle(qapp)  # type: ignore[arg-type]
    save(login, out / "dang-nhap.png")
    login.close()
    runtime.db.dispose()
    with tempfile.TemporaryDirectory() as tmp:
        blank = Database(make_engine(sqlite_url(Path(tmp) / "moi.sqlite")))
        migrate.upgrade(blank.engine)
        wizard = FirstRunWizard(None, blank)
        wizard.show()
        settle(qapp)  # type: ignore[arg-type]
        save(wizard, out / "thiet-lap.png")
        wizard.close()
        blank.dispose()


def shoot(url: str, out: Path) -> list[str]:
    """Every shot in ``SHOTS``; the notes about those skipped."""
    from app import accounts
    from ui.app import make_application

    qapp = make_application()
    shoot_dialogs(out, url)
    runtime = open_runtime(url)
    skipped: list[str] = []
    for shot in SHOTS:
        with runtime.db.read() as s:
            user = accounts.get_user(s, shot.user)
        window = open_window(runtime, user, SIZE)
        settle(qapp)
        if shot.page not in window.page_keys():
            note = f"Bỏ qua {shot.name}.png: trang «{shot.page}» chưa có (hoặc {shot.user} không mở được)."
            print(note)
            skipped.append(note)
        else:
            page = window.open_page(shot.page)
            settle(qapp)
            dialog = shot.prepare(page) if shot.prepare else None
            if dialog is not None:
                dialog.show()
            settle(qapp)
            save(dialog or window, out / f"{shot.name}.png")
            if dialog is not None:
                dialog.close()
        window.close()
        window.deleteLater()
        settle(qapp)
    runtime.db.dispose()
    return skipped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing demo database (default: build one)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRUONGSO_DATA_DIR", str(Path(tmp) / "data"))
        url = args.db or build_demo(Path(tmp))
        skipped = shoot(url, args.out)
    total = sum(p.stat().st_size for p in args.out.glob("*.png"))
    print(f"{len(list(args.out.glob('*.png')))} ảnh, {total / 1_000_000:.1f} MB trong {args.out}")
    for note in skipped:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
