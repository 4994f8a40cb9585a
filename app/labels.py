"""Vietnamese names of entity types, fields, events and operations, and values as people read them.

The window (journal viewer, histories, access log) and the CLI (``journal list``,
``access-log list``) name things through this module, so both print "Học sinh",
never ``student``, and describe every entry in a line (``describe_entry``,
``describe_access``).

The core's own names are here. A module names its tables, columns and events on
its models (``__journal_label__``, ``__journal_fields__`` and
``__journal_events__``, beside the sensitive ones, see
``app.journal_schema.Tracked``). A field is named as the core names it, else as
its own entity does, else as any module does; unknown names are shown as they are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from app.access_log import AccessEvent, AccessRecord
from app.access_log import event_label as access_event_label
from app.db import Base
from app.journal_read import JournalRecord
from app.journal_schema import OP_EVENT, OP_UPDATE
from app.messages import MSG
from app.permissions import ROLE_LABELS
from app.school import LEVELS

ENTITY_LABELS: dict[str, str] = {
    "school": "Hồ sơ nhà trường",
    "school_year": "Năm học",
    "user_account": "Tài khoản người dùng",
    "backup": "Sao lưu",
    "restore": "Khôi phục",
    "settings": "Cài đặt",
    "restore_point": "Điểm khôi phục",
    "database": "Tệp dữ liệu",
    "self_test": "Tự kiểm tra",
    "journal": "Nhật ký thay đổi",
}

EVENT_LABELS: dict[str, str] = {
    "sao_luu": "Sao lưu dữ liệu",
    "khoi_phuc": "Khôi phục từ bản sao lưu",
    "khoi_phuc_diem": "Khôi phục từ điểm khôi phục",
    "ma_hoa": "Mã hóa tệp dữ liệu",
    "ky_moi": "Bắt đầu kỳ mới của nhật ký (sau khi khôi phục)",
    "self_test": "Tự kiểm tra bản cài đặt",
    "view_sensitive": "Xem số định danh và thông tin sức khỏe",
}

OP_LABELS: dict[str, str] = {
    "insert": "Thêm mới",
    "update": "Sửa",
    "delete": "Xóa",
    "event": "Sự kiện",
}

FIELD_LABELS: dict[str, str] = {
    "code": "Mã",
    "name": "Tên",
    "levels": "Cấp học",
    "province": "Tỉnh/thành phố",
    "commune": "Xã/phường",
    "authority": "Cơ quan quản lý",
    "principal": "Hiệu trưởng",
    "address": "Địa chỉ",
    "phone": "Điện thoại",
    "email": "Thư điện tử",
    "school_code": "Mã trường",
    "start_date": "Ngày bắt đầu",
    "end_date": "Ngày kết thúc",
    "is_current": "Năm học hiện tại",
    "username": "Tên đăng nhập",
    "full_name": "Họ và tên",
    "role": "Vai trò",
    "password_hash": "Mật khẩu",
    "active": "Đang hoạt động",
    "failed_attempts": "Số lần nhập sai",
    "locked_until": "Khóa đến",
    "must_change_password": "Phải đổi mật khẩu",
    "last_login_at": "Đăng nhập lần cuối",
    "event": "Sự kiện",
    "path": "Tệp",
    "fields": "Thông tin",
    "entries": "Mục nhật ký số",
}


_Declared = tuple[
    Mapping[str, str],
    Mapping[str, Mapping[str, str]],
    Mapping[str, str],
    Mapping[str, Mapping[str, Mapping[str, str]]],
]


def _declared() -> _Declared:
    """Entity names, field names by entity type and event names, as the models declared so far
    name them.

    The core imports no domain module: their models are declared by the time
    anything is shown (the window and the CLI import every module), and a
    module imported later is picked up then.
    """
    return _collect(len(Base.registry.mappers))


@cache
def _collect(models: int) -> _Declared:
    entities: dict[str, str] = {}
    fields: dict[str, Mapping[str, str]] = {}
    events: dict[str, str] = {}
    values: dict[str, Mapping[str, Mapping[str, str]]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        table: str = cls.__tablename__
        if getattr(cls, "__journal_label__", ""):
            entities[table] = cls.__journal_label__
        if getattr(cls, "__journal_fields__", None):
            fields[table] = cls.__journal_fields__
        events.update(getattr(cls, "__journal_events__", {}))
        if getattr(cls, "__journal_values__", None):
            values[table] = cls.__journal_values__
    return entities, fields, events, values


def value_label(field: str, value: str, entity: str = "") -> str | None:
    """The Vietnamese name a model declares for a coded value (``__journal_values__``): the
    entity's own, else any model's for that field; None when none does."""
    declared = _declared()[3]
    tables = [entity] if entity in declared else sorted(declared)
    for table in tables:
        label = declared[table].get(field, {}).get(value)
        if label:
            return label
    return None


def _any_field() -> Mapping[str, str]:
    """Every field name known, for a field read without its entity: the core's first,
    then the modules' in table order (one spelling however the models were imported)."""
    return _merge(len(Base.registry.mappers))


