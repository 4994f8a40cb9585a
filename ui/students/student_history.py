"""The read-only tabs of the student form: enrolment history and change history (from the journal).

The change history reads the journal entries of the student, their guardians
and their events through ``app.students.history`` (which masks the values of
sensitive fields — personal ID, health — unless the actor may see them and they
were shown in this dialog, since showing them is what the access journal
records) and names each field in Vietnamese.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import journal, labels
from app.db import Actor, Database
from app.journal import JournalRecord
from app.students import (
    RELATION_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    StudentDetail,
    ethnicity_name,
    format_date,
)
from app.students.changes import GUARDIAN, STUDENT_EVENT
from app.students.history import student_history as read_history
from app.students.inputs import POVERTY_LABELS
from app.students.models import EVENT_LABELS
from ui.journal_model import ChangeColumn, ChangesModel
from ui.widgets import configure_table

# Derived or technical columns: they change with the fields a person edits.
HIDDEN_KEYS = frozenset(
    {"id", "school_code", "created_at", "updated_at", "search_text", "sort_key",
     "family_middle_name", "given_name", "student_id", "ethnicity_code_system"}
)  # fmt: skip
EVENT_NAMES = {"view_sensitive": "Xem số định danh và thông tin sức khỏe"}
_VALUE_LABELS: dict[str, Any] = {
    "sex": SEX_LABELS,
    "status": STATUS_LABELS,
    "relation": RELATION_LABELS,
    "kind": EVENT_LABELS,
    "poverty": POVERTY_LABELS,
}


def _value(key: str, value: Any) -> Any:
    if key == "ethnicity_code" and value:
        return ethnicity_name(str(value))
    table = _VALUE_LABELS.get(key)
    if table is not None and isinstance(value, str):
        return table.get(value, value)
    return value


def _readable_value(key: str, value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return _value(key, value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value is False


def readable(rec: JournalRecord, prefix: str) -> JournalRecord:
    """``rec`` with Vietnamese keys (prefixed for guardians and events) and readable values."""
    out: dict[str, Any] = {}
    for key, value in rec.changes.items():
        if key in HIDDEN_KEYS or (rec.op == journal.OP_INSERT and _empty(value)):
            continue
        if key == "event" and rec.op == journal.OP_EVENT:
            out[labels.field_label("event")] = EVENT_NAMES.get(str(value), value)
            continue
        name = f"{prefix}{labels.field_label(key, rec.entity_type)}"
        if rec.op == journal.OP_UPDATE and isinstance(value, list | tuple) and len(value) == 2:
            out[name] = [_readable_value(key, value[0]), _readable_value(key, value[1])]
        else:
            out[name] = _readable_value(key, value)
    return replace(rec, changes=out)


def _prefix(rec: JournalRecord, detail: StudentDetail) -> str:
    """Which guardian or event an entry is about ("Cha — "), or "" for the student."""
    if rec.entity_type == GUARDIAN:
        relation = next((g.relation for g in detail.guardians if str(g.id) == rec.entity_id), "")
        return f"{RELATION_LABELS.get(relation, '')} — "
    if rec.entity_type == STUDENT_EVENT:
        kind = next((e.kind for e in detail.events if str(e.id) == rec.entity_id), "")
        return f"{EVENT_LABELS.get(kind, '')} — "
    return ""


def student_history(db: Database, actor: Actor, detail: StudentDetail) -> list[JournalRecord]:
    """Every journal entry about the student, their guardians and events, oldest first.

    Sensitive values come unmasked only when ``actor`` may see them and ``detail``
    was read with them (that read journalled the access).
    """
    with db.read(actor) as s:
        records = read_history(s, actor, detail.id, revealed=detail.sensitive_shown)
    return [readable(rec, _prefix(rec, detail)) for rec in records]


class ChangeHistoryTab(QWidget):
    """Lịch sử thay đổi: who changed which field, old → new, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChangesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (ChangeColumn.OLD, ChangeColumn.NEW):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            head.resizeSection(column, 150)
        head.setSectionResizeMode(ChangeColumn.REASON, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.note_label = QLabel()
        self.note_label.setObjectName("muted")
        self.note_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note_label)
        self.loaded = False

    def load(self, db: Database, actor: Actor, detail: StudentDetail) -> None:
        """Read the journal as ``actor`` may see it and show it."""
        records = student_history(db, actor, detail)
        self.model.set_records(records)
        self.loaded = True
        note = self.tr("{n} lần ghi nhật ký.").format(n=len(records))
        if any(rec.masked for rec in records):
            note += " " + self.tr("Giá trị số định danh và sức khỏe được ẩn.")
        self.note_label.setText(note)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    configure_table(table)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))


class EnrolmentTab(QWidget):
    """Quá trình học: classes by year with dates, then transfers and other events."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.classes_table = _table(
            [self.tr("Năm học"), self.tr("Lớp"), self.tr("Từ ngày"), self.tr("Đến ngày")]
        )
        self.events_table = _table(
            [self.tr("Ngày"), self.tr("Biến động"), self.tr("Trường"), self.tr("Lý do / chi tiết")]
        )
        title_classes = QLabel(self.tr("Các lớp đã học"))
        title_classes.setObjectName("cardTitle")
        title_events = QLabel(self.tr("Biến động (chuyển đến, chuyển đi, thôi học, chuyển lớp…)"))
        title_events.setObjectName("cardTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(title_classes)
        layout.addWidget(self.classes_table, 1)
        layout.addWidget(title_events)
        layout.addWidget(self.events_table, 1)

    def load(self, d: StudentDetail) -> None:
        """Show the record's enrolments and events."""
        _fill(
            self.classes_table,
            [
                [e.school_year, e.class_name, format_date(e.start_date),
                 format_date(e.end_date) or self.tr("(đang học)")]
                for e in reversed(d.enrolments)
            ],
        )  # fmt: skip
        _fill(
            self.events_table,
            [
                [format_date(e.event_date), EVENT_LABELS.get(e.kind, e.kind), e.other_school,
                 " — ".join(p for p in (e.reason, e.details) if p)]
                for e in reversed(d.events)
            ],
        )  # fmt: skip
