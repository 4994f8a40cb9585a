"""Messages of teacher grade sheets, the long import format, result sheets and list files."""

from __future__ import annotations


class GRADESHEETS_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Teacher sheet: what the file shows
    sheet_title = "BẢNG ĐIỂM MÔN {subject} — LỚP {cls}"
    sheet_subtitle = "{semester} — Năm học {year}"
    sheet_teacher = "Giáo viên bộ môn: {teacher}"
    sheet_teacher_blank = "Giáo viên bộ môn: ……………………………"
    sheet_help_scores = (
        "Nhập điểm từ 0 đến 10, nhiều nhất một chữ số thập phân (8,5 hoặc 8.5). "
        "Ô để trống là chưa có điểm. Chỉ sửa các ô điểm (nền trắng); "
        "không sửa STT, Mã HS, Họ và tên."
    )
    sheet_help_comments = (
        "Ghi Đ (Đạt) hoặc CĐ (Chưa đạt) cho từng lần đánh giá. Ô để trống là chưa đánh giá. "
        "Chỉ sửa các ô nền trắng; không sửa STT, Mã HS, Họ và tên."
    )
    sheet_help_return = (
        "Điền xong, lưu tệp (giữ định dạng .xlsx) và gửi lại cho nhà trường để nhập."
    )
    header_no = "STT"
    header_code = "Mã HS"
    header_name = "Họ và tên"
    header_comment = "Nhận xét"
    meta_warning = "Trường Số — dữ liệu kiểm tra của bảng điểm. Không sửa hoặc xóa trang này."
    score_rule_title = "Điểm không hợp lệ"
    score_rule = "Điểm từ 0 đến 10, nhiều nhất một chữ số thập phân (ví dụ 8,5)."
    grade_rule_title = "Chỉ nhận Đ hoặc CĐ"
    grade_rule = "Ghi Đ (Đạt) hoặc CĐ (Chưa đạt)."
    comment_rule_title = "Nhận xét quá dài"
    comment_rule = "Nhận xét dài tối đa {limit} ký tự."

    # Teacher sheet: refusing a file
    not_a_sheet = (
        "Tệp {file} không phải bảng điểm xuất từ Trường Số. Hãy xuất bảng điểm bằng "
        "“Xuất bảng điểm cho giáo viên”, hoặc dùng định dạng dọc (xem docs/long-format.md)."
    )
    meta_removed = (
        "Tệp {file} giống bảng điểm của Trường Số nhưng trang thông tin ẩn đã bị xóa, nên "
        "không biết bảng điểm thuộc lớp, môn, học kì nào. Hãy xuất lại bảng điểm và điền "
        "vào tệp mới (có thể chép các cột điểm sang)."
    )
    meta_damaged = (
        "Trang thông tin ẩn của tệp {file} đã bị sửa hoặc hỏng ({detail}). Hãy xuất lại "
        "bảng điểm và điền vào tệp mới."
    )
    meta_version = (
        "Tệp {file} được tạo bởi phiên bản Trường Số khác (định dạng {version}). "
        "Hãy xuất lại bảng điểm từ phiên bản đang dùng."
    )
    other_school = (
        "Tệp {file} là bảng điểm của trường khác ({other}), không phải của {school}. Không nhập."
    )
    class_gone = (
        "Tệp {file} là bảng điểm lớp {cls} năm học {year}, nhưng lớp này không còn trong "
        "cơ sở dữ liệu. Không nhập."
    )
    class_renamed = (
        "Tệp {file} ghi lớp {sheet_cls} năm học {sheet_year}, nhưng mã lớp trong tệp là lớp "
        "{cls} năm học {year}. Tệp đã bị sửa; hãy xuất lại bảng điểm."
    )
    subject_gone = (
        "Tệp {file} là bảng điểm môn {subject}, nhưng lớp {cls} không còn học môn này "
        "trong danh mục. Không nhập."
    )
    data_sheet_missing = (
        "Tệp {file} không còn trang tính bảng điểm “{sheet}”. Hãy xuất lại bảng điểm."
    )
    header_missing = (
        "Trang tính “{sheet}” của tệp {file} không còn dòng tiêu đề (STT, Mã HS, Họ và tên, "
        "các cột điểm). Hãy xuất lại bảng điểm."
    )
    wrong_grid = (
        "Tệp {file} là bảng điểm môn {subject} lớp {cls} học kì {semester}, không phải bảng "
        "điểm đang nhập. Hãy chọn đúng tệp."
    )
    column_missing = (
        "Trang tính “{sheet}” của tệp {file} thiếu cột {columns}. Hãy xuất lại bảng điểm."
    )

    # Teacher sheet: cell problems (the location is added by the caller)
    code_missing = "không có mã học sinh nên không biết điểm của ai"
    code_unknown = "mã học sinh này không có trong bảng điểm đã xuất"
    code_duplicate = "mã học sinh trùng với dòng {row}"
    name_mismatch = "họ tên không khớp với học sinh {name} có mã này trong bảng điểm đã xuất"
    date_cell = (
        "ô đang ở dạng ngày tháng ({shown}) nên không phải điểm; hãy định dạng ô là số "
        "hoặc văn bản rồi nhập lại"
    )
    student_left_roster = "học sinh này không còn trong danh sách lớp"
    bool_cell = "ô chứa giá trị đúng/sai, không phải điểm"

    # Long format
    long_no_header = (
        "Không tìm thấy dòng tiêu đề trong tệp {file}. Định dạng dọc cần các cột: "
        "student_code, subject, semester, kind, index, value (xem docs/long-format.md)."
    )
    long_missing_columns = "Tệp {file} thiếu cột: {columns} (dòng tiêu đề là dòng {row})."
    long_csv_encoding = (
        "Tệp {file} không phải văn bản UTF-8; đã đọc theo bảng mã Windows-1258. "
        "Hãy kiểm tra chữ có dấu trong phần xem trước."
    )
    long_csv_unreadable = (
        "Không đọc được tệp {file} ({detail}). Hãy lưu lại dạng CSV UTF-8 hoặc .xlsx."
    )
    csv_extra_fields = (
        "dòng có nhiều cột hơn dòng tiêu đề: điểm có dấu phẩy (8,5) trong tệp CSV ngăn cách "
        'bằng dấu phẩy phải đặt trong ngoặc kép ("8,5"), hoặc dùng dấu chấm (8.5)'
    )
    long_blank_values = "{n} dòng để trống cột value nên bị bỏ qua (không xóa điểm đã có)."
    student_code_unknown = "không có học sinh nào mang mã này"
    student_no_class = "học sinh không thuộc lớp nào trong năm học {year}"
    subject_unknown = "lớp {cls} (khối {grade}) không học môn này trong năm học {year}"
    semester_bad = "học kì chỉ nhận 1 hoặc 2 (hoặc I, II)"
    kind_bad = "loại đánh giá chỉ nhận TX, GK, CK hoặc DG"
    index_bad = "thứ tự phải là số nguyên từ 1 trở lên"
    index_required = "đánh giá thường xuyên (TX) cần số thứ tự (1, 2, …)"
    index_only_one = "{kind} chỉ có một lần trong học kì, thứ tự phải là 1"
    year_bad = "năm học “{value}” không có trong cơ sở dữ liệu"
    duplicate_row = "trùng ô điểm với dòng {row} (cùng học sinh, môn, học kì, loại, thứ tự)"
    required_cell = "bắt buộc phải có"

    # Preview and commit
    preview_summary = (
        "Tệp {file}: {batches} bảng điểm, {changes} ô thay đổi, {conflicts} ô xung đột, "
        "{unchanged} ô không đổi, {errors} lỗi."
    )
    changed_elsewhere = (
        "{n} ô đã được sửa trong phần mềm sau khi xuất bảng điểm nhưng giáo viên không sửa "
        "trong tệp: giữ nguyên giá trị trong phần mềm."
    )
    unchanged_since_export = "Sổ điểm không thay đổi từ lúc xuất bảng điểm ({at})."
    locked_notice = (
        "{semester} của lớp {cls} đã khóa sổ: chỉ Ban giám hiệu được sửa và phải ghi lý do."
    )
    change_line = "{where}: {old} → {new}"
    conflict_line = "{where}: lúc xuất là {base}, trong phần mềm nay là {old}, trong tệp là {new}"
    empty_value = "(trống)"
    has_errors = "Tệp {file} có {n} lỗi nên chưa ghi gì. Hãy sửa các ô bị báo lỗi rồi nhập lại."
    conflicts_unresolved = (
        "{n} ô bị xung đột (sổ điểm đã thay đổi sau khi xuất) chưa chọn cách xử lý: giữ giá "
        "trị trong phần mềm hoặc lấy giá trị trong tệp. Chưa ghi gì. Ô đầu tiên: {first}"
    )
    changed_since_preview = (
        "Sổ điểm đã thay đổi sau lần xem trước ({n} ô, ví dụ {first}). Chưa ghi gì; "
        "hãy xem trước lại rồi xác nhận."
    )
    import_reason = "Nhập bảng điểm từ tệp {file}"
    import_done = (
        "Đã nhập {file}: thêm {inserted}, sửa {updated}, xóa {deleted} ô; giữ nguyên {kept} ô "
        "xung đột."
    )
    import_nothing = "Tệp {file}: không có ô nào thay đổi; không ghi gì."
    dry_run = "Chạy thử: chưa ghi gì vào cơ sở dữ liệu."
    not_written = "Không ghi gì."
    restore_point = "Điểm khôi phục trước khi nhập: {path}"
    conflict_flags = "Dùng --take-sheet (lấy giá trị trong tệp) hoặc --keep-current (giữ giá trị trong phần mềm)."

    # Exports
    export_done = "Đã xuất bảng điểm {subject} lớp {cls} ({semester}, {n} học sinh) vào {path}."
    result_title = "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ"
    result_scope_year = "Cả năm học — Lớp {cls} — Năm học {year}"
    result_scope_semester = "{semester} — Lớp {cls} — Năm học {year}"
    result_done = "Đã xuất bảng tổng hợp kết quả lớp {cls} ({scope}) vào {path}."
    result_left_note = "(*) Học sinh đã chuyển đi hoặc thôi học trong năm."
    result_retest_note = "KTL: kết quả sau kiểm tra lại; hè: rèn luyện sau hè."
    result_total = "Tổng số học sinh: {n}."
    lists_title = "DANH SÁCH HỌC SINH THEO KẾT QUẢ ĐÁNH GIÁ CUỐI NĂM"
    lists_title_one = "DANH SÁCH HỌC SINH {title}"
    lists_scope_class = "Lớp {cls} — Năm học {year}"
    lists_scope_school = "Toàn trường — Năm học {year}"
    lists_section = "{n}. {title} ({count} học sinh)"
    lists_empty = "Không có học sinh nào."
    lists_done = "Đã xuất danh sách ({scope}) vào {path}."
    export_not_yours = (
        "Tài khoản {user} không được phân công dạy môn {subject} ở lớp {cls}, nên không xuất "
        "bảng điểm môn này. Giáo viên chỉ xuất bảng điểm môn mình dạy."
    )
    class_scores_sheet = "Điểm lớp {cls}"
    class_scores_done = (
        "Đã xuất {cells} ô điểm của {students} học sinh lớp {cls} ({scope}, {subjects} môn) "
        "vào {path}."
    )
    class_scores_write_failed = "Không ghi được tệp {path}: {detail}"
    format_unknown = "Định dạng “{value}” không hợp lệ: chỉ có xlsx hoặc pdf."
    list_unknown = "Không có danh sách “{value}”. Các danh sách: {choices}."

    # Titles of the year-end lists, as a heading and as a whole document's title
    list_headings = {
        "promoted": "Học sinh được lên lớp",
        "summer_training": "Học sinh phải rèn luyện trong hè",
        "retest": "Học sinh phải kiểm tra lại",
        "repeat": "Học sinh ở lại lớp",
        "excellent": "Học sinh đạt danh hiệu Học sinh Xuất sắc",
        "good": "Học sinh đạt danh hiệu Học sinh Giỏi",
        "pending": "Học sinh chưa đủ dữ liệu để xét",
    }
    list_sheet_names = {
        "promoted": "Lên lớp",
        "summer_training": "Rèn luyện trong hè",
        "retest": "Kiểm tra lại",
        "repeat": "Ở lại lớp",
        "excellent": "HS Xuất sắc",
        "good": "HS Giỏi",
        "pending": "Chưa đủ dữ liệu",
    }
