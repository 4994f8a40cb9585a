"""Messages of data safety: backups, backup keys, restore, keyring, startup checks.

The core messages (``MSG.backup_*``, ``MSG.restore_*``, ``MSG.db_*``, ``MSG.disk_full``)
live in ``app/messages/core.py``; these are the ones this area adds.
"""

from __future__ import annotations


class SAFETY_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    write_failed = "Không ghi được {path}: {reason}."
    backup_not_found = "Không tìm thấy tệp sao lưu {path}."
    backup_journal_broken = (
        "Bản sao lưu {path} có nhật ký thay đổi bị sửa đổi ngoài ứng dụng ({detail}). "
        "Không khôi phục từ bản này."
    )
    backup_school_missing = (
        "CSDL chưa có hồ sơ trường nên chưa sao lưu được. Hãy khởi tạo trường trước."
    )
    backup_checks_failed = "Bản sao lưu {path} không qua được kiểm tra toàn vẹn: {detail}"
    backup_in_progress = "Đang sao lưu CSDL…"
    restore_in_progress = "Đang kiểm tra và khôi phục bản sao lưu…"
    check_in_progress = "Đang kiểm tra bản sao lưu (không thay dữ liệu)…"
    restored_not_reopened = (
        "Đã khôi phục bản sao lưu nhưng chưa mở lại được dữ liệu ({reason}). Hãy đóng rồi mở "
        "lại Trường Số."
    )
    backup_checked_cli = "{path}: qua được mọi kiểm tra; chưa thay dữ liệu nào."
    key_sheet_written = "Phiếu khóa để in: {path}."
    backup_checked = "Bản sao lưu qua được mọi kiểm tra."
    key_file_exists = "Tệp {path} đã có. Chọn tên khác để không ghi đè."
    key_file_unreadable = "Không đọc được tệp khóa {path}: {reason}."
    key_saved = "Đã lưu khóa sao lưu của trường {code} (dấu vân tay {fingerprint}) vào máy này."
    key_exported = (
        "Đã xuất khóa sao lưu ra {path}. Hãy in hoặc chép ra USB, cất trong tủ của "
        "Hiệu trưởng, rồi xóa tệp này khỏi máy."
    )
    keyring_fallback_title = "Cất giữ khóa sao lưu"
    keyring_fallback_notice = (
        "Máy tính này không có kho khóa bảo mật của hệ điều hành, nên khóa sao lưu của trường "
        "đang được cất trong một tệp thuộc thư mục dữ liệu của Trường Số; chỉ tài khoản đang "
        "đăng nhập máy tính này đọc được tệp đó.\n\n"
        "Việc cần làm:\n"
        "• Vào Cài đặt, bấm “Xuất khóa sao lưu…” (tài khoản quản trị: trong “Sao lưu và khôi "
        "phục…”), in tệp khóa hoặc chép ra USB và cất ở nơi "
        "an toàn (tủ của Hiệu trưởng). Không có khóa này thì không mở được bản sao lưu trên "
        "máy khác.\n"
        "• Không chép thư mục dữ liệu chung với các bản sao lưu."
    )
    keyring_failed = (
        "Không dùng được kho khóa bí mật (keyring) của hệ điều hành: {detail}. Xem docs/keyring.md."
    )
    recovered = "Đã khôi phục CSDL từ điểm khôi phục {point}. Tệp bị hỏng được giữ lại tại {aside}."
    no_good_restore_point = "Không có điểm khôi phục nào còn tốt cho {path}."
    restore_done_new = "Đã khôi phục từ {path} vào {target}."
    db_key_missing = (
        "Dữ liệu của trường {code} trong tệp {path} đã được mã hóa bằng khóa sao lưu của "
        "trường (dấu vân tay {fingerprint}), nhưng máy tính này chưa có khóa đó nên chưa mở "
        "được. Việc cần làm: lấy tệp khóa sao lưu của trường (bản in hoặc USB cất ở tủ của "
        "Hiệu trưởng), rồi nhập vào máy này bằng lệnh: truongso key import <tệp khóa>. "
        "Sau đó mở lại Trường Số."
    )
    db_key_unknown = (
        "Tệp dữ liệu {path} đã được mã hóa nhưng thiếu tệp ghi tên khóa đi kèm "
        "({path}.key.json), nên không biết dùng khóa nào để mở. Hãy khôi phục từ bản sao lưu "
        "gần nhất (truongso restore <tệp sao lưu> --key-file <tệp khóa>)."
    )
    db_encrypt_failed = (
        "Chưa mã hóa được tệp dữ liệu của trường: {reason} Dữ liệu vẫn nguyên vẹn; lần mở "
        "ứng dụng sau sẽ tự thử lại."
    )
