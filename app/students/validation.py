"""Validation of student data: pure functions returning Vietnamese issues that name the field.

Personal ID rules follow DOMAIN §7. Errors block a save; warnings do not, and
the personal-ID disagreements and a one-word full name (``OVERRIDABLE``) need a reason
(the user's confirmation) to be kept, which
the services journal. The importer adds file, sheet and row to each message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from app.excel.cells import nonexistent_date
from app.messages.students import M
from app.reference import ETHNIC_CODE_SYSTEM, birth_provinces, ethnic_groups
from app.reference_match import join_choices, match_ethnic_group, match_province
from app.students import text
from app.students.inputs import (
    SEX_FEMALE,
    SEX_LABELS,
    SEX_MALE,
)
from app.students.issues import Issue, error, warning

# The problem type (Issue, its severity, error, warning, OVERRIDABLE) lives in
# app.students.issues; it is imported here for the checks below and their callers.


# ---------------------------------------------------------------- dates

EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 31/12/9999
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.0+)?$")


def excel_serial_to_date(serial: float) -> date:
    """Date of an Excel serial number (1900 system, including its fictitious 29/02/1900)."""
    if not (1 <= serial <= _MAX_SERIAL) or math.isnan(serial):
        raise ValueError(serial)
    days = int(serial)
    if days < 60:
        return date(1899, 12, 31) + timedelta(days=days)
    return EXCEL_EPOCH + timedelta(days=days)


def date_to_excel_serial(day: date) -> int:
    """Excel serial number of a date after 28/02/1900."""
    return (day - EXCEL_EPOCH).days


def parse_date(value: object) -> date | None:
    """A date from dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, an Excel serial or a date object.

    Empty → None. Anything else raises ``ValueError``.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return excel_serial_to_date(float(value))
    raw = text.clean_text(value)
    if not raw:
        return None
    raw = re.split(r"[ T]", raw, maxsplit=1)[0] if re.match(r"^\d{4}-", raw) else raw
    if m := _DMY.match(raw):
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := _YMD.match(raw):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if _SERIAL_TEXT.match(raw):
        return excel_serial_to_date(float(raw))
    raise ValueError(value)


def coerce_date(value: object, field: str) -> tuple[date | None, Issue | None]:
    """``parse_date`` that reports failure as an issue naming ``field`` instead of raising."""
    try:
        return parse_date(value), None
    except (ValueError, OverflowError):
        if missing := nonexistent_date(value if isinstance(value, str) else None):
            return None, error(field, "date_nonexistent", M.date_nonexistent, value=missing)
        return None, error(field, "date_bad", M.date_bad, value=text.clean_text(value))


def format_date(day: date | None) -> str:
    """dd/mm/yyyy, or "" for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


def date_issues(field: str, day: date | None, today: date) -> list[Issue]:
    """Warnings for a date in the future or before 1900."""
    if day is None:
        return []
    if day > today:
        return [warning(field, "date_future", M.date_future, value=format_date(day))]
    if day.year < 1900:
        return [warning(field, "date_too_old", M.date_too_old, value=day.year)]
    return []


# ---------------------------------------------------------------- age and grade

AGE_AT_GRADE_ONE = 6
AGE_EARLY_TOLERANCE = 1
AGE_LATE_TOLERANCE = 3
_CLASS_NAME = re.compile(r"^(\d{1,2})[A-Z0-9.\-]{0,8}$")


@lru_cache(maxsize=4096)  # few distinct values in a list: pure, so remembered
def grade_of_class(name: str) -> int | None:
    """The grade of a class name such as "6A1" or "10C2", if it has one (1–12)."""
    m = _CLASS_NAME.match(text.clean_text(name).upper())
    if not m:
        return None
    grade = int(m.group(1))
    return grade if 1 <= grade <= 12 else None


@lru_cache(maxsize=4096)  # few distinct values in a list: pure, so remembered
def normalise_class_name(name: str) -> str:
    """Upper-case, no spaces: "10 c2" → "10C2"."""
    return text.clean_text(name).upper().replace(" ", "")


def age_issue(dob: date, grade: int, year_start: int) -> Issue | None:
    """Warning when a student's age in the school year is unusual for the grade."""
    age = year_start - dob.year
    expected = AGE_AT_GRADE_ONE + grade - 1
    low, high = expected - AGE_EARLY_TOLERANCE, expected + AGE_LATE_TOLERANCE
    if low <= age <= high:
        return None
    return warning(
        "date_of_birth", "age_for_grade", M.age_for_grade, age=age, grade=grade, low=low, high=high
    )


