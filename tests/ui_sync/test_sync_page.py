"""The Đồng bộ page (issue 10 §5) with real widgets on a real SQLite school: the queue after
"Gửi ngay", a USB export, receipts taken back (a forged one listed as refused), a quarantined
package's reason, retry and helpdesk zip, the hub profile import and its rights, an expired
profile, the home page's line, the background schedule, and the page on a 1024×768 screen."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from app.db import utcnow
from app.errors import PermissionDenied
from app.home.figures import Tone
from app.runtime import Runtime
from app.sync import helpdesk, hub_profile, school_side, setup
from app.sync.outbox import OutboxPackage
from app.sync.receipt_file import ReceiptStatus
from tests.ui.helpers import type_into, user_info
from tests.ui.small_screen import page_problems, settle
from tests.ui_sync.conftest import SyncSchool, open_page
from ui import errors
from ui.app import build_main_window
from ui.confirm import Notice
from ui.file_dialogs import FolderDialog, OpenFileDialog, SaveFileDialog
from ui.home.figure_tile import FigureTile
from ui.home_widget import HomeWidget
from ui.pages import PageContext
from ui.screen import SMALLEST_CLIENT
from ui.sync import scheduler
from ui.sync.profile_dialog import ProfileDialog
from ui.sync.queue_model import QueueCol, ReceiptCol

SECRETARY = "u_secretary"


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the notices the page shows (instead of modal boxes)."""
    seen: list[str] = []
    monkeypatch.setattr(Notice, "ask", classmethod(lambda cls, p, title, text, warning=False:
                                                   seen.append(text)))  # fmt: skip
    return seen


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages of the error dialogs the page opens."""
    seen: list[str] = []
    monkeypatch.setattr(errors.ErrorDialog, "ask", classmethod(
        lambda cls, parent, title, message, details="", footer="": seen.append(message)))  # fmt: skip
    return seen


def _column(page: Any, model: Any, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _states(school: SyncSchool) -> list[str]:
    with school.db.read() as s:
        return list(s.scalars(select(OutboxPackage.state).order_by(OutboxPackage.first_seq)))


def _usb(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, p, t, s: folder))


def test_send_now_then_export_to_usb(
    qtbot: QtBot, school: SyncSchool, tmp_path: Path, notices: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """ "Gửi ngay" makes the packages (they wait: no network yet); "Xuất ra USB…" copies them to
    TruongSo/guidi/<school> and says how many, where; the states follow."""
    school.keep_profile()
    page = open_page(qtbot, school, SECRETARY)
    assert page.queue_model.rowCount() == 0 and page.send_button.isEnabled()
    page.send_button.click()
    settle(qtbot)
    assert "Đã lập 1 gói dữ liệu" in notices[-1] and "USB" in notices[-1]
    assert _column(page, page.queue_model, QueueCol.STATE) == ["Chờ gửi"]
    assert _column(page, page.queue_model, QueueCol.RANGE)[0].startswith("1–")
    assert "Chờ gửi: 1" in page.counts_label.text()

    usb = tmp_path / "usb"
    _usb(monkeypatch, usb)
    page.export_button.click()
    settle(qtbot)
    folder = usb / "TruongSo" / "guidi" / "THCS0001"
    written = list(folder.glob("*.tspkg"))
    assert len(written) == 1 and written[0].stat().st_size > 0
    assert "Đã chép 1 gói" in notices[-1] and str(folder) in notices[-1]
    assert _column(page, page.queue_model, QueueCol.STATE) == ["Đã gửi"]
    page.state_filter.setCurrentIndex(page.state_filter.findData("cho_gui"))
    assert page.queue_model.rowCount() == 0 and page.state_filter.currentText() == "Chờ gửi (0)"


def test_receipts_forged_one_refused_quarantine_retry_and_helpdesk(
    qtbot: QtBot, school: SyncSchool, tmp_path: Path, notices: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Receipts signed by the hub change the states; a forged one is listed with its reason and
    changes nothing; the quarantined package shows the hub's reason, goes to the helpdesk as a
    zip (the .tspkg and the text) and back to "Chờ gửi" on Gửi lại."""
    school.keep_profile()
    admin = school.actors["admin"]
    made = school_side.make_packages(school.db, admin, cap=25_000)
    assert len(made) >= 3
    usb = tmp_path / "usb"
    school_side.export_to(school.db, admin, usb)
    with school.db.read() as s:
        epoch = s.scalar(select(OutboxPackage.epoch))
    assert epoch is not None
    reason = "Lược đồ student@1 không đọc được."
    school.hub.receipt(usb, str(made[0]), epoch, ReceiptStatus.ACCEPTED)
    school.hub.receipt(usb, str(made[1]), epoch, ReceiptStatus.REJECTED, reason)
    school.hub.receipt(usb, str(made[2]), epoch, ReceiptStatus.ACCEPTED,
                       key=Ed25519PrivateKey.generate())  # fmt: skip
    page = open_page(qtbot, school, SECRETARY)
    _usb(monkeypatch, usb)
    page.receipts_button.click()
    settle(qtbot)
    assert "Đã nhận 2 biên nhận." in notices[-1]
    assert f"{made[2]}.json" in notices[-1] and "Chữ ký của biên nhận" in notices[-1]
    assert _states(school)[:3] == ["da_xac_nhan", "can_xu_ly", "da_gui"]
    assert _column(page, page.receipts_model, ReceiptCol.STATUS) == ["Đã nhận", "Bị từ chối"]
    assert page.tabs.tabText(1) == "Cần xử lý (1)"

    assert not page.retry_button.isEnabled()
    page.problems_table.selectRow(0)
    assert reason in page.problems_model.index(0, 2).data()
    assert reason in page.problem_detail.text() and str(made[1]) in page.problem_detail.text()
    dest = tmp_path / "gui-ho-tro.zip"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, p, t, s, f="": dest))
    page.helpdesk_button.click()
    settle(qtbot)
    with zipfile.ZipFile(dest) as z:
        names = z.namelist()
        text = z.read(helpdesk.INFO_NAME).decode("utf-8-sig")
    assert any(n.endswith(".tspkg") for n in names) and reason in text
    assert str(dest) in notices[-1]
    page.retry_button.click()
    settle(qtbot)
    assert _states(school)[1] == "cho_gui" and page.tabs.tabText(1) == "Cần xử lý (0)"
    assert "Chờ gửi" in _column(page, page.queue_model, QueueCol.STATE)


