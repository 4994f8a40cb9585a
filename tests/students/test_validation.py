"""Field validation: personal IDs (DOMAIN §7), dates, phones, codes, and whole-record checks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as hs

from app.reference import birth_provinces
from app.students import validation as v
from app.students.check import validate_input
from app.students.inputs import SEX_FEMALE, SEX_MALE, StudentInput
from app.students.issues import OVERRIDABLE

provinces = hs.sampled_from(sorted(birth_provinces()))
sexes = hs.sampled_from([SEX_MALE, SEX_FEMALE])
births = hs.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
serials = hs.integers(min_value=0, max_value=999_999)


@given(provinces, births, sexes, serials)
def test_generated_ids_always_pass(province: str, dob: date, sex: str, serial: int) -> None:
    """A well-formed ID matching the birth date and sex raises no issue at all."""
    pid = v.make_personal_id(province, dob, sex, serial)
    assert v.personal_id_issues(pid, dob, sex) == []
    info = v.decode_personal_id(pid)
    assert info is not None and (info.birth_year, info.sex) == (dob.year, sex)


@given(provinces, births, sexes, serials, hs.integers(min_value=0, max_value=11), hs.booleans())
def test_length_corruption_is_an_error(
    province: str, dob: date, sex: str, serial: int, cut: int, drop: bool
) -> None:
    """Dropping or adding a digit anywhere makes the ID malformed (an error, not a warning)."""
    pid = v.make_personal_id(province, dob, sex, serial)
    bad = pid[:cut] + pid[cut + 1 :] if drop else pid[:cut] + "7" + pid[cut:]
    issues = v.personal_id_issues(bad, dob, sex)
    assert [i.code for i in issues] == ["pid_length"] and issues[0].is_error


@given(births, sexes, serials, hs.integers(min_value=0, max_value=999))
def test_unknown_province_is_an_error(dob: date, sex: str, serial: int, code: int) -> None:
    """Digits 1–3 must be one of the 63 birth-registration province codes."""
    province = f"{code:03d}"
    assume(province not in birth_provinces())
    pid = v.make_personal_id(province, dob, sex, serial)
    assert [i.code for i in v.personal_id_issues(pid, dob, sex)] == ["pid_province"]


@given(provinces, births, sexes, serials, hs.sampled_from("0123456789"))
def test_every_century_digit_corruption_is_caught(
    province: str, dob: date, sex: str, serial: int, digit: str
) -> None:
    """Changing digit 4 gives an error (6–9) or a year/sex warning (0–5): never silence."""
    pid = v.make_personal_id(province, dob, sex, serial)
    assume(pid[3] != digit)
    bad = pid[:3] + digit + pid[4:]
    codes = {i.code for i in v.personal_id_issues(bad, dob, sex)}
    if digit in "6789":
        assert codes == {"pid_century"}
    else:
        assert codes and codes <= {"pid_year_mismatch", "pid_sex_mismatch"}


@given(provinces, births, sexes, serials)
def test_birth_year_digit_corruption_warns(province: str, dob: date, sex: str, serial: int) -> None:
    """Digits 5–6 disagreeing with the birth year is a warning the user may override."""
    pid = v.make_personal_id(province, dob, sex, serial)
    other = f"{(dob.year + 1) % 100:02d}"
    bad = pid[:4] + other + pid[6:]
    issues = v.personal_id_issues(bad, dob, sex)
    assert [i.code for i in issues] == ["pid_year_mismatch"]
    assert not issues[0].is_error and issues[0].code in OVERRIDABLE


def test_id_messages_name_the_field_in_vietnamese() -> None:
    """Messages start with the Vietnamese field label and quote the value."""
    [issue] = v.personal_id_issues("03821400011", None, None)
    assert issue.message.startswith("Số định danh cá nhân:") and "03821400011" in issue.message
    [issue] = v.personal_id_issues("038214000111", date(2013, 1, 1), SEX_FEMALE)[:1]
    assert "năm sinh 2014" in issue.message and "01/01/2013" in issue.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (38214000111, "038214000111"),  # number cell lost one zero
        (38214000111.0, "038214000111"),
        ("'038214000111", "038214000111"),  # leading apostrophe
        (" 038 214 000 111 ", "038214000111"),
        ("1214000111", "001214000111"),  # Hà Nội lost two zeros
        ("99214000111", "99214000111"),  # 099 is no province: left for the checker to reject
        ("12345", "12345"),
    ],
)
def test_normalise_personal_id(raw: object, expected: str) -> None:
    """Leading zeros come back only where unambiguous."""
    assert v.normalise_personal_id(raw) == expected


DAY = date(2012, 9, 5)


@pytest.mark.parametrize(
    "raw",
    ["05/09/2012", "5/9/2012", "2012-09-05", "05-09-2012", "05.09.2012", " 05/09/2012 ",
     "2012-09-05 00:00:00", 41157, 41157.0, 41157.75, "41157", DAY, datetime(2012, 9, 5, 7, 30)],
)  # fmt: skip
def test_parse_date_accepts_every_format(raw: object) -> None:
    """dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, Excel serials and date objects all give the same day."""
    assert v.parse_date(raw) == DAY


@pytest.mark.parametrize("raw", ["31/02/2012", "2012/13/01", "5/9/12", "hôm qua", "2010", True, -3])
def test_parse_date_rejects_garbage(raw: object) -> None:
    """Impossible or ambiguous dates raise; coerce_date turns that into an issue naming the field."""
    with pytest.raises((ValueError, OverflowError)):
        v.parse_date(raw)
    value, issue = v.coerce_date(raw, "date_of_birth")
    assert value is None and issue is not None and issue.message.startswith("Ngày sinh:")


@given(hs.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_date_formats_round_trip(day: date) -> None:
    """Every accepted textual and numeric form of a date parses back to that date."""
    forms = [
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.isoformat(),
        v.date_to_excel_serial(day),
        float(v.date_to_excel_serial(day)),
    ]
    assert {v.parse_date(f) for f in forms} == {day}


def test_excel_serial_epoch() -> None:
    """Excel's 1900 system: serial 1 is 01/01/1900, 61 is 01/03/1900."""
    assert v.excel_serial_to_date(1) == date(1900, 1, 1)
    assert v.excel_serial_to_date(61) == date(1900, 3, 1)
    assert v.excel_serial_to_date(45908) == date(2025, 9, 8)