# ---------------------------------------------------------------- personal ID

_CENTURY_DIGIT: dict[str, tuple[int, str]] = {
    "0": (1900, SEX_MALE),
    "1": (1900, SEX_FEMALE),
    "2": (2000, SEX_MALE),
    "3": (2000, SEX_FEMALE),
    "4": (2100, SEX_MALE),
    "5": (2100, SEX_FEMALE),
}


@dataclass(frozen=True)
class PersonalIdInfo:
    """What a well-formed personal ID number says about its holder."""

    province_code: str
    birth_year: int
    sex: str


def normalise_personal_id(value: object) -> str:
    """Digits of an ID as typed or read from Excel, restoring leading zeros lost to a number cell.

    Zeros are restored only when unambiguous: 10 or 11 digits whose padded
    form starts with a known province code. Anything else is returned as
    cleaned text for ``personal_id_issues`` to judge.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = text.clean_text(value).lstrip("'’").replace(" ", "").replace(".", "")
    if raw.isdigit() and len(raw) in (10, 11) and raw.zfill(12)[:3] in birth_provinces():
        return raw.zfill(12)
    return raw


def decode_personal_id(pid: str) -> PersonalIdInfo | None:
    """Province, birth year and sex encoded in a well-formed ID, else None."""
    if personal_id_format_issue(pid) is not None:
        return None
    century, sex = _CENTURY_DIGIT[pid[3]]
    return PersonalIdInfo(pid[:3], century + int(pid[4:6]), sex)


def personal_id_format_issue(pid: str, field: str = "personal_id") -> Issue | None:
    """Error when the ID is not 12 digits, has an unknown province or an impossible digit 4."""
    if not pid.isdigit():
        return error(field, "pid_digits", M.pid_digits, value=pid)
    if len(pid) != 12:
        return error(field, "pid_length", M.pid_length, value=pid)
    if pid[:3] not in birth_provinces():
        return error(field, "pid_province", M.pid_province, value=pid, code=pid[:3])
    if pid[3] not in _CENTURY_DIGIT:
        return error(field, "pid_century", M.pid_century, value=pid, digit=pid[3])
    return None


def personal_id_issues(
    pid: str, dob: date | None, sex: str | None, field: str = "personal_id"
) -> list[Issue]:
    """Format errors, then warnings where the ID disagrees with the birth year or sex."""
    if not pid:
        return []
    fmt = personal_id_format_issue(pid, field)
    if fmt is not None:
        return [fmt]
    info = decode_personal_id(pid)
    assert info is not None
    out: list[Issue] = []
    if dob is not None and dob.year != info.birth_year:
        out.append(
            warning(
                field,
                "pid_year_mismatch",
                M.pid_year_mismatch,
                value=pid,
                id_year=info.birth_year,
                dob=format_date(dob),
            )
        )
    if sex in SEX_LABELS and sex != info.sex:
        out.append(
            warning(
                field,
                "pid_sex_mismatch",
                M.pid_sex_mismatch,
                value=pid,
                id_sex=SEX_LABELS[info.sex],
                sex=SEX_LABELS[sex],
            )
        )
    return out


def make_personal_id(province_code: str, dob: date, sex: str, serial: int) -> str:
    """A well-formed ID for the given birth province, date and sex (demo data, tests)."""
    base = {1900: 0, 2000: 2, 2100: 4}[dob.year // 100 * 100]
    digit = base + (1 if sex == SEX_FEMALE else 0)
    return f"{province_code}{digit}{dob.year % 100:02d}{serial % 1_000_000:06d}"


# ---------------------------------------------------------------- other fields

_SEX_WORDS = {
    "nam": SEX_MALE,
    "m": SEX_MALE,
    "male": SEX_MALE,
    "trai": SEX_MALE,
    "nu": SEX_FEMALE,
    "f": SEX_FEMALE,
    "female": SEX_FEMALE,
    "gai": SEX_FEMALE,
}


@lru_cache(maxsize=4096)  # few distinct values in a list: pure, so remembered
def parse_sex(value: str) -> str | None:
    """ "nam" or "nu" from "Nam", "Nữ", "NỮ", "M", "F"…; None when not recognised."""
    return _SEX_WORDS.get(text.fold(value))


def resolve_ethnicity(value: str) -> str | None:
    """The 1979 code of an ethnic group given by name ("H'Mông", "K'Ho", "Nốp") or code ("01").

    None when the name is unknown or shared by several groups (``ethnicity_check`` says which).
    """
    return match_ethnic_group(text.clean_text(value)).found


def ethnicity_name(code: str) -> str:
    """The name of an ethnic-group code, or the code itself when unknown."""
    return next((g.name for g in ethnic_groups() if g.code == code), code)


def ethnicity_check(value: str, field: str = "ethnicity") -> tuple[str | None, Issue | None]:
    """The group code of a typed ethnicity, or an error naming it and offering groups.

    A name of two groups ("Chil": Cơ-ho and Mnông) is refused with both offered;
    an unknown one with the closest groups, if any are close.
    """
    raw = text.clean_text(value)
    found = match_ethnic_group(raw)
    if found.found is not None:
        return found.found, None
    if found.ambiguous:
        names = join_choices([ethnicity_name(c) for c in found.ambiguous])
        return None, error(
            field, "ethnicity_ambiguous", M.ethnicity_ambiguous, value=raw, choices=names
        )
    if found.closest:
        names = join_choices([ethnicity_name(c) for c in found.closest])
        return None, error(
            field, "ethnicity_bad", M.ethnicity_bad_closest, value=raw, choices=names
        )
    return None, error(field, "ethnicity_bad", M.ethnicity_bad, value=raw)


def province_check(value: str, field: str = "address_province") -> tuple[str, Issue | None]:
    """The 2025 province as the list names it ("TP HCM" → "Thành phố Hồ Chí Minh").

    An unknown name is kept as typed with a warning offering the closest
    provinces: addresses written before the 2025 merger still name old ones.
    """
    raw = text.clean_text(value)
    found = match_province(raw)
    if found.found is not None:
        return found.found, None
    if found.closest:
        names = join_choices(found.closest)
        return raw, warning(
            field, "province_unknown", M.province_unknown_closest, value=raw, choices=names
        )
    return raw, warning(field, "province_unknown", M.province_unknown, value=raw)


ETHNICITY_CODE_SYSTEM = ETHNIC_CODE_SYSTEM


def normalise_phone(value: object) -> str:
    """Digits of a phone number; "+84…" becomes "0…", and a zero lost to a number cell returns."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = re.sub(r"[\s.\-()]", "", text.clean_text(value).lstrip("'’"))
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    if raw.isdigit() and len(raw) in (9, 10) and not raw.startswith("0"):
        raw = "0" + raw
    return raw


