"""Screenshots of the «Chuyển năm học» wizard (issue 12 §1) at 1024×768: the preview and the result.

    xvfb-run -a -s '-screen 0 1024x768x24' .venv/bin/python docs/screenshots/rollover.py [--out DIR]

The demo school (THCS/THPT, 600 students; ``--primary``: the primary demo) has its current
year finished first: what the teachers have not entered yet is filled in through the grade
book's services (``tests/rollover/finish_year.py``), so the year's results are complete. The
admin opens the wizard over the Lớp học page, previews the next year and applies. Written as ``DIR/chuyen-nam-hoc-xem-truoc[-tieu-hoc].png`` and
``DIR/chuyen-nam-hoc-ket-qua[-tieu-hoc].png``.
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

from PySide6.QtCore import QSize  # noqa: E402

from docs.screenshots.take import open_runtime, open_window, save, settle  # noqa: E402

SIZE = QSize(1024, 768)


def build(folder: Path, levels: str) -> str:
    """The demo school with its current year finished; its URL."""
    from app import demo, migrate
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.db import Database, make_engine, sqlite_url
    from tests.rollover.finish_year import finish_year

    url = sqlite_url(folder / "demo.sqlite")
    db = Database(make_engine(url))
    migrate.upgrade(db.engine)
    demo.create_demo(db, levels=levels)
    demo.fill_demo(db, 600)
    with db.read() as s:
        from app import school

        current = school.current_year(s)
    assert current is not None
    finish_year(db, current.name)
    db.dispose()
    return url


def shoot(url: str, out: Path, suffix: str) -> None:
    """The wizard over the window: the preview (one class renamed), then the result."""
    from app import accounts
    from ui.app import make_application
    from ui.pages import PageContext
    from ui.rollover.wizard import RolloverWizard

    qapp = make_application()
    runtime = open_runtime(url)
    with runtime.db.read() as s:
        user = accounts.get_user(s, "admin")
    window = open_window(runtime, user, SIZE)
    window.open_page("classes")
    settle(qapp)
    wizard = RolloverWizard(window, PageContext(runtime, user))
    wizard.resize(min(wizard.width(), SIZE.width() - 40), min(wizard.height(), SIZE.height() - 80))
    wizard.show()
    wizard.next_button.click()
    while wizard.busy:
        settle(qapp)
    settle(qapp)
    save(wizard, out / f"chuyen-nam-hoc-xem-truoc{suffix}.png")
    from ui.confirm import Confirm

    Confirm.ask = classmethod(lambda cls, *a, **k: True)  # type: ignore[method-assign,assignment]
    wizard.next_button.click()
    while wizard.busy:
        settle(qapp)
    settle(qapp)
    save(wizard, out / f"chuyen-nam-hoc-ket-qua{suffix}.png")
    wizard.close()
    window.close()
    settle(qapp)
    runtime.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--primary", action="store_true", help="the primary demo school")
    args = parser.parse_args()
    levels, suffix = ("tieu_hoc", "-tieu-hoc") if args.primary else ("thcs,thpt", "")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRUONGSO_DATA_DIR"] = str(Path(tmp) / "data")
        shoot(build(Path(tmp), levels), args.out, suffix)


if __name__ == "__main__":
    main()
