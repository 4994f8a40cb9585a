"""Pure helpers of the new school year: which year follows, which grade ends a level, class names."""

from __future__ import annotations

from app import school
from app.errors import ValidationError
from app.messages.rollover import ROLLOVER_MSG as M
from app.students.classes import LEVEL_GRADES


def next_year(year: str) -> str:
    """ "2025-2026" → "2026-2027"."""
    first, _ = school.parse_year(year)
    return f"{first + 1}-{first + 2}"


def check_years(source: str, target: str) -> tuple[str, str]:
    """Both names normalised; the target must be the year right after the source."""
    first, second = school.parse_year(source)
    source = f"{first}-{second}"
    expected = next_year(source)
    t_first, t_second = school.parse_year(target)
    if f"{t_first}-{t_second}" != expected:
        raise ValidationError(M.years_not_consecutive.format(source=source, expected=expected))
    return source, expected


def level_of(grade: int) -> str:
    """The school level a grade belongs to ("thcs" for 6–9)."""
    return next((lv for lv, grades in LEVEL_GRADES.items() if grade in grades), "")


def is_final_grade(grade: int) -> bool:
    """5, 9 and 12: the last grade of a level; its students leave having completed it."""
    grades = LEVEL_GRADES.get(level_of(grade))
    return grades is not None and grade == grades[-1]


def next_class_name(name: str, grade: int) -> str:
    """6A1 → 7A1, 10C2 → 11C2; a name not starting with its grade gets the next grade in front."""
    prefix = str(grade)
    rest = name[len(prefix) :] if name.startswith(prefix) else name
    return f"{grade + 1}{rest}"
