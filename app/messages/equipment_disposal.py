"""Messages of the disposal record (biên bản thanh lý thiết bị)."""

from __future__ import annotations


class DISPOSAL_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese texts; use ``str.format`` with keyword fields."""

    title = "BIÊN BẢN THANH LÝ THIẾT BỊ"
    number = "Số: {number}/BB-TLTB"
    period = "Các thiết bị thanh lý từ ngày {first} đến ngày {last}"
    opening = (
        "Căn cứ quy định về quản lý, sử dụng tài sản công và quyết định của Hiệu trưởng, "
        "{school} lập biên bản thanh lý các thiết bị dưới đây, đã được Ban giám hiệu duyệt "
        "trên phần mềm (mỗi lần duyệt được ghi vào nhật ký thay đổi cùng lý do)."
    )
    total = "Tổng cộng: {count} thiết bị, {units} đơn vị, nguyên giá {value} đồng."
    closing = (
        "Các thiết bị trên được ghi «đã thanh lý» trong sổ quản lý thiết bị của nhà trường; mã "
        "thiết bị không cấp lại cho thiết bị khác."
    )
    none = "Không có thiết bị nào đã thanh lý khớp điều kiện đã chọn."
    no_dates = "Ngày bắt đầu {first} sau ngày kết thúc {last}."
    col_no, col_code, col_name, col_room = "TT", "Mã", "Tên thiết bị", "Phòng"
    col_units, col_value, col_reason, col_on = "SL", "Giá trị (đ)", "Lý do thanh lý", "Ngày"
    sign_officer = "NGƯỜI LẬP"
    sign_principal = "HIỆU TRƯỞNG"
    sign_note = "(Ký, ghi rõ họ tên)"
    sign_principal_note = "(Ký, ghi rõ họ tên, đóng dấu)"
    cli_written = "Đã ghi biên bản thanh lý {count} thiết bị vào {path}."
