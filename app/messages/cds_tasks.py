"""Messages of the year's CĐS task checklist (``app.cds.tasks*``, ``app.cli.cds_tasks``)."""

from __future__ import annotations


class TASKS_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    state_todo = "Chưa làm"
    state_doing = "Đang làm"
    state_done = "Đã xong"
    state_na = "Không áp dụng"

    # The file
    unreadable = "Không đọc được tệp «{file}»: {detail}."
    not_json = "Tệp «{file}» không phải JSON hợp lệ (dòng {line}, cột {col})."
    bad_file = "Tệp «{file}» có {count} chỗ sai, chưa nhập gì. Chỗ đầu tiên: {first}"
    where_top = "phần đầu tệp"
    where_source = "mục «source» (văn bản gốc)"
    where_group = "nhóm thứ {n}"
    where_task = "việc «{code}» (thứ {n})"
    field = "{where}, trường «{field}»: {reason}"
    whole = "{where}: {reason}"
    not_object = "phải là một đối tượng JSON {…}"
    format_wrong = "phải là «{expected}», tệp ghi «{value}»"
    missing = "còn thiếu"
    not_text = "phải là chữ"
    empty = "không được để trống"
    too_long = "dài quá {n} ký tự"
    not_list = "phải là một danh sách […]"
    no_tasks = "danh sách việc không được rỗng"
    unknown_field = "không có trường này (các trường dùng được: {allowed})"
    bad_year = "phải là năm học dạng 2024-2025, tệp ghi «{value}»"
    bad_date = "phải là ngày dạng 2025-05-31 (năm-tháng-ngày), tệp ghi «{value}»"
    bad_code = "chỉ gồm chữ không dấu, số, dấu chấm, gạch (tối đa 20 ký tự), tệp ghi «{value}»"
    duplicate_code = "mã «{value}» đã dùng cho một việc khác"
    unknown_group = "nhóm «{value}» không có trong danh sách «groups»"
    unknown_metric = "số liệu «{value}» không có; các số liệu phần mềm tính được: {allowed}"

    # Storing and changing
    no_list = (
        "Chưa có danh sách việc CNTT, chuyển đổi số của năm học {year}. Nhập tệp bằng lệnh "
        "«cds tasks import TỆP --year {year}»; phần mềm có sẵn danh sách các năm: {bundled}."
    )
    no_task = "Không có việc mã «{code}» trong danh sách năm học {year}."
    bad_state = "Trạng thái «{value}» không có; chọn một trong: {choices}."
    bad_due = "Hạn «{value}» không đúng dạng ngày/tháng/năm (ví dụ 31/05/2025)."
    replace_loses = (
        "Danh sách mới không còn các việc đã ghi tiến độ: {codes}. Chưa nhập gì; giữ lại các "
        "mã này trong tệp mới."
    )
    nothing_to_change = "Chưa nêu điều gì cần thay đổi cho việc «{code}»."
    imported = "Đã nhập {count} việc của năm học {year} từ {source}."
    reason_import = "Nhập danh sách việc CNTT, chuyển đổi số năm học {year} từ tệp «{file}»"
    due_moved = "Hạn lấy từ danh sách năm học {source}, dời sang năm học {year}."
    reason_bundled = "Dùng danh sách việc có sẵn của năm học {year} ({source})"
    evidence_same = "Tệp «{file}» đã gắn vào việc «{code}» rồi."
    evidence_not_found = "Việc «{code}» không có tệp minh chứng này."
    evidence_withdraw_reason = "Cần ghi lý do gỡ tệp minh chứng «{file}»."

    # What the app knows
    app_knows = "Phần mềm ghi nhận"
    not_yet = "Chưa tính được"

    # The report
    title = "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ CÔNG NGHỆ THÔNG TIN, CHUYỂN ĐỔI SỐ VÀ THỐNG KÊ"
    subtitle = "Năm học {year} — theo {source} ngày {on}"
    summary = (
        "Tổng số {total} việc: {done} đã xong, {doing} đang làm, {todo} chưa làm, "
        "{na} không áp dụng. {overdue}"
    )
    overdue = "Quá hạn chưa xong: {codes}."
    no_overdue = "Không có việc nào quá hạn."
    col_no = "TT"
    col_task = "Nhiệm vụ (nguồn)"
    col_person = "Người phụ trách"
    col_due = "Hạn"
    col_state = "Trạng thái"
    col_note = "Ghi chú, minh chứng"
    evidence_line = "Minh chứng: {files}"
    due_from = "Hạn: {note}"
    opening = (
        "Các nhiệm vụ nhà trường thực hiện trong năm học {year} theo {source} ({title}). "
        "Cột «Ghi chú, minh chứng» ghi cả số liệu phần mềm tự tính từ dữ liệu của trường."
    )
    closing = "Báo cáo lập ngày {on} từ dữ liệu của phần mềm Trường Số."
    sign_preparer = "NGƯỜI LẬP"
    sign_principal = "HIỆU TRƯỞNG"
    sign_note = "(Ký, ghi rõ họ tên)"
    sign_principal_note = "(Ký, ghi rõ họ tên, đóng dấu)"
    report_written = "Đã ghi báo cáo {count} việc vào «{path}»."

    # CLI
    no_current_year = (
        "Chưa có năm học hiện tại: ghi rõ năm học bằng --year, ví dụ --year 2024-2025."
    )
    cli_help = "các việc CNTT, chuyển đổi số trong năm: xem, cập nhật, nhập danh sách, in báo cáo"
    cli_list = "liệt kê các việc của năm học và tiến độ"
    cli_set = "cập nhật một việc: trạng thái, người phụ trách, hạn, ghi chú"
    cli_import = "nhập danh sách việc của một năm học từ tệp JSON"
    cli_report = "in báo cáo tiến độ cho Hiệu trưởng (PDF)"
    cli_evidence = "gắn tệp minh chứng vào một việc"
    cli_withdraw = "gỡ một tệp minh chứng gắn nhầm (giữ lại, ghi lý do)"
    withdrawn = "Đã gỡ tệp minh chứng {sha}… khỏi việc {code}."
    cli_prefill = "in các số liệu phần mềm tự tính cho năm học"
    set_done = "Đã cập nhật việc {code}: {state}."
    evidence_done = "Đã gắn minh chứng «{file}» (SHA-256 {sha}) vào việc {code}."
    prefill_none = "không tính được: {why}"