def test_profile_dialog_needs_the_fingerprint(qtbot: QtBot, school: SyncSchool) -> None:
    """Lưu hồ sơ stays disabled until the fingerprint typed back matches (or is ticked as read)."""
    profile = hub_profile.read_profile_file(school.hub.profile)
    dialog = ProfileDialog(profile)
    qtbot.addWidget(dialog)
    assert profile.fingerprint in dialog.fingerprint_label.text()
    assert not dialog.keep_button.isEnabled()
    type_into(dialog.typed, "0000-0000")
    assert not dialog.keep_button.isEnabled() and dialog.match_label.text() == "Chưa trùng khớp."
    dialog.typed.clear()
    type_into(dialog.typed, profile.fingerprint.lower())
    assert dialog.keep_button.isEnabled() and dialog.confirmed() == profile.fingerprint
    dialog.typed.clear()
    dialog.ticked.setChecked(True)
    assert dialog.keep_button.isEnabled() and dialog.confirmed() == profile.fingerprint


def test_profile_import_rights_and_fingerprint(
    qtbot: QtBot, school: SyncSchool, monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]
) -> None:
    """A secretary's button is disabled with why, and the service refuses her too; the IT
    coordinator's wrong fingerprint keeps nothing, the right one keeps the profile."""
    secretary_page = open_page(qtbot, school, SECRETARY)
    button = secretary_page.profile_card.import_button
    assert not button.isEnabled() and "Ban giám hiệu" in button.toolTip()
    assert not secretary_page.send_button.isEnabled()
    assert "hồ sơ máy chủ nhận" in secretary_page.profile_card.missing_label.text()
    with pytest.raises(PermissionDenied):
        setup.import_profile(school.actors["secretary"], school.hub.profile)

    page = open_page(qtbot, school, "u_it_coordinator")
    monkeypatch.setattr(
        OpenFileDialog, "ask", classmethod(lambda cls, p, t, s, f: school.hub.profile)
    )
    answers = iter(["0000-0000-0000-0000", None])
    monkeypatch.setattr(ProfileDialog, "ask", classmethod(lambda cls, p, profile: next(answers)))
    page.profile_card.import_button.click()
    settle(qtbot)
    assert "không khớp" in shown_errors[-1] and hub_profile.current_profile() is None
    page.profile_card.import_button.click()  # cancelled: nothing kept, nothing said
    settle(qtbot)
    assert len(shown_errors) == 1 and hub_profile.current_profile() is None
    monkeypatch.setattr(ProfileDialog, "ask", classmethod(lambda cls, p, prof: prof.fingerprint))
    page.profile_card.import_button.click()
    settle(qtbot)
    assert hub_profile.current_profile() is not None
    assert page.profile_card.name_label.text() == "Sở GD&ĐT Thanh Hóa"
    assert page.send_button.isEnabled() and secretary_page.send_button.isEnabled()


def test_expired_profile_in_red_with_what_to_do(qtbot: QtBot, school: SyncSchool) -> None:
    """An expired kept profile: its date in red, what to do, and nothing can be made."""
    profile = hub_profile.read_profile_file(school.hub.profile)
    old = hub_profile.HubProfile(profile.name, profile.url, profile.encryption_key,
                                 profile.signing_key, date.today() - timedelta(days=1))  # fmt: skip
    hub_profile.save_profile(old, old.fingerprint)
    page = open_page(qtbot, school, SECRETARY)
    card = page.profile_card
    assert card.until_label.objectName() == "statusBad" and "hết hạn" in card.until_label.text()
    assert card.missing_label.isVisible() and "xin tệp hồ sơ mới" in card.missing_label.text()
    assert not page.send_button.isEnabled() and "hết hạn" in page.send_button.toolTip()


