"""Messages of the bulk register import (``app.equipment.register_import``, its CLI)."""

from __future__ import annotations


class IMPORT_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    name_required = "Chưa ghi tên thiết bị."
    count_bad = "Số lượng: cần một số nguyên từ 1 đến {limit}."
    serial_bad = "Ghi «có» (mỗi chiếc một mã, một dòng sổ) hoặc «không» (đếm chung một dòng)."
    serial_needed = (
        "Số lượng lớn hơn 1: cần ghi cột «Theo dõi từng chiếc» là «có» (mỗi chiếc một mã) "
        "hoặc «không» (đếm chung một dòng)."
    )
    serial_number_one = "Số sê-ri chỉ ghi cho một chiếc theo dõi riêng (số lượng 1, «có»)."
    code_bad = "Mã chỉ gồm chữ in, số và . - /, từ 2 đến 20 ký tự."
    code_many = "Đã ghi mã thì chỉ nhập một dòng sổ: số lượng 1 hoặc «không» theo dõi từng chiếc."
    code_taken = "Mã này đã có trong sổ thiết bị."
    code_repeated = "Mã này đã ghi ở dòng {row}."
    date_bad = "Không hiểu ngày; ghi theo dạng ngày/tháng/năm, ví dụ 15/08/2024."
    date_missing = "Ngày {day} không có trên lịch."
    date_future = "Ngày nhập ở sau hôm nay."
    money_bad = "Cần một số tiền không âm, tính bằng đồng (ví dụ 12.500.000)."
    condition_bad = "Tình trạng không đúng; chọn một trong: {choices}."
    source_bad = "Nguồn không đúng; chọn một trong: {choices}."
    room_missing = (
        "Chưa có phòng này. Thêm phòng trước, hoặc nhập với lựa chọn tạo phòng mới "
        "(--create-rooms)."
    )
    refused = "Chưa nhập gì: có {n} ô sai. Sửa tệp rồi nhập lại.\n{problems}"
    empty = "Tệp {file} không có dòng thiết bị nào."
    label = "Nhập sổ thiết bị từ tệp {file}"

    # The command line
    cli_preview = "Tệp {file}: {rows} dòng, {units} chiếc/bộ → {items} dòng sổ mới{rooms}."
    cli_rooms = "; phòng mới: {names}"
    cli_dry_run = "Chạy thử: chưa ghi gì."
    cli_done = "Đã nhập {items} dòng sổ (mã {first} … {last})."
    cli_line = "  dòng {row}: {name} ×{quantity} {unit} — {room} — {how}"
    cli_serial = "mỗi chiếc một mã"
    cli_counted = "đếm chung một dòng"
    cli_store = "(kho)"
