"""The lifelong learning-record number (mã số hồ sơ học tập suốt đời) a student is given
under NĐ 88/2026/NĐ-CP: the rule it is checked against (pure)."""

from __future__ import annotations

from app.messages.students import M
from app.students.issues import Issue, error, warning


def lifelong_number_issues(number: str, personal_id: str | None) -> list[Issue]:
    """The lifelong learning-record number (NĐ 88/2026): 12 digits, based on the personal ID.

    The decree says the number is based on the 12-digit personal ID and no other format is
    published yet: 12 digits are required; a number that differs from the student's stored
    or typed personal ID is kept with a warning (the Ministry may derive it differently)."""
    field = "lifelong_record_number"
    if not number:
        return []
    if not number.isdigit() or len(number) != 12:
        return [error(field, "lifelong_bad", M.lifelong_bad, value=number)]
    if personal_id and personal_id.isdigit() and number != personal_id:
        return [warning(field, "lifelong_not_pid", M.lifelong_not_pid, value=number)]
    return []
