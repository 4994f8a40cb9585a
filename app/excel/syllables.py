"""Well-formed Vietnamese syllables: the check that tells legacy-encoded text from Unicode.

A pure rule (STYLE rule 4): initial consonant, rime (nucleus and final) and where
the tone mark sits. "Nguyễn", "hoài", "thuở" pass; "NguyÔn", "aùnh", "xaõ" do not.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = frozenset(
    {
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        "â",
        "ê",
        "ô",
        "ă",
        "ơ",
        "ư",
        "ai",
        "ao",
        "au",
        "ay",
        "eo",
        "ia",
        "iu",
        "iê",
        "oa",
        "oe",
        "oi",
        "oo",
        "oă",
        "ua",
        "ui",
        "uy",
        "uâ",
        "uê",
        "uô",
        "uơ",
        "yê",
        "âu",
        "ây",
        "êu",
        "ôi",
        "ơi",
        "ưa",
        "ưi",
        "ưu",
        "ươ",
        "iêu",
        "oai",
        "oao",
        "oay",
        "oeo",
        "uya",
        "uyu",
        "uyê",
        "uây",
        "uôi",
        "yêu",
        "ươi",
        "ươu",
    }
)
# Rimes ending in a glide take no final consonant ("aunh" is no rime); the diphthongs
# iê/yê/uô/ươ/uyê need one ("tiê" is no syllable; "tiên", "tiêu" are).
_OPEN_NUCLEI = frozenset(
    {
        "ai",
        "ao",
        "au",
        "ay",
        "eo",
        "ia",
        "iu",
        "oi",
        "ui",
        "âu",
        "ây",
        "êu",
        "ôi",
        "ơi",
        "ưa",
        "ưi",
        "ưu",
        "iêu",
        "oai",
        "oao",
        "oay",
        "oeo",
        "uya",
        "uyu",
        "uây",
        "uôi",
        "yêu",
        "ươi",
        "ươu",
    }
)
_CLOSED_NUCLEI = frozenset({"iê", "yê", "uô", "ươ", "uyê"})
_SYLLABLE_RE = re.compile(rf"^({_INITIALS})?([^bcdđghklmnpqrstvx]+)(ch|ng|nh|c|m|n|p|t)?$")


def _tone_at(word: str) -> tuple[str, int | None]:
    """The word (NFC, lower case) without its tone, and the index of the letter carrying it."""
    letters, at, tones = [], None, 0
    for i, ch in enumerate(unicodedata.normalize("NFC", word.lower())):
        parts = unicodedata.normalize("NFD", ch)
        if any(p in _TONES for p in parts):
            tones += 1
            at = i
        letters.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES)))
    return "".join(letters), (at if tones <= 1 else -1)


def _tone_placed(nucleus: str, final: str | None, at: int) -> bool:
    """The tone sits on the letter of the rime that carries it ("hoài", "tiến", not "hoaì")."""
    if len(nucleus) == 1:
        return at == 0
    if nucleus in ("oa", "oe", "uy") and not final:
        return at in (0, 1)  # old and new style: "hòa" and "hoà"
    if nucleus == "uyê":
        return at == 2
    if len(nucleus) == 3 or final or nucleus in ("uê", "uơ", "uâ", "oă", "iê", "yê", "uô", "ươ"):
        return at == 1
    return at == 0  # ai, ao, au, ia, ưa, oi, ui…: on the first vowel


def is_syllable(word: str) -> bool:
    """True when ``word`` is a well-formed Vietnamese syllable: rime, final and tone placement."""
    base, at = _tone_at(word)
    if at == -1:  # more than one tone
        return False
    m = _SYLLABLE_RE.match(base)
    if not m:
        return False
    nucleus, final = m.group(2), m.group(3)
    if nucleus not in _NUCLEI:
        return False
    if final and nucleus in _OPEN_NUCLEI or not final and nucleus in _CLOSED_NUCLEI:
        return False
    return at is None or _tone_placed(nucleus, final, at - m.start(2))
