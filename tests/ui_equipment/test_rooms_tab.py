"""The "Phòng học" tab with real widgets on the SQLite school: a room added, then edited
through Sửa phòng… (its area and notes kept, the reason journalled), a room's labels, and
edits dropped only after the question."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import journal_view
from app.equipment import rooms
from app.equipment.labels import LAYOUTS
from app.equipment.models import Room
from app.journal_read import iter_changes
from tests.ui_equipment.conftest import OFFICER, EquipmentUi, open_page
from ui.confirm import Unsaved, UnsavedQuestion
from ui.equipment.action_dialogs import LabelsDialog
from ui.equipment.room_dialog import RoomDialog
from ui.file_dialogs import SaveFileDialog


def _names(page: object) -> list[str]:
    model = page.rooms.model  # type: ignore[attr-defined]
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _select(page: object, name: str) -> None:
    page.rooms.table.selectRow(_names(page).index(name))  # type: ignore[attr-defined]


def test_a_room_is_added_then_edited_with_its_area_and_notes_kept(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phòng Tin 3 is added (listed, offered by the register's room filter); raising its
    capacity through Sửa phòng… keeps its area and notes and journals the reason."""
    page = open_page(qtbot, school, OFFICER)
    dialog = RoomDialog(page, school.db, page.ctx.actor)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Phòng Tin 3")
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findText("Phòng máy tính"))
    dialog.area_spin.setValue(64.5)
    dialog.notes_edit.setText("Tầng 2, dãy nhà B")
    dialog.save_edits()
    qtbot.waitUntil(lambda: dialog.result_text != "")
    qtbot.waitUntil(lambda: "Phòng Tin 3" in _names(page))
    assert page.register.room_box.findText("Phòng Tin 3") >= 0

    def edit(self: RoomDialog) -> int:
        assert self.notes_edit.text() == "Tầng 2, dãy nhà B" and self.area_spin.value() == 64.5
        self.capacity_spin.setValue(40)
        self.reason_edit.setText("Kê thêm bàn máy")
        self.save_edits()
        qtbot.waitUntil(lambda: self.result_text != "")
        return 1

    monkeypatch.setattr(RoomDialog, "exec", edit)
    _select(page, "Phòng Tin 3")
    page.rooms.edit_button.click()
    with school.db.read() as s:
        room = s.scalar(select(Room).where(Room.name == "Phòng Tin 3"))
        assert room is not None
        assert (room.capacity, room.area_m2, room.notes) == (
            40,
            Decimal("64.5"),
            "Tầng 2, dãy nhà B",
        )
        assert room.kind == "phong_may_tinh"
        history = journal_view.records_history(
            s, page.ctx.actor, [(rooms.ROOM, str(room.id))], revealed=False
        )
    assert page.register.status_label.text() == "Đã lưu phòng «Phòng Tin 3»."
    last = history[-1]
    assert last.reason == "Kê thêm bàn máy"
    assert [(f, o, n) for _r, f, o, n in iter_changes([last])] == [("capacity", 45, 40)]


def test_a_rooms_labels(
    qtbot: QtBot, school: EquipmentUi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In nhãn của phòng… writes the labels of the room's three computers on a 3×8 sheet."""
    page = open_page(qtbot, school, OFFICER)
    _select(page, "Phòng Tin 1")
    assert page.rooms.labels_button.isEnabled()
    paper = LAYOUTS["3x8"]
    monkeypatch.setattr(LabelsDialog, "ask", classmethod(lambda cls, p, n, what: (paper, 1)))
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(
        lambda cls, p, t, s, f="": tmp_path / "phong-tin-1.pdf"))  # fmt: skip
    page.rooms.labels_button.click()
    qtbot.waitUntil(lambda: page.register.status_label.text().startswith("Đã ghi"))
    assert (tmp_path / "phong-tin-1.pdf").read_bytes().startswith(b"%PDF")
    assert page.register.status_label.text().startswith("Đã ghi 3 nhãn (1 trang)")


def test_room_edits_are_dropped_only_after_asking(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hủy with a changed name asks; Không lưu closes without writing."""
    page = open_page(qtbot, school, OFFICER)
    dialog = RoomDialog(page, school.db, page.ctx.actor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert not dialog.isVisible()  # nothing edited: closes without a question
    dialog = RoomDialog(page, school.db, page.ctx.actor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Phòng Âm nhạc")
    asked: list[str] = []
    monkeypatch.setattr(UnsavedQuestion, "ask", classmethod(
        lambda cls, p, text: asked.append(text) or Unsaved.DISCARD))  # fmt: skip
    dialog.reject()
    assert asked == ["Thêm phòng có thay đổi chưa lưu. Lưu lại các thay đổi này?"]
    assert not dialog.isVisible() and "Phòng Âm nhạc" not in _names(page)
