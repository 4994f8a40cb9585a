"""Vietnamese names for journal entity types, fields and operations, and value formatting.

Later modules add their own tables and columns to ``ENTITY_LABELS`` and
``FIELD_LABELS`` (or call ``register``); unknown names are shown as they are.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from typing import Any

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
    "self_test": "Tự kiểm tra",
}

EVENT_LABELS: dict[str, str] = {
    "sao_luu": "Sao lưu dữ liệu",
    "khoi_phuc": "Khôi phục từ bản sao lưu",
    "khoi_phuc_diem": "Khôi phục từ điểm khôi phục",
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


def register(
    entities: dict[str, str] | None = None,
    fields: dict[str, str] | None = None,
    events: dict[str, str] | None = None,
) -> None:
    """Add labels for a module's tables, columns and journalled events."""
    ENTITY_LABELS.update(entities or {})
    FIELD_LABELS.update(fields or {})
    EVENT_LABELS.update(events or {})


def event_label(name: str) -> str:
    """Vietnamese name of a journalled event (``journal.record_event``'s ``what``)."""
    return EVENT_LABELS.get(name, name)


def nfc(text: str) -> str:
    """Typed text in NFC form (STYLE rule 16), so "Nguyễn" always has one spelling."""
    return unicodedata.normalize("NFC", text)


def entity_label(name: str) -> str:
    """Vietnamese name of an entity type (table)."""
    return ENTITY_LABELS.get(name, name)


def field_label(name: str) -> str:
    """Vietnamese name of a column."""
    return FIELD_LABELS.get(name, name)


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


def format_value(field: str, value: Any) -> str:
    """A journalled value as a secretary reads it (dates, yes/no, roles, levels)."""
    if value is None or value == "":
        return "—"
    if value == "***":
        return "(đã ẩn)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        if field == "fields":
            return ", ".join(field_label(str(v)) for v in value)
        return ", ".join(format_value(field, v) for v in value)
    if field == "event":
        return event_label(str(value))
    if field == "role":
        return ROLE_LABELS.get(str(value), str(value))
    if field == "levels":
        return ", ".join(LEVELS.get(v, v) for v in str(value).split(",") if v)
    if isinstance(value, str):
        when = _parse_time(value)
        if when is not None:
            return format_datetime(when)
        try:
            return format_date(date.fromisoformat(value)) if len(value) == 10 else value
        except ValueError:
            return value
    return str(value)
