"""Messages of the command line and the installation self-test."""

from __future__ import annotations


class CLI_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # argparse's own texts (its gettext message ids → Vietnamese)
    usage = "Cách dùng: "
    positionals = "tham số"
    options = "tùy chọn"
    help = "hiện hướng dẫn này rồi thoát"
    commands = "<lệnh>"
    bad_usage = "Lỗi: {message}. Xem: {prog} --help"

    # Commands
    password_missing = "Thiếu mật khẩu: dùng --password hoặc đặt biến môi trường TRUONGSO_PASSWORD."
    password_mismatch = "Hai lần nhập mật khẩu không khớp."
    login_password_missing = (
        "Thiếu mật khẩu của tài khoản {user}: đặt biến môi trường TRUONGSO_PASSWORD "
        "hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập."
    )
    show_sensitive_needs_json = (
        "--show-sensitive chỉ dùng cùng --json (danh sách dạng văn bản không in giá trị)."
    )
    bad_day = "{option}: không hiểu ngày «{value}» (viết dd/mm/yyyy)."
    day_nonexistent = "{option}: ngày {value} không có thật."
    access_event_unknown = "--event: không có loại «{value}» (chọn một trong: {choices})."
    db_file_missing = (
        "Không tìm thấy tệp CSDL {path}. Kiểm tra tham số --db, "
        "hoặc tạo CSDL bằng lệnh init (hay demo cho trường mẫu)."
    )

    # Self-test
    selftest_title = "Trường Số {version} — tự kiểm tra bản cài đặt ({mode})"
    selftest_frozen = "bản đóng gói"
    selftest_source = "chạy từ mã nguồn"
    selftest_ok_line = "  ✔ {label}: {detail}"
    selftest_fail_line = "  ✘ {label}: {detail}"
    selftest_passed = "Kết quả: ĐẠT ({passed}/{total} mục)."
    selftest_failed = "Kết quả: KHÔNG ĐẠT ({failed}/{total} mục lỗi). Chi tiết trong {log}."
    st_resources = "Tài nguyên"
    st_resources_ok = "{path} ({count} tỉnh/thành phố)"
    st_resources_missing = "không tìm thấy {path}"
    st_migrations = "Bộ di chuyển CSDL"
    st_migrations_ok = "{path} (phiên bản mới nhất {head})"
    st_database = "CSDL tạm"
    st_database_ok = "tạo và nâng cấp lên phiên bản {revision}"
    st_database_behind = "CSDL dừng ở phiên bản {revision}, cần {head}"
    st_journal = "Nhật ký thay đổi"
    st_journal_ok = "ghi {count} mục, đọc lại, chuỗi băm hợp lệ"
    st_journal_missing = "không đọc lại được mục vừa ghi"
    st_signing = "Chữ ký số PDF (pyHanko)"
    st_signing_ok = "ký thử một tệp PDF bằng chứng thư tạm rồi kiểm tra lại: hợp lệ"
    st_signing_bad = "chữ ký thử không kiểm tra lại được: {detail}"
    st_encryption = "Mã hóa CSDL (SQLCipher)"
    st_encryption_ok = "mã hóa CSDL tạm rồi mở và đọc lại được (SQLCipher {version})"
    st_encryption_bad = "tệp mã hóa không mở hoặc không đọc lại được"
    st_password = "Mật khẩu argon2id"
    st_password_ok = "tạo tài khoản, đăng nhập đúng mật khẩu"
    st_password_bad = "không đăng nhập được bằng mật khẩu vừa đặt"
    st_keyring = "Kho khóa bí mật"
    st_keyring_ok = "ghi, đọc, xóa được ({backend})"
    st_keyring_memory = "bộ nhớ tạm — máy này không có keyring của hệ điều hành"
    st_keyring_plugins = "không nạp được mô-đun kho khóa: {names}"
    st_keyring_mismatch = "đọc lại không đúng giá trị vừa ghi"
    st_postgres = "PostgreSQL"
    st_postgres_ok = "trình điều khiển psycopg {version} ({impl})"
    st_documents = "Tệp PDF và Excel"
    st_documents_ok = "tạo được tệp PDF với phông chữ kèm theo, ghi và đọc lại tệp Excel"
    st_documents_bad = "tệp tạo ra không đúng (đọc lại: {value!r})"
    st_qt = "Qt"
    st_qt_ok = "có plugin nền tảng {names} và các phần Qt {modules}"
    st_qt_module_missing = "thiếu phần Qt {name} (trang dùng nó không mở được): {detail}"
    st_qt_missing = "thiếu plugin nền tảng {names} trong {path}"
