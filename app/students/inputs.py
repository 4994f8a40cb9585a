"""Input values of student records: what a form, an import row or the demo hands to services.

``None`` means "not given, keep what is stored"; ``""`` means "clear it". An
importer fills only the columns its file has, so missing columns never wipe data.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum

SEX_MALE = "nam"
SEX_FEMALE = "nu"
SEX_LABELS = {SEX_MALE: "Nam", SEX_FEMALE: "Nữ"}


class Status(StrEnum):
    """Where a student stands in this school."""

    ACTIVE = "dang_hoc"
    TRANSFERRED_OUT = "chuyen_di"
    WITHDRAWN = "thoi_hoc"
    GRADUATED = "da_tot_nghiep"
    SUSPENDED = "bao_luu"


STATUS_LABELS: dict[str, str] = {
    Status.ACTIVE: "Đang học",
    Status.TRANSFERRED_OUT: "Chuyển đi",
    Status.WITHDRAWN: "Thôi học",
    Status.GRADUATED: "Đã tốt nghiệp",
    Status.SUSPENDED: "Bảo lưu",
}


class Relation(StrEnum):
    """A guardian's relation to the student."""

    FATHER = "cha"
    MOTHER = "me"
    GUARDIAN = "giam_ho"


RELATION_LABELS: dict[str, str] = {
    Relation.FATHER: "Cha",
    Relation.MOTHER: "Mẹ",
    Relation.GUARDIAN: "Người giám hộ",
}

POVERTY_LABELS: dict[str, str] = {"": "", "ho_ngheo": "Hộ nghèo", "can_ngheo": "Hộ cận nghèo"}


@dataclass(frozen=True)
class StudentInput:
    """One student as typed or imported; every importable field is plain text or a date.

    The template columns map one to one onto the first block of fields (see
    ``FIELD_LABELS``). ``sex`` accepts "Nam"/"Nữ" (or nam/nu/M/F); ``ethnicity``
    a name such as "Kinh", "H'Mông" or a code such as "01". ``class_name`` is a
    class of the year the service works on ("6A1").
    """

    full_name: str
    date_of_birth: date | None = None
    sex: str | None = None
    student_code: str | None = None
    personal_id: str | None = None
    ethnicity: str | None = None
    class_name: str | None = None
    place_of_birth: str | None = None
    hometown: str | None = None
    address: str | None = None
    father_name: str | None = None
    father_phone: str | None = None
    mother_name: str | None = None
    mother_phone: str | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    notes: str | None = None
    ministry_code: str | None = None
    lifelong_record_number: str | None = None  # mã số hồ sơ học tập suốt đời (NĐ 88/2026)
    # Not in the import template, but importable and editable in the form.
    religion: str | None = None
    nationality: str | None = None
    address_province: str | None = None
    address_commune: str | None = None
    phone: str | None = None
    # Policy, health and consent (form only; typed).
    policy_group: str | None = None
    disability: bool | None = None
    disability_type: str | None = None
    poverty: str | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    health_notes: str | None = None
    consent_given: bool | None = None
    consent_date: date | None = None
    consent_by: str | None = None


# Vietnamese labels, equal to the import template's canonical headers where one exists.
FIELD_LABELS: dict[str, str] = {
    "student_code": "Mã học sinh",
    "full_name": "Họ và tên",
    "date_of_birth": "Ngày sinh",
    "sex": "Giới tính",
    "ethnicity": "Dân tộc",
    "personal_id": "Số định danh cá nhân",
    "class_name": "Lớp",
    "place_of_birth": "Nơi sinh",
    "hometown": "Quê quán",
    "address": "Địa chỉ",
    "father_name": "Họ tên cha",
    "father_phone": "SĐT cha",
    "mother_name": "Họ tên mẹ",
    "mother_phone": "SĐT mẹ",
    "guardian_name": "Họ tên người giám hộ",
    "guardian_phone": "SĐT người giám hộ",
    "notes": "Ghi chú",
    "ministry_code": "Mã học sinh Bộ GD&ĐT",
    "lifelong_record_number": "Mã số hồ sơ học tập suốt đời",
    "religion": "Tôn giáo",
    "nationality": "Quốc tịch",
    "address_province": "Tỉnh/thành phố",
    "address_commune": "Xã/phường",
    "phone": "Điện thoại",
    "policy_group": "Đối tượng chính sách",
    "disability": "Khuyết tật",
    "disability_type": "Dạng khuyết tật",
    "poverty": "Hộ nghèo/cận nghèo",
    "height_cm": "Chiều cao (cm)",
    "weight_kg": "Cân nặng (kg)",
    "health_notes": "Ghi chú sức khỏe",
    "consent_given": "Đồng ý xử lý dữ liệu",
    "consent_date": "Ngày đồng ý",
    "consent_by": "Người đồng ý",
}

INPUT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(StudentInput))
REQUIRED_FIELDS: tuple[str, ...] = ("full_name", "date_of_birth", "sex")
IDENTITY_FIELDS: tuple[str, ...] = ("full_name", "date_of_birth", "sex", "personal_id")
GUARDIAN_FIELDS: dict[str, tuple[str, str]] = {
    Relation.FATHER: ("father_name", "father_phone"),
    Relation.MOTHER: ("mother_name", "mother_phone"),
    Relation.GUARDIAN: ("guardian_name", "guardian_phone"),
}


def label(field: str) -> str:
    """The Vietnamese label of an input field."""
    return FIELD_LABELS.get(field, field)
