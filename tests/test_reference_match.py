"""Typed names matched to the reference lists: ethnic groups by any name, provinces as written."""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from app import reference
from app.paths import resource
from app.reference_match import (
    NameMatch,
    build_index,
    exact_key,
    fold_key,
    join_choices,
    lookup,
    match_ethnic_group,
    match_province,
    province_key,
)

GROUPS = reference.ethnic_groups()
OTHER = reference.ethnic_other_names()
PROVINCES = [p.name for p in reference.provinces_2025()]
SOURCES = {"qd121-official+hl7vn", "qd121-official", "qd121-hl7vn", "domain-7", "derived"}


def _strip_accents(value: str) -> str:
    nfd = unicodedata.normalize("NFD", value)
    return "".join(c for c in nfd if unicodedata.category(c) != "Mn").replace("đ", "d")


def _shared_names() -> dict[str, set[str]]:
    """Exact spelling key → the groups whose own or other names have it."""
    own = {exact_key(g.name): g.code for g in GROUPS}
    own |= {exact_key(a.name): a.code for a in reference.ethnic_alt_names()}
    by_key: dict[str, set[str]] = defaultdict(set)
    for o in OTHER:
        key = exact_key(o.name)
        by_key[key].add(own.get(key, o.code))
    return by_key


# ---------------------------------------------------------------- keys


@given(hs.text(max_size=30))
def test_fold_key_is_ascii_alnum_and_idempotent(value: str) -> None:
    """The folded key keeps only ASCII letters and digits, and folding it again changes nothing."""
    key = fold_key(value)
    assert fold_key(key) == key
    assert all(c.isalnum() for c in key)


@pytest.mark.parametrize("value", ["K'Ho", "K’Ho", "Kho", "K HO", "k-ho", "K.Ho"])
def test_apostrophes_spaces_hyphens_and_dots_do_not_count(value: str) -> None:
    """K'Ho, K’Ho, Kho, "K HO" and "k-ho" are one name."""
    assert fold_key(value) == exact_key(value) == "kho"


def test_decomposed_and_eth_letters_fold_like_precomposed_d() -> None:
    """Combining marks (NFD) and "Ð" (U+00D0) from converted files fold like "Đ"."""
    assert fold_key(unicodedata.normalize("NFD", "Đản")) == fold_key("\u00d0ản") == "dan"
    assert exact_key(unicodedata.normalize("NFD", "Cơ-ho")) == "cơho"


def test_join_choices_reads_as_vietnamese() -> None:
    """Choices are listed as "A", "A hoặc B", "A, B hoặc C"."""
    assert join_choices(["A"]) == "A"
    assert join_choices(["A", "B"]) == "A hoặc B"
    assert join_choices(["A", "B", "C"]) == "A, B hoặc C"


# ---------------------------------------------------------------- the generic index

names = hs.text(alphabet="aăâeêoôơuưiyđ-' ", min_size=1, max_size=6)
pairs = hs.lists(hs.tuples(hs.sampled_from("ABCD"), names), max_size=8)


@given(pairs, pairs)
def test_an_own_name_typed_as_listed_always_finds_its_entry(
    own: list[tuple[str, str]], other: list[tuple[str, str]]
) -> None:
    """Whatever the other names, an entry's own name typed as listed finds that entry."""
    index = build_index(own, other)
    for entry, name in own:
        if fold_key(name):
            assert entry in lookup(index, name)


@given(pairs)
def test_a_name_shared_by_entries_is_never_resolved_to_one(other: list[tuple[str, str]]) -> None:
    """An other name listed for two entries, typed as listed, returns both."""
    index = build_index([], other)
    for _, name in other:
        sharing = {e for e, n in other if exact_key(n) == exact_key(name)}
        if fold_key(name):
            assert sharing <= lookup(index, name)


# ---------------------------------------------------------------- ethnic groups


@pytest.mark.parametrize(
    "typed",
    ["K'Ho", "K’Ho", "Kho", "KHO", "Cơ Ho", "Cơ-ho", "co ho", "Nốp", "nop", "Tu lốp", "Xrê"],
)
def test_names_of_the_co_ho_are_the_co_ho(typed: str) -> None:
    """The Cơ Ho's name, its K'Ho spelling and its local groups give code 16."""
    assert match_ethnic_group(typed).found == "16"


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("Chil", ("16", "20")),
        ("Cil", ("16", "20")),
        ("Mán", ("09", "18")),
        ("Xá Khao", ("33", "39")),
        ("xa la vang", ("24", "44", "45")),
        ("Lao", ("37", "41")),
        ("Miên", ("05", "09")),
    ],
)
def test_a_name_of_two_groups_is_ambiguous(typed: str, codes: tuple[str, ...]) -> None:
    """Chil (Cơ-ho, Mnông), Mán, Xá Khao, Xá Lá Vàng, unaccented Lao, Miên: never mapped to one."""
    m = match_ethnic_group(typed)
    assert m.found is None and m.ambiguous == codes


