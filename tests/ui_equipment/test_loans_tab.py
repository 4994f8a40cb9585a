"""The "Mượn/trả" tab with real widgets on the SQLite school: a teacher's slip filled by
keyboard-wedge scans (key events), submitted; the officer approves, hands out and takes it
back with a condition (journalled); a teacher cannot approve; the overdue PDF; 1024×768."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import journal_view
from app.equipment import loans
from app.equipment.loan_models import LoanStatus as S
from app.equipment.models import EquipmentItem
from app.errors import PermissionDenied
from app.journal_read import iter_changes
from tests.ui.small_screen import settle
from tests.ui_equipment.conftest import OFFICER, TEACHER, EquipmentUi, open_page
from ui.confirm import Unsaved, UnsavedQuestion
from ui.equipment.equipment_widget import EquipmentWidget
from ui.equipment.loans_dialogs import (
    BookDialog,
    NewSlipDialog,
    PickItemDialog,
    RefuseDialog,
    ReturnDialog,
)
from ui.file_dialogs import SaveFileDialog


def _codes(school: EquipmentUi, name: str) -> list[str]:
    with school.db.read() as s:
        return list(s.scalars(select(EquipmentItem.code).where(EquipmentItem.name == name)
                              .order_by(EquipmentItem.code)))  # fmt: skip


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return done.stdout


def _status(school: EquipmentUi, number: int) -> str:
    with school.db.read() as s:
        return loans.slip_by_number(s, number).status


def _scan(qtbot: QtBot, page: EquipmentWidget, code: str) -> None:
    tab = page.loans
    QTest.keyClicks(tab.scan_edit, code)
    QTest.keyClick(tab.scan_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not tab.scanning and not tab.scan_queue, timeout=10_000)
    settle(qtbot)


def _teacher_slip(qtbot: QtBot, page: EquipmentWidget, monkeypatch: pytest.MonkeyPatch) -> int:
    def fill(self: NewSlipDialog) -> int:
        self.week_spin.setValue(2)
        self.day_box.setCurrentIndex(self.day_box.findData(3))
        self.periods_edit.setText("1,2")
        self.class_edit.setText("6A1")
        self.subject_edit.setText("Toán")
        self.lesson_edit.setText("Bài 3: Đo độ dài")
        return 1

    monkeypatch.setattr(NewSlipDialog, "exec", fill)
    page.loans.new_button.click()
    qtbot.waitUntil(lambda: page.loans.selected() is not None, timeout=10_000)
    settle(qtbot)
    row = page.loans.selected()
    assert row is not None
    return row.number


def test_a_teacher_scans_a_slip_and_the_officer_lends_it(
    qtbot: QtBot, school: EquipmentUi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two scans add two items, a repeat is counted, an unknown code beeps in the status line;
    submitted; the officer approves, hands out and takes back one computer as hỏng nhẹ, then
    prints the lending book of the subject."""
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    computer, projector = (
        _codes(school, "Máy tính để bàn")[0],
        _codes(school, "Máy chiếu đa năng")[0],
    )
    page = open_page(qtbot, school, TEACHER)
    tab = page.loans
    assert not tab.scope_box.isEnabled()  # a teacher sees only their own slips
    number = _teacher_slip(qtbot, page, monkeypatch)
    assert tab.scan_edit.isEnabled()
    _scan(qtbot, page, computer.lower())
    _scan(qtbot, page, projector)
    _scan(qtbot, page, computer)
    assert "(quét lần 2)" in tab.status_label.text() and not beeps  # the repeat counted, no beep
    _scan(qtbot, page, "TB-999999")
    assert "TB-999999" in tab.status_label.text() and beeps == [1]
    assert QApplication.activeModalWidget() is None  # never a dialog
    row = tab.selected()
    assert row is not None and row.number == number
    assert [x.code for x in row.lines] == sorted([computer, projector])
    with school.db.read() as s:
        slip = loans.slip_by_number(s, number)
        scans = {item.code: line.scans for line, item in loans.lines_of(s, slip)}
    assert scans == {computer: 2, projector: 1}
    assert (
        not tab.approve_button.isEnabled() and "nhân viên thiết bị" in tab.approve_button.toolTip()
    )
    tab.submit_button.click()
    qtbot.waitUntil(lambda: _status(school, number) == S.PENDING, timeout=10_000)
    settle(qtbot)

    page = open_page(qtbot, school, OFFICER)
    tab = page.loans
    assert tab.select_number(number)
    assert tab.approve_button.isEnabled()
    tab.approve_button.click()
    qtbot.waitUntil(lambda: _status(school, number) == S.APPROVED, timeout=10_000)
    settle(qtbot)
    tab.select_number(number)
    tab.hand_out_button.click()
    qtbot.waitUntil(lambda: _status(school, number) == S.OUT, timeout=10_000)
    settle(qtbot)
    tab.select_number(number)

    def back(self: ReturnDialog) -> int:
        self.boxes[computer].setCurrentIndex(self.boxes[computer].findData("hong_nhe"))
        return 1

    monkeypatch.setattr(ReturnDialog, "exec", back)
    tab.take_back_button.click()
    qtbot.waitUntil(lambda: _status(school, number) == S.RETURNED, timeout=10_000)
    settle(qtbot)
    with school.db.read() as s:
        item = s.scalar(select(EquipmentItem).where(EquipmentItem.code == computer))
        assert item is not None and item.condition == "hong_nhe"
        history = journal_view.records_history(
            s, page.ctx.actor, [("equipment_item", str(item.id))], revealed=False
        )
    last = history[-1]
    assert f"số {number}" in (last.reason or "")
    assert [(f, o, n) for _r, f, o, n in iter_changes([last])] == [("condition", "tot", "hong_nhe")]
    assert tab.status_label.text() == f"Đã nhận trả phiếu mượn số {number}."
    book = tmp_path / "so-theo-doi.pdf"
    monkeypatch.setattr(BookDialog, "ask", classmethod(lambda cls, p, t: (None, "", "Toán")))
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, p, t, s, f="": book))
    tab.book_button.click()
    qtbot.waitUntil(lambda: tab.status_label.text().startswith("Đã ghi"), timeout=10_000)
    text = _pdf_text(book)
    assert "Bài 3: Đo độ dài" in text and "Hỏng nhẹ" in text


