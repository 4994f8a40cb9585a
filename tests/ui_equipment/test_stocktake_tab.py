"""The "Kiểm kê" tab with real widgets on the SQLite school: a session of Phòng Tin 1 opened
through its dialog, labels typed by a keyboard-wedge scanner (key events + Enter), a repeat
counted, an unknown label said in red without a dialog, the session resumed after the
database is closed and reopened, the preview, its application (journalled) and the record
PDF; a teacher only reads; the tab fits a 1024×768 screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import journal_view, setup
from app.db import Database, make_engine, sqlite_url
from app.equipment import register, rooms
from app.equipment import stocktake as stk
from app.equipment import stocktake_apply as stk_apply
from app.equipment.models import EquipmentItem
from app.equipment.stocktake_apply import Line
from app.errors import PermissionDenied
from app.runtime import Runtime
from tests.ui.helpers import user_info
from tests.ui.small_screen import settle
from tests.ui_equipment.conftest import OFFICER, TEACHER, EquipmentUi, open_page
from ui.confirm import Confirm
from ui.equipment.stocktake_dialogs import OpenStocktakeDialog, PreviewDialog, TickDialog
from ui.equipment.stocktake_tab import StocktakeTab
from ui.file_dialogs import SaveFileDialog
from ui.pages import PageContext

TIN = "Phòng Tin 1"


def open_tab(
    qtbot: QtBot, db: Database, username: str, size: tuple[int, int] = (1200, 720)
) -> StocktakeTab:
    """The tab as ``username`` sees it."""

    def room_names() -> list[str]:
        with db.read(ctx.actor) as s:
            return [r.name for r in rooms.list_rooms(s, ctx.actor)]

    ctx = PageContext(Runtime(db), user_info(db, username))
    tab = StocktakeTab(ctx, room_names)
    qtbot.addWidget(tab)
    tab.resize(*size)
    tab.show()
    settle(qtbot)
    return tab


def codes(tab: StocktakeTab, room: str, name: str = "") -> list[str]:
    """The codes of the units registered in ``room`` (named ``name``, if given)."""
    actor = tab.ctx.actor
    with tab.ctx.db.read(actor) as s:
        rows = register.list_items(s, actor, room=room)
    return [r.code for r in rows if not name or r.name == name]


def open_session(qtbot: QtBot, tab: StocktakeTab, monkeypatch: pytest.MonkeyPatch) -> None:
    """Open a session of Phòng Tin 1 through the dialog, with a committee of two."""

    def fill(self: OpenStocktakeDialog) -> int:
        self.room_box.setCurrentIndex(self.room_box.findText(TIN))
        self.committee_edit.setPlainText(
            "Trần Thị Lan, Phó hiệu trưởng\nLê Văn Hùng, Nhân viên thiết bị"
        )
        self.place_edit.setText(TIN)
        self.open_session()
        qtbot.waitUntil(lambda: self.info is not None)
        return 1

    monkeypatch.setattr(OpenStocktakeDialog, "exec", fill)
    tab.open_button.click()
    qtbot.waitUntil(lambda: tab.current is not None and tab.current.is_open)


def scan(qtbot: QtBot, tab: StocktakeTab, code: str) -> None:
    """What a keyboard-wedge scanner does: the code typed fast, then Enter."""
    qtbot.keyClicks(tab.scan_edit, code)
    qtbot.keyClick(tab.scan_edit, Qt.Key.Key_Return)


def test_scans_are_recorded_at_once_and_resume_after_a_reopen(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two computers scanned, one twice (counted quietly), an unknown label (red status line,
    no dialog); the database closed and reopened: the session is chosen again with its scans."""
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    tab = open_tab(qtbot, school.db, OFFICER)
    open_session(qtbot, tab, monkeypatch)
    assert tab.current is not None and tab.current.scope == TIN
    assert tab.table.rowCount() == 1 and tab.scan_edit.isEnabled()
    computers = codes(tab, TIN)
    assert len(computers) == 3
    scan(qtbot, tab, computers[0].lower())  # Caps Lock off: still the same code
    assert "có mặt" in tab.status_label.text()
    assert tab.status_label.objectName() == "muted"
    scan(qtbot, tab, computers[1])
    scan(qtbot, tab, computers[1])
    assert "lần thứ 2" in tab.status_label.text() and tab.status_label.objectName() == "muted"
    assert beeps == []
    scan(qtbot, tab, "TB-KHONG-CO-9")
    assert "TB-KHONG-CO-9" in tab.status_label.text()
    assert tab.status_label.objectName() == "errorText"
    assert QApplication.activeModalWidget() is None
    assert beeps == [1]
    assert tab.scan_edit.text() == ""
    assert tab.recent_list.count() == 4
    assert [tab.table.item(0, c).text() for c in (5, 6)] == ["4", "3"]
    qtbot.waitUntil(
        lambda: tab.counts_label.text() == "Đã quét: 3 mã (4 lượt) · theo sổ: 3 thiết bị"
    )
    path = Path(str(school.db.engine.url.database))
    tab.close()
    school.db.dispose()

    db = Database(make_engine(sqlite_url(path)))
    setup.load_school_code(db)
    try:
        again = open_tab(qtbot, db, OFFICER)
        assert again.current is not None and again.current.is_open
        assert (again.current.scans, again.current.codes) == (4, 3)
        assert "đã có 4 lượt quét" in again.status_label.text()
        scan(qtbot, again, computers[2])
        with db.read() as s:
            info = stk.stocktake_status(s, again.ctx.actor, again.current.number)
        assert (info.scans, info.codes) == (5, 4)
    finally:
        db.dispose()


