"""Messages of the grading rules engine (TT22/2021 secondary, TT27/2020 primary)."""

from __future__ import annotations


class GRADING_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Parsing what a teacher typed
    score_empty = "Chưa nhập điểm."
    score_not_number = (
        "“{text}” không phải là điểm hợp lệ: điểm là số từ 0 đến 10, ví dụ 8 hoặc 8,5."
    )
    score_out_of_range = "Điểm {text} nằm ngoài thang điểm 0–10."
    score_too_many_decimals = "Điểm {text} chỉ được có tối đa một chữ số thập phân (ví dụ 8,3)."
    score_rounded = "Đã làm tròn {text} thành {value}."
    score_not_decimal = "“{value}” không phải là điểm số"
    score_detail_out_of_range = "{value} nằm ngoài thang điểm 0–10"
    score_detail_too_many_decimals = "{value} có hơn một chữ số thập phân"
    comment_invalid = "“{text}” không hợp lệ: chỉ nhận Đạt (Đ) hoặc Chưa đạt (CĐ)."
    primary_score_invalid = (
        "“{text}” không hợp lệ: điểm kiểm tra định kì ở tiểu học là số nguyên "
        "từ {low} đến {high}, không có phần thập phân."
    )
    primary_level_invalid = (
        "“{text}” không hợp lệ: chỉ nhận Hoàn thành tốt (HTT), Hoàn thành (HT) "
        "hoặc Chưa hoàn thành (CHT)."
    )
    rating_invalid = "“{text}” không hợp lệ: chỉ nhận Tốt (T), Đạt (Đ) hoặc Cần cố gắng (C)."

    # Assessments of one subject in one semester
    regular_count = "Môn {periods} tiết/năm: {count} ĐĐGtx mỗi học kì"
    regular_count_comment = "Môn đánh giá bằng nhận xét: {count} ĐĐGtx mỗi học kì"
    label_regular = "ĐĐGtx {n}"
    label_midterm_score = "điểm giữa kì"
    label_final_score = "điểm cuối kì"
    label_midterm_comment = "đánh giá giữa kì"
    label_final_comment = "đánh giá cuối kì"
    label_retest = "kết quả kiểm tra lại"
    missing = "Thiếu {label}"
    extra_regular = "Thừa ĐĐGtx {n}: môn này chỉ có {count} ĐĐGtx mỗi học kì"
    invalid_value = "Giá trị {label} không hợp lệ ({detail})"
    expected_comment = "môn đánh giá bằng nhận xét chỉ nhận Đạt hoặc Chưa đạt"
    comment_only_no_average = "Môn đánh giá bằng nhận xét không có điểm trung bình"
    semester_average = (
        "ĐTBmhk = ({regular} + {midterm_weight}×{midterm} + {final_weight}×{final}) "
        "/ {divisor} = {value}"
    )
    year_average = "ĐTBmcn = ({first} + {second_weight}×{second}) / {divisor} = {value}"
    missing_semester_average = "Thiếu ĐTBmhk học kì {semester}"
    comment_all_pass = "Đủ {count} lần đánh giá, tất cả Đạt"
    comment_failed_at = "Chưa đạt ở {label}"
    comment_year = "Cả năm lấy kết quả học kì II: {value}"
    semester_reason = "Học kì {semester}: {reason}"
    subject_mismatch = "Dữ liệu hai học kì không cùng một môn: “{first}” và “{second}”"

    # Re-test (kiểm tra lại)
    retest_applied = "Kiểm tra lại: {retest} thay cho kết quả cả năm {year}"
    retest_not_eligible = "Bỏ qua kết quả kiểm tra lại: môn không thuộc diện kiểm tra lại ({year})"
    retest_no_year_result = "Bỏ qua kết quả kiểm tra lại: môn chưa có kết quả cả năm"
    retest_scored_eligible = "ĐTBmcn {value} < {threshold}"
    retest_scored_not_eligible = "ĐTBmcn {value} ≥ {threshold}"
    retest_comment_eligible = "Cả năm Chưa đạt"
    retest_comment_not_eligible = "Cả năm Đạt"
    retest_not_needed = (
        "Bỏ qua kết quả kiểm tra lại: kết quả học tập cả năm là {level}, không phải Chưa đạt"
    )
    retest_none = "Không có môn nào thuộc diện kiểm tra lại"

    # Learning result (kết quả học tập)
    subject_reason = "{subject}: {reason}"
    subject_no_result = "{subject}: chưa có kết quả"
    no_subjects = "Chưa có môn học nào"
    level_met = "Đủ điều kiện mức {level}"
    level_not_met = "Chưa đủ mức {level}: {detail}"
    below_floor = "{subject} {value} < {floor}"
    too_few_high = "chỉ có {count} môn ≥ {threshold}, cần ít nhất {needed}"
    too_many_comment_fails = "{count} môn đánh giá bằng nhận xét Chưa đạt ({subjects})"
    level_adjusted = (
        "Điều chỉnh từ {computed} lên {adjusted}: chỉ do môn {subject} "
        "mà bị hạ từ {would_be} xuống {computed}"
    )

    # Conduct (rèn luyện)
    conduct_missing = "Thiếu kết quả rèn luyện học kì {semester}"
    conduct_year = "Rèn luyện học kì I {first}, học kì II {second}: cả năm {year}"
    summer_not_needed = (
        "Bỏ qua kết quả rèn luyện trong hè: rèn luyện cả năm là {level}, không phải Chưa đạt"
    )
    summer_result = "Sau rèn luyện trong hè: {level}"

    # Year-end outcome
    absences_invalid = "Số buổi nghỉ không hợp lệ: {sessions}"
    absences_exceeded = "Nghỉ {sessions} buổi, quá {limit} buổi"
    outcome_missing_conduct = "Chưa có kết quả rèn luyện cả năm"
    outcome_missing_learning = "Chưa có kết quả học tập cả năm"
    conduct_not_passed = "Rèn luyện cả năm {level}: phải rèn luyện trong hè"
    conduct_failed_after_summer = "Sau rèn luyện trong hè vẫn {level}"
    learning_not_passed = "Kết quả học tập cả năm {level}: được kiểm tra lại"
    learning_failed_after_retest = "Sau kiểm tra lại kết quả học tập vẫn {level}"
    also_learning_not_passed = "Kết quả học tập cả năm cũng {level}"
    promoted = "Rèn luyện {conduct}, học tập {learning}, nghỉ {sessions} buổi (tối đa {limit})"

    # Commendations
    commendation_missing = "Chưa đủ kết quả rèn luyện và học tập cả năm để xét khen thưởng"
    commendation_needs_conduct = "Rèn luyện cả năm {level}, cần {required}"
    commendation_needs_learning = "Học tập cả năm {level}, cần {required}"
    commendation_needs_high = "Có {count} môn ĐTBmcn ≥ {threshold}, cần ít nhất {needed}"
    commendation_awarded = "Đủ điều kiện danh hiệu {title}"
    commendation_none = "Không đủ điều kiện khen thưởng"

    # Primary (TT27)
    primary_no_subjects = "Chưa có môn học, hoạt động giáo dục nào"
    primary_no_ratings = "Chưa có đánh giá phẩm chất, năng lực"
    primary_missing_level = "{subject}: thiếu mức đánh giá"
    primary_missing_test = "{subject}: thiếu điểm kiểm tra cuối năm"
    primary_invalid_test = "{subject}: điểm kiểm tra {value} không hợp lệ ({low}–{high}, số nguyên)"
    primary_missing_rating = "Phẩm chất, năng lực {name}: thiếu đánh giá"
    primary_subject_level = "{subject} {level}"
    primary_rating = "{name} {rating}"
    primary_test_low = "{subject}: điểm kiểm tra {value} < {minimum}"
    primary_result_met = "Đủ điều kiện mức {result}"
    primary_result_not_met = "Chưa đủ mức {result}: {detail}"
    primary_test_needed = "{subject} có bài kiểm tra định kì {when}"
    primary_test_not_needed = "{subject} không có bài kiểm tra định kì {when}"
    primary_when_midterm = "giữa học kì ở lớp {grade}"
    primary_when_final = "cuối học kì I và cuối năm học"
    primary_commendation_missing = "Chưa có kết quả giáo dục cả năm để xét khen thưởng"
    primary_commendation_needs = "Kết quả giáo dục {result}, cần {required}"
    primary_commendation_needs_nomination = (
        "Kết quả giáo dục {result}: cần có thành tích nổi bật hoặc tiến bộ rõ rệt "
        "được tập thể lớp công nhận"
    )
