"""Messages of ``transcript sign | verify | pdf | trust`` at the command line."""

from __future__ import annotations


class TCLI_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    need_secret = (
        "Cần mã PIN hoặc mật khẩu chữ ký số: chạy lệnh ở cửa sổ dòng lệnh để được hỏi, hoặc "
        "cho tên mục trong kho khóa bằng --secret-name."
    )
    need_signer = (
        "Cần chỉ ra chữ ký số: --p12 <tệp .p12/.pfx>, hoặc --token-module, --token và "
        "--key-label (hoặc --key-id) của USB token."
    )
    need_target = "Cần --student <mã học sinh> hoặc --class <tên lớp>."
    nothing_to_sign = "Không có học bạ nào đang chờ ký trong phạm vi đã chọn."
    need_out = "Xuất PDF cần --out: tên tệp (một học sinh) hoặc thư mục (cả lớp)."
    ask_passphrase = "Mật khẩu tệp chữ ký số: "
    ask_pin = "Mã PIN của USB token: "
    signed = "Đã ký {count}/{total} học bạ."
    failure = "  Chưa ký: {transcript} — {reason}"
    file_unreadable = "Không đọc được tệp {path}: {reason}."
    printed = "Đã ghi {count} tệp học bạ vào {folder}."
    trusted = "Đã thêm chứng thư gốc tin cậy: {path}"
    trust_folder = "Thư mục chứng thư gốc tin cậy: {path}"
    online_counts = "Hàng đợi bước trực tuyến: {waiting} học bạ đang chờ, {done} đã xong."
    online_done = (
        "Đã thêm dấu thời gian cho {done} học bạ; {failed} chưa được (vẫn trong hàng đợi)."
    )
    online_failure = "  Chưa được: {reason}"
    all_years_student = "--all-years cần --student <mã học sinh>."
    combined_class = "--combined in cả lớp (--class <tên lớp>) hoặc cả trường (không --class)."
    print_file = "Đã ghi {count} học bạ vào một tệp để in: {path}"
