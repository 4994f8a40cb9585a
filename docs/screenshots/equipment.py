"""Screenshots of the "Thiết bị" page (issue 11) at 1024×768 and 1366×768 with a realistic
register, its other tabs, the add-item dialog and a teacher's read-only view.

    xvfb-run -a -s '-screen 0 1366x768x24' .venv/bin/python docs/screenshots/equipment.py [--out DIR]

The demo school (THCS and THPT, 400 students) is built in a temporary folder with the demo's
rooms and register (app/equipment/demo.py); a few units are then marked broken and two
disposed by the principal; the shipped minimum lists are loaded. Written as ``DIR/thiet-bi-<width>.png``, then
``thiet-bi-phong-hoc.png``, ``thiet-bi-ti-le.png``, ``thiet-bi-danh-muc.png``,
``thiet-bi-them.png``, ``thiet-bi-lich-su.png``, ``thiet-bi-thanh-ly.png``,
``thiet-bi-nhap-danh-muc.png`` (a made-up file's dry run) and ``thiet-bi-giao-vien.png``. Default DIR: docs/screenshots.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402

from docs.screenshots.take import open_runtime, open_window, save, settle  # noqa: E402

SIZES = (QSize(1024, 768), QSize(1366, 768))
STUDENTS = 400


def build(folder: Path) -> str:
    """The demo school (its rooms and register come with the demo), a few units broken and two
    disposed; its URL."""
    from app import accounts, demo, migrate
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.db import Database, make_engine, sqlite_url
    from app.equipment import bundled, disposal, register

    url = sqlite_url(folder / "demo.sqlite")
    db = Database(make_engine(url))
    migrate.upgrade(db.engine)
    demo.create_demo(db)
    demo.fill_demo(db, STUDENTS)
    with db.read() as s:
        officer = accounts.get_user(s, "thietbi").actor()
        principal = accounts.get_user(s, "hieutruong").actor()
    rng = random.Random(11)
    with db.read() as s:  # the demo's own inventory (app/equipment/demo.py)
        codes = [r.code for r in register.list_items(s, officer) if r.condition == "tot"]
    with db.uow(actor=officer) as s:
        bundled.load_bundled(s, officer)
    broken = rng.sample(codes, 12)
    with db.uow(actor=officer, reason="Kiểm tra đầu năm học") as s:
        for n, code in enumerate(broken):
            condition = ("hong_nhe", "hong", "cho_thanh_ly")[n % 3]
            register.edit_item(s, officer, code, register.ItemEdit(condition=condition))
    with db.uow(actor=principal) as s:
        for code in broken[2::3][:2]:
            disposal.dispose(s, principal, code, "Hỏng, sửa chữa không kinh tế")
    db.dispose()
    return url


def shoot(url: str, out: Path) -> None:
    """The officer's page at both sizes and its other tabs, the add dialog, a teacher's view."""
    from app import accounts
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from ui.app import make_application
    from ui.equipment.item_dialog import ItemDialog

    qapp = make_application()
    runtime = open_runtime(url)
    db = runtime.db
    with db.read() as s:
        officer = accounts.get_user(s, "thietbi")
        teacher = accounts.get_user(s, "gv.toan")
    for user, sizes in ((officer, SIZES), (teacher, SIZES[:1])):
        for size in sizes:
            window = open_window(runtime, user, size)
            page = window.open_page("equipment")
            settle(qapp)
            tab = page.register  # type: ignore[attr-defined]
            pc = next(r for r in tab.all_rows if r.is_computer and r.disposed_on is None)
            tab.search_edit.setText(pc.code.lower())  # as a scanner types it, then Enter
            tab._on_search_return_pressed()
            settle(qapp)
            if user is teacher:
                save(window, out / "thiet-bi-giao-vien.png")
            else:
                save(window, out / f"thiet-bi-{size.width()}.png")
            if user is officer and size == SIZES[0]:
                for index, name in ((1, "phong-hoc"), (2, "ti-le"), (3, "danh-muc")):
                    page.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
                    settle(qapp)
                    save(window, out / f"thiet-bi-{name}.png")
                dialog = ItemDialog(window, db, officer.actor(), tab.rooms, ["Tin học", "Toán"])
                dialog.name_edit.setText("Máy chiếu đa năng")
                dialog.count_spin.setValue(4)
                dialog.show()
                settle(qapp)
                save(dialog, out / "thiet-bi-them.png")
                dialog.form_state.keep(dialog.inputs)
                dialog.close()
                _dialogs(qapp, window, db, officer, out)
            window.close()
            window.deleteLater()
            settle(qapp)
    db.dispose()


def _dialogs(qapp: object, window: object, db: object, officer: object, out: Path) -> None:
    """The history of an item edited and disposed, the disposal question, and a list file's
    dry run refusing two cells (made-up lines "Thiết bị thử": no official line invented)."""
    import openpyxl

    from app.equipment import register
    from ui.equipment.action_dialogs import DisposeDialog
    from ui.equipment.history import item_history_dialog
    from ui.equipment.list_import_dialog import ListImportDialog

    actor = officer.actor()  # type: ignore[attr-defined]
    with db.read(actor) as s:  # type: ignore[attr-defined]
        rows = register.list_items(s, actor, include_disposed=True)
    row = next(r for r in rows if r.disposed_on is not None)
    history = item_history_dialog(window, db, actor, row)  # type: ignore[arg-type]
    history.show()
    settle(qapp)  # type: ignore[arg-type]
    save(history, out / "thiet-bi-lich-su.png")
    history.close()
    open_row = next(r for r in rows if r.disposed_on is None and r.condition == "cho_thanh_ly")
    dispose = DisposeDialog(window, open_row)  # type: ignore[arg-type]
    dispose.reason_edit.setPlainText("Hỏng màn hình và bo mạch, sửa chữa không kinh tế")
    dispose.show()
    settle(qapp)  # type: ignore[arg-type]
    save(dispose, out / "thiet-bi-thanh-ly.png")
    dispose.form_state.keep([dispose.reason_edit])
    dispose.close()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Vật lí"
    sheet.append(["DANH MỤC THIẾT BỊ (bản thử)"])
    sheet.append(["STT", "Môn học", "Lớp", "Tên thiết bị", "Đơn vị tính", "Số lượng",
                  "Tính theo"])  # fmt: skip
    sheet.append([1, "Vật lí", 6, "Thiết bị thử A", "Bộ", 1, "lớp"])
    sheet.append([2, "Vật lí", 10, "Thiết bị thử B", "Cái", 7, "lớp"])
    sheet.append([3, "Vật lí", 7, "Thiết bị thử C", "Bộ", "hai", "trường"])
    path = Path(tempfile.mkdtemp()) / "danh-muc-vat-li.xlsx"
    book.save(path)
    importer = ListImportDialog(window, db, actor, path)  # type: ignore[arg-type]
    importer.version_edit.setText("2021")
    importer.circular_edit.setText("38/2021")
    importer.show()
    importer.preview_button.click()
    settle(qapp)  # type: ignore[arg-type]
    save(importer, out / "thiet-bi-nhap-danh-muc.png")
    importer.close()
    shutil.rmtree(path.parent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRUONGSO_DATA_DIR", str(Path(tmp) / "data"))
        os.environ.setdefault("TRUONGSO_KEYRING", "memory")
        url = build(Path(tmp))
        shoot(url, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
