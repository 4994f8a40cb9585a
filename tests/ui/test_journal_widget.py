"""The journal viewer lists entries, filters them in SQL and shows each field old → new."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app import accounts, journal
from app.accounts import UserInfo
from app.journal import JournalFilter
from app.runtime import Runtime
from ui.confirm import Notice
from ui.history_dialog import HistoryDialog
from ui.journal_model import ChangeColumn, ChangesModel, Column, JournalModel
from ui.journal_widget import JournalWidget
from ui.pages import PageContext


def _rename_teacher(runtime: Runtime, admin: UserInfo) -> None:
    actor = admin.actor()
    with runtime.db.uow(actor=actor, reason="Sửa chính tả họ tên") as s:
        accounts.update_user(s, actor, "u_teacher", full_name="Nguyễn Văn Giáo")


def _widget(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> JournalWidget:
    widget = JournalWidget(PageContext(runtime, admin))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_lists_every_entry_newest_first(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> None:
    """All journal entries are listed, the newest on top."""
    with runtime.db.read() as s:
        expected = [r.seq for r in journal.query(s)]
    widget = _widget(qtbot, runtime, admin)
    shown = [int(widget.model.index(r, Column.SEQ).data()) for r in range(widget.model.rowCount())]
    assert shown == expected
    assert shown == sorted(shown, reverse=True)
    assert widget.count_label.text() == f"{len(expected)} mục"


def test_filters_by_entity_type(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> None:
    """Choosing "Năm học" keeps only school-year entries."""
    widget = _widget(qtbot, runtime, admin)
    index = widget.entity_combo.findData("school_year")
    assert widget.entity_combo.itemText(index) == "Năm học"
    widget.entity_combo.setCurrentIndex(index)
    with runtime.db.read() as s:
        expected = journal.query(s, JournalFilter(entity_type="school_year"))
    assert widget.model.rowCount() == len(expected) >= 1
    entities = {widget.model.index(r, Column.ENTITY).data() for r in range(widget.model.rowCount())}
    assert entities == {"Năm học"}


def test_detail_shows_old_and_new_values_and_reason(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo
) -> None:
    """Selecting an update shows the changed field, old → new, and the reason given."""
    widget = _widget(qtbot, runtime, admin)
    _rename_teacher(runtime, admin)
    widget.refresh()
    widget.table.selectRow(0)
    detail = widget.detail_model
    assert detail.rowCount() == 1
    assert detail.index(0, ChangeColumn.FIELD).data() == "Họ và tên"
    assert detail.index(0, ChangeColumn.OLD).data() == "Người dùng teacher"
    assert detail.index(0, ChangeColumn.NEW).data() == "Nguyễn Văn Giáo"
    assert widget.reason_label.text() == "Lý do: Sửa chính tả họ tên"


def test_text_and_operation_filters(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> None:
    """The free-text and operation filters narrow the list to the matching update."""
    _rename_teacher(runtime, admin)
    widget = _widget(qtbot, runtime, admin)
    widget.op_combo.setCurrentIndex(widget.op_combo.findData(journal.OP_UPDATE))
    widget.text_edit.setText("Giáo")
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1)
    assert widget.model.index(0, Column.SUMMARY).data() == "Họ và tên"
    assert widget.model.index(0, Column.OP).data() == "Sửa"


def test_verify_button_reports_an_intact_chain(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Kiểm tra toàn vẹn" runs journal.verify in the background and reports the result."""
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        Notice,
        "ask",
        classmethod(lambda cls, p, t, text, warning=False: shown.append((text, warning))),
    )
    widget = _widget(qtbot, runtime, admin)
    widget.verify_button.click()
    qtbot.waitUntil(lambda: bool(shown))
    with runtime.db.read() as s:
        count = journal.verify(s).count
    assert shown == [
        (f"Nhật ký toàn vẹn: {count} mục, không có mắt xích nào bị sửa hay xóa.", False)
    ]


def test_history_dialog_lists_one_records_changes(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo
) -> None:
    """A user's history shows its creation and the later rename, with who did it."""
    _rename_teacher(runtime, admin)
    with runtime.db.read() as s:
        info = accounts.get_user(s, "u_teacher")
        records = journal.history(s, "user_account", str(info.id))
    dialog = HistoryDialog(None, records, "user_account", "Tài khoản u_teacher")
    qtbot.addWidget(dialog)
    fields = [
        dialog.model.index(r, ChangeColumn.FIELD).data() for r in range(dialog.model.rowCount())
    ]
    assert "Tên đăng nhập" in fields
    last = dialog.model.rowCount() - 1
    assert dialog.model.index(last, ChangeColumn.NEW).data() == "Nguyễn Văn Giáo"
    assert dialog.model.index(last, ChangeColumn.USER).data() == "admin"
    assert dialog.model.index(last, ChangeColumn.REASON).data() == "Sửa chính tả họ tên"


def test_journal_models_pass_qtmodeltester(qtmodeltester, runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    """Both journal models obey Qt's model contract."""
    with runtime.db.read() as s:
        records = journal.query(s)
    model = JournalModel()
    model.set_rows(records)
    qtmodeltester.check(model)
    changes = ChangesModel()
    changes.set_records(records)
    qtmodeltester.check(changes)
