"""Whole-record validation: normalise a ``StudentInput`` and list every issue in it (pure)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.messages.students import M
from app.students import text
from app.students import validation as v
from app.students.inputs import GUARDIAN_FIELDS, REQUIRED_FIELDS, StudentInput, label
from app.students.issues import OVERRIDABLE
from app.students.lifelong import lifelong_number_issues

_POVERTY = {"": "", "ho_ngheo": "ho_ngheo", "hongheo": "ho_ngheo", "ngheo": "ho_ngheo"}
_POVERTY |= {"can_ngheo": "can_ngheo", "hocanngheo": "can_ngheo", "canngheo": "can_ngheo"}


@dataclass(frozen=True)
class CheckedInput:
    """A normalised input and its issues; ``ok`` when there is no error."""

    value: StudentInput
    issues: tuple[v.Issue, ...]

    @property
    def errors(self) -> tuple[v.Issue, ...]:
        return tuple(i for i in self.issues if i.is_error)

    @property
    def warnings(self) -> tuple[v.Issue, ...]:
        return tuple(i for i in self.issues if not i.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def needs_reason(self) -> tuple[v.Issue, ...]:
        """Warnings that can be kept only with a reason (personal ID disagreements)."""
        return tuple(i for i in self.issues if i.code in OVERRIDABLE)


def _clean_all(inp: StudentInput) -> dict[str, Any]:
    clean = text.clean_text
    return {k: clean(v) if isinstance(v, str) else v for k, v in vars(inp).items()}


def _names(d: dict[str, Any], issues: list[v.Issue]) -> None:
    d["full_name"] = text.tidy_name_case(d["full_name"] or "")
    issues += v.name_issues("full_name", d["full_name"])
    for name_field, phone_field in GUARDIAN_FIELDS.values():
        if d[name_field]:
            d[name_field] = text.tidy_name_case(d[name_field])
            issues += v.name_issues(name_field, d[name_field], full=False)
        if d[phone_field] is not None:
            d[phone_field] = v.normalise_phone(d[phone_field])
            issues += _some(v.phone_issue(phone_field, d[phone_field]))
            if d[phone_field] and not d[name_field]:  # a guardian is stored by name
                issues.append(
                    v.warning(phone_field, "phone_without_name", M.phone_without_name,
                              value=d[phone_field], name=label(name_field))
                )  # fmt: skip
    if d["phone"] is not None:
        d["phone"] = v.normalise_phone(d["phone"])
        issues += _some(v.phone_issue("phone", d["phone"]))


def _some(issue: v.Issue | None) -> list[v.Issue]:
    return [issue] if issue is not None else []


def _codes(d: dict[str, Any], issues: list[v.Issue]) -> None:
    if d["sex"]:
        sex = v.parse_sex(d["sex"])
        if sex is None:
            issues.append(v.error("sex", "sex_bad", M.sex_bad, value=d["sex"]))
        d["sex"] = sex or d["sex"]
    if d["ethnicity"]:
        code, issue = v.ethnicity_check(d["ethnicity"])
        issues += _some(issue)
        d["ethnicity"] = code or d["ethnicity"]
    if d["address_province"]:
        d["address_province"], issue = v.province_check(d["address_province"])
        issues += _some(issue)
    if d["student_code"]:
        d["student_code"] = d["student_code"].replace(" ", "").upper()
        issues += _some(v.code_issue(d["student_code"]))
    if d["class_name"]:
        d["class_name"] = v.normalise_class_name(d["class_name"])
        if v.grade_of_class(d["class_name"]) is None:
            issues.append(v.error("class_name", "class_bad", M.class_bad, value=d["class_name"]))
    if d["poverty"] is not None:
        key = text.fold(d["poverty"]).replace(" ", "")
        d["poverty"] = _POVERTY.get(key, _POVERTY.get(d["poverty"], d["poverty"]))
    if d["personal_id"] is not None:
        d["personal_id"] = v.normalise_personal_id(d["personal_id"])
    if d["ministry_code"]:
        d["ministry_code"] = d["ministry_code"].replace(" ", "")
        issues += _some(v.ministry_code_issue(d["ministry_code"]))
    if d["lifelong_record_number"]:
        d["lifelong_record_number"] = v.normalise_personal_id(d["lifelong_record_number"])
        issues += lifelong_number_issues(d["lifelong_record_number"], d["personal_id"])


def _lengths(d: dict[str, Any], issues: list[v.Issue]) -> None:
    """Text longer than its column holds is refused here, not by the database later."""
    for f, limit in v.TEXT_LIMITS.items():
        value = d.get(f)
        if isinstance(value, str) and len(value) > limit:
            issues.append(v.error(f, "too_long", M.too_long, n=limit, value=value[:40] + "…"))


def _health(d: dict[str, Any], issues: list[v.Issue]) -> None:
    h, w = d["height_cm"], d["weight_kg"]
    if h is not None and not 40 <= h <= 230:
        issues.append(v.error("height_cm", "height_bad", M.height_bad, value=h))
    if w is not None and not 8 <= w <= 200:
        issues.append(v.error("weight_kg", "weight_bad", M.weight_bad, value=w))


def validate_input(
    inp: StudentInput,
    *,
    for_insert: bool = True,
    today: date | None = None,
    year_start: int | None = None,
    unread: Collection[str] = (),
) -> CheckedInput:
    """Normalise every field and collect issues; required fields only matter for inserts.

    After this, ``sex`` is "nam"/"nu", ``ethnicity`` a 1979 code, ``personal_id``
    and phones digits, ``class_name`` upper case, names NFC and tidily cased.
    ``year_start`` (e.g. 2025 for 2025-2026) enables the age-for-grade warning.
    ``unread`` names fields whose typed text could not be read (a date such as
    31/02/2013, already reported with its reason): they are not reported again as empty.
    """
    today = today or date.today()
    d = _clean_all(inp)
    issues: list[v.Issue] = []
    if for_insert:
        issues += [
            v.error(f, "required", M.required)
            for f in REQUIRED_FIELDS
            if d[f] in (None, "") and f not in unread
        ]
    _names(d, issues)
    _codes(d, issues)
    _health(d, issues)
    _lengths(d, issues)
    for f in ("date_of_birth", "consent_date"):
        issues += v.date_issues(f, d[f], today)
    dob, sex, pid = d["date_of_birth"], d["sex"], d["personal_id"]
    issues += v.personal_id_issues(pid or "", dob, sex)
    grade = v.grade_of_class(d["class_name"]) if d["class_name"] else None
    if dob is not None and grade is not None and year_start is not None:
        issues += _some(v.age_issue(dob, grade, year_start))
    return CheckedInput(StudentInput(**d), tuple(issues))
