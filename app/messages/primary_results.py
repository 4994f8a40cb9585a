"""Messages of the primary (TT27) results: summary, outcome, snapshots, lists, result sheet."""

from __future__ import annotations


class PRIMARY_RESULTS_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Summary
    level_missing = "{checkpoint}: chưa nhập mức đạt được"
    test_missing = "{checkpoint}: chưa nhập điểm kiểm tra định kì"
    year_only = (
        "Học kì I: Thông tư 27 chỉ đánh giá kết quả giáo dục, xét hoàn thành chương trình "
        "và khen thưởng vào cuối năm học"
    )
    nominated = "Tập thể lớp đề nghị khen thưởng: {achievement}"
    rating_missing = "{group} {name}: chưa nhập đánh giá"
    more_reasons = "… và {n} mục khác"

    # Outcome
    outcome_missing = "Chưa có kết quả giáo dục cả năm để xét hoàn thành chương trình"
    outcome_from_result = "Kết quả giáo dục {result}: {outcome}"
    outcome_no_rule = "Không có quy tắc xét hoàn thành chương trình cho mức {result} ở lớp {grade}"

    # Text output
    text_heading = (
        "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ GIÁO DỤC {title} — LỚP {cls} — NĂM HỌC {year} (TT27)"
    )
    text_title_year = "CẢ NĂM"
    text_title_semester = "HỌC KÌ {n}"
    text_legend = (
        "(HTT/HT/CHT: Hoàn thành tốt/Hoàn thành/Chưa hoàn thành, kèm điểm kiểm tra định kì; "
        "PC-NL: số phẩm chất, năng lực Tốt/Đạt/Cần cố gắng; – : chưa đủ dữ liệu; "
        "* : học sinh đã chuyển lớp hoặc thôi học)"
    )
    text_reasons = "Lý do:"
    text_ratings = "{good}T {passed}Đ {effort}C"
    text_ratings_missing = " (thiếu {n})"

    # Snapshots
    snapshot_fields = {
        "levels": "mức đạt được môn học",
        "tests": "điểm kiểm tra định kì",
        "ratings": "phẩm chất, năng lực",
        "result": "kết quả giáo dục",
        "outcome": "hoàn thành chương trình",
        "commendation": "khen thưởng",
        "nominated": "đề nghị khen thưởng",
    }

    # Lists (keys of ``ResultLists``)
    list_titles = {
        "completed": "Hoàn thành chương trình lớp học",
        "not_completed": "Chưa hoàn thành chương trình lớp học",
        "primary_excellent": "Học sinh Xuất sắc (tiểu học)",
        "primary_outstanding": "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện",
    }
    list_headings = {
        "completed": "Học sinh hoàn thành chương trình lớp học",
        "not_completed": "Học sinh chưa hoàn thành chương trình lớp học",
        "primary_excellent": "Học sinh tiểu học đạt danh hiệu Học sinh Xuất sắc",
        "primary_outstanding": (
            "Học sinh được khen thưởng Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện"
        ),
    }
    list_result = "Kết quả giáo dục: {result}"
    list_sheet_names = {
        "completed": "Hoàn thành CT",
        "not_completed": "Chưa hoàn thành CT",
        "primary_excellent": "HS Xuất sắc (TH)",
        "primary_outstanding": "HS Tiêu biểu",
    }

    # Result sheet
    sheet_title = "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ GIÁO DỤC"
    sheet_scope_year = "Cuối năm học — Lớp {cls} — Năm học {year}"
    sheet_scope_semester = "Cuối học kì I — Lớp {cls} — Năm học {year}"
    sheet_subjects = "Môn học và hoạt động giáo dục"
    sheet_level = "Mức"
    sheet_test = "KT"
    sheet_level_long = "Mức đạt được"
    sheet_test_long = "Điểm KTĐK"
    sheet_result = "Kết quả giáo dục"
    sheet_commendation = "Khen thưởng"
    sheet_note = "Ghi chú"
    sheet_left = "Đã chuyển đi / thôi học"
    sheet_outcome_yes = "Hoàn thành"
    sheet_outcome_no = "Chưa hoàn thành"
    sheet_legend = (
        "Mức: HTT Hoàn thành tốt, HT Hoàn thành, CHT Chưa hoàn thành; KT: điểm bài kiểm tra "
        "định kì; phẩm chất, năng lực: T Tốt, Đ Đạt, C Cần cố gắng."
    )
    sheet_legend_semester = (
        "Kết quả giáo dục, hoàn thành chương trình và khen thưởng chỉ xét vào cuối năm học."
    )
    sheet_legend_award = (
        "Học sinh Tiêu biểu: Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện."
    )
    sheet_left_note = "(*) Học sinh đã chuyển đi hoặc thôi học trong năm."
    sheet_total = "Tổng số học sinh: {n}."
    sheet_not_rated = "Chưa đủ dữ liệu"
    sheet_not_entered = "Chưa nhập"
    sheet_count = "Số học sinh"
