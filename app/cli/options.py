"""Values of command-line options read the same way by every command."""

from __future__ import annotations

from datetime import date

from app.errors import ValidationError
from app.excel.cells import nonexistent_date
from app.messages.cli import CLI_MSG
from app.students.validation import parse_date


def day_option(value: str, option: str) -> date:
    """A dd/mm/yyyy date given to ``option``; a Vietnamese error naming it otherwise: one that
    does not exist (31/02/2030) is said so, once, not called unreadable."""
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is not None:
        return day
    if missing := nonexistent_date(value):
        raise ValidationError(CLI_MSG.day_nonexistent.format(option=option, value=missing))
    raise ValidationError(CLI_MSG.bad_day.format(option=option, value=value))
