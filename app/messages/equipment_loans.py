"""Messages of equipment lending (mượn/trả): slips, scanning, the printed lists, the CLI."""

from __future__ import annotations


class EQUIPMENT_LOANS_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese message templates for lending; use ``str.format`` with keyword fields."""

    # Slips
    slip_not_found = "Không có phiếu mượn số {number}."
    borrower_not_found = "Không có tài khoản «{username}» để ghi là người mượn."
    not_own_slip = "Phiếu mượn số {number} là của {owner}; bạn chỉ xem và sửa được phiếu của mình."
    no_year = "Chưa có năm học hiện tại: cần năm học để tính tuần học."
    week_bad = "Tuần học: cần một số từ 1 đến {limit} (đang là {value})."
    weekday_bad = "Thứ: cần Thứ 2 đến Thứ 7 hoặc Chủ nhật (2–8; đang là {value})."
    periods_bad = "Tiết: cần các số từ 1 đến 10, cách nhau bởi dấu phẩy (đang là «{value}»)."
    periods_required = "Phiếu mượn theo tiết: cần ghi tuần, thứ và tiết dạy."
    due_required = "Phiếu mượn dài hạn: cần ghi hạn trả."
    due_before_start = "Hạn trả {due} đứng trước ngày mượn {start}."
    wrong_status = "Phiếu mượn số {number} đang ở trạng thái «{status}»: không thể {action}."
    empty_slip = "Phiếu mượn số {number} chưa có thiết bị nào."
    quantity_bad = "Số lượng mượn: cần một số nguyên dương (đang là {value})."
    serial_one = "Thiết bị «{code}» được theo dõi từng chiếc: mỗi phiếu mượn một chiếc."
    refusal_reason_required = "Từ chối phiếu mượn số {number}: cần ghi lý do."
    condition_unknown = "Tình trạng «{value}» không hợp lệ; chọn một trong: {choices}."
    not_on_slip = "Thiết bị «{code}» không có trong phiếu mượn số {number}."
    return_reason = "Trả phiếu mượn số {number}: {old} → {new}"

    # Availability
    item_disposed = "Thiết bị «{code}» đã thanh lý; không cho mượn được."
    item_not_usable = "Thiết bị «{code}» ({name}) đang «{condition}»; không cho mượn được."
    serial_busy = (
        "Thiết bị «{code}» ({name}) đã có trong phiếu mượn số {other} của {owner} "
        "({when}, {status}); không mượn trùng được."
    )
    counted_over = (
        "Thiết bị «{code}» ({name}): chỉ có {total} {unit}, các phiếu khác đã giữ {held} "
        "({slips}) vào thời gian này; không đủ {asked} {unit}."
    )

    # Scanning
    scan_empty = "Chưa đọc được mã nào."
    scan_unknown = "Không có thiết bị mã «{code}» trong sổ. Kiểm tra lại nhãn."
    scan_added = "Đã thêm {code} — {name}."
    scan_again = "{code} — {name} đã có trong phiếu (quét lần {scans})."

    # Slot labels
    slot_periods = "Tuần {week}, {weekday} {day}, tiết {periods}"
    slot_long = "Từ {start} đến {due}"
    weekday_sunday = "Chủ nhật"
    weekday_n = "Thứ {n}"

    # Printed lists
    overdue_title = "DANH SÁCH THIẾT BỊ MƯỢN QUÁ HẠN CHƯA TRẢ"
    overdue_subtitle = "Tính đến ngày {day}"
    overdue_empty = "Không có thiết bị nào mượn quá hạn."
    overdue_headers = ("STT", "Phiếu", "Giáo viên", "Thiết bị", "Ngày mượn", "Hạn trả", "Quá hạn")
    overdue_days = "{n} ngày"
    book_title = "SỔ THEO DÕI SỬ DỤNG THIẾT BỊ DẠY HỌC"
    book_subtitle = "Năm học {year}"
    book_term = "Học kì {term}"
    book_teacher = "Giáo viên: {name}"
    book_subject = "Môn: {subject}"
    book_headers = (
        "STT", "Ngày mượn", "Tuần", "Tiết", "Lớp", "Tên bài dạy", "Thiết bị (mã × số lượng)",
        "Người mượn", "Ngày trả", "Tình trạng khi trả", "Ký nhận",
    )  # fmt: skip
    book_long_term = " — mượn đến {due}"
    book_empty = "Chưa có lượt mượn nào trong phạm vi này."
    not_returned = "Chưa trả"
    term_bad = "Học kì: cần 1 hoặc 2 (đang là {value})."
    term_missing = "Năm học {year} chưa có ngày của học kì {term}."
    signer_officer = "NHÂN VIÊN THIẾT BỊ"
    signer_principal = "HIỆU TRƯỞNG"

    # CLI
    cli_new = "Đã lập phiếu mượn số {number} ({slot}) cho {borrower}."
    cli_submitted = "Đã gửi phiếu mượn số {number} chờ duyệt."
    cli_approved = "Đã duyệt phiếu mượn số {number}."
    cli_refused = "Đã từ chối phiếu mượn số {number}."
    cli_cancelled = "Đã hủy phiếu mượn số {number}."
    cli_out = "Đã giao thiết bị của phiếu mượn số {number}."
    cli_returned = "Đã nhận lại thiết bị của phiếu mượn số {number}."
    cli_no_slips = "Chưa có phiếu mượn nào."
    cli_one_code = "Khi ghi --quantity, chỉ ghi một mã thiết bị."
    cli_condition_bad = (
        "--condition: cần dạng MÃ=TÌNH_TRẠNG, ví dụ TB-000123=hong_nhe (đang là «{value}»)."
    )
    cli_written = "Đã ghi tệp {path} ({rows} dòng)."
