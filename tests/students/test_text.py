"""Vietnamese text rules: cleaning, folding, name splitting and name order."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as hs

from app.students import text
from app.students.demo_data import FAMILY_WEIGHTS, GIVEN, MIDDLE

VIET_WORDS = [f for f, _ in FAMILY_WEIGHTS] + [
    w for ws in (*MIDDLE.values(), *GIVEN.values()) for w in ws
]
words = hs.sampled_from(VIET_WORDS)


def test_fold_examples() -> None:
    """Folding removes accents, maps đ to d and lower-cases, as search needs."""
    assert text.fold("Đặng Thị Ánh") == "dang thi anh"
    assert text.fold("  NGUYỄN   Văn  Đức ") == "nguyen van duc"
    assert text.fold("H'Mông") == "hmong"
    assert text.fold("Khơ-me") == "kho me"


def test_fold_handles_decomposed_input() -> None:
    """Text typed with combining marks (NFD) folds like precomposed text."""
    nfd = unicodedata.normalize("NFD", "Phạm Thị Hương")
    assert text.fold(nfd) == text.fold("Phạm Thị Hương") == "pham thi huong"


@given(hs.lists(words, min_size=1, max_size=4).map(" ".join))
def test_fold_is_ascii_and_idempotent(name: str) -> None:
    """Folded Vietnamese names are plain ASCII and folding twice changes nothing."""
    folded = text.fold(name)
    assert folded.isascii()
    assert text.fold(folded) == folded


def test_clean_text_normalises_whitespace_and_nfc() -> None:
    """Input text is NFC, trimmed, with runs of spaces (also NBSP, zero-width) collapsed."""
    raw = "\u00a0 Nguye\u0302\u0303n\u200b \t Văn  An \n"
    assert text.clean_text(raw) == "Nguyễn Văn An"
    assert text.clean_text(None) == ""


def test_split_full_name() -> None:
    """The given name is the last word; the rest is family and middle name."""
    assert text.split_full_name("Nguyễn Thị Ngọc Ánh") == ("Nguyễn Thị Ngọc", "Ánh")
    assert text.split_full_name("Ánh") == ("", "Ánh")


def test_tidy_name_case() -> None:
    """All-caps or all-lower names become title case; mixed case is kept."""
    assert text.tidy_name_case("NGUYỄN VĂN AN") == "Nguyễn Văn An"
    assert text.tidy_name_case("đặng thị ánh") == "Đặng Thị Ánh"
    assert text.tidy_name_case("Nguyễn văn An") == "Nguyễn văn An"


def test_name_plausibility() -> None:
    """Digits and symbols in a name are caught; apostrophes and hyphens between letters are fine."""
    assert text.name_is_plausible("Ksor H'Wen")
    assert text.name_is_plausible("Khơ-me Thị Lan")
    assert not text.name_is_plausible("Nguyễn Văn An2")
    assert not text.name_is_plausible("Lê Thị @Hoa")


def key(full: str) -> str:
    return text.name_sort_key(*text.split_full_name(full))


def test_sort_key_orders_anh_before_anh_acute_before_bao() -> None:
    """Vietnamese order: "Anh" < "Ánh" < "Bảo", whatever the family name."""
    names = ["Trần Văn Bảo", "Lê Thị Ánh", "Nguyễn Văn Anh"]
    assert sorted(names, key=key) == ["Nguyễn Văn Anh", "Lê Thị Ánh", "Trần Văn Bảo"]


def test_sort_key_alphabet_and_tones() -> None:
    """Letters follow a < ă < â, d < đ, o < ô < ơ, u < ư; tones order ngang < huyền < hỏi < ngã < sắc < nặng."""
    ordered = [
        "Ca",
        "Cà",
        "Cả",
        "Cã",
        "Cá",
        "Cạ",
        "Căn",
        "Cân",
        "Cd",
        "Cđ",
        "Co",
        "Cô",
        "Cơ",
        "Cu",
        "Cư",
    ]
    assert sorted(reversed(ordered), key=lambda w: text.name_sort_key("", w)) == ordered


def test_sort_key_given_name_first_then_family() -> None:
    """Same given name: family and middle names decide; a shorter given name comes first."""
    names = ["Trần An", "Lê Thị An", "Nguyễn Anh", "Lê Văn An"]
    assert sorted(names, key=key) == ["Lê Thị An", "Lê Văn An", "Trần An", "Nguyễn Anh"]


@given(hs.lists(words, min_size=2, max_size=4).map(" ".join))
def test_sort_key_is_plain_ascii_and_case_insensitive(name: str) -> None:
    """Keys are ASCII digits and lower-case letters (collation-proof) and ignore case."""
    k = key(name)
    assert k.isascii() and k == k.lower() and k.isalnum()
    assert key(name.upper()) == k


@given(hs.lists(hs.lists(words, min_size=2, max_size=3).map(" ".join), min_size=2, max_size=6))
def test_sort_key_sorts_by_given_name_first(names: list[str]) -> None:
    """Sorting by the full key keeps the given names in their own Vietnamese order."""
    ordered = sorted(names, key=key)
    givens = [text.name_sort_key("", text.split_full_name(n)[1]) for n in ordered]
    assert givens == sorted(givens)


@given(hs.text(alphabet=hs.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_fast_fold_equals_reference_fold(value: str) -> None:
    """The table-driven fold gives exactly what the character-by-character reference gives."""
    assert text.fold(value) == text._fold_slow(value)
