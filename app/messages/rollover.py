"""Messages of the new school year (chuyển năm học): the plan, the apply, the CLI."""

from __future__ import annotations


class ROLLOVER_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # What happens to a student (app/rollover/plan.py)
    action_promote = "Lên lớp"
    action_repeat = "Ở lại lớp"
    action_graduate = "Hoàn thành chương trình, ra trường"
    action_wait = "Chờ kết quả"
    action_placed = "Đã có lớp năm sau"
    action_left = "Không chuyển lên"

    promoted = "Lên lớp {target}"
    repeat = "Ở lại lớp, học lớp {target}: {detail}"
    graduate = "{outcome} (lớp {cls}, năm học {year})"
    level_completed = {
        "tieu_hoc": "Hoàn thành chương trình tiểu học",
        "thcs": "Hoàn thành chương trình THCS",
        "thpt": "Hoàn thành chương trình THPT",
    }
    wait_retest = "Chờ kết quả kiểm tra lại: {detail}"
    wait_summer = "Chờ kết quả rèn luyện trong hè: {detail}"
    wait_missing = "Chưa đủ kết quả cả năm: {detail}"
    wait_unknown = "Chưa có kết quả cả năm"
    placed = "Đã ở lớp {target} của năm học {year}"
    placed_conflict = (
        "Đã ở lớp {target} của năm học {year}, nhưng kết quả là «{outcome}» (khối {expected}): "
        "giữ nguyên, hãy kiểm tra lại"
    )
    left_status = "{status}: không chuyển sang năm học mới"
    left_no_class = "Không còn trong lớp nào khi kết thúc năm học: không chuyển sang năm học mới"
    graduated_already = "Đã ghi ra trường ({status}): không thay đổi"

    # Checks (plan and apply)
    years_not_consecutive = "Năm học mới phải là năm ngay sau năm {source} (ví dụ {expected})."
    source_missing = "Chưa có năm học {year} trong CSDL."
    source_empty = "Năm học {year} chưa có lớp nào: không có gì để chuyển."
    target_missing = (
        "Chưa chuyển sang năm học {year}: hãy chạy «Chuyển năm học» trước khi xếp lớp học sinh chờ."
    )
    name_bad = "Tên lớp «{name}» không hợp lệ: phải bắt đầu bằng khối {grade}, ví dụ {example}."
    name_twice = "Tên lớp «{name}» được đặt cho hai lớp đề xuất: mỗi lớp một tên."
    name_taken = "Năm học {year} đã có lớp {name} (khối {grade}): hãy chọn tên khác."
    unknown_proposal = "Không có lớp đề xuất «{key}» trong bản xem trước (đã thay đổi?)."
    teacher_not_found = "Không tìm thấy giáo viên «{user}» (tài khoản giáo viên đang hoạt động)."

    # Journal reasons
    reason_rollover = "Chuyển năm học {source} → {target}"
    reason_place = "Xếp lớp học sinh chờ kết quả, năm học {source} → {target}"
    reason_lock = "Khóa sổ năm học {year} khi chuyển sang năm học {target}"
    restore_label = "truoc-chuyen-nam-hoc"

    # Progress
    step_apply = "Chuyển học sinh sang năm học mới"
    unit_students = "học sinh"
    step_lock = "Khóa sổ năm học cũ"
    unit_classes = "lớp"

    # CLI (app/cli/year.py)
    cli_years_head = "Năm học      Từ ngày     Đến ngày    "
    cli_current = "(năm hiện tại)"
    cli_plan_head = "Chuyển năm học {source} → {target}{created}"
    cli_year_new = " (sẽ tạo năm học mới)"
    cli_classes_head = "Lớp năm sau   Khối  GVCN                    Lên lớp  Ở lại  Đã có"
    cli_class_new = "lớp mới"
    cli_exceptions_head = "Trường hợp cần chú ý ({n}):"
    cli_counts = (
        "Lên lớp {promote}, ở lại lớp {repeat}, ra trường {graduate}, chờ kết quả {wait}, "
        "đã có lớp {placed}, không chuyển {left}."
    )
    cli_nothing = "Không có gì để thay đổi: mọi học sinh đã được xếp hoặc đang chờ kết quả."
    cli_preview_only = "Đây là bản xem trước. Thêm --apply để thực hiện."
    cli_confirm = "Thực hiện chuyển năm học {source} → {target}? Gõ «có» để đồng ý: "
    cli_not_confirmed = "Đã hủy: chưa thay đổi gì."
    cli_applied = (
        "Đã chuyển năm học {source} → {target}: tạo {classes} lớp, lên lớp {promoted}, "
        "ở lại lớp {repeated}, ra trường {graduated}; còn {waiting} học sinh chờ kết quả."
    )
    cli_restore_point = "Điểm khôi phục trước khi ghi: {path}"
    cli_pending_none = "Không còn học sinh nào chờ kết quả."
    cli_pending_ready = "Đã có kết quả, chạy «year place» để xếp lớp ({n}):"
    cli_pending_wait = "Còn chờ kết quả ({n}):"
    cli_switched = "Năm học hiện tại: {year}. Đã khóa sổ {locked} lớp của năm học {previous}."
    cli_switch_confirm = (
        "Chuyển năm học hiện tại sang {year} và khóa sổ năm học {previous}? Gõ «có» để đồng ý: "
    )
