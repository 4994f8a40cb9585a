"""The journal page (issue 17 §5): every entry described, an empty result naming its filters
with "Bỏ lọc", and the access log in its own tab for the administrator only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app import access_log, accounts, journal
from app.access_log import AccessEvent
from app.accounts import UserInfo
from app.errors import AuthError
from app.runtime import Runtime
from tests.conftest import PASSWORD
from tests.ui.helpers import user_info
from ui.access_log_widget import AccessColumn
from ui.journal_model import Column
from ui.journal_widget import JournalWidget
from ui.pages import PageContext


def _widget(qtbot: QtBot, runtime: Runtime, user: UserInfo) -> JournalWidget:
    widget = JournalWidget(PageContext(runtime, user))
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.show()
    return widget


def _column(model: object, column: int) -> list[str]:
    m = model  # a QAbstractTableModel
    return [str(m.index(r, column).data() or "") for r in range(m.rowCount())]  # type: ignore[attr-defined]


def test_every_row_has_a_description(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> None:
    """The "Nội dung" column is filled on every row, and signing in added no row."""
    with runtime.db.read() as s:
        before = journal.verify(s).count
    accounts.login(runtime.db, "u_teacher", PASSWORD)
    widget = _widget(qtbot, runtime, admin)
    assert widget.model.rowCount() == before
    assert all(_column(widget.model, Column.SUMMARY))


def test_an_empty_result_names_the_filters_and_reset_restores_rows(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo
) -> None:
    """Operation Xóa and the text "xyz" hide every entry: both are named; "Bỏ lọc" clears them."""
    widget = _widget(qtbot, runtime, admin)
    everything = widget.model.rowCount()
    widget.op_combo.setCurrentIndex(widget.op_combo.findData(journal.OP_DELETE))
    widget.text_edit.setText("xyz")
    widget.filters.typing.timeout.emit()
    empty = widget.rows_or_empty.empty
    assert widget.model.rowCount() == 0 and widget.rows_or_empty.showing_empty
    assert empty.message_label.text() == (
        "Không có mục nhật ký nào khớp: thao tác Xóa, nội dung “xyz”."
    )
    empty.reset_button.click()
    assert widget.model.rowCount() == everything and not widget.rows_or_empty.showing_empty
    assert widget.text_edit.text() == "" and widget.op_combo.currentIndex() == 0


def test_the_admin_reads_sign_ins_in_the_access_tab(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo
) -> None:
    """The second tab lists sign-ins and failures, newest first; filtering by a kind that has
    no entry names it, and "Bỏ lọc" brings the entries back."""
    accounts.login(runtime.db, "u_teacher", PASSWORD)
    with pytest.raises(AuthError):
        accounts.login(runtime.db, "u_teacher", "sai-mat-khau1")
    widget = _widget(qtbot, runtime, admin)
    assert widget.access_log is not None
    widget.tabs.setCurrentWidget(widget.access_log)
    log = widget.access_log
    assert _column(log.model, AccessColumn.EVENT) == ["Đăng nhập không thành công", "Đăng nhập"]
    assert _column(log.model, AccessColumn.DETAIL)[0] == (
        "Không đăng nhập được: sai mật khẩu (lần 1/5)"
    )
    log.event_combo.setCurrentIndex(log.event_combo.findData("locked_out"))
    assert log.rows_or_empty.showing_empty
    assert log.rows_or_empty.empty.message_label.text() == (
        "Không có mục nào khớp: sự kiện tài khoản bị khóa tạm thời."
    )
    log.rows_or_empty.empty.reset_button.click()
    assert log.model.rowCount() == 2


def test_no_access_tab_for_the_it_coordinator(qtbot: QtBot, runtime: Runtime) -> None:
    """The IT coordinator reads the change journal, not who signed in."""
    widget = _widget(qtbot, runtime, user_info(runtime.db, "u_it_coordinator"))
    assert widget.access_log is None and not hasattr(widget, "tabs")


def test_leaving_the_window_logs_a_sign_out(
    qtbot: QtBot, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Đăng xuất" ends the session: the access log gets the user's sign-out, the journal nothing."""
    from ui import app as ui_app
    from ui.login_dialog import LoginDialog

    user = accounts.login(runtime.db, "u_secretary", PASSWORD)
    built = ui_app.build_main_window

    def build(rt: Runtime, who: UserInfo) -> object:
        window = built(rt, who)
        QTimer.singleShot(0, window.logout_requested.emit)
        return window

    monkeypatch.setattr(ui_app, "build_main_window", build)
    monkeypatch.setattr(ui_app, "show_keyring_notice", lambda parent, who: None)
    monkeypatch.setattr(LoginDialog, "ask", classmethod(lambda cls, parent, db: None))
    with runtime.db.read() as s:
        before = journal.verify(s).count
    assert ui_app.run_session(runtime, user) is None
    admin = user_info(runtime.db, "admin").actor()
    with runtime.db.read() as s:
        rows = access_log.entries(s, admin, access_log.AccessFilter(username="u_secretary"))
        assert journal.verify(s).count == before
    assert [r.event for r in rows] == [AccessEvent.SIGN_OUT, AccessEvent.SIGN_IN]
