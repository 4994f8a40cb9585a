"""TCVN3 (.VnTime) and VNI text from old Excel files is recognised and converted to Unicode."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.excel import encodings, legacy
from app.excel.encodings import Encoding, tcvn3_to_unicode, vni_to_unicode
from app.excel.legacy import detect

# Real words as the legacy fonts store them (each byte read as Latin-1).
TCVN3_SAMPLES = {
    "NguyÔn ThÞ ¸nh": "Nguyễn Thị ánh",  # TCVN3 has no capital Á: .VnTime users type "¸"
    "§Æng V¨n Hïng": "Đặng Văn Hùng",
    "Hä vµ tªn": "Họ và tên",
    "Ngµy sinh": "Ngày sinh",
    "Tr\xadêng THCS Kim §ång": "Trường THCS Kim Đồng",
    "B¶o Th¾ng": "Bảo Thắng",
    "Ph¹m Quúnh Anh": "Phạm Quỳnh Anh",
}
TCVN3_CAPS = {"DANH S¸CH HäC SINH LíP 6A1": "DANH SÁCH HỌC SINH LỚP 6A1"}
VNI_SAMPLES = {
    "Nguyeãn Thò AÙnh": "Nguyễn Thị Ánh",
    "Ñaëng Vaên Huøng": "Đặng Văn Hùng",
    "Hoï vaø teân": "Họ và tên",
    "Tröôøng THCS Kim Ñoàng": "Trường THCS Kim Đồng",
    "Xin chaøo caùc baïn": "Xin chào các bạn",
    "Phaïm Quyønh Anh": "Phạm Quỳnh Anh",
    "Leâ Thò Thu Haèng": "Lê Thị Thu Hằng",
}
UNICODE_NAMES = ["Nguyễn Thị Ánh", "Lê Hòa", "Võ Tú", "Lý Hà", "Hồ Văn Lê", "Trần Thúy Hà"]
VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def test_tcvn3_words_convert_to_unicode_nfc() -> None:
    """Names and headers typed with .VnTime become the right Unicode text, in NFC."""
    for src, want in {**TCVN3_SAMPLES, **TCVN3_CAPS}.items():
        got = tcvn3_to_unicode(src)
        assert got == want
        assert unicodedata.is_normalized("NFC", got)


def test_vni_words_convert_to_unicode_nfc() -> None:
    """Names and headers typed with VNI-Times become the right Unicode text, in NFC."""
    for src, want in VNI_SAMPLES.items():
        got = vni_to_unicode(src)
        assert got == want
        assert unicodedata.is_normalized("NFC", got)


def test_detect_tells_the_encodings_apart() -> None:
    """A sheet of TCVN3 names is TCVN3, of VNI names VNI, of Unicode names Unicode."""
    assert detect(TCVN3_SAMPLES) is Encoding.TCVN3
    assert detect(VNI_SAMPLES) is Encoding.VNI
    assert detect(UNICODE_NAMES) is Encoding.UNICODE
    assert detect(["6A1", "038213001234", "Kinh"]) is Encoding.UNICODE


def test_decode_leaves_real_unicode_alone() -> None:
    """In a legacy sheet, a cell already typed in Unicode is not converted a second time."""
    assert encodings.decode("Nguyễn Thị Ánh", Encoding.TCVN3) == "Nguyễn Thị Ánh"
    assert encodings.decode("Phạm Văn Đức", Encoding.VNI) == "Phạm Văn Đức"


def _vowel_syllables() -> list[str]:
    vowels = "aăâeêioôơuưy"
    return [unicodedata.normalize("NFC", "t" + v + t) for v in vowels for t in TONES]


def test_every_lowercase_letter_round_trips_through_both_tables() -> None:
    """Each Vietnamese vowel with each tone has a TCVN3 code and a VNI sequence."""
    to_tcvn = {u: t for t, u in encodings.TCVN3_TO_UNICODE.items()}
    to_vni = {u: v for v, u in encodings.VNI_TO_UNICODE.items() if v.islower() or len(v) == 1}
    for syl in _vowel_syllables():
        letter = syl[1:]
        if letter in "aeiouy":
            continue
        assert tcvn3_to_unicode("t" + to_tcvn[letter]) == syl
        assert vni_to_unicode("t" + to_vni[letter]) == syl


@given(st.lists(st.sampled_from(UNICODE_NAMES + ["Đỗ Minh Châu", "Bùi Thị Ngọc Ánh"]), min_size=1))
def test_unicode_text_is_never_taken_for_legacy(names: list[str]) -> None:
    """Genuine Unicode Vietnamese is always detected as Unicode (no false conversion)."""
    assert detect(names) is Encoding.UNICODE


def test_syllable_check() -> None:
    """Well-formed syllables pass; gibberish from a wrong reading fails."""
    assert (
        legacy.is_syllable("Nguyễn") and legacy.is_syllable("khuyến") and legacy.is_syllable("gì")
    )
    assert not legacy.is_syllable("NguyÔn") and not legacy.is_syllable("Nguyeón")


def test_syllable_check_knows_rimes_and_where_the_tone_goes() -> None:
    """Glide rimes take no final, iê/uô/ươ need one, and the tone sits on the right vowel."""
    for word in ("hoài", "tiến", "hòa", "hoà", "thuở", "khuya", "rượu", "huỳnh", "giữa", "xã"):
        assert legacy.is_syllable(word), word
    for word in ("aùnh", "xaõ", "hoaì", "tiê", "gĩut", "thoân"):
        assert not legacy.is_syllable(word), word


def test_the_issue_roster_offers_nothing() -> None:
    """ "Lê Minh Hoàng", "Thôn Bông", "Ha Góut" all read as VNI too, but nothing proves VNI."""
    plan = legacy.plan_rows([["Lê Minh Hoàng", "Thôn Bông", "Ha Góut"], ["Toàn", "Bông", ""]])
    assert not plan and detect(["Lê Minh Hoàng", "Thôn Bông", "Ha Góut"]) is Encoding.UNICODE


def test_a_row_typed_in_vni_supports_its_unproven_cells() -> None:
    """A cell with no VNI-only glyph converts when another cell of its row proves VNI."""
    rows = [["Nguyeãn Thò Hoa", "Nöõ"], ["Lê Văn An", "Nam"], ["Hoàng Minh Bông", "Nöõ"]]
    plan = legacy.plan_rows(rows)
    got = {(c.row, c.col): (c.after, c.certain) for c in plan.conversions}
    assert got == {
        (0, 0): ("Nguyễn Thị Hoa", False), (0, 1): ("Nữ", True), (2, 1): ("Nữ", True)
    }  # fmt: skip
    # Row 2's name is valid Unicode both ways: kept, and listed as a doubt.
    assert [(d.row, d.text, d.would_be) for d in plan.doubts] == [
        (2, "Hoàng Minh Bông", "Hồng Minh Bơng")
    ]


def test_headers_typed_in_legacy_fonts_are_matched_without_conversion() -> None:
    """A VNI header with no VNI-only glyph ("Lôùp") still names its column."""
    from app.students.importer.layout import STUDENT_LAYOUT

    assert STUDENT_LAYOUT.match("Lôùp") == "class_name"
    assert STUDENT_LAYOUT.match("Giôùi tính") == "sex"
    assert STUDENT_LAYOUT.match("Líp") == "class_name"  # TCVN3
    assert STUDENT_LAYOUT.match("Ghi chuù") == "notes"
