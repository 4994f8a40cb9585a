"""Screenshots of the home page of every role (issue 12 §5) at 1024×768 and 1366×768.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/home_pages.py --db URL [--out DIR]

The demo school (``python main.py demo``) as the principal, a teacher, the secretary, the
IT coordinator, the equipment officer and the administrator; the figures are grabbed
at their top and, when they scroll, at their bottom. Written as
``DIR/trang-chu-<username>-<width>[-duoi].png``. Default DIR: a temporary folder.
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

from docs.screenshots.take import SIZES, open_runtime, open_window, save, settle  # noqa: E402

USERS = ("hieutruong", "gv.toan", "giaovu", "cntt", "thietbi", "admin")


def shoot(url: str, out: Path) -> list[Path]:
    """Every role's home page at both sizes; the files written."""
    from PySide6.QtWidgets import QScrollArea

    from app import accounts
    from ui.app import make_application
    from ui.home_widget import HomeWidget

    qapp = make_application()
    runtime = open_runtime(url)
    written = []
    for size in SIZES:
        for username in USERS:
            with runtime.db.read() as s:
                user = accounts.get_user(s, username)
            window = open_window(runtime, user, size)
            home = window.pages["home"]
            assert isinstance(home, HomeWidget)
            while home.role_panel.page is None:
                settle(qapp)
            settle(qapp)
            path = out / f"trang-chu-{username}-{size.width()}.png"
            save(window, path)
            written.append(path)
            scroll = home.findChild(QScrollArea, "roleScroll")
            bar = scroll.verticalScrollBar() if scroll is not None else None
            if bar is not None and bar.maximum() > 0:
                bar.setValue(bar.maximum())
                settle(qapp)
                path = out / f"trang-chu-{username}-{size.width()}-duoi.png"
                save(window, path)
                written.append(path)
            window.close()
            window.deleteLater()
            settle(qapp)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="the demo school's database URL")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="trang-chu-"))
    out.mkdir(parents=True, exist_ok=True)
    shoot(args.db, out)  # ``save`` prints each file


if __name__ == "__main__":
    main()
