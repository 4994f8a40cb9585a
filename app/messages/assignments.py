"""Messages of the teaching assignments (phân công giảng dạy): the grid, copying, Excel, CLI."""

from __future__ import annotations


class ASSIGN_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    homeroom_column = "GVCN"
    homeroom_label = "Giáo viên chủ nhiệm"
    class_column = "Lớp"
    teacher_unknown = "không có giáo viên «{text}» (gõ tên đăng nhập hoặc họ tên giáo viên)"
    teacher_ambiguous = "có {n} giáo viên tên «{text}»: ghi rõ tên đăng nhập ({users})"
    teacher_inactive = "tài khoản {user} đã ngừng hoạt động hoặc không phải giáo viên"
    one_homeroom = "mỗi lớp chỉ có một giáo viên chủ nhiệm"
    class_not_in_year = "không có lớp {cls} trong năm học {year}"
    subject_not_studied = "lớp {cls} không học môn {subject}"
    cell_where = "Lớp {cls}, {subject}: {reason}"
    refused = "Chưa lưu gì: {n} ô không hợp lệ.\n{problems}"
    no_previous_year = "Không có năm học nào trước năm {year} có lớp để chép phân công."
    fill_homeroom = "Không điền được cả cột giáo viên chủ nhiệm: mỗi lớp một người, chọn từng lớp."
    # Excel
    sheet_title = "Phân công {year}"
    teachers_sheet = "Giáo viên"
    teachers_headers = ("Tên đăng nhập", "Họ và tên", "Ghi trong ô")
    label = "Nhập phân công giảng dạy từ tệp {file}"
    class_missing = "lớp không có trong năm học {year}"
    class_repeated = "lớp đã có ở dòng {row}"
    class_blank = "thiếu tên lớp"
    other_year = "Trang tính «{sheet}» ghi năm học {found}, đang nhập vào năm học {year}."
    import_refused = "Không nhập gì từ tệp {file}: {n} ô không hợp lệ.\n{problems}"
    import_empty = "Tệp {file} không có dòng lớp nào để nhập."
    graded_note = (
        "{n} ô đổi giáo viên của môn đã có điểm: điểm giữ nguyên, lịch sử điểm vẫn ghi "
        "người đã nhập."
    )
    # CLI
    cli_heading = (
        "Phân công giảng dạy năm học {year}: {classes} lớp, {filled}/{cells} ô đã có giáo viên"
    )
    cli_saved = "Đã lưu {n} ô thay đổi."
    cli_nothing = "Không có gì thay đổi."
    cli_change = "  {cls} · {subject}: {old} → {new}"
    cli_empty = "(trống)"
    cli_pairs = "Năm {previous} → {year}: {pairs}"
    cli_unmatched = "Lớp năm trước không tìm được lớp năm nay: {names}"
    cli_without_source = "Lớp năm nay không có lớp năm trước tương ứng: {names}"
    cli_kept = "{n} ô đã có giáo viên được giữ nguyên."
    cli_inactive = "Không chép giáo viên đã ngừng hoạt động: {names}"
    cli_dry_run = "Chạy thử: chưa ghi gì."
    cli_exported = "Đã xuất {classes} lớp × {subjects} môn ra {path}"
    cli_import_preview = "Tệp {file}: {rows} lớp, {n} ô sẽ thay đổi"
    subject_unknown = "Không có môn «{text}» trong năm học {year} (các môn: {names})."
    cli_need_target = "Chọn --class (điền cả hàng) hoặc --subject (điền cả cột)."
