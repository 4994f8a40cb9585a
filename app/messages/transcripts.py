"""Messages of the học bạ (transcripts): building, states, extras, copies, the CLI."""

from __future__ import annotations


class TRANSCRIPT_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Building (app/transcripts/build.py)
    student_not_found = "Không tìm thấy học sinh."
    not_enrolled = "Học sinh không có tên trong lớp nào của năm học {year}."
    year_not_locked = (
        "Lớp {cls} năm học {year} chưa khóa sổ học kì {semesters}. Học bạ chỉ được lập khi "
        "sổ điểm cả năm đã khóa."
    )
    snapshot_differs = (
        "Kết quả của học sinh lớp {cls} năm học {year} khác với kết quả lưu lúc khóa sổ: "
        "dữ liệu có thể đã bị sửa ngoài phần mềm. Hãy chạy «python main.py check» và báo "
        "quản trị viên; chưa lập được học bạ."
    )

    # Permissions (app/transcripts/access.py)
    not_homeroom = (
        "Tài khoản {user} không phải giáo viên chủ nhiệm lớp {cls}: chỉ giáo viên chủ nhiệm "
        "lớp này (hoặc Ban giám hiệu) được làm việc này với học bạ của lớp."
    )
    principal_signs = (
        "Tài khoản {user} không ký được thay Hiệu trưởng: chỉ Ban giám hiệu ký phần của "
        "Hiệu trưởng và ký số của nhà trường."
    )

    # States (app/transcripts/service.py)
    version_not_found = "Không tìm thấy phiên bản học bạ."
    correction_reason_required = (
        "Học bạ này đã có chữ ký: muốn lập phiên bản đính chính phải ghi lý do (ít nhất {n} ký tự)."
    )
    signed_unchanged = (
        "Phiên bản {version} đã có chữ ký và dữ liệu không thay đổi: không cần lập lại."
    )
    not_draft = "Chỉ gửi ký được học bạ đang ở trạng thái Nháp (học bạ này: {state})."
    not_latest = "Phiên bản {version} không phải phiên bản mới nhất ({latest})."
    not_awaiting = "Chỉ ký được học bạ đang Chờ ký (học bạ này: {state})."
    wrong_order = "Chưa đến lượt ký này: người ký tiếp theo phải là {expected}, không phải {got}."
    signature_bad = "Chữ ký không hợp lệ: thiếu dấu vân tay chứng thư số hoặc tệp PDF đã ký."
    not_signed = "Chỉ phát hành được học bạ Đã ký đủ (học bạ này: {state})."
    signed_never_deleted = "Học bạ đã có chữ ký không bao giờ được xóa hay sửa."
    reissued = "Đã ký phiên bản đính chính {version}"
    needs_reissue = "Sổ điểm thay đổi sau khi ký học bạ ({what}): {why}"
    needs_reissue_extra = "Thông tin ghi trên học bạ thay đổi sau khi ký ({what})"
    no_reason_given = "không ghi lý do"

    # Extras (app/transcripts/extras.py)
    measure_bad = "{field}: «{value}» không phải số hợp lệ (ví dụ 132,5)."
    measure_range = "{field}: {value} nằm ngoài khoảng hợp lý ({low}–{high})."
    days_bad = "{field}: số ngày nghỉ phải là số nguyên từ 0 đến 200 (nhận «{value}»)."
    year_bad = "Năm học «{value}» không đúng dạng 2024-2025."
    process_here = (
        "Năm học {year} học sinh học tại trường này: dòng quá trình học tập lấy từ xếp lớp, "
        "không nhập tay."
    )
    process_missing = "Chưa có dòng quá trình học tập nhập tay cho năm học {year}."
    field_required = "{field}: không được để trống."

    # Copies (app/transcripts/copies.py)
    copy_kind_bad = "Loại bản cấp phải là «ban_sao» (bản sao) hoặc «trich_luc» (trích lục)."
    copy_not_issued = "Chỉ cấp bản sao, trích lục từ học bạ đã phát hành (học bạ này: {state})."
    copies_bad = "Số bản phải từ 1 đến 20."
    copies_title = "SỔ THEO DÕI CẤP BẢN SAO, TRÍCH LỤC HỌC BẠ"

    # Export (app/transcripts/export.py)
    schema_unknown = "Không có định dạng xuất «{schema}» (có: {known})."

    # CLI (app/cli/transcripts.py)
    cli_prepared = "{code} {name}: {what} phiên bản {version} — {sha}"
    cli_created = "lập"
    cli_rebuilt = "lập lại"
    cli_same = "không đổi"
    cli_none = "Không có học bạ nào cần lập."
    cli_no_reissue = "Không có học bạ nào cần cấp lại."
    cli_none_listed = "Lớp không có học sinh nào."
    cli_issued = "Đã phát hành học bạ {code} năm học {year}, phiên bản {version}."
    cli_submitted = "Đã gửi ký học bạ {code} năm học {year}, phiên bản {version}."
    cli_exported = "Đã ghi {path}"
    cli_no_transcript = "Học sinh {code} chưa có học bạ năm học {year}."
    cli_copy_logged = "Đã ghi sổ cấp {kind} học bạ {code} cho {to}."
    cli_extras_saved = "Đã lưu thông tin bổ sung học bạ của {code} năm học {year}."
    cli_process_saved = "Đã lưu dòng quá trình học tập năm học {year} của {code}."
    cli_need_target = "Cần --student hoặc --class."
