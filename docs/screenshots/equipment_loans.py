"""Screenshots of the "Mượn/trả" tab of the Thiết bị page (issue 11 §3) at 1366×768 and
1024×768: the equipment officer's view of a week's slips in every state, a teacher's own
slips with a draft being scanned, the new-slip and the return dialogs.

    xvfb-run -a -s '-screen 0 1366x768x24' .venv/bin/python docs/screenshots/equipment_loans.py [--out DIR]

The register is the one of ``docs/screenshots/equipment.py``; three teachers of the demo
school borrow from it. Written as ``DIR/thiet-bi-muon-tra-<width>.png``,
``thiet-bi-muon-tra-giao-vien.png``, ``thiet-bi-muon-tra-phieu-moi.png`` and
``thiet-bi-muon-tra-nhan-tra.png``. Default DIR: docs/screenshots.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


from docs.screenshots.equipment import SIZES, build  # noqa: E402
from docs.screenshots.take import open_runtime, open_window, save, settle  # noqa: E402


def lend(url: str) -> int:
    """Slips of three teachers in every state; the number of the teacher's open draft."""
    from app import accounts, setup
    from app.db import Database, make_engine
    from app.equipment import loan_slots, loans
    from app.equipment import register as reg

    db = Database(make_engine(url))
    setup.load_school_code(db)
    with db.read() as s:
        officer = accounts.get_user(s, "thietbi").actor()
        teachers = [accounts.get_user(s, u).actor() for u in ("gv.toan", "gv.van", "gv.anh")]
        year = loan_slots.current_year(s)
        week = loan_slots.week_of(year.start_date, date.today()) or 1
        week = min(week, loan_slots.week_count(year.start_date, year.end_date) - 1)
        items = reg.list_items(s, officer)
    by_name: dict[str, list[str]] = {}
    for row in items:
        if row.condition == "tot":
            by_name.setdefault(row.name, []).append(row.code)
    plan = [  # teacher, weekday, periods, class, subject, lesson, items, how far it goes
        (0, 2, "1,2", "6A1", "Toán", "Bài 4: Hình chữ nhật", ["Máy chiếu đa năng"], "returned"),
        (
            1,
            3,
            "3",
            "7A2",
            "Ngữ văn",
            "Bài 6: Văn bản thông tin",
            ["Ti vi thông minh 65 inch"],
            "out",
        ),
        (
            2,
            4,
            "1-3",
            "8A1",
            "Tiếng Anh",
            "Unit 5: Our customs",
            ["Loa di động có micro"],
            "approved",
        ),
        (
            0,
            5,
            "4,5",
            "6A2",
            "Toán",
            "Bài 7: Thu thập dữ liệu",
            ["Máy tính bảng học ngoại ngữ"] * 3,
            "pending",
        ),
        (1, 6, "2", "7A1", "Ngữ văn", "Bài 7: Thơ bốn chữ", ["Máy chiếu đa năng"], "refused"),
    ]
    used: dict[str, int] = {}
    for who, day, periods, klass, subject, lesson, names, state in plan:
        actor = teachers[who]
        with db.uow(actor=actor) as s:
            number = loans.new_slip(s, actor, loans.SlipInput(
                week=week, weekday=day, periods=periods, class_name=klass, subject=subject,
                lesson=lesson)).number  # fmt: skip
            for name in names:
                code = by_name[name][used.get(name, 0) + 1]
                used[name] = used.get(name, 0) + 1
                loans.add_scanned(s, actor, number, code)
            if state != "draft":
                loans.submit(s, actor, number)
        with db.uow(actor=officer) as s:
            if state == "refused":
                loans.refuse(s, officer, number, "Máy chiếu phòng 7A1 đang bảo hành")
            elif state != "pending":
                loans.approve(s, officer, number)
                if state in ("out", "returned"):
                    loans.hand_out(s, officer, number)
                if state == "returned":
                    loans.take_back(s, officer, number)
    with db.uow(actor=teachers[2]) as s:  # a long-term loan, late
        number = loans.new_slip(s, teachers[2], loans.SlipInput(
            kind="dai_han", start_on=date.today() - timedelta(days=30),
            due_on=date.today() - timedelta(days=3), class_name="9A1", subject="Tiếng Anh",
            lesson="Ôn thi vào lớp 10")).number  # fmt: skip
        loans.add_scanned(s, teachers[2], number, by_name["Máy tính xách tay"][0])
        loans.submit(s, teachers[2], number)
    with db.uow(actor=officer) as s:
        loans.approve(s, officer, number)
        loans.hand_out(s, officer, number)
    actor = teachers[0]
    with db.uow(actor=actor) as s:  # the teacher's draft, two items scanned
        draft = loans.new_slip(s, actor, loans.SlipInput(
            week=week + 1, weekday=3, periods="1,2", class_name="6A1", subject="Toán",
            lesson="Bài 8: Biểu đồ cột")).number  # fmt: skip
        loans.add_scanned(s, actor, draft, by_name["Thước thẳng 1 m"][0])
        loans.add_scanned(s, actor, draft, by_name["Máy chiếu đa năng"][0])
    db.dispose()
    return draft


def shoot(url: str, draft: int, out: Path) -> None:
    from app import accounts
    from app import modules as _modules  # noqa: F401  (every module wired into the core)
    from ui.app import make_application
    from ui.equipment.loans_dialogs import NewSlipDialog, ReturnDialog

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
            tab = page.loans  # type: ignore[attr-defined]
            page.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
            settle(qapp)
            if user is teacher:
                tab.select_number(draft)
                tab.scan_edit.setText("TB-999999")
                tab.say("Không có thiết bị mã «TB-999999» trong sổ. Kiểm tra lại nhãn.", bad=True)
                settle(qapp)
                save(window, out / "thiet-bi-muon-tra-giao-vien.png")
                dialog = NewSlipDialog(window, 35, 14)
                dialog.class_edit.setText("6A1")
                dialog.subject_edit.setText("Toán")
                dialog.lesson_edit.setText("Bài 9: Xác suất thực nghiệm")
                dialog.periods_edit.setText("3,4")
                dialog.show()
                settle(qapp)
                save(dialog, out / "thiet-bi-muon-tra-phieu-moi.png")
                dialog.form_state.keep([dialog.periods_edit, dialog.class_edit,
                                        dialog.subject_edit, dialog.lesson_edit])  # fmt: skip
                dialog.close()
            else:
                out_row = next(r for r in tab.model._rows if r.status == "dang_muon")
                tab.select_number(out_row.number)
                settle(qapp)
                save(window, out / f"thiet-bi-muon-tra-{size.width()}.png")
                if size == SIZES[0]:
                    back = ReturnDialog(window, out_row)
                    back.show()
                    settle(qapp)
                    save(back, out / "thiet-bi-muon-tra-nhan-tra.png")
                    back.close()
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
        url = build(Path(tmp))
        draft = lend(url)
        shoot(url, draft, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
