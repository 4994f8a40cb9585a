"""Screenshots of the Sổ điểm page's "Tệp và in ấn" menu (issue 12 §3) at 1024×768, and the
PDFs it writes rendered with pdftoppm.

    xvfb-run -a -s '-screen 0 1024x768x24' .venv/bin/python docs/screenshots/gradebook_documents.py [--db URL] [--out DIR]

On the demo school (built first without ``--db``): the menu open (a screen grab, so it
needs a real X server such as Xvfb), the teacher-sheet question of gv.toan, the message
after an export, the import preview of a returned sheet with a refused cell, then the same
sheet corrected with a conflict being decided, and the first pages of last year's
Tổng hợp lớp and year-end lists PDFs of 6A1. Written as ``DIR/so-diem-tep-*.png``.
Default DIR: a temporary folder (the PNGs are looked at, not committed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from docs.screenshots.take import build_demo, open_runtime, open_window, save, settle  # noqa: E402

SIZE = QSize(1024, 768)


def _user(db: object, username: str) -> object:
    from app import accounts

    with db.read() as s:  # type: ignore[attr-defined]
        return accounts.get_user(s, username)


def _page(qapp: QApplication, runtime: object, username: str) -> tuple[object, object]:
    window = open_window(runtime, _user(runtime.db, username), SIZE)  # type: ignore[attr-defined]
    page = window.open_page("gradebook")
    settle(qapp)
    return window, page


def menu_and_question(qapp: QApplication, runtime: object, out: Path) -> None:
    """gv.toan's page with the menu open; the teacher-sheet question; the message after."""
    from ui.gradebook.documents_dialogs import DocumentOptionsDialog, DocumentQuestion

    window, page = _page(qapp, runtime, "gv.toan")
    button = page.documents  # type: ignore[attr-defined]
    save(window, out / "so-diem-tep-trang-1024.png")
    button.menu().popup(button.mapToGlobal(QPoint(0, button.height())))
    grab_screen(qapp, out, button)
    captured: list[DocumentQuestion] = []
    original = DocumentOptionsDialog.ask

    def ask(cls: type, parent: object, question: DocumentQuestion) -> None:
        captured.append(question)

    DocumentOptionsDialog.ask = classmethod(ask)  # type: ignore[method-assign,assignment]
    button.export_sheet()
    DocumentOptionsDialog.ask = original  # type: ignore[method-assign]
    dialog = DocumentOptionsDialog(window, captured[0])
    dialog.show()
    settle(qapp)
    save(dialog, out / "so-diem-tep-xuat-bang-diem.png")
    dialog.close()
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Đã xuất bảng điểm",
        "Đã xuất bảng điểm Toán lớp 6A1 (Học kì I, 43 học sinh) vào "
        "/home/giaovu/TruongSo/exports/bang-diem_6a1_toan_hk1.xlsx.",
        parent=window,
    )
    box.addButton("Mở tệp", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Mở thư mục", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Đóng", QMessageBox.ButtonRole.RejectRole)
    box.show()
    settle(qapp)
    save(box, out / "so-diem-tep-da-xuat.png")
    box.close()
    window.close()


def office_menu_and_lists(qapp: QApplication, runtime: object, out: Path) -> None:
    """giaovu's menu (no score entry: Nhập bảng điểm… greyed) and the year-end lists question."""
    from ui.gradebook.documents_dialogs import DocumentOptionsDialog, DocumentQuestion

    window, page = _page(qapp, runtime, "giaovu")
    button = page.documents  # type: ignore[attr-defined]
    button.menu().popup(button.mapToGlobal(QPoint(0, button.height())))
    grab_screen(qapp, out, button, "so-diem-tep-menu-giao-vu-1024.png")
    captured: list[DocumentQuestion] = []
    original = DocumentOptionsDialog.ask
    DocumentOptionsDialog.ask = classmethod(lambda cls, p, q: captured.append(q))  # type: ignore[method-assign,assignment]
    button.lists_file()
    DocumentOptionsDialog.ask = original  # type: ignore[method-assign]
    dialog = DocumentOptionsDialog(window, captured[0])
    dialog.show()
    settle(qapp)
    save(dialog, out / "so-diem-tep-danh-sach-hoi.png")
    dialog.close()
    window.close()


