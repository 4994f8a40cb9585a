"""Screenshots of every page on a 1024×768 and a 1366×768 monitor, as the admin, secretary and a teacher.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take.py [--out DIR] [--db URL]

Without ``--db`` the demo school is built in a temporary folder first (about
ten seconds). Each page is grabbed at the inside of a maximised window on that
screen (taskbar and title bar taken off: 1024×688 and 1366×688), saved as
``DIR/<width>/<user>-<page>.png``; the grade book also on each of its other
tabs (``<user>-gradebook-<tab>.png``) and on last year's locked sheet
(``<user>-gradebook-locked.png``). ``--commit`` writes only
the secretary's pages, as ``docs/screenshots/small-screens/<page>-<width>.png``,
the set kept in the repository.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZES = (QSize(1024, 768), QSize(1366, 768))
USERS = ("admin", "giaovu", "gv.toan")
COMMITTED_USER = "giaovu"
COMMITTED_DIR = Path(__file__).resolve().parent / "small-screens"


def build_demo(folder: Path) -> str:
    """Create the demo school in ``folder`` through the CLI; its database URL."""
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    env = dict(os.environ, TRUONGSO_DATA_DIR=str(folder / "data"))
    subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "demo", "--db", url, "--students", "600"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return url


def settle(qapp: QApplication) -> None:
    """Let layouts, lazy models and background reads finish."""
    from ui import ops

    for _ in range(3):
        qapp.processEvents()
        ops.wait_all()
    qapp.processEvents()


def save(widget: QWidget, path: Path) -> None:
    """Grab ``widget`` into a small PNG (256 colours when ImageMagick is installed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().toImage().save(str(path), quality=0)  # PNG from the suffix, smallest
    convert = shutil.which("magick") or shutil.which("convert")
    if convert:
        subprocess.run([convert, str(path), "-strip", "-colors", "256", f"PNG8:{path}"], check=True)
    print(path)


def shot_path(out: Path, size: QSize, username: str, name: str, flat: bool) -> Path:
    """``out/1024/giaovu-students.png``, or ``out/students-1024.png`` for the committed set."""
    if flat:
        return out / f"{name}-{size.width()}.png"
    return out / str(size.width()) / f"{username}-{name}.png"


def open_runtime(url: str) -> Any:
    """The school database at ``url`` as the window opens it (school code loaded)."""
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app import setup
    from app.db import Database, make_engine
    from app.runtime import Runtime

    db = Database(make_engine(url))
    setup.load_school_code(db)
    return Runtime(db)


def open_window(runtime: Any, user: Any, size: QSize) -> Any:
    """The main window for ``user``, shown at ``size`` less the taskbar and the frame."""
    from ui.app import build_main_window
    from ui.screen import FRAME, TASKBAR_HEIGHT

    window = build_main_window(runtime, user)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(QSize(size.width(), size.height() - TASKBAR_HEIGHT - FRAME.height()))
    window.show()
    return window


def shoot(url: str, out: Path, users: tuple[str, ...], flat: bool = False) -> None:
    """Every page of every user at every size."""
    from app import accounts
    from ui.app import make_application

    qapp = make_application()
    runtime = open_runtime(url)
    db = runtime.db
    for size in SIZES:
        for username in users:
            with db.read() as s:
                user = accounts.get_user(s, username)
            window = open_window(runtime, user, size)
            for key in window.page_keys():
                page = window.open_page(key)
                settle(qapp)
                save(window, shot_path(out, size, username, key, flat))
                if key == "gradebook" and not flat:
                    for index in range(1, page.tabs.count()):  # type: ignore[attr-defined]
                        if page.tabs.isTabVisible(index):  # type: ignore[attr-defined]
                            page.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
                            settle(qapp)
                            save(window, shot_path(out, size, username, f"gradebook-{index}", flat))
                    page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
                if key == "gradebook":
                    show_locked_year(page)
                    settle(qapp)
                    save(window, shot_path(out, size, username, "gradebook-locked", flat))
            window.close()
            window.deleteLater()
            settle(qapp)
    db.dispose()


def show_locked_year(page: QWidget) -> None:
    """Switch the grade book to last year's first class, semester I, which the demo has locked."""
    combo = page.year_combo  # type: ignore[attr-defined]
    years = sorted(str(combo.itemData(i)) for i in range(combo.count()))
    if len(years) > 1:
        page.select("", 1, year=years[-2])  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing demo database (default: build one)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "truongso-shots")
    parser.add_argument(
        "--commit", action="store_true", help="only the secretary, into small-screens/"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRUONGSO_DATA_DIR", str(Path(tmp) / "data"))
        url = args.db or build_demo(Path(tmp))
        if args.commit:
            shoot(url, COMMITTED_DIR, (COMMITTED_USER,), flat=True)
        else:
            shoot(url, args.out, USERS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