def test_preview_then_apply_changes_the_register_and_the_record_is_written(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One computer missing, the projector of Phòng học 6A1 found in Phòng Tin 1: the preview
    lists both; applying with the move ticked writes thất lạc and the new room (journalled),
    the session turns read-only, and the record PDF is written."""
    tab = open_tab(qtbot, school.db, OFFICER)
    open_session(qtbot, tab, monkeypatch)
    computers = codes(tab, TIN)
    [projector] = codes(tab, "Phòng học 6A1", "Máy chiếu đa năng")
    for code in (*computers[:2], projector):
        scan(qtbot, tab, code)
    assert tab.status_label.objectName() == "errorText"  # another room's unit: said in red
    seen: list[str] = []

    def review(self: PreviewDialog) -> int:
        assert self.apply_button.isEnabled()
        assert computers[2] in self.lists["missing"].item(0).text()
        assert projector in self.lists["wrong_room"].item(0).text()
        assert self.lists["found"].count() == 2
        self.move_check.setChecked(True)
        self.apply_button.click()
        return self.result()

    def confirm(_cls: object, _parent: object, _title: str, text: str, _yes: str = "") -> bool:
        seen.append(text)
        return True

    monkeypatch.setattr(PreviewDialog, "exec", review)
    monkeypatch.setattr(Confirm, "ask", classmethod(confirm))
    tab.preview_button.click()
    qtbot.waitUntil(lambda: tab.current is not None and not tab.current.is_open)
    assert "1 thiết bị không tìm thấy" in seen[0] and "chuyển sổ về phòng thực tế" in seen[0]
    assert not tab.scan_edit.isEnabled()
    assert "đã áp dụng" in tab.scan_edit.toolTip()
    with school.db.read() as s:
        lost = s.scalar(select(EquipmentItem).where(EquipmentItem.code == computers[2]))
        moved = s.scalar(select(EquipmentItem).where(EquipmentItem.code == projector))
        assert lost is not None and moved is not None
        assert lost.condition == "that_lac"
        assert rooms.room_by_name(s, TIN).id == moved.room_id
        history = journal_view.records_history(s, tab.ctx.actor, [(register.ITEM, str(lost.id))],
                                               revealed=False)  # fmt: skip
    assert "Kiểm kê số 1" in history[-1].reason

    target = tmp_path / "bien-ban"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda *_a: target))
    tab.print_button.click()
    qtbot.waitUntil(lambda: "Đã ghi biên bản" in tab.status_label.text())
    pdf = target.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_teacher_reads_but_cannot_open_or_scan(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session the officer opened: the teacher sees it, every writing control disabled
    with the reason in its tooltip; the service refuses the teacher's scan anyway."""
    officer = open_tab(qtbot, school.db, OFFICER)
    open_session(qtbot, officer, monkeypatch)
    tab = open_tab(qtbot, school.db, TEACHER)
    assert tab.current is not None and tab.current.is_open
    assert tab.preview_button.isEnabled() and tab.print_button.isEnabled()
    for widget in (tab.open_button, tab.scan_edit, tab.tick_button, tab.condition_box):
        assert not widget.isEnabled()
        assert "cán bộ phụ trách thiết bị" in widget.toolTip()
    with school.db.uow(actor=tab.ctx.actor) as s, pytest.raises(PermissionDenied):
        stk.record_scan(s, tab.ctx.actor, tab.current.number, codes(tab, TIN)[0])


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_the_scanning_view_fits_an_office_screen(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """Within the page's share of the screen (the side bar, the page's margins and header,
    the tab bar, the window's menu and status bars taken off), no control is cut off."""
    tab = open_tab(qtbot, school.db, OFFICER, (size[0] - 290, size[1] - 230))
    open_session(qtbot, tab, monkeypatch)
    settle(qtbot)
    assert tab.minimumSizeHint().width() <= tab.width()
    assert tab.minimumSizeHint().height() <= tab.height()
    for widget in (tab.scan_edit, tab.tick_button, tab.counts_label, tab.recent_list):
        corner = widget.mapTo(tab, widget.rect().bottomRight())
        assert tab.rect().contains(corner), widget


def test_the_page_has_the_stocktake_tab(qtbot: QtBot, school: EquipmentUi) -> None:
    """The Thiết bị page shows "Kiểm kê" with the page's rooms for a whole-school session."""
    page = open_page(qtbot, school, OFFICER)
    labels = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Kiểm kê" in labels
    page.tabs.setCurrentWidget(page.stocktake)
    assert sorted(page.stocktake.rooms()) == ["Phòng Tin 1", "Phòng học 6A1"]


def test_a_whole_school_session_scans_in_the_chosen_room_and_ticks_a_unit_by_hand(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole-school session: the room being counted is chosen beside the scan box; a unit
    without a label is ticked from the list of those not scanned yet, with its condition."""

    def fill(self: OpenStocktakeDialog) -> int:
        assert self.room_box.currentText() == "Toàn trường"
        self.committee_edit.setPlainText("Trần Thị Lan")
        self.open_session()
        qtbot.waitUntil(lambda: self.info is not None)
        return 1

    monkeypatch.setattr(OpenStocktakeDialog, "exec", fill)
    tab = open_tab(qtbot, school.db, OFFICER)
    tab.open_button.click()
    qtbot.waitUntil(lambda: tab.current is not None and tab.current.room is None)
    assert tab.scan_room_box.isVisibleTo(tab)
    tab.scan_room_box.setCurrentIndex(tab.scan_room_box.findText(TIN))
    computers = codes(tab, TIN)
    scan(qtbot, tab, computers[0])
    assert "có mặt" in tab.status_label.text()
    offered: list[str] = []

    def pick(_cls: object, _parent: object, lines: list[Line]) -> str:
        offered.extend(line.code for line in lines)
        return computers[1]

    monkeypatch.setattr(TickDialog, "ask", classmethod(pick))
    tab.condition_box.setCurrentIndex(tab.condition_box.findData("hong_nhe"))
    tab.tick_button.click()
    qtbot.waitUntil(lambda: bool(offered))
    assert computers[1] in offered and computers[0] not in offered
    assert "có mặt" in tab.status_label.text()
    assert tab.condition_box.currentData() is None  # the condition was for that unit only
    with school.db.read(tab.ctx.actor) as s:
        preview = stk_apply.preview(s, tab.ctx.actor, tab.current.number)
    assert [(c.code, c.after) for c in preview.changes] == [(computers[1], "hong_nhe")]
