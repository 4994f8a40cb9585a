"""Student records screens (Hồ sơ học sinh): the list, the form, events, classes, import, export.

Pages: ``StudentListWidget`` ("Học sinh") and ``ClassesWidget`` ("Lớp học"). Every
command runs through ``ui.ops`` in one unit of work and announces ``STUDENT_CHANGES``
(or a part of it) on the app-wide bus, so every open list refreshes.

Importing the package names the student tables and fields in Vietnamese for
the journal viewer and the change-history tables (``ui.labels``).
"""

from __future__ import annotations

from app.changes import Changes
from app.students import FIELD_LABELS as INPUT_LABELS
from ui import labels

STUDENT = "student"
GUARDIAN = "guardian"
CLASS_GROUP = "class_group"
ENROLMENT = "enrolment"
STUDENT_EVENT = "student_event"
STUDENT_ENTITIES = (STUDENT, GUARDIAN, CLASS_GROUP, ENROLMENT, STUDENT_EVENT)
STUDENT_CHANGES = Changes.of(*STUDENT_ENTITIES)

ENTITIES = {
    STUDENT: "Học sinh",
    GUARDIAN: "Người thân của học sinh",
    CLASS_GROUP: "Lớp học",
    ENROLMENT: "Xếp lớp",
    STUDENT_EVENT: "Biến động học sinh",
}

FIELDS = {
    "student_code": "Mã học sinh",
    "personal_id": "Số định danh cá nhân",
    "family_middle_name": "Họ và tên đệm",
    "given_name": "Tên",
    "date_of_birth": "Ngày sinh",
    "sex": "Giới tính",
    "ethnicity_code": "Dân tộc",
    "ethnicity_code_system": "Bảng mã dân tộc",
    "address_detail": "Địa chỉ (thôn, số nhà)",
    "status": "Trạng thái",
    "search_text": "Dữ liệu tìm kiếm",
    "sort_key": "Khóa sắp xếp",
    "relation": "Quan hệ",
    "birth_year": "Năm sinh",
    "occupation": "Nghề nghiệp",
    "homeroom_teacher_id": "Giáo viên chủ nhiệm",
    "class_id": "Lớp",
    "student_id": "Học sinh",
    "event_date": "Ngày",
    "other_school": "Trường chuyển đến/đi",
    "reason": "Lý do",
    "details": "Chi tiết",
    "kind": "Loại",
    "fields": "Thông tin",
}


def _register() -> None:
    """Add the student module's labels without overriding names other modules chose."""
    fields = {**INPUT_LABELS, **FIELDS}
    labels.register(
        entities={k: v for k, v in ENTITIES.items() if k not in labels.ENTITY_LABELS},
        fields={k: v for k, v in fields.items() if k not in labels.FIELD_LABELS},
    )


_register()