def phone_issue(field: str, phone: str) -> Issue | None:
    """Error unless the phone is 10 or 11 digits starting with 0."""
    if not phone or (phone.isdigit() and phone.startswith("0") and len(phone) in (10, 11)):
        return None
    return error(field, "phone_bad", M.phone_bad, value=phone)


_CODE = re.compile(r"^[A-Za-z0-9._\-]{1,30}$")


_MINISTRY_CODE = re.compile(r"^[A-Za-z0-9]{1,20}$")


def ministry_code_issue(code: str) -> Issue | None:
    """Error unless the Ministry's student code is 1–20 ASCII letters and digits."""
    if not code or _MINISTRY_CODE.match(code):
        return None
    return error("ministry_code", "ministry_code_bad", M.ministry_code_bad, value=code)


# Longest text each free-text field takes (the student table's column sizes).
TEXT_LIMITS: dict[str, int] = {
    "full_name": 120,
    "place_of_birth": 200,
    "hometown": 200,
    "address": 300,
    "religion": 60,
    "nationality": 60,
    "address_province": 100,
    "address_commune": 100,
    "policy_group": 200,
    "disability_type": 100,
    "father_name": 120,
    "mother_name": 120,
    "guardian_name": 120,
    "consent_by": 120,
}


def code_issue(code: str) -> Issue | None:
    """Error when a student code has characters other than ASCII letters, digits, . _ -."""
    if not code or _CODE.match(code):
        return None
    return error("student_code", "code_bad", M.code_bad, value=code)


def name_issues(field: str, name: str, *, full: bool = True) -> list[Issue]:
    """Errors for digits or odd symbols in a name; a one-word full name needs confirming."""
    if not name:
        return []
    if not text.name_is_plausible(name):
        return [error(field, "name_bad_chars", M.name_bad_chars, value=name)]
    if full and " " not in name:
        return [warning(field, "name_one_word", M.name_one_word, value=name)]
    return []
