"""Messages of primary (TT27) teacher sheets and primary rows of the long import format."""

from __future__ import annotations


class PRIMARY_SHEETS_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Teacher sheet: what the file shows
    sheet_title = "BẢNG ĐÁNH GIÁ MÔN {subject} — LỚP {cls}"
    sheet_help = (
        "Mức đạt được: HTT (Hoàn thành tốt), HT (Hoàn thành) hoặc CHT (Chưa hoàn thành). "
        "Điểm kiểm tra định kì (KT): số nguyên từ 0 đến 10, không có phần thập phân. "
        "Nhận xét: tối đa {limit} ký tự. Ô để trống là chưa đánh giá. Chỉ sửa các ô nền "
        "trắng; không sửa STT, Mã HS, Họ và tên."
    )
    sheet_help_levels = (
        "Mức đạt được: HTT (Hoàn thành tốt), HT (Hoàn thành) hoặc CHT (Chưa hoàn thành); "
        "môn này không có bài kiểm tra định kì. Nhận xét: tối đa {limit} ký tự. Ô để trống "
        "là chưa đánh giá. Chỉ sửa các ô nền trắng; không sửa STT, Mã HS, Họ và tên."
    )
    level_rule_title = "Mức đạt được"
    level_rule = "Chọn HTT (Hoàn thành tốt), HT (Hoàn thành) hoặc CHT (Chưa hoàn thành)."
    test_rule_title = "Điểm kiểm tra định kì"
    test_rule = "Điểm kiểm tra định kì là số nguyên từ 0 đến 10 (không có 7,5)."
    stale_column = "cột này không còn trong bảng đánh giá của môn: chỉ được xóa, không được nhập"

    # Long format: primary rows
    kind_bad = "loại đánh giá chỉ nhận TX, GK, CK, DG (THCS, THPT) hoặc MD, KT, NX, PC (tiểu học)"
    checkpoint_required = (
        "lớp tiểu học cần thứ tự là thời điểm đánh giá: 1 (giữa học kì) hoặc 2 (cuối học kì)"
    )
    checkpoint_bad = "thời điểm đánh giá chỉ nhận 1 (giữa học kì) hoặc 2 (cuối học kì)"
    primary_kind_for_secondary = (
        "học sinh học lớp {cls} (THCS, THPT, Thông tư 22) nên không nhận loại {kind}; "
        "dùng TX, GK, CK hoặc DG"
    )
    secondary_kind_for_primary = (
        "học sinh học lớp {cls} (tiểu học, Thông tư 27) nên không nhận loại {kind}; dùng MD "
        "(mức đạt được), KT (điểm kiểm tra định kì), NX (nhận xét) hoặc PC (phẩm chất, năng lực)"
    )
    rating_unknown = "lớp {cls} (khối {grade}) không đánh giá phẩm chất, năng lực này"
    duplicate_row = (
        "trùng ô với dòng {row} (cùng học sinh, môn hoặc phẩm chất/năng lực, học kì, loại, "
        "thời điểm)"
    )
    ratings_subject = "Phẩm chất, năng lực"
    rating_heading = "{name} ({when})"
