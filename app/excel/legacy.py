"""Legacy Vietnamese encodings (TCVN3/ABC and VNI) found in old Excel files, to Unicode NFC.

Files typed with the ``.VnTime`` (TCVN3) or ``VNI-Times`` fonts store Vietnamese
letters as Latin-1 look-alikes: "Nguyễn" is ``NguyÔn`` in TCVN3 and ``Nguyeãn`` in
VNI. Each code point is a valid Unicode character, so the text looks like
gibberish rather than an error.

Most of those characters are also ordinary Unicode Vietnamese letters ("Hoàng"
reads as VNI "Hồng", "Thôn" as "Thơn"), so a cell is only ever *offered* for
conversion, never converted here, and only on evidence Unicode text cannot
give: a glyph that no Unicode Vietnamese or minority-language text uses ("ø",
"ï", "¸", "§"…) in a word that is no word as it stands and a well-formed
syllable once read. ``plan_rows`` decides per column: the cells that prove
themselves, plus, in a column mostly made of them, cells where a non-word
becomes a word and nothing valid is spoilt. The cells left that a reading would
change are ``Doubt``s: kept as they are and reported. Minority-language names (K'Ho, Ê Đê,
Jrai, Bahnar: ă ĭ ŏ ŭ ñ č ơ ư) are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.excel.encodings import (
    TCVN3_TO_UNICODE,
    VNI_TO_UNICODE,
    WORD_RE,
    Encoding,
    decode,
    fix_tcvn3_case,
    has_unicode_vietnamese,
)
from app.excel.syllables import is_syllable

# ---------------------------------------------------------------- detection

# Letters of the Latin-1 range that Unicode Vietnamese uses, plus ñ of the minority
# orthographies (K'Ho, Ê Đê…). A legacy font's byte that is none of these can only be a
# glyph of that font: it is the evidence a cell needs before it is offered for conversion.
_UNICODE_LATIN1 = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýÑñ")
LEGACY_ONLY: dict[Encoding, frozenset[str]] = {
    Encoding.TCVN3: frozenset(TCVN3_TO_UNICODE) - _UNICODE_LATIN1,
    Encoding.VNI: frozenset(c for k in VNI_TO_UNICODE for c in k if ord(c) >= 0x80)
    - _UNICODE_LATIN1,
}
LEGACY_ENCODINGS = (Encoding.TCVN3, Encoding.VNI)
_LEGACY_ONLY_RE = {
    e: re.compile("[" + re.escape("".join(sorted(chars))) + "]") for e, chars in LEGACY_ONLY.items()
}
# A column is read as legacy when at least half the cells a conversion would change
# carry their own evidence; its other cells are then offered only where a changed
# word turns from a non-word into a well-formed syllable and none turns the other way.
COLUMN_SHARE = 0.5


def _changed_words(text: str, encoding: Encoding) -> list[tuple[str, str]]:
    """(word, word read in ``encoding``) for each word the reading changes."""
    out = []
    for w in WORD_RE.findall(text):
        if w.isascii():
            continue
        got = decode(w, encoding)
        if got != w:
            out.append((w, got))
    return out


def _is_evidence(word: str, read: str, encoding: Encoding) -> bool:
    """A word that has a glyph only ``encoding`` uses, is no word as it stands, and is one read."""
    only = LEGACY_ONLY[encoding]
    return any(c in only for c in word) and not is_syllable(word) and is_syllable(read)


def _improves(word: str, read: str) -> bool:
    """The reading turns a non-word into a well-formed syllable."""
    return not is_syllable(word) and is_syllable(read)


def _reads_better(text: str, encoding: Encoding) -> bool:
    """Some word turns from a non-word into a syllable and none the other way round."""
    pairs = _changed_words(text, encoding)
    worse = any(is_syllable(w) and not is_syllable(r) for w, r in pairs)
    return not worse and any(_improves(w, r) for w, r in pairs)


def cell_evidence(text: str, encoding: Encoding) -> bool:
    """True when ``text`` itself proves it is ``encoding`` (and not Unicode) text."""
    if not text or text.isascii() or has_unicode_vietnamese(text):
        return False
    if _LEGACY_ONLY_RE[encoding].search(text) is None:
        return False
    return any(_is_evidence(w, r, encoding) for w, r in _changed_words(text, encoding))


@dataclass(frozen=True)
class Conversion:
    """A text cell (0-based ``row``, ``col``) that reads as legacy text, and what it becomes.

    ``certain`` cells carry glyphs no Unicode text has; the others sit in a column whose
    cells mostly do, and only non-words in them become words. Nothing is converted until
    the user agrees (``Sheet.converted``).
    """

    row: int
    col: int
    before: str
    after: str
    encoding: Encoding
    certain: bool


@dataclass(frozen=True)
class Doubt:
    """A cell left as it is though a legacy reading would change it, reported for review.

    Either it is valid text both ways in a column mostly typed in a legacy
    encoding, or it looks legacy without proof in a column mostly in Unicode.
    """

    row: int
    col: int
    text: str
    would_be: str
    encoding: Encoding


@dataclass(frozen=True)
class LegacyPlan:
    """What a sheet's legacy text would become: conversions offered, and doubts left alone."""

    conversions: tuple[Conversion, ...] = ()
    doubts: tuple[Doubt, ...] = ()

    @property
    def encodings(self) -> tuple[Encoding, ...]:
        """The legacy encodings found, in a fixed order."""
        found = {c.encoding for c in self.conversions}
        return tuple(e for e in LEGACY_ENCODINGS if e in found)

    def __bool__(self) -> bool:
        return bool(self.conversions or self.doubts)


