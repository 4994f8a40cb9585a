"""Screenshots of the "Kiểm kê" tab of the Thiết bị page (issue 11 §4) at 1024×768 and 1366×768:
the scanning view of a session of Phòng Tin 1 half-way, and the result preview.

    xvfb-run -a -s '-screen 0 1366x768x24' .venv/bin/python docs/screenshots/equipment_stocktake.py [--out DIR]

The demo school gets two rooms (40 computers in Phòng Tin 1, a projector in Phòng học 6A2);
the equipment officer opens a session of Phòng Tin 1 and scans 30 of the computers through
the scan box (one twice), the projector of Phòng học 6A2 and a label not in the register. Written as
``DIR/thiet-bi-kiem-ke-<width>.png`` and ``DIR/thiet-bi-kiem-ke-ket-qua-<width>.png``.
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

SIZES = (QSize(1024, 768), QSize(1366, 768))
TIN, CLASSROOM = "Phòng Tin 1", "Phòng học 6A2"


def build(folder: Path) -> str:
    """The demo school with the two rooms and their units; its URL."""
    from datetime import date
    from decimal import Decimal

    from app import accounts, demo, migrate
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.db import Database, make_engine, sqlite_url
    from app.equipment import register, rooms

    url = sqlite_url(folder / "demo.sqlite")
    db = Database(make_engine(url))
    migrate.upgrade(db.engine)
    demo.create_demo(db)
    with db.read() as s:
        officer = accounts.get_user(s, "thietbi").actor()
    with db.uow(actor=officer) as s:
        have = {r.name for r in rooms.list_rooms(s, officer)}
        if TIN not in have:
            rooms.add_room(s, officer, rooms.RoomInput(TIN, "phong_may_tinh", 45, "kien_co"))
        if CLASSROOM not in have:
            rooms.add_room(s, officer, rooms.RoomInput(CLASSROOM, "phong_hoc", 45, "kien_co"))
        register.add_items(s, officer, register.ItemInput(
            "Máy tính để bàn", 40, category="Tin học", room=TIN, is_computer=True,
            value_vnd=Decimal(12_500_000), acquired_on=date(2024, 9, 5)))  # fmt: skip
        register.add_items(s, officer, register.ItemInput(
            "Máy chiếu đa năng", 1, category="Dùng chung", room=CLASSROOM,
            value_vnd=Decimal(18_900_000), acquired_on=date(2023, 8, 20)))  # fmt: skip
    db.dispose()
    return url


def shoot(url: str, out: Path) -> None:
    """The scanning view and the preview at both sizes."""
    from app import accounts
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from app.equipment import register
    from app.equipment import stocktake as stk
    from app.equipment import stocktake_apply as stk_apply
    from ui.app import make_application
    from ui.equipment.stocktake_dialogs import PreviewDialog
    from ui.equipment.stocktake_tab import StocktakeTab

    qapp = make_application()
    runtime = open_runtime(url)
    db = runtime.db
    with db.read() as s:
        officer = accounts.get_user(s, "thietbi")
        actor = officer.actor()
        tin = [r.code for r in register.list_items(s, actor, room=TIN)
               if r.name == "Máy tính để bàn"]  # fmt: skip
        projector = next(r.code for r in register.list_items(s, actor, room=CLASSROOM)
                         if r.name == "Máy chiếu đa năng")  # fmt: skip
    members = [stk.Member("Trần Thị Lan", "Phó hiệu trưởng"),
               stk.Member("Lê Văn Hùng", "Nhân viên thiết bị")]  # fmt: skip
    with db.uow(actor=actor) as s:
        number = stk.open_stocktake(s, actor, room=TIN, committee=members, place=TIN).number
    reads = [*tin[:28], projector, tin[28], tin[5], "TB-009999", tin[29]]
    for n, size in enumerate(SIZES):
        window = open_window(runtime, officer, size)
        page = window.open_page("equipment")
        settle(qapp)
        tab = next((t for t in page.findChildren(StocktakeTab)), None)
        if tab is None:  # the page without the tab wired in: add it as the page would
            tab = StocktakeTab(page.ctx, lambda: [TIN])  # type: ignore[attr-defined]
            page.tabs.addTab(tab, "Kiểm kê")  # type: ignore[attr-defined]
        page.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
        settle(qapp)
        for code in reads if n == 0 else reads[-3:]:
            tab.scan_edit.setText(code)
            tab.scan_edit.returnPressed.emit()
        if n == 0:
            tab.condition_box.setCurrentIndex(2)
        settle(qapp)
        save(window, out / f"thiet-bi-kiem-ke-{size.width()}.png")
        with db.read(actor) as s:
            preview = stk_apply.preview(s, actor, number)
        dialog = PreviewDialog(window, preview, True)
        dialog.categories.setCurrentRow(1 if size.width() == 1024 else 0)
        dialog.show()
        settle(qapp)
        save(dialog, out / f"thiet-bi-kiem-ke-ket-qua-{size.width()}.png")
        dialog.close()
        window.close()
        window.deleteLater()
        settle(qapp)
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        shoot(build(Path(folder)), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
