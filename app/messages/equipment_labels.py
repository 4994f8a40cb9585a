"""Messages of the equipment label sheet and the stocktake reconciliation
(``app.equipment.labels``, ``app.equipment.reconcile``)."""

from __future__ import annotations


class EQUIPMENT_LABELS_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    no_labels = "Chưa chọn thiết bị nào để in nhãn."
    unknown_layout = "Không có khổ giấy nhãn «{name}». Các khổ có sẵn: {names}."
    bad_start = "Vị trí bắt đầu phải từ 1 đến {last} (tờ {layout} có {last} nhãn)."
    empty_code = "Thiết bị «{name}» chưa có mã, không in nhãn được."
    room_prefix = "Phòng: {room}"
    layout_title = "A4, {columns} × {rows} nhãn {width} × {height} mm"


class RECONCILE_MSG:
    """The names of the reconciliation's categories, as the stocktake screen and record say."""

    found = "Có mặt đúng phòng"
    missing = "Không tìm thấy"
    wrong_room = "Ở sai phòng"
    unknown = "Nhãn không rõ"
    malformed = "Nhãn đọc không được (không phải mã thiết bị)"
    not_registered = "Mã không có trong sổ thiết bị"
    disposed = "Đã thanh lý nhưng vẫn còn"
    condition_changes = "Tình trạng thay đổi"
    duplicates = "Quét trùng (đã bỏ qua)"
    scanned_malformed = "Nhãn vừa quét không phải mã thiết bị: «{code}». Quét lại nhãn khác."
    scanned_not_registered = "Mã «{code}» không có trong sổ thiết bị. Để riêng thiết bị này ra."
    no_room = "chưa xếp phòng"
