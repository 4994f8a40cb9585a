"""The grade book screens (Sổ điểm): entry grids, conduct, class summary, re-tests, lists, locks.

Importing the package names the grade book's tables and fields in Vietnamese
for the journal viewer (``ui.labels``); keys another module already named keep
their label.
"""

from __future__ import annotations

from ui import labels

ENTITIES = {
    "subject": "Môn học",
    "class_elective": "Môn lựa chọn của lớp",
    "semester": "Học kì",
    "teaching_assignment": "Phân công giảng dạy",
    "assessment": "Điểm đánh giá",
    "conduct_record": "Rèn luyện và chuyên cần",
    "summer_conduct": "Rèn luyện trong hè",
    "retest_result": "Kiểm tra lại",
    "grade_lock": "Khóa sổ điểm",
}

FIELDS = {
    "school_year": "Năm học",
    "grade": "Khối",
    "short_name": "Tên viết tắt",
    "periods_per_year": "Số tiết/năm",
    "comment_only": "Đánh giá bằng nhận xét",
    "elective": "Môn lựa chọn",
    "position": "Thứ tự",
    "provenance": "Nguồn",
    "class_id": "Lớp",
    "subject_id": "Môn học",
    "teacher_id": "Giáo viên",
    "student_id": "Học sinh",
    "semester": "Học kì",
    "kind": "Loại đánh giá",
    "number": "Lần đánh giá",
    "value": "Giá trị",
    "conduct": "Rèn luyện",
    "absent_excused": "Nghỉ có phép (buổi)",
    "absent_unexcused": "Nghỉ không phép (buổi)",
    "locked": "Đã khóa",
    "changed_at": "Thời điểm thay đổi",
    "changed_by": "Người thay đổi",
}


def _register() -> None:
    """Add the grade book's labels without overriding names other modules chose."""
    labels.register(
        entities={k: v for k, v in ENTITIES.items() if k not in labels.ENTITY_LABELS},
        fields={k: v for k, v in FIELDS.items() if k not in labels.FIELD_LABELS},
    )


_register()