def test_items_are_picked_from_the_register(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thêm từ sổ… puts 5 of the 20 rulers (a counted row) on the draft."""
    ruler = _codes(school, "Thước thẳng 1 m")[0]
    page = open_page(qtbot, school, TEACHER)
    number = _teacher_slip(qtbot, page, monkeypatch)
    offered: list[str] = []

    def pick(
        cls: object, parent: object, items: list[tuple[str, str, bool, int]]
    ) -> tuple[str, int]:
        offered.extend(code for code, *_ in items)
        return ruler, 5

    monkeypatch.setattr(PickItemDialog, "ask", classmethod(pick))
    page.loans.pick_button.click()
    qtbot.waitUntil(lambda: page.loans.lines_model.rowCount() == 1, timeout=10_000)
    assert ruler in offered
    row = page.loans.selected()
    assert row is not None and row.number == number
    assert [(x.code, x.quantity) for x in row.lines] == [(ruler, 5)]


def test_a_teacher_cannot_approve(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Duyệt stays disabled with a reason for a teacher's waiting slip; the service refuses."""
    page = open_page(qtbot, school, TEACHER)
    number = _teacher_slip(qtbot, page, monkeypatch)
    _scan(qtbot, page, _codes(school, "Máy chiếu đa năng")[0])
    page.loans.submit_button.click()
    qtbot.waitUntil(lambda: _status(school, number) == S.PENDING, timeout=10_000)
    settle(qtbot)
    page.loans.select_number(number)
    assert not page.loans.approve_button.isEnabled()
    assert not page.loans.scan_edit.isEnabled()  # a waiting slip is read-only for the teacher
    assert page.loans.approve_button.toolTip().startswith("Chỉ nhân viên thiết bị")
    actor = page.ctx.actor
    with pytest.raises(PermissionDenied), school.db.uow(actor=actor) as s:
        loans.approve(s, actor, number)
    assert _status(school, number) == S.PENDING


def test_the_overdue_list_is_written(
    qtbot: QtBot, school: EquipmentUi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A teacher's long-term loan past its due date is on the PDF written where the officer
    chose (In phiếu quá hạn… is disabled for a teacher, with the reason)."""
    teacher, officer = school.actors["teacher"], school.actors["equipment_officer"]
    projector = _codes(school, "Máy chiếu đa năng")[0]
    today = date.today()
    with school.db.uow(actor=teacher) as s:
        number = loans.new_slip(s, teacher, loans.SlipInput(
            kind="dai_han", start_on=today - timedelta(days=20), due_on=today - timedelta(days=4),
            class_name="6A1", lesson="Ôn tập chương I")).number  # fmt: skip
        loans.add_scanned(s, teacher, number, projector)
        loans.submit(s, teacher, number)
    with school.db.uow(actor=officer) as s:
        loans.approve(s, officer, number)
        loans.hand_out(s, officer, number)
    assert not open_page(qtbot, school, TEACHER).loans.overdue_button.isEnabled()
    page = open_page(qtbot, school, OFFICER)
    target = tmp_path / "qua-han"  # the suffix is added
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, p, t, s, f="": target))
    page.loans.overdue_button.click()
    qtbot.waitUntil(lambda: page.loans.status_label.text().startswith("Đã ghi"), timeout=10_000)
    pdf = target.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert projector in text and "4 ngày" in text


def test_a_teacher_sees_only_their_slips_and_a_refusal_asks_before_dropping(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The officer's own slip is not listed for the teacher; the refusal reason typed is only
    dropped after the question."""
    officer = school.actors["equipment_officer"]
    with school.db.uow(actor=officer) as s:
        theirs = loans.new_slip(s, officer, loans.SlipInput(week=2, weekday=4, periods="5",
                                                            lesson="Họp tổ")).number  # fmt: skip
    page = open_page(qtbot, school, TEACHER)
    mine = _teacher_slip(qtbot, page, monkeypatch)
    assert [page.loans.model.row_at(i).number for i in range(page.loans.model.rowCount())] == [mine]
    assert not page.loans.select_number(theirs)
    dialog = RefuseDialog(page, mine)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()  # no reason yet
    dialog.reason_edit.setPlainText("Máy chiếu đang sửa")
    asked: list[str] = []
    monkeypatch.setattr(UnsavedQuestion, "ask", classmethod(
        lambda cls, p, text: asked.append(text) or Unsaved.CANCEL))  # fmt: skip
    dialog.reject()
    assert asked and dialog.isVisible()  # Hủy on the question: back to the reason


@pytest.mark.parametrize("who", [OFFICER, TEACHER])
def test_the_tab_fits_1024(qtbot: QtBot, school: EquipmentUi, who: str) -> None:
    """At 1024×768 every button of the tab is shown whole, no sideways scroll bar."""
    page = open_page(qtbot, school, who)
    page.tabs.setCurrentWidget(page.loans)
    page.resize(1024 - 200, 768 - 90)  # the window's side bar and title take the rest
    settle(qtbot)
    tab = page.loans
    for button in (tab.new_button, tab.submit_button, tab.take_back_button, tab.book_button):
        assert button.isVisible()
        right = button.mapTo(tab, button.rect().topRight()).x()
        assert right <= tab.width(), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()
    assert tab.table.height() > 120 and tab.lines.height() > 60
