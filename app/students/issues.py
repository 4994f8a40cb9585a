"""The problem type of student validation: one issue of one field, an error or a warning.

Errors block a save; warnings do not, and those in ``OVERRIDABLE`` (the personal-ID
disagreements and a one-word full name) need a reason (the user's confirmation) to be
kept, which the services journal. ``app.students.validation`` makes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.students.inputs import label


class Severity(StrEnum):
    """Whether an issue blocks the save."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem with one field: machine ``code`` plus a Vietnamese ``message``."""

    field: str
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


# Warnings the user may keep only by giving a reason (journalled with the change).
OVERRIDABLE = frozenset({"pid_year_mismatch", "pid_sex_mismatch", "name_one_word"})


def error(field: str, kind: str, template: str, /, **kw: object) -> Issue:
    """An error issue of ``kind`` whose message starts with the field's label."""
    return Issue(field, Severity.ERROR, kind, template.format(field=label(field), **kw))


def warning(field: str, kind: str, template: str, /, **kw: object) -> Issue:
    """A warning issue of ``kind`` whose message starts with the field's label."""
    return Issue(field, Severity.WARNING, kind, template.format(field=label(field), **kw))
