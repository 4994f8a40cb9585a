"""Legacy Vietnamese encodings (TCVN3/ABC and VNI) and their reading as Unicode NFC.

Files typed with the ``.VnTime`` (TCVN3) or ``VNI-Times`` fonts store Vietnamese
letters as Latin-1 look-alikes: "Nguyễn" is ``NguyÔn`` in TCVN3 and ``Nguyeãn`` in
VNI. This module only reads them (``decode``); whether a cell is legacy text at all,
and so offered for conversion, is ``app.excel.legacy``'s question.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

WORD_RE = re.compile(r"[^\s\d.,;:/()\[\]\"'\-–_]+")
_UNICODE_ONLY = re.compile("[\u0100-\u01b0\u1ea0-\u1ef9]")


def has_unicode_vietnamese(text: str) -> bool:
    """True when the text has a letter only Unicode Vietnamese uses (ă, đ, ơ, ư, ạ…)."""
    return _UNICODE_ONLY.search(text) is not None


class Encoding(StrEnum):
    """How the text of a sheet is encoded."""

    UNICODE = "unicode"
    TCVN3 = "tcvn3"
    VNI = "vni"


class LegacyChoice(StrEnum):
    """What the user chose for the legacy text an import offers to convert."""

    ASK = "ask"  # not chosen yet: the preview shows the conversions, nothing may be written
    CONVERT = "convert"
    KEEP = "keep"


ENCODING_LABELS = {
    Encoding.UNICODE: "Unicode",
    Encoding.TCVN3: "TCVN3 (ABC, phông .VnTime)",
    Encoding.VNI: "VNI (phông VNI-Times)",
}

# TCVN3 (TCVN 5712:1993, VN3): one byte per letter. Lowercase letters with each
# tone in the order grave, acute, hook, tilde, dot below; the seven capitals
# without a tone have their own codes. Capitals with a tone need the ".VnTimeH"
# font, which uses the lowercase codes (``fix_tcvn3_case`` restores them).
_TCVN3_PAIRS = (
    ("µ¸¶·¹", "àáảãạ"),
    ("¨»¾¼½Æ", "ăằắẳẵặ"),
    ("©ÇÊÈÉË", "âầấẩẫậ"),
    ("®", "đ"),
    ("ÌÐÎÏÑ", "èéẻẽẹ"),
    ("ªÒÕÓÔÖ", "êềếểễệ"),
    ("×ÝØÜÞ", "ìíỉĩị"),
    ("ßãáâä", "òóỏõọ"),
    ("«åèæçé", "ôồốổỗộ"),
    ("¬êíëìî", "ơờớởỡợ"),
    ("ïóñòô", "ùúủũụ"),
    ("\xadõøö÷ù", "ưừứửữự"),
    ("úýûüþ", "ỳýỷỹỵ"),
    ("¡¢§£¤¥¦", "ĂÂĐÊÔƠƯ"),
)
TCVN3_TO_UNICODE: dict[str, str] = {
    src: dst for srcs, dsts in _TCVN3_PAIRS for src, dst in zip(srcs, dsts, strict=True)
}
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)

# VNI for Windows: a base letter followed by a mark character; a few letters
# (đ, ơ, ư and some i/y forms) are single characters.
_VNI_MARKS = {  # mark after a vowel -> (vowel modifier, tone)
    "ø": ("", "\u0300"),
    "ù": ("", "\u0301"),
    "û": ("", "\u0309"),
    "õ": ("", "\u0303"),
    "ï": ("", "\u0323"),
    "â": ("\u0302", ""),
    "à": ("\u0302", "\u0300"),
    "á": ("\u0302", "\u0301"),
    "å": ("\u0302", "\u0309"),
    "ã": ("\u0302", "\u0303"),
    "ä": ("\u0302", "\u0323"),
    "ê": ("\u0306", ""),
    "è": ("\u0306", "\u0300"),
    "é": ("\u0306", "\u0301"),
    "ú": ("\u0306", "\u0309"),
    "ü": ("\u0306", "\u0303"),
    "ë": ("\u0306", "\u0323"),
}
_VNI_SINGLE = {
    "ñ": "đ",
    "Ñ": "Đ",
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ì": "ì",
    "í": "í",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
    "Ì": "Ì",
    "Í": "Í",
    "Æ": "Ỉ",
    "Ó": "Ĩ",
    "Ò": "Ị",
    "Î": "Ỵ",
}
_VNI_BASES = "aeouyAEOUYôöÔÖ"
_VNI_MARK_CHARS = "".join(_VNI_MARKS) + "".join(_VNI_MARKS).upper()


def _vni_table() -> dict[str, str]:
    """Every VNI sequence (two characters first) with its Unicode letter."""
    table: dict[str, str] = {}
    for base in _VNI_BASES:
        plain = _VNI_SINGLE.get(base, base)
        for mark, (modifier, tone) in _VNI_MARKS.items():
            for m in (mark, mark.upper()):
                letter = unicodedata.normalize("NFC", plain + modifier + tone)
                if len(letter) == 1 and _allowed_modifier(plain, modifier):
                    table[base + m] = letter
    table.update(_VNI_SINGLE)
    return table


def _allowed_modifier(base: str, modifier: str) -> bool:
    """Circumflex only on a/e/o, breve only on a; ơ and ư take tones only."""
    b = base.lower()
    if modifier == "\u0302":
        return b in "aeo"
    if modifier == "\u0306":
        return b == "a"
    return True


VNI_TO_UNICODE = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (.VnTime) text to Unicode NFC."""
    return fix_tcvn3_case(text.translate(_TCVN3_TABLE))


def vni_to_unicode(text: str) -> str:
    """Convert VNI (VNI-Times) text to Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group()], text))


def _all_caps(text: str) -> bool:
    """True when ``text`` has at least two ASCII letters and all of them are capitals."""
    letters = [c for c in text if c.isascii() and c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def fix_tcvn3_case(text: str) -> str:
    """Upper-case text typed in the capitals font (.VnTimeH), whose ASCII letters are all caps.

    TCVN3 has no codes for capitals with a tone, so "SÁCH" typed in .VnTimeH is
    stored as "S¸CH". A word is upper-cased when its own ASCII letters (at least
    two) are all capitals, or when the whole text is in capitals.
    """
    if _all_caps(text):
        return text.upper()
    return WORD_RE.sub(lambda m: m.group().upper() if _all_caps(m.group()) else m.group(), text)


def decode(text: str, encoding: Encoding) -> str:
    """``text`` read in ``encoding``; text with real Unicode letters is left as it is."""
    if encoding is Encoding.UNICODE or not text or has_unicode_vietnamese(text):
        return text
    if encoding is Encoding.TCVN3:
        return tcvn3_to_unicode(text)
    return vni_to_unicode(text)
