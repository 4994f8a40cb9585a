"""Screenshots of the «Phân công» page (issue 12 §2) at 1024×768 and 1366×768, as the secretary.

    xvfb-run -a -s '-screen 0 1366x768x24' .venv/bin/python docs/screenshots/assignments.py [--out DIR] [--db URL]

Without ``--db`` the demo school (THCS and THPT, 400 students) is built in a temporary folder.
Grade 7's cells are emptied first (a new year being set up). Written as
``DIR/phan-cong-<width>.png`` (the grid), ``phan-cong-chep.png``
(the copy-from-last-year dialog), ``phan-cong-chua-luu.png`` (the copied cells and a filled
column waiting to be saved) and ``phan-cong-nhap.png`` (an import's preview with a refused
cell). Default DIR: docs/screenshots.
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

from PySide6.QtCore import QSize, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from docs.screenshots.take import open_runtime, open_window, save, settle  # noqa: E402

SIZES = (QSize(1024, 768), QSize(1366, 768))
STUDENTS = 400


def build(folder: Path) -> str:
    """The demo school; its URL."""
    from app import demo, migrate
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.db import Database, make_engine, sqlite_url

    url = sqlite_url(folder / "demo.sqlite")
    db = Database(make_engine(url))
    migrate.upgrade(db.engine)
    demo.create_demo(db)
    demo.fill_demo(db, STUDENTS)
    db.dispose()
    return url


def clear_grade(url: str, grade: int) -> None:
    """This year's classes of ``grade`` without teachers yet, so a copy has cells to fill."""
    from app import accounts
    from app.assignments.grid import HOMEROOM, CellChange, load_grid, save_grid
    from app.db import Database, make_engine
    from app.students.access import current_year_name

    db = Database(make_engine(url))
    with db.read() as s:
        actor = accounts.get_user(s, "giaovu").actor()
    with db.uow(actor=actor) as s:
        year = current_year_name(s)
        grid = load_grid(s, actor, year, grade=grade)
        keys = [(c.id, n) for c in grid.classes for n in (HOMEROOM, *c.subjects)]
        save_grid(s, actor, year, [CellChange(c, n, ()) for c, n in keys])
    db.dispose()


def _grab_dialog(qapp: QApplication, out: Path, name: str, accept: bool) -> None:
    """Save the next modal dialog, then accept or close it."""

    def shoot() -> None:
        dialog = qapp.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(100, shoot)
            return
        save(dialog, out / name)
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(300, shoot)


def _bad_file(page: object, folder: Path) -> Path:
    """The year's grid exported, with one cell naming nobody the school knows."""
    from openpyxl import load_workbook

    from app.assignments.excel_export import export_grid

    path = folder / "phan-cong.xlsx"
    with page.ctx.db.read() as s:  # type: ignore[attr-defined]
        export_grid(s, page.ctx.actor, page.year, path)  # type: ignore[attr-defined]
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws["C3"] = "Cô Lan dạy thay"
    ws["D2"] = "gv.van"
    wb.save(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--db")
    args = parser.parse_args()
    from app import accounts
    from ui import file_dialogs
    from ui.app import make_application

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["TRUONGSO_DATA_DIR"] = str(folder / "data")
        url = args.db or build(folder)
        clear_grade(url, 7)
        qapp = make_application()
        runtime = open_runtime(url)
        with runtime.db.read() as s:
            user = accounts.get_user(s, "giaovu")
        for size in SIZES:
            window = open_window(runtime, user, size)
            page = window.open_page("assignments")
            settle(qapp)
            save(window, args.out / f"phan-cong-{size.width()}.png")
            if size.width() == 1024:
                _grab_dialog(qapp, args.out, "phan-cong-chep.png", accept=True)
                page.copy_button.click()
                settle(qapp)
                column = 1 + next(
                    i for i, s in enumerate(page.model.grid.subjects) if s.name == "Tin học"
                )
                page.table.selectColumn(column)
                page.teacher_combo.setCurrentIndex(2)
                page.fill_button.click()
                settle(qapp)
                save(window, args.out / "phan-cong-chua-luu.png")
                page.model.discard()
                bad = _bad_file(page, folder)
                file_dialogs.OpenFileDialog.ask = classmethod(lambda cls, *a, f=bad: f)  # type: ignore[method-assign]
                _grab_dialog(qapp, args.out, "phan-cong-nhap.png", accept=False)
                page.import_button.click()
                for _ in range(20):
                    settle(qapp)
            window.close()
            window.deleteLater()
            settle(qapp)
        runtime.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
