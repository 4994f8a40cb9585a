"""Sensitive student fields on the screens that show the journal, for every role.

The journal viewer, a record's history dialog and the student form's history tab
must never show a personal ID or health note to a role that may not see it, and
show it to one that may only after "Hiện", a reveal logged in the access log.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from app import access_log, journal
from app import students as st
from app.access_log import AccessEvent, AccessFilter, AccessRecord
from app.errors import PermissionDenied
from app.journal_view import MASKED
from app.permissions import GRANTS, Perm, Role
from tests.students.journal_privacy import GUARDIAN_PID, HEALTH, HEALTH_NEW, PID, SECRETS
from tests.ui_students.conftest import School
from ui.history_dialog import HistoryDialog
from ui.journal_model import Column
from ui.journal_widget import JournalWidget
from ui.navigation import visible_pages
from ui.students.student_dialog import StudentDialog
from ui.students.student_history import ChangeHistoryTab


@dataclass
class Private:
    """The school with one student of 6A1 holding sensitive data, and that student's ids."""

    school: School
    student_id: object
    guardian_id: str


@pytest.fixture
def private(school: School) -> Private:
    """A student with a personal ID and health notes, a father with an ID, and one health update."""
    saved = school.add(
        "Trần Thị Bích", "02/02/2014", "Nữ", personal_id=PID, height_cm=138.5, health_notes=HEALTH
    )
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        gid = st.add_guardian(
            s, sec, saved.id, st.GuardianInput("cha", "Trần Văn Cường", personal_id=GUARDIAN_PID)
        ).id
    with school.db.uow(actor=sec) as s:
        data = st.StudentInput(full_name="Trần Thị Bích", health_notes=HEALTH_NEW)
        st.update_student(s, sec, saved.id, data, reason="Theo phiếu khám")
    return Private(school, saved.id, str(gid))


def _holds(role: Role, perm: Perm) -> bool:
    return perm in GRANTS[role]


def _cells(model: object) -> list[str]:
    """Every displayed cell of a table model."""
    m = model  # a QAbstractTableModel
    return [
        str(m.index(r, c).data() or "")  # type: ignore[attr-defined]
        for r in range(m.rowCount())  # type: ignore[attr-defined]
        for c in range(m.columnCount())  # type: ignore[attr-defined]
    ]


def _leaked(cells: list[str]) -> set[str]:
    text = "\n".join(cells)
    return {secret for secret in SECRETS if secret in text}


def _viewer(qtbot: QtBot, p: Private, role: Role) -> JournalWidget:
    widget = JournalWidget(p.school.ctx(role.value))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _select_student_update(widget: JournalWidget, p: Private) -> None:
    for row in range(widget.model.rowCount()):
        rec = widget.model.record_at(row)
        if rec and rec.entity_id == str(p.student_id) and rec.op == journal.OP_UPDATE:
            widget.table.selectRow(row)
            return
    raise AssertionError("the student's update is not listed")


def _view_events(p: Private) -> list[AccessRecord]:
    """The sensitive-data views in the access log, newest first."""
    admin = p.school.actor("admin")
    with p.school.db.read() as s:
        return access_log.entries(s, admin, AccessFilter(event=AccessEvent.SENSITIVE_VIEWED))


# ---------------------------------------------------------------- journal viewer


@pytest.mark.parametrize("role", list(Role))
def test_journal_viewer_per_role(qtbot: QtBot, private: Private, role: Role) -> None:
    """The journal viewer never shows sensitive values in its list or detail; only roles that may see them can reveal one entry, logged."""
    if not _holds(role, Perm.VIEW_JOURNAL):
        actor = private.school.actor(role.value)
        assert "journal" not in {p.key for p in visible_pages(actor)}
        with pytest.raises(PermissionDenied):
            JournalWidget(private.school.ctx(role.value))
        return
    widget = _viewer(qtbot, private, role)
    assert _leaked(_cells(widget.model)) == set()
    for row in range(widget.model.rowCount()):
        widget.table.selectRow(row)
        assert _leaked(_cells(widget.detail_model)) == set()
    _select_student_update(widget, private)
    assert MASKED in _cells(widget.detail_model)
    assert widget.masked_label.text()
    may_reveal = _holds(role, Perm.VIEW_SENSITIVE)
    assert widget.reveal_button.isVisibleTo(widget) is may_reveal
    if not may_reveal:
        assert "không có quyền xem" in widget.masked_label.text()
        return
    before = len(_view_events(private))
    widget.reveal_button.click()
    qtbot.waitUntil(lambda: HEALTH_NEW in _cells(widget.detail_model), timeout=5000)
    assert HEALTH in _cells(widget.detail_model) and widget.masked_label.text() == ""
    events = _view_events(private)[: len(_view_events(private)) - before]
    assert [(e.entity_id, e.username) for e in events] == [
        (str(private.student_id), f"u_{role.value}")
    ]


