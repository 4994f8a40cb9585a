"""Messages of the compliance report (minimum lists against the register) and its CLI
(``app.equipment.compliance``, ``app.equipment.compliance_export``, ``app.cli.equipment_report``)."""

from __future__ import annotations


class COMPLIANCE_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    status_enough = "Đủ"
    status_short = "Thiếu {n}"
    every_grade = "Các lớp"
    norm_class = "{n} / lớp"
    norm_school = "{n} / trường"
    list_name = "{circular} ({level}, bản {version})"
    level_bad = "Cấp học «{value}» không có; chọn một trong: {choices}."
    no_list = (
        "Chưa có danh mục thiết bị tối thiểu nào để đối chiếu. Nhập danh mục trước "
        "(lệnh «equipment import-list» hoặc trang Thiết bị)."
    )
    no_list_level = "Chưa có danh mục thiết bị tối thiểu nào của cấp {level} để đối chiếu."
    format_bad = "Định dạng «{value}» không có; chọn xlsx hoặc pdf."

    # The documents
    title = "BÁO CÁO ĐỐI CHIẾU THIẾT BỊ DẠY HỌC TỐI THIỂU"
    subtitle = "Năm học {year} — Danh mục: {lists}"
    level_head = "{n}. Cấp {level}"
    totals_head = "Tổng hợp theo môn học và lớp"
    ratio_head = "Tỉ lệ học sinh trên một máy tính (môn Tin học)"
    counting_note = (
        "Thiết bị hiện có chỉ tính thiết bị chưa thanh lý, tình trạng tốt hoặc hỏng nhẹ. "
        "Số lượng cần có của thiết bị tính theo lớp = số lượng quy định × số lớp của khối "
        "trong năm học."
    )
    sign_officer = "Nhân viên thiết bị"
    sign_principal = "Hiệu trưởng"
    sheet_totals = "Tổng hợp"
    sheet_ratio = "Tỉ lệ máy tính"

    col_no = "STT"
    col_subject = "Môn học"
    col_grade = "Lớp"
    col_item_no = "Số TT trong thông tư"
    col_name = "Tên thiết bị"
    col_unit = "Đơn vị tính"
    col_norm = "Định mức"
    col_quantity = "Số lượng quy định"
    col_scope = "Tính theo"
    col_classes = "Số lớp"
    col_required = "Cần có"
    col_held = "Hiện có (dùng được)"
    col_short = "Còn thiếu"
    col_status = "Đánh giá"
    col_lines = "Số thiết bị trong danh mục"
    col_lines_enough = "Số thiết bị đủ"
    col_lines_short = "Số thiết bị thiếu"
    col_level = "Cấp học"
    col_students = "Số học sinh"
    col_computers = "Số máy hoạt động"
    col_ratio = "Học sinh / máy"
    col_limit = "Tối đa theo quy định"
    col_meets = "Kết quả"
    meets_yes = "Đạt"
    meets_no = "Chưa đạt"

    # CLI
    cli_written = (
        "Đã ghi báo cáo đối chiếu vào {path}: {lines} thiết bị trong danh mục, {enough} đủ, "
        "{short} thiếu."
    )
    cli_figure = "{ratio} học sinh/máy (tối đa {limit})"
    cli_ratio = "{level}: {students} học sinh, {computers} máy hoạt động — {figure}: {verdict}."
