"""Messages of a class's elective subjects (môn lựa chọn): limits, refusals and the CLI."""

from __future__ import annotations


class ELECTIVES_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    not_an_elective = "Môn {subject} không phải môn lựa chọn của khối lớp {cls}."
    unknown_option = "Có môn không thuộc danh sách môn lựa chọn của khối lớp {cls}."
    not_active = "Môn {subject} đang ngừng dạy trong danh mục năm học {year}, không chọn được."
    chosen_twice = "Môn {subject} được chọn hai lần."
    count_exact = "Lớp {cls} phải học đúng {n} môn lựa chọn; đang chọn {count}."
    count_range = "Lớp {cls} học từ {low} đến {high} môn lựa chọn; đang chọn {count}."
    too_few_offered = (
        "Danh mục khối {grade} năm học {year} chỉ có {offered} môn lựa chọn đang dạy, "
        "không đủ {n} môn lớp phải học: bổ sung hoặc mở lại môn trong danh mục môn học."
    )
    locked = (
        "Sổ điểm lớp {cls} {semester} đã khóa: không đổi được môn lựa chọn "
        "(kết quả đã khóa được tính theo các môn đang học). Mở khóa sổ điểm trước."
    )
    has_scores = (
        "Không bỏ được môn {subject} của lớp {cls}: đã ghi {count} điểm và nhận xét "
        "của môn này. Muốn đổi môn, phải xóa các điểm đó trước."
    )
    reason_needed = "Đổi môn lựa chọn lớp {cls} đã học: phải ghi rõ lý do (tối thiểu {n} ký tự)."
    reason_default = "Chọn môn lựa chọn cho lớp {cls}"
    no_limit = "Chương trình không giới hạn số môn lựa chọn của khối này."
    other_group = "Khác"

    # CLI
    cli_heading = "Lớp {cls} — khối {grade}, năm học {year}"
    cli_rule_exact = "Môn lựa chọn: học đúng {n} môn; đã chọn {count}/{n}."
    cli_rule_range = "Môn lựa chọn: từ {low} đến {high} môn; đã chọn {count}/{high}."
    cli_none = "Khối {grade} năm học {year} không có môn lựa chọn trong danh mục môn học."
    cli_scores = "{n} điểm đã ghi"
    cli_locked = "Sổ điểm đã khóa: {semesters} (không đổi được môn lựa chọn)."
    cli_source = "Nguồn: {provenance}"
    cli_saved = "Đã lưu môn lựa chọn lớp {cls}: {chosen}."
    cli_added = "Thêm: {names}."
    cli_removed = "Bỏ: {names}."
    cli_unassigned = "Đã bỏ {n} phân công giảng dạy của môn bị bỏ."
    cli_unchanged = "Môn lựa chọn lớp {cls} không thay đổi: {chosen}."
    cli_nothing = "(chưa chọn môn nào)"
