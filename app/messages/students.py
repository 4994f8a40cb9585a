"""Messages of student records: validation, services, search and the CLI."""

from __future__ import annotations


class M:
    """Vietnamese message templates for students; use ``str.format`` with keyword fields."""

    # Validation: every message names the field by its Vietnamese column label.
    required = "{field}: không được để trống."
    name_bad_chars = "{field}: có chữ số hoặc ký hiệu lạ ({value})."
    name_one_word = (
        "{field}: chỉ có một từ ({value}); cần ghi đủ họ và tên, hoặc ghi lý do nếu đúng là "
        "tên một từ."
    )
    date_bad = (
        "{field}: không hiểu ngày «{value}». Dùng dạng dd/mm/yyyy (ví dụ 05/09/2012), "
        "d/m/yyyy, yyyy-mm-dd hoặc ô ngày của Excel."
    )
    date_nonexistent = "{field}: ngày {value} không có thật."
    date_future = "{field}: ngày {value} nằm trong tương lai."
    date_too_old = "{field}: năm {value} không hợp lý."
    age_for_grade = (
        "{field}: học sinh {age} tuổi (tính theo năm học) không phù hợp với khối {grade} "
        "(thường {low}–{high} tuổi)."
    )
    sex_bad = "{field}: «{value}» không hợp lệ; ghi Nam hoặc Nữ."
    ethnicity_bad = "{field}: không có dân tộc «{value}» trong danh mục 54 dân tộc."
    ethnicity_bad_closest = (
        "{field}: không có dân tộc «{value}» trong danh mục 54 dân tộc. Có phải {choices}?"
    )
    ethnicity_ambiguous = "{field}: «{value}» có thể là dân tộc {choices}; hãy ghi rõ tên dân tộc."
    province_unknown = (
        "{field}: «{value}» không có trong danh sách 34 tỉnh, thành phố từ 12/6/2025."
    )
    province_unknown_closest = (
        "{field}: «{value}» không có trong danh sách 34 tỉnh, thành phố từ 12/6/2025. "
        "Có phải {choices}?"
    )
    phone_bad = (
        "{field}: số điện thoại «{value}» không hợp lệ (cần 10 hoặc 11 chữ số, bắt đầu bằng 0)."
    )
    birth_year_bad = "{field}: năm sinh «{value}» không hợp lệ."
    ministry_code_bad = (
        "{field}: “{value}” không hợp lệ (mã học sinh của Bộ chỉ gồm chữ cái không dấu và "
        "chữ số, tối đa 20 ký tự)."
    )
    lifelong_bad = (
        "{field}: “{value}” không hợp lệ (mã số hồ sơ học tập suốt đời gồm đúng 12 chữ số, "
        "theo số định danh cá nhân của học sinh)."
    )
    lifelong_not_pid = (
        "{field}: “{value}” khác số định danh cá nhân của học sinh; hãy kiểm tra lại với "
        "giấy tờ của học sinh."
    )
    phone_without_name = (
        "{field}: số «{value}» không được lưu vì chưa có {name}; hãy ghi thêm {name}."
    )
    too_long = "{field}: dài quá {n} ký tự ({value})."
    code_bad = (
        "{field}: «{value}» chỉ được gồm chữ cái không dấu, chữ số, dấu gạch; tối đa 30 ký tự."
    )
    class_bad = "{field}: tên lớp «{value}» không hợp lệ (ví dụ 6A1, 10C2)."
    pid_length = "{field}: «{value}» phải gồm đúng 12 chữ số."
    pid_digits = "{field}: «{value}» chỉ được gồm chữ số."
    pid_province = "{field}: «{value}» có mã tỉnh nơi đăng ký khai sinh {code} không tồn tại."
    pid_century = (
        "{field}: «{value}» có chữ số thứ 4 (thế kỷ và giới tính) là {digit}, không hợp lệ."
    )
    pid_year_mismatch = (
        "{field}: «{value}» ứng với năm sinh {id_year}, nhưng ngày sinh là {dob}. "
        "Có thể giữ nguyên nếu ghi rõ lý do."
    )
    pid_sex_mismatch = (
        "{field}: «{value}» ứng với giới tính {id_sex}, nhưng hồ sơ ghi {sex}. "
        "Có thể giữ nguyên nếu ghi rõ lý do."
    )
    pid_duplicate = "{field}: «{value}» đã thuộc về học sinh {other} ({code}) trong trường."
    pid_duplicate_in_batch = "{field}: «{value}» trùng với dòng {row} trong cùng danh sách."
    code_duplicate_in_batch = "{field}: «{value}» trùng với dòng {row} trong cùng danh sách."
    duplicate_candidate = (
        "Có thể trùng học sinh {other} ({code}): cùng họ tên và ngày sinh, chưa có số định danh. "
        "Không tự gộp; hãy kiểm tra."
    )
    match_conflict = (
        "Số định danh {pid} thuộc học sinh {code_a} nhưng mã học sinh {code_b} thuộc học sinh "
        "khác; không biết cập nhật học sinh nào."
    )
    class_not_found = "Lớp: không có lớp «{value}» trong năm học {year}."
    warnings_need_reason = "Có cảnh báo cần ghi lý do để giữ nguyên: {warnings}"
    identity_reason_required = "Thay đổi {fields} là thay đổi thông tin định danh: cần ghi lý do."

    # Services
    student_not_found = "Không tìm thấy học sinh {code}."
    class_not_found_id = "Không tìm thấy lớp học."
    class_exists = "Lớp {name} năm học {year} đã có."
    class_grade_bad = "Khối {grade} không thuộc các cấp học của trường ({levels})."
    class_not_empty = "Lớp {name} còn {count} học sinh; hãy chuyển học sinh sang lớp khác trước."
    teacher_not_found = "Không tìm thấy giáo viên {user}."
    not_your_class = "Tài khoản {user} chỉ được xem học sinh của lớp mình chủ nhiệm."
    year_not_found = "Chưa có năm học {year}."
    no_current_year = "Chưa có năm học hiện tại."
    status_not_active = "Học sinh {code} không còn đang học ({status})."
    status_already = "Học sinh {code} đã ở trạng thái {status}."
    event_reason_required = "Cần ghi lý do cho thao tác {what}."
    event_date_before = "Ngày {what} ({day}) không được trước ngày nhập học ({start})."
    readmit_active = "Học sinh {code} đang học: không cần nhập học lại."
    readmit_class_required = "Cần chọn lớp học sinh vào học."
    readmit_date_before = "Ngày nhập học ({day}) phải sau ngày học sinh rời lớp cũ ({end})."
    readmit_date_outside = "Ngày nhập học ({day}) không thuộc năm học {year} ({start} – {end})."
    readmit_details = "Vào lớp {cls}, năm học {year} (trước đó: {status})"
    guardian_not_found = "Không tìm thấy người thân này."
    guardian_relation_bad = "Quan hệ «{value}» không hợp lệ; chọn cha, mẹ hoặc người giám hộ."
    code_pattern_bad = "Mẫu mã học sinh «{value}» không hợp lệ: phải có {{seq}} (ví dụ {{school}}{{year2}}{{seq:04d}})."
    code_taken = "Mã học sinh {code} đã được dùng."
    height_bad = "Chiều cao {value} cm không hợp lý."
    weight_bad = "Cân nặng {value} kg không hợp lý."
    upsert_rejected = "Có {count} dòng bị từ chối; chưa ghi dữ liệu nào. Dòng đầu tiên: {first}"

    # Access events
    sensitive_viewed = "Xem số định danh và thông tin sức khỏe"
    row = "Dòng {row}: {message}"
    code_kept = (
        "Mã học sinh: tệp ghi «{value}» nhưng học sinh (khớp theo số định danh) đã có mã {code}; "
        "giữ mã đã lưu."
    )
