"""Messages of the grade book: catalogue, entry, locking, results, history and its CLI."""

from __future__ import annotations


class GRADEBOOK_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Catalogue, semesters, assignments
    subject_not_found_id = "Không tìm thấy môn học."
    subject_not_found = "Không có môn “{name}” ở khối {grade} năm học {year}."
    subject_name_required = "Tên môn học không được để trống."
    subject_exists = "Khối {grade} đã có môn “{name}”."
    subject_not_in_class = "Lớp {cls} không học môn này."
    periods_invalid = "Số tiết/năm {value} không hợp lệ: cần số nguyên từ 1 đến {limit}."
    provenance_school = "Nhà trường bổ sung"
    catalogue_missing = (
        "Năm học {year} chưa có danh mục môn học. "
        "Chạy: python main.py grades subjects --year {year} --seed"
    )
    semester_label = "Học kì {roman}"
    semester_invalid = "Học kì “{value}” không hợp lệ: chỉ có học kì 1 hoặc 2."
    semester_dates_invalid = (
        "{semester}: ngày {start} – {end} không hợp lệ (phải nằm trong năm học {year}, "
        "ngày bắt đầu trước ngày kết thúc)."
    )
    semester_overlap = "{semester}: thời gian trùng với học kì còn lại."
    year_not_found = "Không có năm học {year}."
    class_not_found_id = "Không tìm thấy lớp."
    class_not_in_year = "Lớp {cls} không thuộc năm học {year}."
    teacher_not_found = "Không có giáo viên đang hoạt động với tên đăng nhập {user}."
    assignment_exists = "{user} đã được phân công dạy môn này ở lớp {cls}."
    assignment_not_found = "Không tìm thấy phân công giảng dạy."
    student_not_found = "Không tìm thấy học sinh {code}."

    primary_not_supported = (
        "Lớp {cls} là lớp tiểu học: đánh giá theo Thông tư 27, không dùng bảng điểm "
        "ĐĐGtx/giữa kì/cuối kì của Thông tư 22; hãy dùng sổ theo dõi tiểu học."
    )
    secondary_not_primary = (
        "Lớp {cls} không phải lớp tiểu học: đánh giá theo Thông tư 22 (điểm số), "
        "không dùng mức đạt được của Thông tư 27."
    )

    # Permissions and locks
    not_your_class = "Tài khoản {user} không dạy và không chủ nhiệm lớp {cls}."
    not_your_assignment = "Tài khoản {user} không được phân công dạy môn {subject} ở lớp {cls}."
    not_homeroom = (
        "Tài khoản {user} không phải giáo viên chủ nhiệm lớp {cls}: "
        "chỉ giáo viên chủ nhiệm nhập rèn luyện và số buổi nghỉ."
    )
    not_your_student = "Tài khoản {user} không dạy và không chủ nhiệm lớp của học sinh này."
    locked_needs_principal = (
        "Sổ điểm lớp {cls} {semester} đã khóa: chỉ Ban giám hiệu được sửa, kèm lý do. "
        "(Tài khoản {user})"
    )
    locked_needs_reason = (
        "Sổ điểm lớp {cls} {semester} đã khóa: phải ghi rõ lý do sửa (tối thiểu 5 ký tự)."
    )
    reason_required = "Phải ghi rõ lý do (tối thiểu {n} ký tự)."
    already_locked = "Sổ điểm lớp {cls} {semester} đã khóa từ trước."
    not_locked = "Sổ điểm lớp {cls} {semester} đang mở, không cần mở khóa."
    lock_reason_default = "Khóa sổ điểm"
    missing_line = "{student} ({code}) — {subject}: {columns}"
    missing_summary = (
        "Lớp {cls}, {semester}: {students} học sinh còn thiếu {values} điểm hoặc đánh giá."
    )
    missing_none = "Lớp {cls}, {semester}: đã nhập đủ điểm và đánh giá."
    missing_student = "{student} ({code}) — {subjects}"
    missing_more = "… và {n} học sinh khác."
    missing_conduct = "Rèn luyện"
    missing_conduct_level = "mức đánh giá"
    missing_ratings = "Phẩm chất, năng lực"
    missing_ratings_at = "{when} ({n} mục)"
    locked_word = "khóa"
    unlocked_word = "mở khóa"

    # Cells
    column_midterm = "GK"
    column_final = "CK"
    column_comment = "Nhận xét"
    column_conduct = "Rèn luyện"
    column_excused = "Nghỉ có phép"
    column_unexcused = "Nghỉ không phép"
    column_unknown = "cột không hợp lệ (chỉ có TX1…TX4, GK, CK, DG)"
    slot_beyond_count = "môn này chỉ có {count} ĐĐGtx mỗi học kì, không có cột {column}"
    comment_too_long = "nhận xét dài quá {limit} ký tự"
    level_invalid = "“{text}” không hợp lệ: chỉ nhận Tốt (T), Khá (K), Đạt (Đ) hoặc Chưa đạt (CĐ)."
    sessions_invalid = "“{text}” không hợp lệ: số buổi nghỉ là số nguyên từ 0 đến 400."
    student_not_in_class = "học sinh không có trong danh sách lớp {cls}"
    cell_problem = "{student}, cột {column}, giá trị “{value}”: {reason}"
    cells_invalid = "Không lưu gì cả: {count} ô không hợp lệ."
    field_invalid = "{who}: {detail}"
    slot_label = "{subject} · {semester} · {column}"

    # Results
    conduct_entered = "Giáo viên chủ nhiệm đánh giá"
    conduct_not_entered = "Chưa nhập kết quả rèn luyện"
    summer_not_flagged = (
        "{student} không phải rèn luyện trong hè (rèn luyện cả năm không phải Chưa đạt)."
    )
    retest_not_flagged = (
        "{student} không thuộc diện kiểm tra lại (kết quả học tập cả năm không phải Chưa đạt)."
    )
    retest_subject_not_eligible = "{student} không kiểm tra lại môn {subject}: {why}."
    list_retest_subjects = "Môn được kiểm tra lại: {subjects}"
    list_after = " — kết quả sau: {value}"

    # Text output
    text_title_year = "CẢ NĂM"
    text_title_semester = "HỌC KÌ {n}"
    text_heading = "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ {title} — LỚP {cls} — NĂM HỌC {year}"
    text_legend = (
        "(– : chưa đủ dữ liệu để tính; a → b : kết quả trước và sau kiểm tra lại "
        "hoặc rèn luyện trong hè; * : học sinh đã chuyển lớp hoặc thôi học)"
    )
    history_empty = "(chưa có thay đổi nào)"

    # CLI
    cli_locked = "Đã khóa sổ điểm lớp {cls} học kì {semester} năm học {year}."
    cli_lock_missing = (
        "Chưa khóa sổ: còn học sinh thiếu điểm hoặc đánh giá (danh sách ở trên). "
        "Nhập đủ rồi khóa, hoặc thêm --force để vẫn khóa sổ."
    )
    cli_unlocked = "Đã mở khóa sổ điểm lớp {cls} học kì {semester} năm học {year}."
    cli_student_no_class = "Học sinh không học lớp nào trong năm học {year}."
    cli_set = "{what} (lớp {cls}): {value}"
    cli_unchanged = " (không thay đổi)"
    cli_average = "Kết quả học kì: {value} ({reasons})"
    cli_assigned = "Đã phân công {user} dạy môn {subject} lớp {cls}."

    # History
    history_summer = "Rèn luyện trong hè"
    history_retest = "Kiểm tra lại môn {subject}"
    history_retest_choice = "Chọn kiểm tra lại môn {subject}"
    history_rating = "{name} · {when}"
    history_nomination = "Đề nghị khen thưởng (thành tích nổi bật)"
    history_lock = "Sổ điểm lớp {cls} · {semester}"

    # Snapshots and check
    scope_year = "cả năm"
    snapshot_refreshed = "Cập nhật kết quả chính thức theo thay đổi sau khi khóa sổ"
    results_adopted = "Ghi nhận kết quả chính thức đã khóa trước khi cập nhật"
    snapshots_ok = "Kết quả lưu khi khóa sổ khớp với tính lại từ điểm gốc ({count} bản ghi)."
    snapshots_bad = "{count} kết quả lưu khi khóa sổ KHÁC với tính lại từ điểm gốc: {details}"
    snapshots_more = " … và {count} bản ghi khác."
    snapshot_where = "{student} ({code}), lớp {cls}, {scope}"
    snapshot_differs = "{where}: khác ở {fields}"
    snapshot_not_in_class = "{where}: học sinh không còn trong danh sách lớp"
    snapshot_class_missing = "kết quả lưu của một lớp đã bị xóa"
    snapshot_unreadable = "dữ liệu lưu không đọc được"
    snapshot_fields = {
        "subjects": "điểm trung bình môn",
        "after_retest": "kết quả môn sau kiểm tra lại",
        "learning": "kết quả học tập",
        "learning_after_retest": "học tập sau kiểm tra lại",
        "conduct": "rèn luyện",
        "conduct_after_summer": "rèn luyện sau hè",
        "absent_sessions": "số buổi nghỉ",
        "outcome": "kết quả cuối năm",
        "commendation": "khen thưởng",
    }
