"""The school profile and school years: validation, normalisation, the one current year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import journal, school
from app.db import Database
from app.errors import Conflict, NotFound, ValidationError
from app.messages import MSG
from tests.conftest import TEST_PROFILE, Seeded

GOOD = school.SchoolProfile(
    code=" thcs0001 ",
    name="  Trường THCS Kim Đồng ",
    levels=("thpt", "thcs", "mam_non"),
    province="Thanh Hóa",
    commune=" Xã Quảng Phú ",
)


# ---------------------------------------------------------------- profile validation


def test_validate_profile_normalises_code_text_and_levels() -> None:
    """Code upper-cased, text trimmed, levels in canonical order with unknown ones dropped."""
    p = school.validate_profile(GOOD)
    assert p.code == "THCS0001"
    assert p.name == "Trường THCS Kim Đồng"
    assert p.levels == ("thcs", "thpt")
    assert p.commune == "Xã Quảng Phú"
    assert p.level_labels == "THCS, THPT"


@pytest.mark.parametrize("code", ["A", "ab-12", "79 000 701", "X" * 21, ""])
def test_bad_school_code_is_refused(code: str) -> None:
    """Codes must be 2–20 letters or digits."""
    with pytest.raises(ValidationError) as err:
        school.validate_profile(replace(GOOD, code=code))
    assert err.value.message == MSG.school_code_invalid


def test_empty_name_is_refused() -> None:
    """A school needs a name."""
    with pytest.raises(ValidationError) as err:
        school.validate_profile(replace(GOOD, name="   "))
    assert err.value.message == MSG.school_name_required


@pytest.mark.parametrize("levels", [(), ("mam_non",), ("THCS",)])
def test_at_least_one_known_level_is_required(levels: tuple[str, ...]) -> None:
    """Levels are tieu_hoc/thcs/thpt; none (or only unknown ones) is refused."""
    with pytest.raises(ValidationError) as err:
        school.validate_profile(replace(GOOD, levels=levels))
    assert err.value.message == MSG.school_levels_required


@pytest.mark.parametrize("province", ["Hà Tây", "Hà Giang", "Thanh Hoá Xưa"])
def test_province_must_be_one_of_the_34(province: str) -> None:
    """Provinces come from the post-2025 list of 34; old or misspelt names are named back."""
    with pytest.raises(ValidationError) as err:
        school.validate_profile(replace(GOOD, province=province))
    assert f"«{province}»" in err.value.message


@pytest.mark.parametrize(
    ("province", "closest"),
    [("Hà Giang", "Tuyên Quang"), ("Đắc Lắc", "Đắk Lắk"), ("Thừa Thiên Huế", "Thành phố Huế")],
)
def test_an_unknown_province_offers_the_closest(province: str, closest: str) -> None:
    """An old or misspelt province is refused with the province it became (or resembles) offered."""
    with pytest.raises(ValidationError) as err:
        school.validate_profile(replace(GOOD, province=province))
    assert f"Có phải {closest}" in err.value.message


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Thanh Hoa", "Thanh Hóa"),
        ("Tỉnh Thanh Hóa", "Thanh Hóa"),
        ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Tp.HCM", "Thành phố Hồ Chí Minh"),
        ("  tỉnh  Lâm Đồng ", "Lâm Đồng"),
        ("Ha Noi", "Thành phố Hà Nội"),
    ],
)
def test_province_as_written_is_stored_as_the_list_names_it(typed: str, stored: str) -> None:
    """Prefixes, abbreviations, case and missing accents are accepted; the list's name is kept."""
    assert school.validate_profile(replace(GOOD, province=typed)).province == stored


def test_empty_province_is_allowed() -> None:
    """The province may be filled in later."""
    assert school.validate_profile(replace(GOOD, province="")).province == ""


# ---------------------------------------------------------------- years as values


@pytest.mark.parametrize(
    ("name", "parsed"), [("2025-2026", (2025, 2026)), (" 2030-2031 ", (2030, 2031))]
)
def test_parse_year_accepts_consecutive_years(name: str, parsed: tuple[int, int]) -> None:
    """A school year is two consecutive years joined by a hyphen."""
    assert school.parse_year(name) == parsed


@pytest.mark.parametrize("name", ["2025-2027", "2025/2026", "25-26", "2026-2025", ""])
def test_parse_year_refuses_anything_else(name: str) -> None:
    """Other shapes are refused with the value quoted back."""
    with pytest.raises(ValidationError) as err:
        school.parse_year(name)
    assert err.value.message == MSG.school_year_invalid.format(value=name)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 9, 5), "2025-2026"),
        (date(2026, 5, 31), "2025-2026"),
        (date(2025, 8, 1), "2025-2026"),
        (date(2025, 7, 31), "2024-2025"),
        (date(2026, 1, 1), "2025-2026"),
    ],
)
def test_year_for_starts_school_years_in_august(day: date, year: str) -> None:
    """From August a date belongs to the year that starts then; before, to the previous one."""
    assert school.year_for(day) == year


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_year_for_always_gives_a_valid_year_containing_the_date(day: date) -> None:
    """Whatever the date, the year parses and starts this calendar year or the one before."""
    first, second = school.parse_year(school.year_for(day))
    assert first in (day.year - 1, day.year) and second == first + 1


