"""The Sao lưu và khôi phục dialog offscreen, on real backups in temporary folders: back up to
the default folder and a USB stick, a full check, a restore in the real main window whose data
is then the backup's, a damaged backup that changes nothing, the key out and back in."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import settings
from app.accounts import User, UserInfo
from app.runtime import Runtime
from app.safety import backup, keys, restore_points
from tests.conftest import Seeded
from tests.ui.helpers import user_info
from tests.ui_backups.conftest import Boxes
from ui import ops
from ui.backup_dialog import BackupDialog
from ui.backup_model import Col
from ui.file_dialogs import FolderDialog, OpenFileDialog
from ui.pages import PageContext
from ui.settings_widget import SettingsWidget


def _dialog(qtbot: QtBot, ctx: PageContext, parent: SettingsWidget | None = None) -> BackupDialog:
    dialog = BackupDialog(ctx, parent)
    if parent is None:
        qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: ops.running() == 0)
    return dialog


def _texts(dialog: BackupDialog, column: Col) -> list[str]:
    model = dialog.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _usernames(runtime: Runtime) -> set[str]:
    with runtime.db.read() as s:
        return set(s.scalars(select(User.username)))


def _folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, *a: folder))


def test_back_up_to_the_default_folder_and_a_usb_stick(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sao lưu ngay writes into the settings' folder, «Chọn thư mục/USB…» onto the stick; the
    table lists both, newest first, with date, size, folder and «Khôi phục được»."""
    dialog = _dialog(qtbot, PageContext(runtime, admin))
    assert dialog.model.rowCount() == 0 and not dialog.restore_button.isEnabled()
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20_000)
    usb = tmp_path / "usb"
    _folder(monkeypatch, usb)
    dialog.backup_to_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=20_000)
    home = settings.load().effective_backup_dir()
    assert _texts(dialog, Col.FOLDER) == [str(usb), str(home)]
    assert _texts(dialog, Col.STATE) == ["Khôi phục được", "Khôi phục được"]
    assert all(t.endswith(("KB", "MB")) for t in _texts(dialog, Col.SIZE))
    newest = backup.latest_backup(usb)
    assert newest is not None and dialog.selected() is not None
    assert dialog.selected().path == newest.path  # type: ignore[union-attr]
    assert str(newest.path) in dialog.status_label.text()
    assert dialog.restore_button.isEnabled() and dialog.check_button.isEnabled()


def test_a_full_check_marks_the_row(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«Kiểm tra kỹ» on a good backup says it passed; on a copy with one changed byte, found in
    another folder, it says why it failed; neither touches the database."""
    made = backup.create_backup(runtime.db, admin.actor(), tmp_path / "a")
    raw = bytearray(made.path.read_bytes())
    raw[-40] ^= 0xFF
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / made.path.name.replace(".tsbak", "-sua.tsbak")).write_bytes(bytes(raw))
    dialog = _dialog(qtbot, PageContext(runtime, admin))
    for folder in ("a", "b"):
        _folder(monkeypatch, tmp_path / folder)
        dialog.browse_button.click()
        qtbot.waitUntil(lambda: ops.running() == 0)
    assert dialog.model.rowCount() == 2
    for row, expected in ((0, "Đã kiểm tra: tốt"), (1, "Kiểm tra: hỏng")):
        dialog.table.selectRow(row)
        path = dialog.selected().path  # type: ignore[union-attr]
        dialog.check_button.click()
        qtbot.waitUntil(lambda p=path: p in dialog.model.checked, timeout=20_000)
        assert dialog.model.index(row, Col.STATE).data() == expected
    assert restore_points.list_points() == []


def test_the_key_goes_out_with_its_sheet_and_comes_back_in(
    qtbot: QtBot,
    runtime: Runtime,
    admin: UserInfo,
    boxes: Boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """«Xuất khóa sao lưu…» writes the key file and the printed sheet on the stick; «Nhập khóa
    sao lưu…» on a PC that lost the key asks (naming the fingerprint), then stores it."""
    dialog = _dialog(qtbot, PageContext(runtime, admin))
    assert "chưa có khóa sao lưu" in dialog.fingerprint_label.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    _folder(monkeypatch, usb)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(boxes.notices), timeout=20_000)
    fp = keys.key_fingerprint("THCS0001")
    assert fp is not None
    qtbot.waitUntil(lambda: fp in dialog.fingerprint_label.text())
    key_file = next(usb.glob("khoa-sao-luu-THCS0001-*.txt"))
    assert next(usb.glob("phieu-khoa-sao-luu-THCS0001-*.pdf")).stat().st_size > 0
    keys.store_key("THCS0001", bytes(range(32)))  # this PC now uses another key
    monkeypatch.setattr(OpenFileDialog, "ask", classmethod(lambda cls, *a: key_file))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Đã lưu khóa sao lưu" in dialog.status_label.text(), timeout=20_000)
    assert fp in boxes.questions[0] and "đang dùng một khóa khác" in boxes.questions[0]
    assert keys.key_fingerprint("THCS0001") == fp


@pytest.mark.parametrize("role", ["it_coordinator", "principal", "teacher"])
def test_only_the_admin_gets_the_dialog(
    qtbot: QtBot, ui_seeded: Seeded, runtime: Runtime, role: str
) -> None:
    """Settings shows «Sao lưu và khôi phục…» to the admin only; the IT coordinator keeps the
    plain key export the card had."""
    user = user_info(runtime.db, f"u_{role}")
    page = SettingsWidget(PageContext(runtime, user))
    qtbot.addWidget(page)
    page.show()
    assert not page.backups_button.isVisible()
    assert page.export_button.isVisible() == (role == "it_coordinator")


@pytest.mark.parametrize("seeded", ["postgresql"], indirect=True)
def test_on_postgresql_only_the_key_part_is_there(
    qtbot: QtBot, seeded: Seeded, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a PostgreSQL school the dialog says the server backs up and restores, shows no list,
    and still exports the key with its sheet."""
    admin = user_info(seeded.db, "admin")
    dialog = _dialog(qtbot, PageContext(Runtime(seeded.db), admin))
    assert dialog.banner.isVisible() and "pg_dump" in dialog.banner.text()
    assert not dialog.backups_card.isVisible()
    _folder(monkeypatch, tmp_path)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(boxes.notices), timeout=20_000)
    assert len(list(tmp_path.glob("phieu-khoa-sao-luu-*.pdf"))) == 1
