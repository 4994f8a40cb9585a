"""Vietnamese text rules: cleaning, accent folding, name splitting and name sort keys.

Pure functions (STYLE rule 4): they take strings and return strings, touch no
database and are tested exhaustively with hypothesis.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# A word of letters, joined by ' ’ - . inside ("H'Hen", "Ê-đê"); a final apostrophe or
# dot is part of the word too ("K' Prông", "Kră Jăn K’ Tơ", "Th. Hà"): K'Ho and Mạ names.
_NAME_WORD = r"[^\W\d_]+(?:['’\-.][^\W\d_]+)*['’.]?"
_NAME_WORDS = re.compile(f"{_NAME_WORD}(?: {_NAME_WORD})*")

# Vietnamese alphabet order, with the Latin letters it lacks (f, j, w, z) slotted in.
VIETNAMESE_ALPHABET = (
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
)
# One sortable symbol per letter; "0" ends a word and sorts before every letter.
_SYMBOLS = "123456789abcdefghijklmnopqrstuvwxyz"
_LETTER_CODE = {ch: _SYMBOLS[i] for i, ch in enumerate(VIETNAMESE_ALPHABET)}
_DIGIT_CODE = "0"  # digits in a name are rare; they sort first
# Tone marks in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0301": "5", "\u0323": "6"}
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_END = "0"


def clean_text(value: object) -> str:
    """NFC-normalise, drop invisible characters, trim and collapse whitespace; None → ""."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # The common case, already clean: every whitespace but " " and every invisible
    # character is unprintable, so no double, edge or odd space and nothing to drop.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


def _fold_slow(value: str) -> str:
    text = unicodedata.normalize("NFD", value.lower()).replace("đ", "d")
    out: list[str] = []
    for ch in text:
        if unicodedata.category(ch) == "Mn" or ch in "'’":
            continue
        out.append(ch if ch.isalnum() else " ")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", "".join(out))).strip()


def _fold_table() -> dict[int, str]:
    """Precomposed Latin letters (Vietnamese included) → their folded ASCII form."""
    table: dict[int, str] = {ord("'"): "", ord("’"): ""}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        folded = _fold_slow(chr(code))
        if len(folded) == 1 and folded.isascii():
            table[code] = folded
    return table


_FOLD = _fold_table()
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(value: str) -> str:
    """Accent-insensitive form: lower case, no diacritics, "đ" → "d", only letters/digits/spaces.

    "Đặng Thị Ánh" → "dang thi anh". Apostrophes vanish ("H'Mông" → "hmong").
    """
    text = unicodedata.normalize("NFC", value).lower().translate(_FOLD)
    if not text.isascii():
        return _fold_slow(text)
    return _NOT_ALNUM.sub(" ", text).strip()


def exact_form(value: str) -> str:
    """Lower-case NFC text with accents kept: the haystack of the exact-match search."""
    return clean_text(value).lower()


def split_full_name(full_name: str) -> tuple[str, str]:
    """Split "Nguyễn Thị Ánh" into ("Nguyễn Thị", "Ánh"): the given name is the last word."""
    words = clean_text(full_name).split(" ")
    if len(words) == 1:
        return "", words[0]
    return " ".join(words[:-1]), words[-1]


def join_name(family_middle: str, given: str) -> str:
    """The full name from its two stored parts."""
    return clean_text(f"{family_middle} {given}")


def tidy_name_case(name: str) -> str:
    """Title-case a name typed all in upper or all in lower case; keep mixed case as typed."""
    if name and (name == name.upper() or name == name.lower()):
        return " ".join(w[:1].upper() + w[1:].lower() for w in name.split(" "))
    return name


def name_is_plausible(name: str) -> bool:
    """True when every word is letters only (apostrophe, hyphen or dot between letters allowed)."""
    cleaned = clean_text(name)  # words separated by single spaces
    return not cleaned or _NAME_WORDS.fullmatch(cleaned) is not None


@lru_cache(maxsize=16_384)
def _word_key(word: str) -> str:
    """Letters first, then the tone: so "anh" < "ánh" < "ảnh" < "anhx"."""
    letters: list[str] = []
    tone = "1"
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch in _MODIFIERS and letters:
            base = letters.pop()
            letters.append(unicodedata.normalize("NFC", base + ch))
        elif ch.isalpha() or ch.isdigit():
            letters.append(ch)
    codes = "".join(
        _LETTER_CODE.get(c, _DIGIT_CODE if c.isdigit() else _SYMBOLS[-1]) for c in letters
    )
    return codes + _END + tone


def name_sort_key(family_middle: str, given: str) -> str:
    """Sort key for Vietnamese name order: the given name, then family and middle names.

    Each word compares letter by letter in the Vietnamese alphabet (a < ă < â …
    d < đ …), and only then by tone (ngang < huyền < hỏi < ngã < sắc < nặng).
    The key is plain ASCII digits and lower-case letters, so ``ORDER BY``
    gives the same order on SQLite and PostgreSQL whatever the collation.
    """
    words = [w for w in clean_text(given).split(" ") if w]
    words += [w for w in clean_text(family_middle).split(" ") if w]
    return "".join(_word_key(w) + _END for w in words)[:200]