Cell = tuple[int, int]  # 0-based row, column


def _candidates(rows: Sequence[Sequence[object]]) -> dict[Cell, str]:
    """Text cells that could be legacy: not ASCII, without a letter only Unicode has."""
    return {
        (r, c): v
        for r, row in enumerate(rows)
        for c, v in enumerate(row)
        if isinstance(v, str) and v and not v.isascii() and not has_unicode_vietnamese(v)
    }


def _single(counts: dict[Encoding, int]) -> Encoding | None:
    """The encoding with more proofs than the other; None when none or as many for both."""
    tcvn3, vni = (counts.get(e, 0) for e in LEGACY_ENCODINGS)
    if tcvn3 == vni:
        return None
    return Encoding.TCVN3 if tcvn3 > vni else Encoding.VNI


class _Context:
    """Which cells prove which encoding, and what each column and row points to."""

    def __init__(self, cells: dict[Cell, str]) -> None:
        self.proofs: dict[Cell, Encoding] = {}
        by_col: dict[int, dict[Encoding, int]] = {}
        by_row: dict[int, dict[Encoding, int]] = {}
        for (r, c), text in cells.items():
            proven = [e for e in LEGACY_ENCODINGS if cell_evidence(text, e)]
            if len(proven) != 1:
                continue
            self.proofs[(r, c)] = proven[0]
            for table, key in ((by_col, c), (by_row, r)):
                counts = table.setdefault(key, {})
                counts[proven[0]] = counts.get(proven[0], 0) + 1
        self.column = {c: _single(n) for c, n in by_col.items()}
        self.row = {r: _single(n) for r, n in by_row.items()}
        self.column_proofs = {c: max(n.values()) for c, n in by_col.items()}
        totals: dict[Encoding, int] = {}
        for e in self.proofs.values():
            totals[e] = totals.get(e, 0) + 1
        self.sheet = _single(totals)

    def encoding(self, r: int, c: int) -> Encoding | None:
        """The cell's own proof, else its column's, else its row's, else the sheet's."""
        return self.proofs.get((r, c)) or self.column.get(c) or self.row.get(r) or self.sheet


def plan_rows(rows: Sequence[Sequence[object]]) -> LegacyPlan:
    """Conversions offered and doubts for a grid of values (rows of columns).

    A cell is offered when it proves itself; or when a legacy reading turns a
    non-word of it into a word, spoils nothing, and its column is mostly proven
    (at least ``COLUMN_SHARE`` of the cells the reading changes), its own row
    proves that encoding (a row is typed in one font) or the whole sheet is
    mostly proven. Other cells the reading would change, in such a column or row,
    are doubts; so are cells that read better but have no such support.
    """
    cells = _candidates(rows)
    ctx = _Context(cells)
    if not ctx.proofs:
        return LegacyPlan()
    changing: dict[Cell, tuple[str, str, Encoding]] = {}
    for (r, c), text in cells.items():
        enc = ctx.encoding(r, c)
        if enc is not None and (after := decode(text, enc)) != text:
            changing[(r, c)] = (text, after, enc)
    per_col: dict[int, int] = {}
    for _, c in changing:
        per_col[c] = per_col.get(c, 0) + 1
    proven_sheet = sum(1 for cell, e in ctx.proofs.items() if e is ctx.sheet)
    sheet_mostly = proven_sheet >= COLUMN_SHARE * len(changing)
    conversions: list[Conversion] = []
    doubts: list[Doubt] = []
    for (r, c), (text, after, enc) in sorted(changing.items()):
        if enc is Encoding.TCVN3:
            after = fix_tcvn3_case(after)
        mostly = ctx.column.get(c) is enc and (
            ctx.column_proofs.get(c, 0) >= COLUMN_SHARE * per_col[c]
        )
        supported = mostly or ctx.row.get(r) is enc or (sheet_mostly and ctx.sheet is enc)
        if ctx.proofs.get((r, c)) is enc:
            conversions.append(Conversion(r, c, text, after, enc, True))
        elif supported and _reads_better(text, enc):
            conversions.append(Conversion(r, c, text, after, enc, False))
        elif supported or _reads_better(text, enc):
            doubts.append(Doubt(r, c, text, after, enc))
    return LegacyPlan(tuple(conversions), tuple(doubts))


def plan_column(values: Iterable[object]) -> LegacyPlan:
    """``plan_rows`` for a single column of values."""
    return plan_rows([[v] for v in values])


def detect(texts: Iterable[str]) -> Encoding:
    """The legacy encoding that some of ``texts`` prove, else Unicode (never a guess)."""
    ctx = _Context(_candidates([[t] for t in texts]))
    return ctx.column.get(0) or Encoding.UNICODE


def decoded_variants(text: str) -> list[str]:
    """``text`` read in each legacy encoding where that changes it (to match headers)."""
    out = []
    for enc in LEGACY_ENCODINGS:
        got = decode(text, enc)
        if got != text and got not in out:
            out.append(got)
    return out