@pytest.mark.parametrize(("typed", "code"), [("Lào", "37"), ("Thổ", "24"), ("tho", "24")])
def test_a_groups_own_name_wins_over_the_same_spelling_elsewhere(typed: str, code: str) -> None:
    """ "Lào" (accented) is Lào, not La Hủ's "Lao"; "Thổ" is group 24 though listed for Tày too."""
    assert match_ethnic_group(typed).found == code


@given(
    hs.sampled_from(GROUPS),
    hs.sampled_from([" ", "-", "", "'"]),
    hs.sampled_from([str.lower, str.upper, str.title, str]),
)
def test_every_group_name_matches_with_any_case_and_separator(
    group: reference.CodeName, sep: str, case: object
) -> None:
    """Each of the 54 names, in any case and with spaces/hyphens swapped, finds its group."""
    typed = case(group.name.replace("-", " ").replace(" ", sep))  # type: ignore[operator]
    assert match_ethnic_group(typed).found == group.code


def test_every_other_name_finds_its_group_or_says_whom_it_is_shared_with() -> None:
    """Each listed name, with or without accents, finds its group or offers all groups sharing it."""
    shared = _shared_names()
    for other in OTHER:
        for typed in (other.name, _strip_accents(other.name)):
            m = match_ethnic_group(typed)
            owners = shared[exact_key(other.name)]
            if m.found is not None:
                assert owners == {m.found}, (typed, m)
            else:
                assert owners <= set(m.ambiguous), (typed, m)


def test_codes_and_unknown_names() -> None:
    """Codes "01"/"6" still work; an unknown name offers the closest groups, or none."""
    assert match_ethnic_group("01").found == "01"
    assert match_ethnic_group("6").found == "06"
    assert match_ethnic_group("Kinhh").closest[0] == "01"
    assert match_ethnic_group("Elf") == NameMatch()


def test_the_other_names_file_keeps_its_provenance() -> None:
    """Every row names a known group, a documented source, and 'yes' only for the official page."""
    path = resource("reference", "ethnic-group-names.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(
        set(r) == {"code", "other_name", "source", "verified", "note"} for r in rows
    )
    codes = {g.code for g in GROUPS}
    for r in rows:
        assert r["code"] in codes and r["source"] in SOURCES, r
        assert r["other_name"] == unicodedata.normalize("NFC", r["other_name"]).strip() != ""
        assert (r["verified"] == "yes") == r["source"].startswith("qd121-official"), r
        if r["source"] == "derived":
            assert r["note"], r
    assert len({(r["code"], r["other_name"]) for r in rows}) == len(rows)


# ---------------------------------------------------------------- provinces

PREFIXES = ["", "Tỉnh ", "tỉnh ", "Thành phố ", "TP ", "TP. ", "Tp.", "T.P "]


def test_province_keys_are_unique() -> None:
    """No two of the 34 provinces share a key, so matching never has to choose."""
    assert len({province_key(p) for p in PROVINCES}) == len(PROVINCES)


@given(
    hs.sampled_from(PROVINCES),
    hs.sampled_from(PREFIXES),
    hs.booleans(),
    hs.sampled_from([str.lower, str.upper, str]),
)
def test_every_province_matches_as_people_write_it(
    name: str, prefix: str, drop_accents: bool, case: object
) -> None:
    """Any of the 34, with or without Tỉnh/Thành phố/TP/Tp., accents or capitals, is itself."""
    bare = name.removeprefix("Thành phố ")
    typed = case(prefix + (_strip_accents(bare) if drop_accents else bare))  # type: ignore[operator]
    assert match_province(typed).found == name


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("TP HCM", "Thành phố Hồ Chí Minh"),
        ("Tp.Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("TPHCM", "Thành phố Hồ Chí Minh"),
        ("tp.hcm", "Thành phố Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("tỉnh Lâm Đồng", "Lâm Đồng"),
        ("Lâm Đồng", "Lâm Đồng"),
        ("TP Hà Nội", "Thành phố Hà Nội"),
        ("Ha Noi", "Thành phố Hà Nội"),
        ("HN", "Thành phố Hà Nội"),
    ],
)
def test_the_forms_seen_in_school_files(typed: str, name: str) -> None:
    """The spellings of issue 18 §6 give the list's name."""
    assert match_province(typed).found == name


def test_an_old_province_offers_the_one_it_merged_into_first() -> None:
    """ "Hà Giang" is not silently Tuyên Quang, but Tuyên Quang is offered first."""
    m = match_province("Hà Giang")
    assert m.found is None and m.closest[0] == "Tuyên Quang"
    assert match_province("Đắc Lắc").closest == ("Đắk Lắk",)
    assert match_province("Thừa Thiên Huế").closest[0] == "Thành phố Huế"


@pytest.mark.parametrize("typed", ["Hà Tây", "Sài Gòn", "TP", "xyz"])
def test_unknown_provinces_are_not_matched(typed: str) -> None:
    """Names outside the 34 (or no name at all after the prefix) match nothing."""
    assert match_province(typed).found is None