def grab_screen(
    qapp: QApplication, out: Path, button: object, name: str = "so-diem-tep-menu-1024.png"
) -> None:
    """The whole screen with the open menu (a popup is not part of the window's grab)."""
    settle(qapp)
    screen = qapp.primaryScreen().grabWindow(0)
    path = out / name
    screen.save(str(path))
    print(path)
    button.menu().close()  # type: ignore[attr-defined]


def import_preview(qapp: QApplication, runtime: object, out: Path) -> None:
    """A returned Toán sheet of 6A1: once with a refused cell, once with a conflict."""
    import openpyxl

    from app.gradebook.entry import CellEdit, save_scores
    from app.gradebook.grid import grade_grid
    from app.gradesheets import export_sheet, layout, preview_file
    from ui.gradebook.documents_import_dialog import SheetImportDialog

    db = runtime.db  # type: ignore[attr-defined]
    window, page = _page(qapp, runtime, "gv.toan")
    actor = _user(db, "gv.toan").actor()  # type: ignore[attr-defined]
    choice = page.current_class()  # type: ignore[attr-defined]
    subject = next(s for s in choice.subjects if s.name == "Toán")
    path = out / "toan-6a1.xlsx"
    with db.read(actor) as s:
        export_sheet(s, actor, choice.id, subject.id, 1, path)
        rows = grade_grid(s, actor, choice.id, subject.id, 1).rows
    with db.uow(actor=actor) as s:
        save_scores(s, actor, choice.id, subject.id, 1, [CellEdit(rows[1].student_id, "GK", "4.5")])
    wb = openpyxl.load_workbook(path)
    ws = next(w for w in wb.worksheets if w.sheet_state == "visible")
    head = {c.value: c.column for c in ws[layout.HEADER_ROW]}
    first = layout.FIRST_DATA_ROW
    ws.cell(first, head["TX1"]).value = 11
    ws.cell(first + 1, head["GK"]).value = 8.5
    ws.cell(first + 2, head["TX2"]).value = 7
    ws.cell(first + 3, head["CK"]).value = 9
    wb.save(path)
    for name, fix in (("loi", False), ("xung-dot", True)):
        if fix:
            ws.cell(first, head["TX1"]).value = 10
            wb.save(path)
        with db.read(actor) as s:
            pv = preview_file(s, actor, path)
        dialog = SheetImportDialog(window, page.ctx, pv)  # type: ignore[attr-defined]
        dialog.resize(1000, 600)
        dialog.move(QPoint(12, 40))
        dialog.show()
        settle(qapp)
        if fix:
            dialog.tabs.setCurrentIndex(dialog.conflicts_tab)
        save(dialog, out / f"so-diem-tep-nhap-{name}.png")
        dialog.close()
    window.close()


def pdf_pages(runtime: object, out: Path) -> None:
    """Last year's Tổng hợp lớp and year-end lists of 6A1 as PDF, first page as PNG."""
    from app.gradebook.choices import load_classes, load_years
    from app.gradesheets import lists_pdf, result_sheet_pdf

    db = runtime.db  # type: ignore[attr-defined]
    actor = _user(db, "giaovu").actor()  # type: ignore[attr-defined]
    with db.read(actor) as s:
        year = load_years(s).names[-1]
        group = next(c for c in load_classes(s, actor, year) if c.name == "6A1")
        result_sheet_pdf(s, actor, group.id, out / "tong-hop.pdf")
        lists_pdf(s, actor, out / "danh-sach.pdf", year=year, class_id=group.id)
    for name in ("tong-hop", "danh-sach"):
        target = out / f"so-diem-tep-{name}-pdf"
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2",
                        str(out / f"{name}.pdf"), str(target)], check=True)  # fmt: skip
        print(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing demo database (default: build one)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "so-diem-tep")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRUONGSO_DATA_DIR", str(Path(tmp) / "data"))
        url = args.db or build_demo(Path(tmp))
        from ui.app import make_application

        qapp = make_application()
        runtime = open_runtime(url)
        menu_and_question(qapp, runtime, args.out)
        office_menu_and_lists(qapp, runtime, args.out)
        import_preview(qapp, runtime, args.out)
        pdf_pages(runtime, args.out)
        runtime.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