def _sync_tile(qtbot: QtBot, school: SyncSchool, username: str) -> FigureTile | None:
    """The «Gói dữ liệu chờ cấp trên xác nhận lâu nhất» tile of ``username``'s home page once
    its figures are computed (None: the page has no such figure)."""
    home = HomeWidget(PageContext(Runtime(school.db), user_info(school.db, username)))
    qtbot.addWidget(home)
    home.show()
    qtbot.waitUntil(lambda: home.role_panel.page is not None, timeout=15_000)
    return home.role_panel.tiles.get("sync_oldest")


def test_home_figure_for_the_oldest_unconfirmed_package(qtbot: QtBot, school: SyncSchool) -> None:
    """«Không có» while nothing waits; the age once a package waits; a warning past
    7 days; opens the Đồng bộ page; never on a teacher's page."""
    school.keep_profile()
    tile = _sync_tile(qtbot, school, SECRETARY)
    assert tile is not None and tile.value_label.text() == "Không có"
    assert tile.figure.target is not None and tile.figure.target.page == "sync"
    made = school_side.make_packages(school.db, school.actors["secretary"])
    with school.db.uow(school.actors["admin"]) as s:
        s.execute(update(OutboxPackage).where(OutboxPackage.id == made[0])
                  .values(created_at=utcnow() - timedelta(days=3, hours=1)))  # fmt: skip
    tile = _sync_tile(qtbot, school, SECRETARY)
    assert tile is not None and tile.value_label.text() == "3 ngày"
    assert tile.figure.tone is Tone.PLAIN and tile.figure.count == 3
    with school.db.uow(school.actors["admin"]) as s:
        s.execute(update(OutboxPackage).values(created_at=utcnow() - timedelta(days=8)))
    tile = _sync_tile(qtbot, school, SECRETARY)
    assert tile is not None and tile.value_label.text() == "8 ngày"
    assert tile.figure.tone is Tone.WARN and "USB" in tile.figure.note
    assert _sync_tile(qtbot, school, "u_teacher") is None


def test_schedule_packages_quietly_and_shows_a_failure_on_the_page(
    qtbot: QtBot, school: SyncSchool, shown_errors: list[str], notices: list[str]
) -> None:
    """The timer's run makes packages with no dialog; a failure (a broken kept profile) is
    written on the page, never a popup."""
    school.keep_profile()
    page = open_page(qtbot, school, SECRETARY)
    timer = scheduler.SyncScheduler(page, school.db)
    timer.run_now()
    settle(qtbot)
    assert _column(page, page.queue_model, QueueCol.STATE) == ["Chờ gửi"]
    assert not page.schedule_error.isVisible()
    hub_profile.stored_profile_path().write_text("{hỏng", encoding="utf-8")
    timer.run_now()
    settle(qtbot)
    assert page.schedule_error.isVisible()
    assert (
        "Lập gói tự động" in page.schedule_error.text() and "bị hỏng" in page.schedule_error.text()
    )
    assert shown_errors == [] and notices == []
    scheduler.last_run.record("")  # the record is the window's: leave it clean


def test_page_fits_a_1024_screen(qtbot: QtBot, school: SyncSchool) -> None:
    """The secretary's Đồng bộ page with packages in the queue fits a maximised window on a
    1024×768 screen: no page scroll, no cut-off button."""
    school.keep_profile()
    school_side.make_packages(school.db, school.actors["admin"], cap=25_000)
    window = build_main_window(Runtime(school.db), user_info(school.db, SECRETARY))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(SMALLEST_CLIENT)
    window.show()
    qtbot.waitExposed(window)
    window.open_page("sync")
    settle(qtbot)
    assert window.size() == SMALLEST_CLIENT
    assert page_problems(window, "sync", "secretary sync") == []
    page = window.pages["sync"]
    for index in range(page.tabs.count()):  # type: ignore[attr-defined]
        page.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
        settle(qtbot)
        assert page_problems(window, "sync", f"tab {index}") == []
    table = page.queue_table  # type: ignore[attr-defined]
    assert not table.horizontalScrollBar().isVisible()


def test_the_window_runs_the_packaging_timer(qtbot: QtBot, school: SyncSchool) -> None:
    """The window starts the packaging timer with its background work (every 10 minutes) and
    stops it when it closes; a check after closing does nothing."""
    window = build_main_window(Runtime(school.db), user_info(school.db, SECRETARY))
    qtbot.addWidget(window)
    window.show()
    timer = window.sync_scheduler.timer
    assert not timer.isActive()
    window.start_background()
    assert timer.isActive() and timer.interval() == scheduler.CHECK_EVERY_MS == 600_000
    window.close()
    assert not timer.isActive()
    school.keep_profile()
    window.sync_scheduler._on_timer_timeout()  # the first check, due after closing
    assert not window.sync_scheduler.running and _states(school) == []