@pytest.mark.parametrize("role", list(Role))
def test_journal_viewer_search_per_role(qtbot: QtBot, private: Private, role: Role) -> None:
    """Typing a personal ID in the viewer's search finds its entries only for roles that may see it."""
    if not _holds(role, Perm.VIEW_JOURNAL):
        with pytest.raises(PermissionDenied):
            JournalWidget(private.school.ctx(role.value))
        return
    widget = _viewer(qtbot, private, role)
    widget.text_edit.setText(PID)
    if _holds(role, Perm.VIEW_SENSITIVE):
        qtbot.waitUntil(lambda: widget.model.rowCount() > 0, timeout=3000)
        ids = {widget.model.record_at(r).entity_id for r in range(widget.model.rowCount())}  # type: ignore[union-attr]
        assert str(private.student_id) in ids
    else:
        qtbot.waitUntil(lambda: widget.count_label.text() == "0 mục", timeout=3000)
    assert _leaked(_cells(widget.model)) == set()
    widget.text_edit.setText("Trần Thị Bích")
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0, timeout=3000)
    assert widget.model.index(0, Column.SUMMARY).data() is not None


@pytest.mark.parametrize("role", list(Role))
def test_record_history_dialog_per_role(
    qtbot: QtBot, private: Private, role: Role, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Lịch sử bản ghi này" from the viewer masks sensitive values for every role; a role
    that may see them gets "Hiện", which shows them and logs the view; others never can."""
    if not _holds(role, Perm.VIEW_JOURNAL):
        with pytest.raises(PermissionDenied):
            JournalWidget(private.school.ctx(role.value))
        return
    shown: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self) or 0)
    widget = _viewer(qtbot, private, role)
    _select_student_update(widget, private)
    widget.history_button.click()
    [dialog] = shown  # a child of the viewer: closed with it
    dialog.show()
    cells = _cells(dialog.model)
    assert "Theo phiếu khám" in cells and MASKED in cells
    assert _leaked(cells) == set()
    assert dialog.masked_label.isVisibleTo(dialog)
    may_reveal = _holds(role, Perm.VIEW_SENSITIVE)
    assert dialog.reveal_button.isVisibleTo(dialog) is may_reveal
    before = len(_view_events(private))
    if not may_reveal:
        dialog.reveal_button.click()  # hidden; even clicked, it shows nothing
        assert _leaked(_cells(dialog.model)) == set() and len(_view_events(private)) == before
        assert "không có quyền xem" in dialog.masked_label.text()
        return
    dialog.reveal_button.click()
    qtbot.waitUntil(lambda: HEALTH_NEW in _cells(dialog.model), timeout=5000)
    assert PID in _cells(dialog.model) and not dialog.masked_label.isVisibleTo(dialog)
    [event] = _view_events(private)[: len(_view_events(private)) - before]
    assert (event.entity_id, event.username) == (str(private.student_id), f"u_{role.value}")
    dialog.close()


# ---------------------------------------------------------------- student history tab


@pytest.mark.parametrize("role", list(Role))
def test_student_history_tab_per_role(qtbot: QtBot, private: Private, role: Role) -> None:
    """The student form's history tab masks sensitive values, and shows them only to roles that may see them after the journalled reveal."""
    school, sid = private.school, private.student_id
    actor = school.actor(role.value)
    if not _holds(role, Perm.VIEW_STUDENTS):
        with pytest.raises(PermissionDenied):
            StudentDialog(None, school.db, actor, sid)  # type: ignore[arg-type]
        tab = ChangeHistoryTab()
        qtbot.addWidget(tab)
        with pytest.raises(PermissionDenied):
            tab.load(school.db, actor, school.detail(sid))
        return
    dialog = StudentDialog(None, school.db, actor, sid)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.history)
    cells = _cells(dialog.history.model)
    assert _leaked(cells) == set() and MASKED in cells
    assert "được ẩn" in dialog.history.note_label.text()
    if not _holds(role, Perm.VIEW_SENSITIVE):
        dialog.reveal_sensitive()  # not offered; does nothing
        assert _leaked(_cells(dialog.history.model)) == set()
        return
    dialog.reveal_sensitive()
    qtbot.waitUntil(lambda: HEALTH_NEW in _cells(dialog.history.model), timeout=5000)
    assert _leaked(_cells(dialog.history.model)) == set(SECRETS)
    assert "được ẩn" not in dialog.history.note_label.text()