@cache
def _merge(models: int) -> Mapping[str, str]:
    out = dict(FIELD_LABELS)
    for _table, names in sorted(_collect(models)[1].items()):
        for key, text in names.items():
            out.setdefault(key, text)
    return out


def event_label(name: str) -> str:
    """Vietnamese name of a journalled event (``journal.record_event``'s ``what``)."""
    return EVENT_LABELS.get(name) or _declared()[2].get(name, name)


def nfc(text: str) -> str:
    """Typed text in NFC form (STYLE rule 16), so "Nguyễn" always has one spelling."""
    return unicodedata.normalize("NFC", text)


def entity_label(name: str) -> str:
    """Vietnamese name of an entity type (table)."""
    return ENTITY_LABELS.get(name) or _declared()[0].get(name, name)


def field_label(name: str, entity: str = "") -> str:
    """Vietnamese name of a column, as ``entity`` names it when given."""
    own = _declared()[1].get(entity, {}) if entity else {}
    return FIELD_LABELS.get(name) or own.get(name) or _any_field().get(name, name)


def op_label(op: str) -> str:
    """Vietnamese name of a journal operation."""
    return OP_LABELS.get(op, op)


def format_date(value: date | None) -> str:
    """dd/mm/yyyy, or an empty string."""
    return value.strftime("%d/%m/%Y") if value else ""


