"""Messages of the CĐS pre-fill metrics (``app.cds.prefill``, ``app.cds.prefill_queries``)."""

from __future__ import annotations


class PREFILL_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese labels, explanations and reasons; use ``str.format`` with keyword fields."""

    no_year = "Chưa có năm học {year} trong phần mềm, nên chưa tính được."
    no_students = "Năm học {year} chưa có học sinh nào được xếp lớp trong phần mềm."
    no_students_level = "Năm học {year} chưa có học sinh cấp {level} nào đang học."

    students_enrolled = "Số học sinh có hồ sơ trong phần mềm"
    students_enrolled_how = (
        "{n} học sinh được xếp vào lớp của năm học {year} và còn học đến cuối năm (hoặc đang học)."
    )
    students_with_grades = "Học sinh có điểm trong sổ điểm điện tử"
    students_with_grades_how = (
        "{n}/{total} học sinh của năm học {year} đã có ít nhất một điểm hoặc mức đánh giá "
        "trong sổ điểm = {share} %."
    )
    students_personal_id = "Học sinh có số định danh cá nhân"
    students_personal_id_how = (
        "{n}/{total} học sinh của năm học {year} có số định danh cá nhân trong hồ sơ = {share} %."
    )
    transcripts_signed = "Học sinh có học bạ số đã ký"
    transcripts_signed_how = (
        "{n}/{total} học sinh có học bạ năm học {year} đã ký đủ (hoặc đã phát hành) = "
        "{share} %. Học bạ đã lập: {made}."
    )
    no_transcripts = "Chưa lập học bạ nào của năm học {year} trong phần mềm."
    teachers_entering = "Giáo viên tự nhập điểm trên phần mềm"
    teachers_entering_how = (
        "{n}/{total} giáo viên được phân công dạy hoặc chủ nhiệm năm học {year} đã tự nhập "
        "điểm bằng tài khoản của mình (theo nhật ký thay đổi từ {start}) = {share} %."
    )
    no_teachers = "Năm học {year} chưa phân công giáo viên dạy hoặc chủ nhiệm lớp nào."
    equipment_items = "Thiết bị ghi trong sổ thiết bị"
    equipment_items_how = (
        "{lines} dòng trong sổ thiết bị ({units} đơn vị), chưa kể thiết bị đã thanh lý; "
        "thay đổi gần nhất: {last}."
    )
    no_equipment = "Sổ thiết bị trong phần mềm chưa có thiết bị nào."
    equipment_in_use = "Sổ thiết bị được cập nhật trong năm học"
    equipment_in_use_how = "{n} lần thay đổi sổ thiết bị từ {start} (theo nhật ký thay đổi)."
    students_per_computer = "Số học sinh trên một máy tính ({level})"
    students_per_computer_how = (
        "{level}: {students} học sinh đang học / {computers} máy tính dùng được = "
        "{ratio} học sinh/máy (Bộ quy định tối đa {limit})."
    )
    no_computers = "{level}: sổ thiết bị chưa có máy tính nào dùng được ({students} học sinh)."
    ratio_current_only = (
        "Chỉ tính cho năm học hiện tại ({current}): sổ thiết bị ghi tình trạng máy hiện nay."
    )
    backups_in_year = "Số lần sao lưu dữ liệu trong năm học"
    backups_in_year_how = "{n} lần sao lưu từ {start} (theo nhật ký thay đổi); gần nhất: {last}."
    backup_age = "Số ngày từ lần sao lưu gần nhất"
    backup_age_how = "Bản sao lưu gần nhất: {last} ({days} ngày trước)."
    no_backup = "Chưa sao lưu dữ liệu lần nào."
    never = "chưa có"

    unit_percent = "%"
    unit_students = "học sinh"
    unit_lines = "dòng"
    unit_changes = "lần"
    unit_ratio = "học sinh/máy"
    unit_times = "lần"
    unit_days = "ngày"
