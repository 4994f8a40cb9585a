"""Messages of signing transcripts and of checking a transcript file against the database."""

from __future__ import annotations


class TSIGN_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    reason = "Ký học bạ với tư cách {role}"
    journal_reason = "Ký số học bạ ({role})"
    batch_label = "Đang ký học bạ…"
    batch_unit = "học bạ"
    online_label = "Đang lấy dữ liệu thu hồi và dấu thời gian…"
    online_reason = "Thêm dữ liệu kiểm tra chứng thư và dấu thời gian vào học bạ đã ký"
    verdict_ok = "KẾT LUẬN: tệp học bạ hợp lệ, chữ ký đúng thứ tự và dữ liệu khớp với CSDL."
    verdict_bad = "KẾT LUẬN: KHÔNG dùng được tệp này làm học bạ hợp lệ (xem các dòng trên)."
    no_version = (
        "Không tìm thấy học bạ nào trong CSDL ứng với tệp này (không phải tệp do trường này "
        "lập, hoặc mã kiểm tra in trên trang đã bị sửa)."
    )
    which = "Tệp là học bạ năm học {year}, phiên bản {version} ({state})."
    exact_file = "Tệp trùng từng byte với bản đã lưu khi ký."
    same_data = "Mã kiểm tra in trên tệp khớp với dữ liệu của phiên bản này trong CSDL."
    stored_changed = (
        "Dữ liệu của phiên bản này trong CSDL không còn khớp mã băm đã lưu: CSDL đã bị sửa "
        "ngoài ứng dụng."
    )
    superseded = "Lưu ý: đã có phiên bản {latest} (đính chính) thay cho phiên bản này."
    cert_unreadable = "Không đọc được chứng thư số {path}: {reason}."
    not_a_cert = "không phải tệp chứng thư (PEM hoặc DER)"
    nothing_prepared = "Chưa có học bạ nào được lập trong phạm vi đã chọn."