def local(value: datetime) -> datetime:
    """A timestamp in the PC's time zone (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone()


def format_datetime(value: datetime | None, seconds: bool = False) -> str:
    """dd/mm/yyyy HH:MM in local time, or an empty string."""
    if value is None:
        return ""
    return local(value).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def format_age(then: datetime, now: datetime | None = None) -> str:
    """How long ago, in words: "vừa xong", "35 phút trước", "3 ngày trước"."""
    now = now or datetime.now(UTC)
    minutes = int((now - local(then)).total_seconds() // 60)
    if minutes < 1:
        return "vừa xong"
    if minutes < 60:
        return f"{minutes} phút trước"
    if minutes < 48 * 60:
        return f"{minutes // 60} giờ trước"
    return f"{minutes // (24 * 60)} ngày trước"


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def format_value(field: str, value: Any, entity: str = "") -> str:
    """A journalled value as a secretary reads it (dates, yes/no, roles, levels, the
    models' coded values by name)."""
    if value is None or value == "":
        return "—"
    if value == "***":
        return "(đã ẩn)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        if field == "fields":
            return ", ".join(field_label(str(v)) for v in value)
        return ", ".join(format_value(field, v, entity) for v in value)
    if field == "event":
        return event_label(str(value))
    if field == "role":
        return ROLE_LABELS.get(str(value), str(value))
    if field == "levels":
        return ", ".join(LEVELS.get(v, v) for v in str(value).split(",") if v)
    if isinstance(value, str | int) and (named := value_label(field, str(value), entity)):
        return named  # a code, or a number that stands for something (a result's scope)
    if isinstance(value, str):
        when = _parse_time(value)
        if when is not None:
            return format_datetime(when)
        try:
            return format_date(date.fromisoformat(value)) if len(value) == 10 else value
        except ValueError:
            return value
    return str(value)


# ---------------------------------------------------------------- one line per entry

_NAME_FIELDS = ("full_name", "name", "username", "code")
# Columns that say nothing to a reader: bookkeeping (when an official result was taken too),
# derived text, the school of every row.
_TECHNICAL = frozenset(
    {"id", "school_code", "created_at", "updated_at", "changed_at", "changed_by",
     "search_text", "sort_key", "family_middle_name", "given_name", "ethnicity_code_system",
     "password_hash", "taken_at"}
)  # fmt: skip
_PARTS = 5


# Whom and where first: the student, then the class, the subject, the teacher.
_FIRST = ("student_id", "class_id", "subject_id", "teacher_id")


def _reading_order(item: tuple[str, Any]) -> tuple[int, str]:
    key = item[0]
    return (_FIRST.index(key) if key in _FIRST else len(_FIRST), key)


def _looks_like_id(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 36 and value.count("-") == 4


def _looks_like_json(value: Any) -> bool:
    """A whole record kept as JSON text (an official result's ``data``): not for one line."""
    return isinstance(value, str) and value.startswith("{") and value.endswith("}")


def describe_entry(rec: JournalRecord, names: Mapping[str, str] | None = None) -> str:
    """One line saying what a journal entry did; never empty.

    An event by its name, an update by the fields a person changed (not the derived
    or bookkeeping ones that follow them), a new or removed
    record by its name, else by its values — the records it points at named
    through ``names`` (id → name, ``journal_view.referenced_names``).
    """
    if rec.op == OP_EVENT:
        return event_label(str(rec.changes.get("event", ""))) or op_label(rec.op)
    if rec.op == OP_UPDATE:
        keys = [k for k in sorted(rec.changes) if k not in _TECHNICAL] or sorted(rec.changes)
        return ", ".join(field_label(k, rec.entity_type) for k in keys) or op_label(rec.op)
    for key in _NAME_FIELDS:
        if rec.changes.get(key):
            return str(rec.changes[key])
    names = names or {}
    refs, rest = [], []
    for key, value in sorted(rec.changes.items(), key=_reading_order):
        if key in _TECHNICAL or value is None or value == "":
            continue
        label = field_label(key, rec.entity_type)
        if isinstance(value, str) and value in names:
            refs.append(f"{label}: {names[value]}")
        elif not _looks_like_id(value) and not _looks_like_json(value):
            rest.append(f"{label}: {format_value(key, value, rec.entity_type)}")
    return ", ".join((refs + rest)[:_PARTS]) or entity_label(rec.entity_type)


_WHY_FAILED = {
    "wrong_password": "sai mật khẩu",
    "unknown_user": "không có tài khoản này",
    "disabled": "tài khoản đã bị vô hiệu hóa",
    "locked": "tài khoản đang bị khóa tạm thời",
}


def describe_access(rec: AccessRecord, names: Mapping[str, str] | None = None) -> str:
    """One line saying what an access-log entry records; never empty.

    ``names`` (id → name, ``journal_view.record_names``) names the record shown.
    """
    d = rec.details
    if rec.event == AccessEvent.SIGN_IN_FAILED:
        why = _WHY_FAILED.get(str(d.get("why", "")), "")
        if d.get("attempt"):
            why += f" (lần {d['attempt']}/{d.get('limit', '?')})"
        return f"Không đăng nhập được: {why}" if why else access_event_label(rec.event)
    if rec.event == AccessEvent.LOCKED_OUT:
        return MSG.account_locked_reason.format(
            minutes=d.get("minutes", "?"), attempts=d.get("attempts", "?")
        )
    if rec.event == AccessEvent.UNLOCKED:
        return f"Mở khóa tài khoản {d.get('user', '')}".strip()
    if rec.event == AccessEvent.SENSITIVE_VIEWED:
        fields = [field_label(str(f), rec.entity_type) for f in d.get("fields", [])]
        what = ", ".join(f[:1].lower() + f[1:] for f in fields) or "thông tin nhạy cảm"
        whose = (names or {}).get(rec.entity_id, "")
        line = f"Xem {what} — {entity_label(rec.entity_type)} {whose}".rstrip()
        if d.get("entries"):
            line += " (trong nhật ký thay đổi, mục số " + ", ".join(map(str, d["entries"])) + ")"
        return line
    if rec.event == AccessEvent.SIGN_IN:
        return "Đăng nhập thành công"
    return access_event_label(rec.event)