@pytest.mark.parametrize(
    ("raw", "expected", "ok"),
    [
        ("0912 345 678", "0912345678", True),
        ("+84912345678", "0912345678", True),
        (912345678, "0912345678", True),
        ("0237.3871.234", "02373871234", True),
        ("09123", "09123", False),
        ("abc", "abc", False),
    ],
)
def test_phone(raw: object, expected: str, ok: bool) -> None:
    """Phones become digits; a zero lost to a number cell returns; bad ones are errors."""
    phone = v.normalise_phone(raw)
    assert phone == expected
    assert (v.phone_issue("father_phone", phone) is None) is ok


def test_sex_and_ethnicity_words() -> None:
    """Sex and ethnicity accept the spellings found in school spreadsheets."""
    assert [v.parse_sex(x) for x in ("Nam", "NỮ", "nu", "F", "x")] == [
        "nam",
        "nu",
        "nu",
        "nu",
        None,
    ]
    assert v.resolve_ethnicity("Kinh") == v.resolve_ethnicity("Việt") == "01"
    assert v.resolve_ethnicity("H'Mông") == v.resolve_ethnicity("Mông") == "08"
    assert v.resolve_ethnicity("mường") == "06" and v.resolve_ethnicity("6") == "06"
    assert v.resolve_ethnicity("Elf") is None


def test_age_for_grade() -> None:
    """An age far from the grade's usual age is a warning."""
    assert v.age_issue(date(2014, 5, 1), 6, 2025) is None
    issue = v.age_issue(date(2020, 5, 1), 6, 2025)
    assert issue is not None and not issue.is_error and "khối 6" in issue.message


def test_validate_input_normalises_everything() -> None:
    """A messy row comes out clean: names cased, codes canonical, phones digits."""
    checked = validate_input(
        StudentInput(
            full_name="  NGUYỄN   THỊ  ÁNH ",
            date_of_birth=date(2014, 3, 2),
            sex="nữ",
            personal_id="38314001234",
            ethnicity="kinh",
            class_name="6 a1",
            father_name="nguyễn văn hùng",
            father_phone="912.345.678",
        ),
        year_start=2025,
    )
    value = checked.value
    assert checked.ok and checked.issues == ()
    assert value.full_name == "Nguyễn Thị Ánh" and value.sex == "nu" and value.ethnicity == "01"
    assert value.personal_id == "038314001234" and value.class_name == "6A1"
    assert value.father_name == "Nguyễn Văn Hùng" and value.father_phone == "0912345678"


def test_validate_input_reports_each_problem_by_field() -> None:
    """Every bad field yields one issue naming it; required fields are checked for inserts."""
    checked = validate_input(
        StudentInput(
            full_name="Lê Văn 3",
            date_of_birth=date.today() + timedelta(days=3),
            sex="?",
            ethnicity="Elf",
            class_name="lớp sáu",
            mother_phone="12",
        )
    )
    by_field = {i.field: i for i in checked.issues}
    assert set(by_field) == {
        "full_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        "class_name",
        "mother_phone",
    }
    assert not by_field["date_of_birth"].is_error  # future date: a warning
    assert by_field["sex"].message.startswith("Giới tính:")
    missing = validate_input(StudentInput(full_name=""))
    assert {i.field for i in missing.errors} == {"full_name", "date_of_birth", "sex"}
    assert validate_input(StudentInput(full_name=""), for_insert=False).ok


@pytest.mark.parametrize("raw", ["31/02/2013", "31/2/2013", "2013-02-31"])
def test_an_impossible_date_says_it_does_not_exist(raw: str) -> None:
    """31/02/2013 is a date that does not exist, not a date the software failed to understand."""
    day, issue = v.coerce_date(raw, "date_of_birth")
    assert day is None and issue is not None
    assert issue.message == "Ngày sinh: ngày 31/02/2013 không có thật."
    _, garbage = v.coerce_date("ba mươi", "date_of_birth")
    assert garbage is not None and garbage.code == "date_bad"


def test_an_unreadable_date_is_not_reported_again_as_empty() -> None:
    """The form reports 31/02/2013 once: the date it could not read is not also 'để trống'."""
    blank = StudentInput(full_name="Lê Thị Hoa", date_of_birth=None, sex="Nữ", class_name="6A1")
    assert [i.code for i in validate_input(blank).errors] == ["required"]
    assert validate_input(blank, unread={"date_of_birth"}).errors == ()
