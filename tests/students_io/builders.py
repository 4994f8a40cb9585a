"""A messy real-world student list, as schools keep them, built as a real .xlsx for tests."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from app.students import make_personal_id
from tests.excel.xlsx_builders import make_xlsx, set_cached_values

YEAR = "2025-2026"
CLASSES = ("6A1", "6A2", "7A1")


def pid(dob: date, sex: str, serial: int, province: str = "038") -> str:
    """A personal ID consistent with the birth date and sex."""
    return make_personal_id(province, dob, sex, serial)


# The secretary's consent to the personal IDs whose lost leading zeros were restored.
MESSY_REASON = "Đã đối chiếu số định danh với giấy khai sinh"


def messy_workbook(path: Path) -> Path:
    """Three sheets: a titled 6A1 list with a two-row header, a TCVN3 6A2 sheet, a VNI 7A1 sheet.

    Every row is valid: the mess is in the form (title rows, merged headers,
    a numbering row, dates as text/serial/date, IDs as numbers that lost their
    zeros, apostrophes, stray spaces, a formula, phantom rows, a footer).
    """
    d1, d2 = date(2014, 3, 12), date(2014, 11, 2)
    s6a1 = [
        ["SỞ GD&ĐT THANH HÓA", None, None, None, None, None, None, None, None, None, None],
        ["TRƯỜNG THCS KIM ĐỒNG"],
        ["DANH SÁCH HỌC SINH LỚP 6A1"],
        ["Năm học 2025 - 2026"],
        [],
        ["TT", "Họ và tên học sinh", "Ngày tháng năm sinh", "Nữ", "Dân tộc", "Mã định danh",
         "Nơi sinh", "Họ tên", None, "Điện thoại", None],
        [None, None, None, None, None, None, None, "Cha", "Mẹ", "Cha", "Mẹ"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"],
        [1, "  Nguyễn Thị  Ánh ", "12/03/2014", "x", "Kinh", int(pid(d1, "nu", 1)),
         "Thanh Hóa", "Nguyễn Văn Bình", "Lê Thị Cúc", 912345678, "'0987654321"],
        [2, "Lê Văn Hùng", datetime(2014, 11, 2), None, "Mường", "'" + pid(d2, "nam", 2),
         "Thanh Hóa", "Lê Văn Dũng", None, "0913 222 333", None],
        [None, None, None, None, None, None, None, None, None, None, None],
        [3, "=UPPER(\"trần minh châu\")", 41845, "x", "Thái", None,
         " Nghệ An ", None, "Trần Thị Hoa", None, 388777666],
        [None, "   ", None, None, None, None, None, None, None, None, None],
        [None, "Tổng số: 3 học sinh"],
        [None, None, None, None, None, None, None, None, "Người lập biểu"],
    ]  # fmt: skip
    s6a2 = [
        ["DANH S¸CH HäC SINH LíP 6A2"],
        ["STT", "Hä vµ tªn", "Ngµy sinh", "Giíi tÝnh", "D©n téc", "Sè ®Þnh danh c¸ nh©n"],
        [1, "§Æng V¨n Hïng", "05/09/2014", "Nam", "Kinh", pid(date(2014, 9, 5), "nam", 3)],
        [2, "NguyÔn ThÞ ¸nh", "6/1/2014", "N÷", "Kinh", pid(date(2014, 1, 6), "nu", 4)],
    ]
    s7a1 = [
        ["STT", "Hoï ñeäm", "Teân", "Ngaøy sinh", "Giôùi tính", "CCCD"],
        [1, "Nguyeãn Thò", "AÙnh", "2013-04-30", "Nöõ", pid(date(2013, 4, 30), "nu", 5)],
        [2, "Ñaëng Vaên", "Huøng", "14/02/2013", "Nam", ""],
    ]
    make_xlsx(
        path,
        {"Lớp 6A1": s6a1, "6A2": s6a2, "Lớp 7A1": s7a1},
        merges={"Lớp 6A1": ["A1:K1", "A2:K2", "A3:K3", "A4:K4", "H6:I6", "J6:K6"]},
    )
    return set_cached_values(path, 1, {"B12": "TRẦN MINH CHÂU"})
