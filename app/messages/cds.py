"""Messages of the CĐS self-assessment (QĐ 4725): criteria sets, answers, evidence, workflow."""

from __future__ import annotations


class CDS_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese texts; use ``str.format`` with keyword fields."""

    # Criteria set files
    set_unverified = "Bộ tiêu chí chưa đối chiếu với văn bản gốc"
    set_bad_file = "Tệp bộ tiêu chí {file} không dùng được ({count} lỗi): {first}"
    set_unreadable = "Không đọc được tệp bộ tiêu chí {file}: {detail}"
    set_not_json = (
        "Tệp {file} không phải tệp bộ tiêu chí dạng JSON (dòng {line}, cột {col}): {detail}"
    )
    set_format = "trường «format» phải là «{expected}» (tệp ghi «{found}»)"
    at_top = "phần đầu tệp, trường «{field}»: {reason}"
    at_group = "nhóm {group}, trường «{field}»: {reason}"
    at_criterion = "tiêu chí {code}, trường «{field}»: {reason}"
    at_level = "mức {level}, trường «{field}»: {reason}"
    missing = "còn thiếu"
    not_text = "phải là chữ, không để trống"
    not_bool = "phải là true hoặc false"
    not_number = "phải là một số không âm"
    not_int = "phải là số nguyên không âm"
    not_list = "phải là một danh sách không rỗng"
    not_object = "phải là một khối {…}"
    not_date = "phải là ngày dạng YYYY-MM-DD"
    unknown_field = "không có trường này trong định dạng (gõ nhầm tên?)"
    bad_key = "chỉ gồm chữ thường không dấu, số, dấu gạch ngang hoặc gạch dưới"
    duplicate_code = "mã {code} trùng với một tiêu chí khác"
    duplicate_group = "mã nhóm {code} trùng với một nhóm khác"
    bad_rule_type = "phải là một trong: {choices}"
    bands_order = "các ngưỡng phải tăng dần, ngưỡng đầu là 0"
    band_points = "số điểm {points} vượt điểm tối đa {max} của tiêu chí"
    band_percent = "ngưỡng phần trăm {value} lớn hơn 100"
    manual_max = "chấm điểm tay cần điểm tối đa lớn hơn 0"
    yes_no_mandatory_max = "tiêu chí bắt buộc chấm có/không thì điểm tối đa phải là 0 hoặc một số"
    level_threshold = "cần đúng một trong hai: «min» (từ … trở lên) hoặc «above» (trên …)"
    level_order = "các mức phải theo thứ tự ngưỡng tăng dần, mức đầu bắt đầu từ 0"
    unknown_metric = "phần mềm không tính số liệu «{id}» (các số liệu có: {ids})"
    overall_rule = "chỉ nhận «lowest» (mức chung là mức thấp nhất của các nhóm) hoặc để trống"
    deadline_bad = "hạn nộp phải là ngày/tháng có thật"
    group_sum = (
        "Nhóm {group}: các tiêu chí cộng lại {sum} điểm, không phải {max} điểm như bộ tiêu chí "
        "ghi; nhóm này đạt nhiều nhất {sum} điểm, mức vẫn xét theo ngưỡng của bộ tiêu chí."
    )
    set_exists_same = "Bộ tiêu chí {key} phiên bản {version} đã có trong phần mềm."
    set_exists_other = (
        "Đã có bộ tiêu chí {key} phiên bản {version} với nội dung khác. Hãy ghi một phiên bản "
        "mới trong tệp («version») rồi nhập lại: phiếu đã lập giữ nguyên bộ tiêu chí của nó."
    )
    set_not_found = "Không có bộ tiêu chí {key} phiên bản {version}."
    no_set = "Chưa có bộ tiêu chí nào: hãy nhập một tệp bộ tiêu chí."

    # Answers
    no_assessment = "Chưa có phiếu tự đánh giá năm học {year}."
    no_year = "Không có năm học {year} trong phần mềm."
    no_criterion = "Bộ tiêu chí {set} không có tiêu chí mã «{code}»."
    value_yes_no = "Tiêu chí {code}: hãy ghi «có» hoặc «không» (nhận được «{value}»)."
    value_count = "Tiêu chí {code}: hãy ghi một số nguyên không âm (nhận được «{value}»)."
    value_percent = "Tiêu chí {code}: hãy ghi tỉ lệ từ 0 đến 100 (nhận được «{value}»)."
    value_points = "Tiêu chí {code}: điểm phải từ 0 đến {max} (nhận được «{value}»)."
    points_not_manual = (
        "Tiêu chí {code} tự tính điểm theo kết quả; hãy ghi kết quả, không ghi điểm."
    )
    value_for_manual = "Tiêu chí {code} chấm điểm tay: hãy ghi điểm (--points)."
    override_reason = (
        "Tiêu chí {code}: kết quả phần mềm tự tính là «{prefill}»; muốn ghi «{value}» thì cần "
        "ghi lý do."
    )
    not_editable = "Phiếu năm học {year} đang ở trạng thái «{state}»: không sửa được nữa."
    set_switch_same = "Phiếu năm học {year} đã dùng bộ tiêu chí này."

    # Evidence
    evidence_empty = "Tệp minh chứng {name} rỗng."
    evidence_too_large = "Tệp minh chứng {name} nặng {size}, quá giới hạn {limit} cho mỗi tệp."
    evidence_type = (
        "Tệp {name} không nhận làm minh chứng: chỉ nhận PDF, ảnh (JPG, PNG) và tài liệu văn "
        "phòng (DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP)."
    )
    evidence_content = (
        "Tệp {name} có đuôi {ext} nhưng nội dung không phải tệp {kind}: có thể tệp đã hỏng."
    )
    evidence_same = "Tiêu chí {code} đã có đúng tệp này ({name}, phiên bản {version})."
    evidence_not_found = "Không có tệp minh chứng này."
    evidence_unreadable = "Không đọc được tệp {name}: {detail}"
    evidence_withdraw_reason = "Cần ghi lý do gỡ tệp minh chứng {name}."

    # Workflow
    state_draft = "Nháp"
    state_submitted = "Chờ BGH duyệt"
    state_approved = "BGH đã duyệt"
    state_sent = "Đã gửi"
    state_accepted = "Được duyệt"
    state_returned = "Bị trả lại"
    action_submit = "Trình BGH duyệt"
    action_withdraw = "Rút về để sửa"
    action_approve = "Duyệt"
    action_send_back = "Trả lại để sửa"
    action_mark_sent = "Ghi đã gửi"
    action_accept = "Ghi cấp trên đã duyệt"
    action_return = "Ghi cấp trên trả lại"
    action_reopen = "Mở lại để sửa"
    bad_action = "Không làm được «{action}» khi phiếu đang ở trạng thái «{state}»."
    unknown_action = "Không có thao tác «{action}». Các thao tác: {choices}."
    comment_needed = "«{action}» cần ghi nhận xét hoặc lý do."
    bundle_state = (
        "Phiếu năm học {year} đang ở trạng thái «{state}»: chỉ xuất gói gửi đi khi BGH đã duyệt."
    )
    deadline_left = "Hạn gửi: {deadline} (còn {days} ngày)"
    deadline_today = "Hạn gửi: hôm nay, {deadline}"
    deadline_over = "Hạn gửi: {deadline} (đã quá {days} ngày)"
    deadline_done = "Hạn gửi: {deadline} (đã gửi)"

    # Scoring
    level_unknown = "Chưa xếp mức"
    overall_unknown = (
        "Chưa rõ cách văn bản gốc gộp mức của hai nhóm thành mức chung của trường: phần mềm "
        "ghi mức của từng nhóm và các điều kiện bắt buộc, không tự đặt ra mức chung."
    )
    mandatory_unmet = "Chưa đạt tiêu chí bắt buộc {code}: {text}"
    evidence_missing = "Tiêu chí {code} cần minh chứng nhưng chưa có tệp nào."
    not_answered = "Chưa ghi kết quả"
    yes, no = "Có", "Không"

    # Prefill
    prefill_unavailable = "Chưa tính được: {why}"
    prefill_mismatch = (
        "Số liệu «{metric}» ({unit}) không dùng cho cách chấm «{rule}» của tiêu chí này."
    )
    rule_yes_no = "Có/Không"
    rule_count = "Theo số lượng"
    rule_percent = "Theo tỉ lệ %"
    rule_manual = "Chấm điểm tay"

    # Printed and exported
    pdf_title = "PHIẾU TỰ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ"
    pdf_subtitle = "Năm học {year} — theo {decision} ngày {date}"
    pdf_set_line = "Bộ tiêu chí: {title}, phiên bản {version}."
    pdf_state_line = "Trạng thái phiếu: {state}. {deadline}."
    pdf_group_head = "{n}. {name} (tối đa {max} điểm)"
    pdf_group_total = "Tổng điểm nhóm: {total}/{max} điểm — {level}."
    pdf_mandatory = "Điều kiện bắt buộc của nhóm: {items}."
    pdf_summary = "TỔNG HỢP"
    pdf_warnings = "Lưu ý về bộ tiêu chí:"
    col_code, col_text, col_mandatory, col_max = "Mã", "Tiêu chí", "Bắt buộc", "Tối đa"
    col_result, col_points, col_evidence, col_note = "Kết quả", "Điểm", "Minh chứng", "Ghi chú"
    col_group, col_total, col_level = "Nhóm", "Tổng điểm", "Mức"
    col_rule, col_prefill = "Cách chấm", "Phần mềm tự tính"
    sign_preparer = "NGƯỜI LẬP PHIẾU"
    sign_principal = "HIỆU TRƯỞNG"
    sign_note = "(Ký, ghi rõ họ tên)"
    sign_principal_note = "(Ký, ghi rõ họ tên, đóng dấu)"
    sheet_info, sheet_criteria, sheet_groups = "Thông tin", "Phiếu tự đánh giá", "Tổng hợp"
    info_school, info_year, info_set, info_state = "Trường", "Năm học", "Bộ tiêu chí", "Trạng thái"
    info_deadline, info_note, info_overall = "Hạn gửi", "Lưu ý", "Mức chung"
    mandatory_mark = "x"
    met, unmet = "đạt", "chưa đạt"
    evidence_needed = "cần, chưa có"

    # CLI
    cli_set_line = "{key} {version}  {title}  ({decision}, {date}){mark}  {count} tiêu chí"
    cli_set_imported = "Đã nhập bộ tiêu chí {key} phiên bản {version} ({count} tiêu chí)."
    cli_prefilled = "Đã điền sẵn {filled} tiêu chí từ số liệu của phần mềm (phiếu năm học {year})."
    cli_answer_saved = "Đã ghi tiêu chí {code} của phiếu năm học {year}."
    cli_evidence_added = "Đã thêm minh chứng {name} cho tiêu chí {code} (phiên bản {version})."
    cli_state = "Phiếu năm học {year}: {state}."
    cli_report_written = "Đã ghi phiếu tự đánh giá vào {path}."
    cli_bundle_written = "Đã ghi gói gửi đi vào {path} ({files} tệp minh chứng). Phiếu: {state}."
    cli_file_needed = "Cần tên tệp {what}."
    cli_criterion_needed = "Cần mã tiêu chí: --criterion, ví dụ --criterion 1.1."
    cli_withdrawn = "Đã gỡ tệp minh chứng {id}."
