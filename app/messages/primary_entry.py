"""Messages of primary (TT27) entry: subject cells, qualities and competencies, nominations, CLI."""

from __future__ import annotations


class PRIMARY_ENTRY_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Columns of the primary grid ({when}: GK I, CK I, GK II, cuối năm)
    column_level = "Mức {when}"
    column_test = "KT {when}"
    column_comment = "Nhận xét {when}"
    when_short = {"Giữa HK": "GK", "Cuối HK": "CK", "Cuối năm": "cuối năm"}
    kind_words = {
        "MD": "mức đạt được",
        "KT": "điểm kiểm tra định kì",
        "NX": "nhận xét",
    }
    slot_label = "{subject}, {when}, {what}"

    # Cell problems (the reason part of a CellProblem)
    column_unknown = "cột không hợp lệ (môn này có các cột {allowed})"
    no_test_subject = "môn {subject} đánh giá bằng nhận xét, không có bài kiểm tra định kì"
    no_test_checkpoint = "môn {subject} lớp {grade} không có bài kiểm tra định kì {when}"
    rating_unknown = "lớp {grade} không đánh giá “{name}” (có: {allowed})"
    checkpoint_invalid = (
        "Thời điểm đánh giá “{value}” không hợp lệ: 1 (giữa học kì) hoặc 2 (cuối học kì)."
    )

    # Nominations
    nomination_too_long = "{student}: thành tích dài quá {limit} ký tự."
    nomination_student = "Học sinh không có trong danh sách lớp {cls}."
    nomination_label = "Đề nghị khen thưởng"

    # CLI
    cli_primary_kind = (
        "Lớp {cls} là lớp tiểu học (Thông tư 27): dùng --kind MD (mức đạt được), "
        "KT (điểm kiểm tra định kì) hoặc NX (nhận xét) với --index 1 (giữa học kì) "
        "hoặc 2 (cuối học kì; học kì 2: cuối năm)."
    )
    cli_secondary_kind = (
        "Lớp {cls} không phải lớp tiểu học: --kind {kind} chỉ dùng cho lớp tiểu học; "
        "lớp {cls} dùng TX, GK, CK hoặc DG."
    )
    cli_set = "{what} — {student}, lớp {cls}: {value}"
    cli_rated = "{name}, {when} — {student}, lớp {cls}: {value}"
    cli_nominated = "Đề nghị khen thưởng {student}, lớp {cls}: {achievement}"
    cli_unnominated = "Đã bỏ đề nghị khen thưởng {student}, lớp {cls}."
    cli_unchanged = " (không thay đổi)"
