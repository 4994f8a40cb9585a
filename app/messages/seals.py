"""Messages of the keyed seals on the journal, its anchor and the accounts (decision 015)."""

from __future__ import annotations


class SEAL_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    ok = "Dấu niêm phong khớp: nhật ký đến mục {seq} được ký bằng khóa {key_id} của trường."
    ok_accounts = " {accounts} tài khoản có dấu niêm phong đúng."
    not_sealed_yet = "Nhật ký chưa có mục nào được niêm phong bằng khóa của trường."
    unsealed_tail = (
        " {count} mục cuối (từ mục {first}) ghi trên máy chưa có khóa của trường nên chưa được "
        "niêm phong; lần lưu sau trên máy có khóa sẽ niêm phong cả các mục này."
    )
    no_key_here = (
        "Máy này chưa có khóa của trường (mã khóa {key_id}) nên chưa kiểm tra được dấu niêm "
        "phong của nhật ký. Hãy nhập tệp khóa sao lưu của trường (Cài đặt → Khóa sao lưu, "
        "hoặc lệnh: key import <tệp khóa>)."
    )
    bad_entry = (
        "Mục số {seq} của nhật ký có dấu niêm phong không khớp: nhật ký đã bị tính lại ngoài "
        "ứng dụng, bởi người không có khóa của trường."
    )
    bad_head = (
        "Dòng đầu chuỗi nhật ký (mục cuối là {seq}) có dấu niêm phong không khớp: nhật ký có "
        "thể đã bị cắt bớt các mục cuối."
    )
    head_unsealed = (
        "Dòng đầu chuỗi nhật ký mất dấu niêm phong trong khi mục cuối (số {seq}) có: nhật ký "
        "có thể đã bị cắt bớt các mục cuối."
    )
    anchor_ahead = (
        "Máy này đã ghi nhật ký đến mục {known}, nhưng CSDL chỉ còn đến mục {seq}: dữ liệu đã "
        "bị cắt bớt, hoặc bị chép đè bằng bản cũ không qua chức năng Khôi phục."
    )
    anchor_differs = (
        "Mục số {known} của nhật ký khác với mục máy này đã ghi: dữ liệu đã bị thay bằng bản "
        "khác không qua chức năng Khôi phục."
    )
    anchor_forged = "Tệp mốc nhật ký {path} có dấu niêm phong không khớp: tệp đã bị sửa."
    at_start = (
        "{problem} Hãy báo quản trị viên: chạy Kiểm tra dữ liệu (lệnh: check) và, nếu cần, "
        "khôi phục từ bản sao lưu gần nhất (Cài đặt → Sao lưu → Khôi phục)."
    )
    bad_account = (
        "Tài khoản «{username}» bị sửa trực tiếp trong CSDL (vai trò, trạng thái hoặc mật "
        "khẩu không khớp dấu niêm phong)."
    )
    unsealed_account = (
        "Tài khoản «{username}» chưa có dấu niêm phong (tạo trên máy chưa có khóa của trường, "
        "hoặc bị thêm trực tiếp vào CSDL)."
    )
    rows_ok = "Mọi dòng dữ liệu khớp với nhật ký ({rows} bản ghi)."
    rows_broken = (
        "{count} chỗ dữ liệu không khớp với nhật ký (bị sửa ngoài ứng dụng). Đầu tiên: {first}"
    )
    row_changed = "{what}: «{field}» khác với giá trị nhật ký ghi lần cuối."
    row_gone = "{what} có trong nhật ký nhưng đã bị xóa khỏi CSDL ngoài ứng dụng."
    row_back = "{what} đã xóa theo nhật ký nhưng vẫn còn (hoặc bị thêm lại) trong CSDL."
    row_unrecorded = "{what} có trong CSDL nhưng nhật ký chưa bao giờ ghi việc thêm nó."
