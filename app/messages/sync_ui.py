"""Messages of the Đồng bộ panel's services: the queue as people read it, the helpdesk file,
the schedule (issue 10 §5)."""

from __future__ import annotations


class SYNC_UI_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # The hub's answer as the receipt list shows it
    receipt_labels = {
        "accepted": "Đã nhận",
        "duplicate": "Đã nhận (gửi lại)",
        "rejected": "Bị từ chối",
        "held": "Đang chờ gói trước",
        "baseline_needed": "Cần gửi lại toàn bộ",
    }

    # Ages and sizes
    age_minutes = "{n} phút"
    age_hours = "{n} giờ"
    age_days = "{n} ngày"
    age_now = "vừa xong"
    size_bytes = "{n} byte"
    size_kb = "{n} KB"
    size_mb = "{n} MB"

    # The helpdesk file (a plain text file beside the package in the zip)
    helpdesk_title = "THÔNG TIN GÓI DỮ LIỆU CẦN HỖ TRỢ"
    helpdesk_intro = (
        "Tệp .tspkg kèm theo đã được mã hóa cho máy chủ nhận: chỉ máy chủ đọc được nội dung. "
        "Tệp này không chứa dữ liệu học sinh."
    )
    helpdesk_lines = (
        ("Mã gói", "package"),
        ("Trường", "school"),
        ("Tệp gói", "file"),
        ("Kỷ nguyên nhật ký", "epoch"),
        ("Các mục nhật ký", "range"),
        ("Kích thước", "size"),
        ("Mã băm SHA-256", "sha256"),
        ("Trạng thái", "state"),
        ("Số lần gửi", "attempts"),
        ("Lý do của máy chủ nhận", "reason"),
        ("Lập lúc", "created"),
        ("Gửi lúc", "sent"),
        ("Xác nhận lúc", "confirmed"),
        ("Xuất tệp này lúc", "exported"),
    )
    helpdesk_range = "từ số {first} đến số {last} ({count} mục)"
    helpdesk_size = "{human} ({bytes} byte)"
    helpdesk_file_missing = (
        "Không tìm thấy tệp của gói {package} ({path}) trên máy này. "
        "Hãy báo cán bộ công nghệ thông tin."
    )
    helpdesk_not_quarantined = (
        "Chỉ xuất cho bộ phận hỗ trợ được gói «Cần xử lý»; gói này đang «{state}»."
    )
    none = "—"
    package_id_bad = "Mã gói «{text}» không đúng dạng (xem danh sách gói: lệnh sync status)."

    # Making packages from the panel or the schedule
    made_none = "Không có thay đổi mới: chưa cần lập gói nào."
    made_some = (
        "Đã lập {count} gói dữ liệu. Máy chưa gửi qua mạng được: các gói chờ đến khi "
        "bạn xuất ra USB (nút «Xuất ra USB…») hoặc khi có kết nối mạng."
    )
    exported = "Đã chép {count} gói vào thư mục {folder}. Hãy mang thư mục này gửi cấp trên."
    exported_none = "Không có gói nào cần chép: mọi gói đã được máy chủ nhận xác nhận."
    progress_receipts = "Đọc biên nhận"
    schedule_failed = "Lập gói tự động lúc {time} không thành công: {error}"
