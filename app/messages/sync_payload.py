"""Messages of building a package's content from the journal."""

from __future__ import annotations


class PAYLOAD_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    gap = (
        "Nhật ký thiếu mục số {expected} (gặp mục {found}): không lập được gói dữ liệu. "
        "Hãy chạy Kiểm tra dữ liệu (lệnh: check)."
    )
    too_large = (
        "Thay đổi ở mục số {seq} của nhật ký nặng {size} byte, lớn hơn giới hạn một gói "
        "({cap} byte). Hãy tăng giới hạn gói trong Cài đặt."
    )
    outbox_unknown = "Không có gói dữ liệu {package} trong hàng đợi gửi."
    outbox_not_waiting = "Gói này đang ở trạng thái «{state}», không gửi lại lúc này được."
    outbox_not_quarantined = "Chỉ gửi lại được gói «Cần xử lý»; gói này đang «{state}»."
    receipt_other_school = "Biên nhận này của trường {school}, không phải của trường này."
    progress_reading = "Đọc nhật ký thay đổi"
    progress_writing = "Ghi gói dữ liệu"
    unit_entries = "mục"
    unit_packages = "gói"