# ---------------------------------------------------------------- profile in the database


def test_empty_database_has_no_profile(empty_db: Database) -> None:
    """Before the wizard there is no profile, and services needing one say to run init."""
    with empty_db.read() as s:
        assert school.get_profile(s) is None
        with pytest.raises(NotFound) as err:
            school.require_profile(s)
    assert err.value.message == MSG.school_missing


def test_the_profile_is_created_once(seeded: Seeded) -> None:
    """A second school in the same database is refused."""
    with pytest.raises(Conflict) as err, seeded.db.uow() as s:
        school.create_school(s, replace(TEST_PROFILE, code="KHAC01"))
    assert TEST_PROFILE.code in err.value.message


def test_update_profile_keeps_the_code_and_journals_only_what_changed(seeded: Seeded) -> None:
    """Editing the profile never changes the school code; the journal holds the diff."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        new = school.update_profile(
            s, admin, replace(TEST_PROFILE, code="DOI01", name="Trường THCS Lê Lợi")
        )
    assert (new.code, new.name) == (TEST_PROFILE.code, "Trường THCS Lê Lợi")
    with seeded.db.read() as s:
        last = journal.query(s, journal.JournalFilter(entity_type="school"), limit=1)[0]
    assert last.changes == {"name": [TEST_PROFILE.name, "Trường THCS Lê Lợi"]}


def test_invalid_profile_edit_writes_nothing(seeded: Seeded) -> None:
    """A refused edit leaves the stored profile as it was."""
    admin = seeded.actor("admin")
    with pytest.raises(ValidationError), seeded.db.uow(actor=admin) as s:
        school.update_profile(s, admin, replace(TEST_PROFILE, name="Mới", levels=()))
    with seeded.db.read() as s:
        assert school.require_profile(s).name == TEST_PROFILE.name


def test_entries_carry_the_school_code(seeded: Seeded) -> None:
    """After setup the database knows its school, and journal entries record it."""
    assert seeded.db.school_code == TEST_PROFILE.code
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        year = school.add_year(s, admin, "2026-2027")
    with seeded.db.read() as s:
        entry = journal.history(s, "school_year", str(year.id))[0]
    assert entry.changes["school_code"] == TEST_PROFILE.code


# ---------------------------------------------------------------- years in the database


def test_add_year_uses_the_default_term_dates(seeded: Seeded) -> None:
    """A new year runs from 5 September to 31 May and is not current by default."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        year = school.add_year(s, admin, "2026-2027")
    assert (year.start_date, year.end_date, year.is_current) == (
        date(2026, 9, 5),
        date(2027, 5, 31),
        False,
    )


def test_duplicate_or_malformed_year_is_refused(seeded: Seeded) -> None:
    """The same year twice, or a bad name, is refused and nothing is added."""
    admin = seeded.actor("admin")
    with pytest.raises(Conflict), seeded.db.uow(actor=admin) as s:
        school.add_year(s, admin, "2025-2026")
    with pytest.raises(ValidationError), seeded.db.uow(actor=admin) as s:
        school.add_year(s, admin, "2026-2028")
    with seeded.db.read() as s:
        assert [y.name for y in school.list_years(s)] == ["2025-2026"]


def test_exactly_one_year_is_current(seeded: Seeded) -> None:
    """Making a year current un-marks the previous one; lists are newest first."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        school.add_year(s, admin, "2024-2025")
        school.add_year(s, admin, "2026-2027", current=True)
    with seeded.db.read() as s:
        years = school.list_years(s)
        current = school.current_year(s)
    assert [y.name for y in years] == ["2026-2027", "2025-2026", "2024-2025"]
    assert [y.name for y in years if y.is_current] == ["2026-2027"]
    assert current is not None and current.name == "2026-2027"
    with seeded.db.uow(actor=admin) as s:
        school.set_current_year(s, admin, "2024-2025")
    with seeded.db.read() as s:
        assert [y.name for y in school.list_years(s) if y.is_current] == ["2024-2025"]


def test_setting_an_unknown_year_current_is_refused(seeded: Seeded) -> None:
    """Only an existing year can become current; the current one stays."""
    admin = seeded.actor("admin")
    with pytest.raises(NotFound), seeded.db.uow(actor=admin) as s:
        school.set_current_year(s, admin, "2030-2031")
    with seeded.db.read() as s:
        current = school.current_year(s)
    assert current is not None and current.name == "2025-2026"


def test_no_current_year_before_setup(empty_db: Database) -> None:
    """An empty database has no current year."""
    with empty_db.read() as s:
        assert school.current_year(s) is None
        assert school.list_years(s) == []
