"""Messages of the stocktake (kiểm kê): sessions, scans, reconciliation, the record, the CLI
(``app.equipment.stocktake``, ``app.equipment.stocktake_print``, ``app.cli.equipment_stocktake``)."""

from __future__ import annotations


class STOCKTAKE_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Sessions
    committee_required = "Cần ghi ít nhất một thành viên ban kiểm kê (họ tên)."
    member_name_required = "Thành viên ban kiểm kê thứ {n}: chưa ghi họ tên."
    already_open = (
        "Đang có phiên kiểm kê số {number} ({scope}) chưa kết thúc. "
        "Tiếp tục phiên đó thay vì mở phiên mới."
    )
    not_found = "Không có phiên kiểm kê số {number}."
    closed = "Phiên kiểm kê số {number} đã kết thúc ngày {day}; không quét hay sửa được nữa."
    whole_school = "Toàn trường"
    room_needed = (
        "Phiên kiểm kê toàn trường: cần chọn phòng đang kiểm kê trước khi quét (thiết bị "
        "được ghi là tìm thấy ở phòng đó)."
    )
    condition_bad = "Tình trạng «{value}» không dùng khi kiểm kê; chọn một trong: {choices}."

    # One scan, as the screen shows it (with a sound when ``alert``)
    scanned_found = "{code} — {name}: có mặt."
    scanned_duplicate = "{code} — {name}: đã quét rồi (lần thứ {times}), không tính thêm."
    scanned_wrong_room = "{code} — {name}: theo sổ ở {room}, nay tìm thấy ở {found}."
    scanned_disposed = "{code} — {name}: đã thanh lý ngày {day} mà vẫn còn. Để riêng ra."
    scanned_empty = "Chưa đọc được gì. Quét lại nhãn."
    no_room = "chưa xếp phòng"

    # Apply
    changed_since_preview = (
        "Thiết bị {code} đã thay đổi sau khi xem trước kết quả ({detail}). Chưa cập nhật gì; "
        "xem lại kết quả đối chiếu rồi xác nhận lần nữa."
    )
    detail_disposed = "đã thanh lý"
    detail_gone = "không còn trong sổ"
    detail_condition = "tình trạng nay là {now}"
    detail_room = "phòng nay là {now}"
    scans_since_preview = (
        "Có {n} lượt quét mới sau khi xem trước. Chưa cập nhật gì; xem lại kết quả đối chiếu."
    )
    reason = "Kiểm kê số {number} ({scope}, {day}): {what}"
    reason_missing = "không tìm thấy, ghi thất lạc"
    reason_condition = "tình trạng khi kiểm kê: {before} → {after}"
    reason_moved = "tìm thấy ở {room}, chuyển phòng theo thực tế"

    # Categories of the record (in this order)
    cat_found = "Có mặt đúng phòng"
    cat_wrong_room = "Có mặt nhưng ở phòng khác"
    cat_missing = "Không tìm thấy"
    cat_condition = "Tình trạng thay đổi"
    cat_disposed = "Đã thanh lý nhưng vẫn còn"
    cat_unknown = "Nhãn không có trong sổ"

    # The record (biên bản kiểm kê)
    record_title = "BIÊN BẢN KIỂM KÊ THIẾT BỊ"
    record_draft = "(Bản xem trước — kết quả chưa cập nhật vào sổ thiết bị)"
    record_number = "Số: {number:02d}/BB-KKTB"
    record_opening = (
        "Hôm nay, ngày {day}, bắt đầu lúc {time}, tại {place}, Ban kiểm kê thiết bị của "
        "{school} gồm:"
    )
    record_scope = (
        "Phạm vi kiểm kê: {scope}. Số thiết bị theo sổ: {expected}; số lượt quét: "
        "{scans} ({duplicates} lượt quét trùng không tính)."
    )
    record_summary_head = "I. TỔNG HỢP KẾT QUẢ"
    record_details_head = "II. CHI TIẾT THEO TỪNG LOẠI"
    record_none = "Không có."
    record_moved_yes = "Thiết bị ở phòng khác đã được chuyển sổ về phòng thực tế."
    record_moved_no = "Thiết bị ở phòng khác giữ nguyên phòng theo sổ."
    record_missing_note = "Thiết bị không tìm thấy được ghi tình trạng «Thất lạc» trong sổ."
    record_closing = (
        "Biên bản kết thúc lúc {time} cùng ngày, đã đọc lại cho các thành viên cùng nghe và "
        "thống nhất ký tên."
    )
    record_closing_draft = "Biên bản kết thúc lúc ……… giờ ……… cùng ngày."
    col_no = "TT"
    col_code = "Mã"
    col_name = "Tên thiết bị"
    col_room = "Phòng theo sổ"
    col_found_in = "Tìm thấy ở"
    col_condition = "Tình trạng"
    col_category = "Loại"
    col_count = "Số lượng"
    col_member = "Họ và tên"
    col_role = "Chức vụ"
    col_sign = "Ký tên"
    sign_officer = "Người lập biên bản"
    sign_head = "Trưởng ban kiểm kê"

    # CLI
    cli_opened = (
        "Đã mở phiên kiểm kê số {number} ({scope}). Quét nhãn bằng: equipment "
        "stocktake scan {number} MÃ…"
    )
    cli_status = (
        "Phiên kiểm kê số {number} ({scope}) — {status}. Mở lúc {at} bởi {by}. "
        "{scans} lượt quét, {codes} mã khác nhau."
    )
    cli_no_sessions = "Chưa có phiên kiểm kê nào."
    cli_applied = (
        "Đã cập nhật sổ thiết bị theo phiên kiểm kê số {number}: {changed} thiết bị thay đổi. "
        "Phiên đã kết thúc."
    )
    cli_confirm = "Xem trước kết quả ở trên; chạy lại với --yes để cập nhật sổ thiết bị."
    cli_record = "Đã ghi biên bản kiểm kê số {number} ra «{path}»."
    cli_labels = "Đã ghi {n} nhãn ({pages} trang, khổ {layout}) ra «{path}»."
    cli_member_bad = "Thành viên «{value}»: ghi theo dạng «Họ tên: chức vụ»."
