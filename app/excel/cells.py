"""Turning raw spreadsheet cells into clean values: text, IDs, phone numbers, dates.

Pure functions. They return a value plus, where something was repaired or is
wrong, a Vietnamese note; the caller decides whether a note is an error or a
warning and adds the sheet, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.messages.excel import EXCEL_MSG
from app.reference import birth_provinces

CellValue = str | int | float | bool | date | datetime | timedelta | None

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"), None)
_SPACES_RE = re.compile(r"[\s\u00a0\u2007\u202f]+")
# Something to clean: an odd space, two spaces, a space at either end, or an invisible character.
_ODD = re.compile(r"[^\S ]|[\u00a0\u2007\u202f\u200b\u200c\u200d\u2060\ufeff\xad]|  |^ | $")
_ASCII_ODD = re.compile(r"[^\S ]|  |^ | $")
_APOSTROPHES = "'‘’`"
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
# Serial numbers read as dates: 10000 (18/05/1927) .. 31/12/9999. Smaller numbers in a date
# column are nearly always a year typed alone ("2014"), which must not become 1905.
_SERIAL_RANGE = (10_000, 2_958_465)


@dataclass(frozen=True)
class Cleaned:
    """A cleaned value with an optional note (a repair made, or why it is unusable)."""

    value: str
    note: str = ""
    ok: bool = True


def clean_text(value: CellValue) -> str:
    """Text of a cell: NFC, stray and invisible spaces removed, leading apostrophe dropped."""
    if value.__class__ is not str:
        return _non_text(value)
    text: str = value  # type: ignore[assignment]
    if not text:
        return ""
    # Most cells are already clean; odd spaces and invisible characters are all unprintable.
    spaced = "  " in text or text[0] == " " or text[-1] == " "
    if (
        not spaced
        and text.isprintable()
        and (text.isascii() or unicodedata.is_normalized("NFC", text))
    ):
        return text.lstrip(_APOSTROPHES).strip() if text[0] in _APOSTROPHES else text
    if text.isascii():
        if _ASCII_ODD.search(text):
            text = " ".join(text.split())
    else:
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if _ODD.search(text):
            text = _SPACES_RE.sub(" ", text.translate(_INVISIBLE)).strip()
    if text and text[0] in _APOSTROPHES:
        return text.lstrip(_APOSTROPHES).strip()
    return text


def _non_text(value: CellValue) -> str:
    """Text of a number, date or boolean cell."""
    if value is None:
        return ""
    if value.__class__ is int:
        return str(value)
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return clean_text(str(value))


def _digits_of(value: CellValue) -> str | None:
    """The digits of an ID-like cell, or None when it is not made of digits and separators."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and value >= 0 else None
    text = clean_text(value)
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    compact = re.sub(r"[\s.\-]", "", text)
    return compact if compact.isdigit() else None


def personal_id(value: CellValue) -> Cleaned:
    """A 12-digit personal ID as text, restoring leading zeros lost to number formatting.

    A number of 10 or 11 digits is what a 12-digit ID becomes when Excel stores
    it as a number (every province code starts with 0). It is restored only for a
    number cell and only when the padded form starts with a known province code;
    otherwise it is rejected. A text cell is never padded: its digits are as typed
    (a 10-digit text is more likely the Ministry's student code than an ID).
    """
    text = clean_text(value)
    if not text:
        return Cleaned("")
    digits = _digits_of(value)
    if digits is None:
        return Cleaned(text, EXCEL_MSG.id_not_digits, ok=False)
    if len(digits) == 12:
        return Cleaned(digits)
    if len(digits) in (10, 11) and isinstance(value, int | float) and not isinstance(value, bool):
        padded = digits.zfill(12)
        if padded[:3] in birth_provinces():
            return Cleaned(padded, EXCEL_MSG.id_zero_restored.format(value=digits, fixed=padded))
        return Cleaned(digits, EXCEL_MSG.id_zero_unrecoverable.format(value=digits), ok=False)
    return Cleaned(digits, EXCEL_MSG.id_wrong_length.format(n=len(digits)), ok=False)


def code_text(value: CellValue) -> str:
    """A code (student code, class name) as text: numbers without ".0", spaces squeezed."""
    return clean_text(value)


def phone(value: CellValue) -> Cleaned:
    """A Vietnamese phone number as text (0xxxxxxxxx); restores the 0 a number cell dropped."""
    text = clean_text(value)
    if not text:
        return Cleaned("")
    compact = re.sub(r"[\s.\-()]", "", text)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    elif compact.startswith("84") and len(compact) in (11, 12):
        compact = "0" + compact[2:]
    if not compact.isdigit():
        return Cleaned(text, EXCEL_MSG.phone_invalid.format(value=text), ok=False)
    if not compact.startswith("0") and len(compact) in (9, 10):
        compact = "0" + compact
    if len(compact) in (10, 11) and compact.startswith("0"):
        return Cleaned(compact)
    return Cleaned(text, EXCEL_MSG.phone_invalid.format(value=text), ok=False)


def to_date(value: CellValue) -> date | None:
    """A date from a date cell, an Excel serial number or text (dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd).

    Returns None when the cell is not a date; never guesses a two-digit year and
    never reads a bare year ("2014") as a serial number.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return serial_to_date(value)
    text = clean_text(value)
    if text.replace(".", "", 1).isdigit():
        return serial_to_date(float(text)) if len(text.split(".")[0]) == 5 else None
    return parse_date_text(text)


def serial_to_date(serial: float) -> date | None:
    """The date of an Excel serial number (1900 date system), or None if out of range."""
    if not _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date_text(text: str) -> date | None:
    """A date written as dd/mm/yyyy (also with - or .), d/m/yyyy or yyyy-mm-dd."""
    text = text.strip()
    try:
        if m := _DATE_RE.match(text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _ISO_RE.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def nonexistent_date(value: CellValue) -> str:
    """dd/mm/yyyy of text written as a date that is not in the calendar (31/02/2013), else ""."""
    if not isinstance(value, str):
        return ""
    text = clean_text(value)
    if m := _DATE_RE.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO_RE.match(text):
        year, month, day = (int(m.group(i)) for i in (1, 2, 3))
    else:
        return ""
    return "" if parse_date_text(text) else f"{day:02d}/{month:02d}/{year:04d}"


def is_blank(value: CellValue) -> bool:
    """True for a cell with nothing in it but spaces."""
    return value is None or value == "" or (isinstance(value, str) and not value.strip())
