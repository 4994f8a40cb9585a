"""Messages of the check that every record's history in the journal chains (``app.safety.record_history``)."""

from __future__ import annotations


class HISTORY_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    ok = (
        "Lịch sử thay đổi liền mạch: {records} bản ghi, giá trị cũ ở mỗi lần sửa đúng bằng giá "
        "trị lần trước để lại."
    )
    broken = "Lịch sử thay đổi không liền mạch ở {count} chỗ. Chỗ đầu tiên: {first}"
    stale_old = (
        "mục số {seq} ({what}) ghi «{field}» đổi từ {said} → {new}, nhưng lúc đó giá trị đang "
        "là {held}."
    )
    stale_delete = (
        "mục số {seq} ({what}) ghi xóa bản ghi có «{field}» = {said}, nhưng lúc đó giá trị "
        "đang là {held}."
    )
    inserted_twice = "mục số {seq} ({what}) ghi thêm một bản ghi đã có từ mục số {since}."
    after_delete = "mục số {seq} ({what}) ghi {op} một bản ghi đã bị xóa ở mục số {since}."
    op_update = "sửa"
    op_delete = "xóa"
    empty = "∅"
    hidden = "(giá trị nhạy cảm, không hiện)"
