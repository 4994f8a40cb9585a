"""Messages of equipment and facilities: rooms, the minimum lists, the register, the CLI."""

from __future__ import annotations


class EQUIPMENT_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese message templates for equipment; use ``str.format`` with keyword fields."""

    # Rooms
    room_name_required = "Tên phòng: không được để trống."
    room_exists = "Đã có phòng «{name}»."
    room_not_found = "Không có phòng «{name}»."
    room_kind_bad = "Loại phòng «{value}» không hợp lệ; chọn một trong: {choices}."
    construction_bad = "Loại công trình «{value}» không hợp lệ; chọn một trong: {choices}."
    level_bad = "Cấp học «{value}» không hợp lệ; chọn một trong: {choices}."
    capacity_bad = "Sức chứa: cần một số không âm (đang là {value})."

    # Register
    name_required = "Tên thiết bị: không được để trống."
    count_bad = "Số lượng: cần một số nguyên từ 1 đến {limit} (đang là {value})."
    value_bad = "Nguyên giá: cần một số tiền không âm, tính bằng đồng (đang là {value})."
    condition_bad = "Tình trạng «{value}» không hợp lệ; chọn một trong: {choices}."
    funding_bad = "Nguồn kinh phí «{value}» không hợp lệ; chọn một trong: {choices}."
    item_not_found = "Không có thiết bị mã «{code}» trong sổ."
    item_disposed = "Thiết bị «{code}» đã thanh lý ngày {day}; không sửa được nữa."
    serial_one_unit = "Thiết bị «{code}» được theo dõi từng chiếc: số lượng luôn là 1."
    reference_not_found = (
        "Không có thiết bị số «{item_no}» môn {subject} lớp {grade} trong danh mục."
    )
    field_unknown = "Không sửa được trường «{field}» của thiết bị."

    # Disposal
    disposal_reason_required = "Thanh lý thiết bị «{code}»: cần ghi lý do thanh lý."
    disposal_reason = "Thanh lý: {reason}"

    # Reference lists
    manifest_bad = "Tệp danh mục «{file}» không đọc được: {reason}."
    list_file_missing = "Không tìm thấy tệp danh mục «{file}» (ghi trong manifest.json)."
    csv_bad = "Tệp «{file}», dòng {row}, cột «{column}»: «{value}» — {reason}"
    circular_unknown = "không phải thông tư danh mục thiết bị tối thiểu (TT 37, 38, 39/2021)"
    level_of_circular = "thông tư {circular} là danh mục cấp {level}"
    grade_bad = "lớp phải là số từ 1 đến 12 (0 nếu dùng chung cho cả cấp)"
    grade_not_in_level = "lớp {grade} không thuộc cấp {level}"
    quantity_bad = "số lượng phải là số nguyên dương"
    user_bad = "đối tượng sử dụng ghi GV, HS hoặc GV,HS"
    scope_bad = "ghi «lớp» (tính theo lớp) hoặc «trường» (tính theo trường)"
    required_cell = "ô này không được để trống"
    duplicate_item = "trùng số thứ tự với dòng {row} (cùng môn, cùng lớp)"
    several_circulars = "một tệp chỉ nhập một danh mục; tệp có {circulars}"
    import_refused = "Chưa nhập gì: có {n} ô sai. Sửa tệp rồi nhập lại.\n{problems}"
    import_label = "Nhập danh mục thiết bị tối thiểu {circular} (phiên bản {version}) từ tệp {file}"
    version_required = "Phiên bản danh mục: không được để trống (ví dụ 2021 hoặc 2024-01)."
    removed_in_use = (
        "{n} thiết bị của phiên bản cũ không còn trong tệp nhưng sổ thiết bị đang liên kết tới: "
        "giữ lại ({items})."
    )

    # Computer ratio
    no_students = "chưa có học sinh"
    no_computers = "chưa có máy tính hoạt động"

    # CLI
    cli_no_rooms = "Chưa có phòng nào."
    cli_no_items = "Sổ thiết bị chưa có thiết bị nào."
    cli_room_added = "Đã thêm phòng «{name}»."
    cli_added = "Đã ghi vào sổ {n} dòng: {codes}."
    cli_edited = "Đã sửa thiết bị {code}."
    cli_disposed = "Đã thanh lý thiết bị {code} ({name}). Lý do: {reason}"
    cli_dry_run = "Chạy thử (chưa ghi gì): "
    cli_import_summary = (
        "{circular} — {level}, phiên bản {version}: {inserted} thêm, {updated} sửa, "
        "{unchanged} giữ nguyên, {removed} bỏ."
    )
    cli_history_empty = "Thiết bị {code} chưa có thay đổi nào trong nhật ký."
    cli_no_lists = "Chưa có danh mục thiết bị tối thiểu nào. Nhập danh mục chính thức bằng lệnh: equipment import-list TỆP"
