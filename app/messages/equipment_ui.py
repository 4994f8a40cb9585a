"""Texts of the Thiết bị page (issue 11): the scanner's status line, the read-only notes,
the disposal and label questions. Use ``str.format`` with keyword fields."""

from __future__ import annotations


class EQUIPMENT_UI_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese message templates of the equipment page."""

    # The scanner / search box
    search_hint = "Quét nhãn hoặc gõ mã, tên, phòng, sê-ri…"
    scan_found = "Đã chọn {code} — {name} ({room})."
    scan_found_disposed = (
        "{code} — {name}: đã thanh lý ngày {day} (đã hiện cả thiết bị đã thanh lý)."
    )
    scan_unknown = "Không có thiết bị mã «{code}» trong sổ. Kiểm tra lại nhãn rồi quét lại."
    in_store = "kho"

    # Rights
    read_only = "Chỉ xem: tài khoản này không sửa được sổ thiết bị (việc của nhân viên thiết bị)."
    disposal_record_tip = (
        "In biên bản thanh lý cho các dòng đã thanh lý đang chọn (không chọn: mọi thiết bị đã "
        "thanh lý). Tích «Hiện cả thiết bị đã thanh lý» để thấy và chọn chúng."
    )
    no_disposal_right = "Chỉ Ban giám hiệu duyệt thanh lý thiết bị."
    no_manage_right = "Chỉ nhân viên thiết bị sửa được sổ thiết bị."
    select_first = "Chọn một thiết bị trong sổ trước."
    disposed_already = "Thiết bị này đã thanh lý: không sửa được nữa."

    # Results
    added = "Đã ghi {n} dòng vào sổ: {codes}."
    edited = "Đã sửa thiết bị {code}."
    disposed = "Đã thanh lý thiết bị {code}."
    room_saved = "Đã lưu phòng «{name}»."
    labels_written = "Đã ghi {n} nhãn ({pages} trang) vào {path}."
    list_imported = "Đã nhập danh mục {circular} phiên bản {version}."
    bundled_loaded = "Đã nạp các danh mục đi kèm phần mềm."

    # Counts
    shown_count = "{shown} / {total} dòng"
    ratio_meets = "Đạt"
    ratio_fails = "Chưa đạt"
    edit_reason_required = "Ghi lý do sửa: lý do được lưu vào nhật ký cùng tên người sửa."
