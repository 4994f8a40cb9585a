"""Messages of PDF signing and verification (app/signing)."""

from __future__ import annotations


class SIGNING_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Opening a signing key
    p12_missing = "Không tìm thấy tệp chữ ký số {file}."
    p12_unreadable = (
        "Không mở được tệp chữ ký số {file}: sai mật khẩu, hoặc tệp không phải tệp chứng thư "
        "số (.p12, .pfx)."
    )
    p12_no_key = "Tệp {file} không chứa khóa ký hoặc chứng thư số."
    module_missing = (
        "Không nạp được trình điều khiển của thiết bị ký số (USB token) tại {module}. Hãy cài "
        "phần mềm đi kèm thiết bị, hoặc chọn đúng tệp trình điều khiển."
    )
    token_missing = "Không thấy thiết bị ký số “{token}”. Hãy cắm USB token vào máy rồi thử lại."
    pin_wrong = "Mã PIN của thiết bị ký số không đúng. Lưu ý: nhập sai nhiều lần sẽ khóa thiết bị."
    pin_locked = (
        "Thiết bị ký số đã bị khóa do nhập sai PIN nhiều lần. Hãy liên hệ nơi cấp thiết bị."
    )
    pin_empty = "Chưa nhập mã PIN của thiết bị ký số."
    pin_not_in_keyring = "Chưa lưu mã PIN “{name}” trong kho mật khẩu của máy."
    key_missing = "Trên thiết bị ký số “{token}” không có khóa ký “{key}”."
    token_busy = (
        "Thiết bị ký số “{token}” đang được dùng cho một lượt ký khác. Hãy đợi lượt đó xong "
        "rồi thử lại."
    )
    token_error = "Thiết bị ký số báo lỗi: {error}."

    # Before signing
    cert_expired = (
        "Chứng thư số của {subject} đã hết hạn ngày {date}. Hãy gia hạn chứng thư số rồi ký lại."
    )
    cert_not_yet_valid = "Chứng thư số của {subject} chỉ có hiệu lực từ ngày {date}."
    pdf_unreadable = "Tệp PDF không đọc được: {error}."
    field_signed = "Ô chữ ký “{field}” trong tệp đã được ký."
    page_missing = "Tệp PDF không có trang {page} để đặt ô chữ ký."
    sign_failed = "Không ký được tệp: {error}."

    # The visible stamp
    stamp_signed_by = "Ký bởi: {name}"
    stamp_date = "Ngày ký: {date}"
    font_missing = "Không đọc được phông chữ {path} để vẽ khung chữ ký. Hãy cài lại phần mềm."

    # Adding the online parts later
    online_steps_pending = "Chưa gắn dấu thời gian và thông tin thu hồi chứng thư (cần mạng)."
    timestamp_failed = "Không lấy được dấu thời gian: {error}."
    revocation_failed = "Không lấy được thông tin thu hồi chứng thư: {error}."
    online_wrong_file = "Tệp này không phải tệp đã ký đang chờ: thiếu chữ ký {fields}."

    # Batch
    batch_label = "Ký số học bạ"
    batch_unit = "tệp"

    # Verification report
    no_signatures = "Tệp không có chữ ký số nào."
    sig_line = "Chữ ký {n}: {signer} — ký lúc {time}"
    sig_time_unknown = "không rõ thời điểm"
    sig_ok = "Hợp lệ: nguyên vẹn, chứng thư đáng tin cậy, không bị sửa sau khi ký."
    sig_not_intact = "KHÔNG nguyên vẹn: nội dung đã bị thay đổi sau khi ký."
    sig_bad_crypto = "KHÔNG hợp lệ: chữ ký không khớp với chứng thư số."
    sig_untrusted = "Chứng thư số KHÔNG đáng tin cậy (không do tổ chức được tin cậy cấp)."
    sig_expired = "Chứng thư số đã hết hạn hoặc chưa có hiệu lực tại thời điểm kiểm tra."
    sig_revoked = "Chứng thư số đã bị thu hồi."
    sig_bad_changes = "Tệp bị sửa đổi sau chữ ký này theo cách không được phép."
    sig_partial = "Chữ ký không bao phủ toàn bộ phiên bản của tệp."
    sig_timestamp_bad = "Dấu thời gian kèm chữ ký không hợp lệ."
    changes_none = "Không có thay đổi nào sau chữ ký này."
    changes_lta = "Sau chữ ký chỉ thêm dấu thời gian và thông tin kiểm tra chứng thư."
    changes_forms = "Sau chữ ký chỉ thêm chữ ký khác hoặc điền ô biểu mẫu (được phép)."
    changes_annotations = "Sau chữ ký có thêm ghi chú (annotation)."
    changes_other = "Sau chữ ký nội dung tệp bị sửa đổi."
    changes_unknown = "Không phân tích được các thay đổi sau chữ ký."
    timestamp_line = "Dấu thời gian {n} lúc {time}: {state}"
    timestamp_ok = "hợp lệ"
    timestamp_bad = "KHÔNG hợp lệ"
    verdict_ok = "Kết luận: mọi chữ ký hợp lệ và đúng thứ tự."
    verdict_bad = "Kết luận: tệp KHÔNG đạt, xem các dòng trên."

    # Signing order
    order_missing = "Thiếu chữ ký của {role}."
    order_wrong = "Chữ ký của {role} có trước chữ ký của {before}: sai thứ tự ký."
    order_unexpected = "Chữ ký “{field}” của {signer} không thuộc thứ tự ký quy định."
    order_wrong_signer = "Ô chữ ký của {role} được ký bằng chứng thư số khác chứng thư đã đăng ký."
