"""Messages of re-test choices (môn chọn kiểm tra lại): the rules engine, the service, the CLI."""

from __future__ import annotations


class RETEST_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Rules engine (app/grading/year.py)
    waiting = "Chưa có kết quả kiểm tra lại môn {subject}"
    not_chosen_ignored = "Bỏ qua kết quả kiểm tra lại môn {subject}: môn này không được chọn"
    chosen_not_eligible = (
        "Môn {subject} được chọn kiểm tra lại nhưng không thuộc diện kiểm tra lại ({why}): "
        "không tính"
    )
    chosen_unknown = "Môn {subject} được chọn kiểm tra lại nhưng không có trong các môn của lớp"
    no_valid_choice = "Chưa có môn hợp lệ nào được chọn kiểm tra lại"
    choice_not_needed = (
        "Bỏ qua các môn đã chọn kiểm tra lại: kết quả học tập cả năm là {level}, "
        "không phải Chưa đạt"
    )
    chosen_subjects = "Môn chọn kiểm tra lại: {subjects}"

    # Service (app/gradebook/retests.py)
    choose_none = "{student}: phải chọn ít nhất một môn kiểm tra lại."
    choose_subject_not_eligible = (
        "{student} không được chọn kiểm tra lại môn {subject}: {why}. "
        "Chỉ chọn môn có ĐTBmcn dưới 5,0 hoặc môn đánh giá bằng nhận xét Chưa đạt."
    )
    choose_drops_result = (
        "{student}: môn {subject} đã có kết quả kiểm tra lại ({value}). "
        "Hãy xóa kết quả đó trước rồi mới bỏ chọn môn này."
    )
    not_chosen = (
        "{student} không chọn kiểm tra lại môn {subject} (các môn đã chọn: {chosen}). "
        "Hãy chọn môn này trước khi nhập kết quả kiểm tra lại."
    )

    # UI and CLI
    pending_outcome = "Chờ kết quả kiểm tra lại: {subjects}"
    cli_chosen = "{student} ({code}), lớp {cls}: chọn kiểm tra lại {subjects}."
    cli_unchanged = "{student} ({code}), lớp {cls}: không có gì thay đổi ({subjects})."
    cli_retest = "{student} ({code}), lớp {cls}: kiểm tra lại môn {subject} = {value}."
    cli_learning = "Học tập sau kiểm tra lại: {value}"
    cli_outcome = "Kết quả cuối năm: {value}"
    cli_reason = "  – {reason}"
