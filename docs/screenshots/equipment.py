"""Screenshots of the "Thiết bị" page (issue 11) at 1024×768 and 1366×768 with a realistic
register, its other tabs, the add-item dialog and a teacher's read-only view.

    xvfb-run -a -s '-screen 0 1366x768x24' .venv/bin/python docs/screenshots/equipment.py [--out DIR]

The demo school (THCS and THPT, 400 students) is built in a temporary folder; the equipment
officer (thietbi) records 14 rooms and a few hundred register lines over them (computers,
projectors, teaching kits counted by quantity), a few broken, two disposed by the principal;
the shipped minimum lists are loaded. Written as ``DIR/thiet-bi-<width>.png``, then
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
from datetime import date
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize, Qt  # noqa: E402

from docs.screenshots.take import save, settle  # noqa: E402

SIZES = (QSize(1024, 768), QSize(1366, 768))
STUDENTS = 400
ROOMS = [
    ("Phòng Tin 1", "phong_may_tinh", 45, "kien_co", "thcs"),
    ("Phòng Tin 2", "phong_may_tinh", 45, "kien_co", "thpt"),
    ("Phòng bộ môn Vật lí", "phong_bo_mon", 45, "kien_co", ""),
    ("Phòng bộ môn Hóa học", "phong_bo_mon", 45, "kien_co", ""),
    ("Phòng bộ môn Sinh học", "phong_bo_mon", 45, "ban_kien_co", ""),
    ("Phòng đa năng", "phong_da_nang", 120, "kien_co", ""),
    ("Thư viện", "thu_vien", 60, "ban_kien_co", ""),
    ("Kho thiết bị", "kho", 0, "tam", ""),
    *[(f"Phòng học {c}", "phong_hoc", 45, "kien_co" if i < 4 else "ban_kien_co", "thcs")
      for i, c in enumerate(("6A1", "6A2", "7A1", "7A2", "8A1", "9A1"))],
]  # fmt: skip
KINDS = [  # name, category, rooms, count, serial, unit, value, computer
    ("Máy tính để bàn", "Tin học", ["Phòng Tin 1"], 40, True, "chiếc", 12_500_000, True),
    ("Máy tính để bàn", "Tin học", ["Phòng Tin 2"], 36, True, "chiếc", 13_900_000, True),
    ("Máy chiếu đa năng", "Dùng chung", [r[0] for r in ROOMS if r[1] == "phong_hoc"], 1, True,
     "chiếc", 18_900_000, False),
    ("Ti vi 65 inch", "Dùng chung", ["Phòng đa năng", "Phòng bộ môn Vật lí"], 1, True, "chiếc",
     16_500_000, False),
    ("Bộ thí nghiệm cơ học", "Vật lí", ["Phòng bộ môn Vật lí"], 12, False, "bộ", 2_350_000, False),
    ("Đồng hồ đo điện đa năng", "Vật lí", ["Phòng bộ môn Vật lí"], 20, False, "cái", 420_000, False),
    ("Bộ dụng cụ thí nghiệm hóa học", "Hóa học", ["Phòng bộ môn Hóa học"], 10, False, "bộ",
     3_100_000, False),
    ("Tủ hút khí độc", "Hóa học", ["Phòng bộ môn Hóa học"], 1, True, "chiếc", 38_000_000, False),
    ("Kính hiển vi quang học", "Sinh học", ["Phòng bộ môn Sinh học"], 24, True, "chiếc",
     4_800_000, False),
    ("Bộ tranh cơ thể người", "Sinh học", ["Phòng bộ môn Sinh học"], 2, False, "bộ", 950_000, False),
    ("Bộ thước vẽ bảng", "Toán", [r[0] for r in ROOMS if r[1] == "phong_hoc"], 1, False, "bộ",
     380_000, False),
    ("Loa kéo di động", "Dùng chung", ["Phòng đa năng"], 2, True, "chiếc", 5_600_000, False),
    ("Bóng đá số 5", "Giáo dục thể chất", ["Kho thiết bị"], 30, False, "quả", 250_000, False),
    ("Bàn bóng bàn", "Giáo dục thể chất", ["Phòng đa năng"], 2, True, "chiếc", 7_200_000, False),
    ("Máy tính xách tay", "Dùng chung", ["Thư viện"], 6, True, "chiếc", 15_400_000, True),
    ("Máy tính bảng", "Dùng chung", ["Kho thiết bị"], 60, True, "chiếc", 6_900_000, False),
    ("Bộ cảm biến dữ liệu", "Vật lí", ["Phòng bộ môn Vật lí"], 30, True, "bộ", 3_450_000, False),
    ("Quạt trần", "Cơ sở vật chất", [r[0] for r in ROOMS if r[1] in ("phong_hoc", "phong_bo_mon")],
     4, True, "chiếc", 1_150_000, False),
    ("Máy in laser", "Dùng chung", ["Thư viện", "Kho thiết bị"], 1, True, "chiếc", 4_200_000,
     False),
]  # fmt: skip


def build(folder: Path) -> str:
    """The demo school with rooms and a register; its URL."""
    from app import accounts, demo, migrate
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.db import Database, make_engine, sqlite_url
    from app.equipment import bundled, disposal, register, rooms

    url = sqlite_url(folder / "demo.sqlite")
    db = Database(make_engine(url))
    migrate.upgrade(db.engine)
    demo.create_demo(db)
    demo.fill_demo(db, STUDENTS)
    with db.read() as s:
        officer = accounts.get_user(s, "thietbi").actor()
        principal = accounts.get_user(s, "hieutruong").actor()
    rng = random.Random(11)
    codes: list[str] = []
    with db.uow(actor=officer) as s:
        for name, kind, capacity, construction, level in ROOMS:
            rooms.add_room(s, officer, rooms.RoomInput(name, kind, capacity, construction, level))
        for name, category, where, count, serial, unit, value, computer in KINDS:
            for room in where:
                year = rng.choice((2019, 2021, 2022, 2023, 2024, 2025))
                data = register.ItemInput(
                    name, count, serial, category, room, unit, None,
                    date(year, rng.randint(8, 12), rng.randint(1, 28)),
                    rng.choice(("ngan_sach", "ngan_sach", "ngan_sach", "xa_hoi_hoa", "tai_tro")),
                    Decimal(value), "tot", computer, True, computer and rng.random() < 0.8,
                )  # fmt: skip
                codes += register.add_items(s, officer, data).codes
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
    from app import accounts, setup
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.db import Database, make_engine
    from app.runtime import Runtime
    from ui.app import build_main_window, make_application
    from ui.equipment.item_dialog import ItemDialog
    from ui.screen import FRAME, TASKBAR_HEIGHT

    qapp = make_application()
    db = Database(make_engine(url))
    setup.load_school_code(db)
    runtime = Runtime(db)
    with db.read() as s:
        officer = accounts.get_user(s, "thietbi")
        teacher = accounts.get_user(s, "gv.toan")
    for user, sizes in ((officer, SIZES), (teacher, SIZES[:1])):
        for size in sizes:
            inside = QSize(size.width(), size.height() - TASKBAR_HEIGHT - FRAME.height())
            window = build_main_window(runtime, user)
            window.setWindowState(Qt.WindowState.WindowNoState)
            window.resize(inside)
            window.show()
            page = window.open_page("equipment")
            settle(qapp)
            tab = page.register  # type: ignore[attr-defined]
            tab.select_code("TB-000043")
            tab.say("Đã chọn TB-000043 — Máy tính để bàn (Phòng Tin 2).")
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
