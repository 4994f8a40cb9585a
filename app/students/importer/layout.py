"""The student table layout: header spellings, required columns, class hints."""

from __future__ import annotations

import re

from app.excel.headers import Column, Layout, Table

# Header spellings seen in real files (VnEdu, SMAS, hand-made lists); any case, accents optional.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "TT", "Số TT", "Số thứ tự"),
    "student_code": ("Mã học sinh", "Mã HS", "Mã số HS", "Mã số học sinh", "MSHS"),
    "full_name": ("Họ và tên", "Họ tên", "Họ và tên học sinh", "Họ tên HS", "Tên học sinh",
                  "Học sinh"),
    "family_name": ("Họ đệm", "Họ và tên đệm", "Họ và đệm", "Họ", "Họ và", "Họ, đệm",
                    "Họ và chữ đệm", "Họ lót", "Họ và tên lót"),
    "given_name": ("Tên",),
    "date_of_birth": ("Ngày sinh", "Ngày tháng năm sinh", "NS", "Ngày/tháng/năm sinh",
                      "Sinh ngày", "NTNS"),
    "dob_day": ("Ngày sinh – Ngày",),
    "dob_month": ("Ngày sinh – Tháng",),
    "dob_year": ("Ngày sinh – Năm",),
    "sex": ("Giới tính", "Giới", "GT", "Phái", "Nam/Nữ", "Nam, nữ"),
    "female_mark": ("Nữ", "Giới tính – Nữ"),
    "male_mark": ("Nam", "Giới tính – Nam"),
    "ethnicity": ("Dân tộc", "DT"),
    "personal_id": ("Số định danh cá nhân", "Mã định danh", "Mã định danh cá nhân",
                    "Số định danh", "Mã số định danh", "CCCD", "Số CCCD", "Căn cước công dân",
                    "Số căn cước", "Số căn cước công dân", "Số ĐDCN", "ĐDCN", "Mã ĐDCN",
                    "Số CCCD/ĐDCN", "CCCD/Mã định danh", "Căn cước", "CC", "CCCD/CC",
                    "Số CC", "Số thẻ căn cước", "Thẻ căn cước", "Số CCCD/CC",
                    "Số định danh cá nhân/CCCD", "Mã định danh học sinh"),
    "ministry_code": ("Mã học sinh Bộ GD&ĐT", "Mã MOET", "Mã HS Bộ", "Mã học sinh Bộ",
                      "Mã HS Bộ GD", "Mã Bộ", "Mã học sinh Bộ GD&ĐT", "Mã HS (Bộ)",
                      "Mã CSDL", "Mã học sinh CSDL", "Mã định danh Bộ GD&ĐT", "Mã định danh Bộ"),
    "lifelong_record_number": ("Mã số hồ sơ học tập suốt đời", "Mã hồ sơ HTSĐ",
                               "Mã số hồ sơ HTSĐ", "Mã hồ sơ học tập suốt đời",
                               "Mã người học"),
    "class_name": ("Lớp", "Tên lớp", "Lớp học"),
    "place_of_birth": ("Nơi sinh",),
    "hometown": ("Quê quán", "Nguyên quán", "Quê"),
    "address": ("Địa chỉ", "Chỗ ở hiện nay", "Chỗ ở", "Nơi ở", "Nơi ở hiện nay",
                "Địa chỉ thường trú", "Thường trú", "Hộ khẩu thường trú", "Địa chỉ liên hệ"),
    "father_name": ("Họ tên cha", "Họ và tên cha", "Tên cha", "Cha", "Họ tên bố", "Bố"),
    "father_phone": ("SĐT cha", "Số điện thoại cha", "Điện thoại cha", "ĐT cha", "SĐT bố",
                     "Điện thoại bố"),
    "mother_name": ("Họ tên mẹ", "Họ và tên mẹ", "Tên mẹ", "Mẹ"),
    "mother_phone": ("SĐT mẹ", "Số điện thoại mẹ", "Điện thoại mẹ", "ĐT mẹ"),
    "guardian_name": ("Họ tên người giám hộ", "Người giám hộ", "Họ và tên người giám hộ",
                      "Họ tên phụ huynh", "Họ và tên phụ huynh", "Phụ huynh", "Tên phụ huynh",
                      "Họ tên cha mẹ", "Cha mẹ học sinh", "Họ tên cha/mẹ", "Cha/mẹ",
                      "Tên người giám hộ"),
    "guardian_phone": ("SĐT người giám hộ", "Số điện thoại người giám hộ",
                       "SĐT phụ huynh", "Số điện thoại phụ huynh", "Điện thoại phụ huynh",
                       "ĐT phụ huynh", "SĐT PH", "SĐT cha mẹ", "Điện thoại cha mẹ",
                       "SĐT cha/mẹ", "Điện thoại liên hệ", "SĐT liên hệ", "Số điện thoại liên hệ",
                       "Điện thoại người giám hộ", "ĐT người giám hộ"),
    "notes": ("Ghi chú",),
    "religion": ("Tôn giáo",),
    "nationality": ("Quốc tịch",),
    "policy_group": ("Đối tượng chính sách", "Đối tượng", "Diện chính sách", "Chế độ chính sách",
                     "Đối tượng ưu tiên"),
    "address_province": ("Tỉnh/thành phố", "Tỉnh/TP", "Tỉnh", "Tỉnh thành"),
    "address_commune": ("Xã/phường", "Xã/phường/thị trấn", "Xã", "Phường/xã"),
    "phone": ("SĐT học sinh", "Điện thoại học sinh", "Số điện thoại học sinh"),
}  # fmt: skip
# Headers that name either the personal ID or the Ministry's student code: the column's
# content decides (``decide_id_column``), and the preview says which was chosen.
AMBIGUOUS_ID_HEADERS = frozenset(
    {"madinhdanh", "madinhdanhhocsinh", "madinhdanhhs", "madinhdanhcuahocsinh"}
)
STUDENT_LAYOUT = Layout(
    tuple(Column(f, names[0], names[1:], f == "full_name") for f, names in _SPELLINGS.items())
)
# Labels of the columns only an import has (parts of a name, a date, a sex tick).
IMPORT_LABELS = {
    "stt": "Số thứ tự (không lưu)",
    "family_name": "Họ và tên (phần họ đệm)",
    "given_name": "Họ và tên (phần tên)",
    "dob_day": "Ngày sinh (ngày)",
    "dob_month": "Ngày sinh (tháng)",
    "dob_year": "Ngày sinh (năm)",
    "female_mark": "Giới tính (đánh dấu Nữ)",
    "male_mark": "Giới tính (đánh dấu Nam)",
}
TEXT_FIELDS = (
    "student_code",
    "ethnicity",
    "place_of_birth",
    "hometown",
    "address",
    "father_name",
    "father_phone",
    "mother_name",
    "mother_phone",
    "guardian_name",
    "guardian_phone",
    "notes",
    "ministry_code",
    "religion",
    "nationality",
    "policy_group",
    "address_province",
    "address_commune",
    "phone",
)
NAME_FIELDS = ("full_name", "father_name", "mother_name", "guardian_name")
CLASS_IN_TITLE = re.compile(r"\bL[ỚO]P\s*:?\s*(\d{1,2}\s*[A-ZĐ][A-Z0-9Đ.\-]{0,6})\b", re.I)
_CLASS_NAME = re.compile(r"^(?:L[ỚO]P\s*)?(\d{1,2}\s*[A-ZĐ][A-Z0-9Đ.\-]{0,6})(?:\s*\(.*\))?$", re.I)
# Lines under a list that are not students (matched on accent-free lower-case words).
FOOTER = re.compile(
    r"^(tong|cong|nguoi lap|hieu truong|giao vien|xac nhan|danh sach co|ngay .*thang)\b|.*[:\d]"
)
NOT_MARKED = {"", "0", "-", "không", "khong", "no"}


def class_hint(table: Table) -> str:
    """A class named by a title line ("DANH SÁCH HỌC SINH LỚP 6A1") or the sheet name ("6A1")."""
    for line in table.title_lines:
        if m := CLASS_IN_TITLE.search(line):
            return m.group(1).replace(" ", "").upper()
    if m := _CLASS_NAME.match(table.sheet.name.strip()):
        return m.group(1).replace(" ", "").upper()
    return ""
