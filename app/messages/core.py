"""Messages of the foundation: accounts, journal, data safety, CLI."""

from __future__ import annotations


class MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    cancelled = "Đã hủy. Không có dữ liệu nào được ghi."
    either = "{first} hoặc {last}"  # a list of choices: "A, B hoặc C"

    # Accounts and permissions
    permission_denied = "Tài khoản {user} ({role}) không có quyền: {action}."
    login_failed = "Tên đăng nhập hoặc mật khẩu không đúng."
    login_locked = (
        "Tài khoản {user} đang bị khóa do nhập sai mật khẩu nhiều lần. "
        "Vui lòng thử lại sau {minutes} phút."
    )
    login_disabled = "Tài khoản {user} đã bị vô hiệu hóa. Liên hệ quản trị hệ thống."
    session_disabled = (
        "Tài khoản {user} vừa bị vô hiệu hóa nên không ghi được thay đổi này. "
        "Liên hệ quản trị hệ thống."
    )
    session_locked = (
        "Tài khoản {user} đang bị khóa do nhập sai mật khẩu nhiều lần, nên chưa ghi được thay "
        "đổi này. Vui lòng thử lại sau {minutes} phút."
    )
    session_role_changed = (
        "Vai trò của tài khoản {user} vừa được đổi thành {role}. Hãy đăng xuất rồi đăng nhập "
        "lại để làm việc với quyền mới; thay đổi này chưa được ghi."
    )
    account_locked_reason = "Khóa tài khoản {minutes} phút do nhập sai mật khẩu {attempts} lần"
    password_too_short = "Mật khẩu phải có ít nhất {n} ký tự."
    password_needs_letter_digit = "Mật khẩu phải có cả chữ cái và chữ số."
    password_same_as_username = "Mật khẩu không được trùng với tên đăng nhập."
    username_invalid = (
        "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới; dài 3–32 ký tự."
    )
    username_taken = "Tên đăng nhập {user} đã tồn tại."
    user_not_found = "Không tìm thấy tài khoản {user}."
    role_unknown = "Vai trò không hợp lệ: {role}."
    full_name_required = "Họ và tên không được để trống."
    last_admin = "Không thể vô hiệu hóa hoặc hạ quyền quản trị viên cuối cùng."
    wrong_current_password = "Mật khẩu hiện tại không đúng."

    # School profile
    school_code_invalid = "Mã trường không hợp lệ: chỉ gồm chữ và số, dài 2–20 ký tự."
    school_name_required = "Tên trường không được để trống."
    school_levels_required = "Chọn ít nhất một cấp học."
    school_exists = "Cơ sở dữ liệu này đã có hồ sơ trường {code}."
    school_missing = "Cơ sở dữ liệu chưa có hồ sơ trường. Hãy chạy khởi tạo (init) trước."
    province_unknown = (
        "Tỉnh/thành phố «{value}» không có trong danh sách 34 tỉnh, thành phố từ 12/6/2025."
    )
    province_unknown_closest = (
        "Tỉnh/thành phố «{value}» không có trong danh sách 34 tỉnh, thành phố từ 12/6/2025. "
        "Có phải {choices}?"
    )
    school_year_invalid = "Năm học phải có dạng 2025-2026 (hai năm liên tiếp): {value}."
    school_year_exists = "Năm học {value} đã có."

    # Journal
    journal_ok = "Nhật ký toàn vẹn: {count} mục, không có mắt xích nào bị sửa hay xóa."
    journal_broken = "Nhật ký bị sửa đổi ngoài ứng dụng tại mục số {seq}: {reason}."
    journal_gap = "thiếu mục số {expected} (mục đã bị xóa)"
    journal_bad_hash = "nội dung không khớp với mã băm đã lưu"
    journal_bad_link = "mã băm của mục trước không khớp"
    journal_head_mismatch = "mục cuối cùng không khớp với đầu chuỗi đã ghi"
    journal_head_missing = "dòng đầu chuỗi (journal_head) đã bị xóa; các mục mới nhất có thể đã mất"
    journal_emptied = "nhật ký trống trong khi CSDL có dữ liệu (bảng {table}): các mục đã bị xóa"
    journal_head_gone_write = (
        "Nhật ký thay đổi bị hỏng (dòng đầu chuỗi đã bị xóa ngoài ứng dụng), nên không ghi thêm "
        "được. Hãy chạy “Kiểm tra dữ liệu” và khôi phục từ điểm khôi phục hoặc bản sao lưu gần "
        "nhất; liên hệ người phụ trách CNTT."
    )
    # In place of a sensitive value the reader may not see (or has not asked to see).
    journal_masked = "(đã ẩn)"

    # Data safety
    db_in_use = (
        "Cơ sở dữ liệu {path} đang được mở bởi một phiên khác "
        "(máy {host}, tiến trình {pid}). Hãy đóng phiên đó trước."
    )
    db_integrity_failed = "Cơ sở dữ liệu {path} bị hỏng: {detail}"
    db_on_network = (
        "Cơ sở dữ liệu đang nằm trên ổ mạng hoặc thư mục đồng bộ đám mây ({path}). "
        "Điều này có thể làm hỏng dữ liệu; nên chuyển về ổ đĩa của máy."
    )
    backup_done = "Đã sao lưu vào {path}."
    backup_bad_file = "Tệp {path} không phải là bản sao lưu của Trường Số."
    backup_wrong_key = "Không giải mã được bản sao lưu {path}: khóa không đúng hoặc tệp đã bị sửa."
    backup_corrupt = "Bản sao lưu {path} bị hỏng: {detail}"
    backup_newer_schema = (
        "Bản sao lưu {path} được tạo bởi phiên bản mới hơn của phần mềm; hãy cập nhật trước."
    )
    backup_no_key = (
        "Chưa có khóa sao lưu trên máy này. Hãy nhập tệp khóa sao lưu (--key-file) "
        "đã được cất giữ khi xuất khóa."
    )
    backup_key_file_bad = "Tệp khóa sao lưu {path} không hợp lệ."
    restore_done = "Đã khôi phục từ {path}. Dữ liệu cũ được giữ tại {kept}."
    restore_pg_unsupported = (
        "Sao lưu/khôi phục bằng ứng dụng chỉ dành cho CSDL SQLite. "
        "Với PostgreSQL, hãy dùng pg_dump/pg_restore của máy chủ."
    )
    disk_full = (
        "Ổ đĩa đã đầy, không ghi được {path} (ổ còn trống {free}). Hãy xóa bớt tệp không cần "
        "hoặc chuyển dữ liệu sang ổ khác để có ít nhất {need} trống, rồi làm lại. "
        "Dữ liệu đã lưu trước đó vẫn an toàn."
    )
    check_no_space = "Chưa kiểm tra được (đây không phải lỗi dữ liệu): {message}"
    disk_full_server = (
        "Ổ đĩa của máy chủ cơ sở dữ liệu đã đầy, chưa ghi được thay đổi này. Hãy báo người "
        "quản trị máy chủ giải phóng chỗ trống rồi làm lại. Dữ liệu đã lưu trước đó vẫn an toàn."
    )
    keyring_missing = (
        "Máy này không có kho khóa bí mật (keyring) của hệ điều hành. "
        "Khóa được lưu tạm trong tệp {path} (chỉ người dùng hiện tại đọc được). "
        "Xem docs/keyring.md."
    )
    not_sqlite = "Chức năng này chỉ dùng được với CSDL SQLite."

    # CLI
    cli_error = "Lỗi: {message}"
    cli_bug = "Lỗi không mong muốn ({kind}). Chi tiết đã ghi vào {log}."
