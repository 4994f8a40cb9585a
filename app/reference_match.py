"""Typed names matched to the reference lists: ethnic groups by any of their names, provinces.

Pure functions over the bundled lists (STYLE rule 4). Case, accents, spaces,
hyphens, apostrophes and dots never matter ("K'Ho" = "K’Ho" = "kho", "Cơ-ho" =
"CO HO"), except that a name typed with accents first looks for that exact
spelling: "Lào" is the group Lào, while "Lao" (the annex's other name of La Hủ,
or Lào without accents) is ambiguous. A name carried by two entries is never
resolved silently; the caller refuses it and offers both.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from app import reference
from app.messages import MSG

_CLOSEST = 3
_SIMILARITY = 0.6
_D = str.maketrans({"đ": "d", "ð": "d"})  # "Ð" (U+00D0) stands in for "Đ" in converted files


@dataclass(frozen=True)
class NameMatch:
    """Outcome of matching one typed name.

    ``found`` is the entry (an ethnic group's code, a province's name); else
    ``ambiguous`` lists the entries sharing the name, or ``closest`` the
    nearest entries when none has it.
    """

    found: str | None = None
    ambiguous: tuple[str, ...] = ()
    closest: tuple[str, ...] = ()


def exact_key(value: str) -> str:
    """Letters and digits only, lower case, accents kept: "Cơ-ho" → "cơho"."""
    return "".join(ch for ch in unicodedata.normalize("NFC", value).lower() if ch.isalnum())


def fold_key(value: str) -> str:
    """Letters and digits only, lower case, accents dropped: "K’Ho" → "kho", "Đản" → "dan"."""
    return "".join(_fold_words(value))


def _fold_words(value: str) -> list[str]:
    text = unicodedata.normalize("NFD", value.lower().translate(_D))
    kept = "".join(ch if ch.isalnum() else " " for ch in text if unicodedata.category(ch) != "Mn")
    return kept.split()


@dataclass(frozen=True)
class NameIndex:
    """Entries by the exact and by the folded key of each of their names."""

    exact: dict[str, frozenset[str]]
    folded: dict[str, frozenset[str]]


def build_index(own: Iterable[tuple[str, str]], other: Iterable[tuple[str, str]]) -> NameIndex:
    """Index ``(entry, name)`` pairs: an entry's own names, then other names.

    An other name spelled exactly like some entry's own name is left out, so
    "Thổ" (listed for Tày and Khơ-me too) stays the group Thổ.
    """
    own, other = list(own), list(other)
    own_spellings = {exact_key(name) for _, name in own}
    pairs = own + [(e, n) for e, n in other if exact_key(n) not in own_spellings]
    exact: dict[str, set[str]] = {}
    folded: dict[str, set[str]] = {}
    for entry, name in pairs:
        if fold_key(name):
            exact.setdefault(exact_key(name), set()).add(entry)
            folded.setdefault(fold_key(name), set()).add(entry)
    return NameIndex(
        {k: frozenset(v) for k, v in exact.items()}, {k: frozenset(v) for k, v in folded.items()}
    )


def lookup(index: NameIndex, value: str) -> frozenset[str]:
    """Entries carrying the typed name: by its exact spelling when typed with accents, else folded."""
    folded = fold_key(value)
    exact = exact_key(value)
    if exact != folded and (hit := index.exact.get(exact)):
        return hit
    return index.folded.get(folded, frozenset())


def closest_keys(key: str, keys: Iterable[str]) -> list[str]:
    """The folded keys most like ``key``, best first (difflib ratio at least 0.6)."""
    return difflib.get_close_matches(key, list(keys), n=_CLOSEST * 2, cutoff=_SIMILARITY)


def join_choices(names: Sequence[str]) -> str:
    """ "A", "A hoặc B", "A, B hoặc C"."""
    if len(names) < 2:
        return "".join(names)
    return MSG.either.format(first=", ".join(names[:-1]), last=names[-1])


def _first(entries: Iterable[str], limit: int = _CLOSEST) -> tuple[str, ...]:
    return tuple(dict.fromkeys(entries))[:limit]


# ---------------------------------------------------------------- ethnic groups


@cache
def _ethnic_index() -> NameIndex:
    own = [(g.code, g.name) for g in reference.ethnic_groups()]
    own += [(a.code, a.name) for a in reference.ethnic_alt_names()]
    other = [(o.code, o.name) for o in reference.ethnic_other_names()]
    return build_index(own, other)


@lru_cache(maxsize=4096)  # few distinct values in a list: pure, so remembered
def match_ethnic_group(value: str) -> NameMatch:
    """The 1979 code of a group typed by code ("01", "6"), name, other name or local group."""
    raw = value.strip()
    codes = [g.code for g in reference.ethnic_groups()]
    if raw.isdigit() and raw.zfill(2) in codes:
        return NameMatch(found=raw.zfill(2))
    index = _ethnic_index()
    hits = lookup(index, raw)
    if len(hits) == 1:
        return NameMatch(found=next(iter(hits)))
    if hits:
        return NameMatch(ambiguous=tuple(c for c in codes if c in hits))
    near = closest_keys(fold_key(raw), index.folded)
    return NameMatch(closest=_first(c for k in near for c in sorted(index.folded[k])))


# ---------------------------------------------------------------- provinces

_PREFIXES = (("thanh", "pho"), ("tinh",), ("tp",), ("t", "p"))
_ABBREVIATIONS = {"hcm": "hochiminh", "tphcm": "hochiminh", "hn": "hanoi", "tphn": "hanoi"}


def province_key(value: str) -> str:
    """Folded key without "Tỉnh", "Thành phố", "TP", "Tp." and with HCM/HN spelled out.

    "TP. Hồ Chí Minh", "Tp.HCM", "Thành phố Hồ Chí Minh" → "hochiminh";
    "tỉnh Lâm Đồng" → "lamdong".
    """
    words = _fold_words(value)
    for prefix in _PREFIXES:
        if len(words) > len(prefix) and tuple(words[: len(prefix)]) == prefix:
            words = words[len(prefix) :]
            break
    key = "".join(words)
    return _ABBREVIATIONS.get(key, key)


@cache
def _province_index() -> dict[str, str]:
    return {province_key(p.name): p.name for p in reference.provinces_2025()}


@cache
def _predecessor_index() -> dict[str, str]:
    return {province_key(old): new for old, new in reference.province_predecessors().items()}


@lru_cache(maxsize=1024)
def match_province(value: str) -> NameMatch:
    """One of the 34 provinces as people write it; else the nearest ones.

    A pre-2025 province ("Hà Giang") is not taken for the one it merged into,
    but that one is offered first.
    """
    key = province_key(value)
    index = _province_index()
    if key in index:
        return NameMatch(found=index[key])
    if not key:
        return NameMatch()
    merged = [_predecessor_index()[key]] if key in _predecessor_index() else []
    inside = [name for k, name in index.items() if len(k) >= 3 and k in key]
    near = [index[k] for k in closest_keys(key, index)]
    return NameMatch(closest=_first(merged + inside + near))
