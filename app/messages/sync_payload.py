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
    check_no_receipt = "Chưa có biên nhận nào của máy chủ nhận để đối chiếu nhật ký."
    check_no_profile = "Chưa nhập hồ sơ máy chủ nhận: chưa đối chiếu nhật ký với biên nhận."
    check_receipt_bad = "Biên nhận cuối cùng cất trên máy không dùng được: {detail}"
    check_receipt_old_epoch = (
        "Biên nhận cuối cùng thuộc dữ liệu trước lần khôi phục; chờ biên nhận mới để đối chiếu."
    )
    check_receipt_mismatch = (
        "Nhật ký thay đổi không khớp với biên nhận của máy chủ nhận tại mục số {seq}: nhật ký đã "
        "bị viết lại sau khi gửi đi. Hãy báo cán bộ công nghệ thông tin và cơ quan quản lý."
    )
    check_receipt_ok = "Nhật ký khớp với biên nhận cuối cùng của máy chủ nhận (đến mục số {seq})."
    export_missing = "không chép được tệp gói ({reason}); các gói khác vẫn được chép"
    receipt_problem = "Mục {seq}: {problem}"
    receipt_problems_more = "… và {count} mục khác."
    progress_reading = "Đọc nhật ký thay đổi"
    progress_writing = "Ghi gói dữ liệu"
    progress_copying = "Chép gói ra USB"
    unit_entries = "mục"
    unit_packages = "gói"
