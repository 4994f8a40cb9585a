"""Cell cleaning: stray spaces, apostrophes, lost leading zeros, phones and dates."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from app.excel.cells import clean_text, personal_id, phone, to_date


def test_clean_text_strips_stray_and_invisible_spaces() -> None:
    """Non-breaking, doubled, leading/trailing and zero-width spaces disappear; NFD becomes NFC."""
    assert clean_text("  Nguyễn\u00a0 Thị\u200b  Ánh ") == "Nguyễn Thị Ánh"
    nfd = unicodedata.normalize("NFD", "Đặng Văn Hùng")
    assert clean_text(nfd) == "Đặng Văn Hùng"
    assert unicodedata.is_normalized("NFC", clean_text(nfd))


def test_clean_text_drops_leading_apostrophe_and_float_tail() -> None:
    """'0912345678 typed to force text loses its apostrophe; 6.0 from a number cell is "6"."""
    assert clean_text("'0912345678") == "0912345678"
    assert clean_text("’038213001234") == "038213001234"
    assert clean_text(6.0) == "6"
    assert clean_text(None) == ""


def test_personal_id_restores_zeros_lost_to_number_cells() -> None:
    """An 11- or 10-digit number cell whose padded form has a known province code is restored."""
    fixed = personal_id(38205001234.0)
    assert fixed.ok and fixed.value == "038205001234" and "038205001234" in fixed.note
    assert personal_id(1213001234).value == "001213001234"  # Hà Nội loses two zeros
    text = personal_id("38205001234")  # typed as text: its digits are as typed, never padded
    assert not text.ok and text.value == "38205001234" and "12 chữ số" in text.note


def test_personal_id_refuses_what_it_cannot_restore() -> None:
    """A padded form with an unknown province code, a short number or letters is rejected."""
    bad = personal_id(99205001234.0)  # "099" is no province code
    assert not bad.ok and "mã tỉnh" in bad.note
    short = personal_id(123456789)
    assert not short.ok and "12 chữ số" in short.note
    assert not personal_id("03821300123A").ok


def test_personal_id_keeps_good_text() -> None:
    """IDs typed as text, with an apostrophe or spaces, come through as 12 digits."""
    assert personal_id("'038213001234").value == "038213001234"
    assert personal_id(" 038 213 001 234 ").value == "038213001234"
    assert personal_id("").value == "" and personal_id(None).ok


def test_phone_numbers() -> None:
    """Phones lose +84 and separators and get back the 0 a number cell dropped."""
    assert phone(912345678.0).value == "0912345678"
    assert phone("+84 912 345 678").value == "0912345678"
    assert phone("0912.345.678").value == "0912345678"
    assert not phone("12345").ok


def test_dates_from_cells_serials_and_text() -> None:
    """Date cells, Excel serial numbers and dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd text all parse."""
    assert to_date(datetime(2013, 9, 5, 0, 0)) == date(2013, 9, 5)
    assert to_date(45658) == date(2025, 1, 1)
    assert to_date(45658.0) == date(2025, 1, 1)
    assert to_date("5/9/2013") == date(2013, 9, 5)
    assert to_date("05-09-2013") == date(2013, 9, 5)
    assert to_date("05.09.2013") == date(2013, 9, 5)
    assert to_date("2013-09-05") == date(2013, 9, 5)


def test_dates_that_are_not_dates() -> None:
    """Impossible dates, two-digit years and words give None rather than a guess."""
    assert to_date("31/02/2013") is None
    assert to_date("5/9/13") is None
    assert to_date(2014) is None and to_date("2014") is None  # a year alone is not a date
    assert to_date("không rõ") is None
    assert to_date(None) is None
