"""Issue 18 §1: valid Unicode is never rewritten as VNI/TCVN3; legacy text converts only when asked.

The fixtures mirror the roster of an ethnic boarding school in the Central Highlands:
Vietnamese names written only with Latin-1 letters ("Lê Minh Hoàng", "Thôn Bông"),
which a VNI reading turns into other names, and minority-language names (K'Ho, Ê Đê,
Jrai, Bahnar, Mông, Thái) that are no Vietnamese syllables at all.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ValidationError
from app.excel import legacy
from app.excel.encodings import Encoding, LegacyChoice
from app.students import importer
from tests.excel.xlsx_builders import make_xlsx
from tests.students_io.conftest import School
from tests.test_cli import cli

HEAD = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Lớp", "Địa chỉ", "Họ tên cha"]

# (name, address, father) as typed; none of them may change by one byte.
ROSTER = [
    ("Lê Minh Hoàng", "Thôn Bông, xã Ea Tu", "Ha Góut"),
    ("Trần Văn Toàn", "Thôn Bông", "Trần Văn Bông"),
    ("Y Bŭt Niê", "Buôn Kô Sir", "Y Ñu Êban"),  # Ê Đê: ŭ, ñ, Ê
    ("H Yŏn Kbuôr", "Buôn Ea Kmăt", "Y Sơn Mlô"),  # Ê Đê: ŏ, ă
    ("Siu Ĭn", "Plei Čư Pơng", "Rơ Mah Dĭt"),  # Jrai: Ĭ, Č, ĭ
    ("Đinh Thị Blưr", "Kon Tum", "Y Nhŏng"),  # Bahnar
    ("Ka Sô Liêng", "Thôn Bnơ C", "Cil Mup Ha Ñiêng"),  # K'Ho
    ("Giàng A Páo", "Bản Tả Phìn", "Sùng Mí Pó"),  # Mông
    ("Lò Thị Ún", "Bản Mòng", "Cầm Bá Thước"),  # Thái
    ("Ròn Ó Túi", "Thôn Múi", "Ha Góut"),
]
MINORITY_LETTERS = "ăâêôơưđĭŏŭĕñčĂÂÊÔƠƯĐĬŎŬĔÑČ"
LATIN1_VIETNAMESE = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"


def _roster(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    body = [
        [i, name, "05/09/2013", "Nam", "Kinh", "6A1", address, father]
        for i, (name, address, father) in enumerate(rows, 1)
    ]
    return make_xlsx(path, {"Toàn trường": [HEAD, *body]})


def _stored(school: School) -> set[tuple[str, str, str]]:
    out = set()
    for s in school.students():
        father = school.guardians(s).get("cha", ("", ""))[0]
        out.add((s.full_name, s.address_detail, father))
    return out


def test_the_issue_two_row_file_imports_byte_identical(school: School, tmp_path: Path) -> None:
    """ "Lê Minh Hoàng", "Thôn Bông" and a parent "Ha Góut" are stored exactly as typed."""
    path = _roster(tmp_path / "hai-dong.xlsx", ROSTER[:1] + [("Trần Văn Toàn", "Thôn Bông", "")])
    pv = school.preview(path)
    assert pv.conversions == () and pv.doubts == () and not pv.needs_legacy_choice
    assert not any("bảng mã" in n for n in pv.notices)
    result = importer.commit(school.db, school.secretary, pv)
    assert result.inserted == 2
    assert _stored(school) == {ROSTER[0], ("Trần Văn Toàn", "Thôn Bông", "")}


def test_minority_names_stay_byte_identical(school: School, tmp_path: Path) -> None:
    """K'Ho, Ê Đê, Jrai, Bahnar, Mông and Thái names and places keep every byte."""
    path = _roster(tmp_path / "dan-toc.xlsx", ROSTER)
    pv = school.preview(path)
    assert pv.conversions == () and pv.doubts == ()
    assert pv.counts["rejected"] == 0, [p.message for p in pv.problems]
    importer.commit(school.db, school.secretary, pv)
    stored = _stored(school)
    assert stored == set(ROSTER)
    for name, address, father in stored:
        for text in (name, address, father):
            assert unicodedata.is_normalized("NFC", text)


def test_a_pasted_vni_cell_is_offered_alone(school: School, tmp_path: Path) -> None:
    """One VNI cell among Unicode names is offered; the Unicode cells around it are not."""
    rows = [*ROSTER[:4], ("Ñaëng Vaên Huøng", "Thôn Bông", "Leâ Vaên Ñöùc")]
    pv = school.preview(_roster(tmp_path / "lan.xlsx", rows))
    offered = {(c.row, c.column, c.before, c.after) for c in pv.conversions}
    assert offered == {
        (6, "Họ và tên", "Ñaëng Vaên Huøng", "Đặng Văn Hùng"),
        (6, "Họ tên cha", "Leâ Vaên Ñöùc", "Lê Văn Đức"),
    }
    assert all(c.encoding is Encoding.VNI for c in pv.conversions)
    # Cells a VNI reading would change ("Lê Minh Hoàng" → "Lê Minh Hồng") may be listed
    # for review, but every one of them is kept as typed.
    assert {d.before for d in pv.doubts} <= {t for r in rows for t in r}
    assert pv.needs_legacy_choice
    importer.commit(school.db, school.secretary, pv.with_legacy(LegacyChoice.CONVERT))
    assert _stored(school) == {*ROSTER[:4], ("Đặng Văn Hùng", "Thôn Bông", "Lê Văn Đức")}


def test_commit_waits_for_the_users_choice(school: School, tmp_path: Path) -> None:
    """Legacy text found: commit refuses and writes nothing until the user converts or keeps."""
    rows = [
        ("Nguyeãn Thò Hoa", "Thoân Ñoâng, huyeän Kroâng Paéc", ""),
        ("Ñaëng Vaên Huøng", "Xaõ Ea Tu", ""),
    ]
    path = _roster(tmp_path / "vni.xlsx", rows)
    before = school.journal_count()
    pv = school.preview(path)
    assert pv.rows[0].value.full_name == "Nguyễn Thị Hoa"  # the preview shows the outcome
    with pytest.raises(ValidationError) as exc:
        importer.commit(school.db, school.secretary, pv)
    assert "vni.xlsx" in exc.value.message and "bảng mã cũ" in exc.value.message
    assert school.students() == [] and school.journal_count() == before
    importer.commit(school.db, school.secretary, pv.with_legacy(LegacyChoice.CONVERT))
    assert {s.full_name for s in school.students()} == {"Nguyễn Thị Hoa", "Đặng Văn Hùng"}
    assert {s.address_detail for s in school.students()} == {
        "Thôn Đông, huyện Krông Pắc", "Xã Ea Tu"
    }  # fmt: skip


def test_keeping_legacy_text_stores_it_as_typed(school: School, tmp_path: Path) -> None:
    """With KEEP the cells are stored exactly as they are in the file."""
    path = _roster(tmp_path / "giu.xlsx", [("Ñaëng Vaên Huøng", "Thôn Bông", "")])
    pv = school.preview(path, legacy=LegacyChoice.KEEP)
    assert len(pv.conversions) == 1 and not pv.needs_legacy_choice
    assert any("giữ nguyên" in n for n in pv.notices)
    importer.commit(school.db, school.secretary, pv)
    assert [s.full_name for s in school.students()] == ["Ñaëng Vaên Huøng"]


def test_doubtful_cells_in_a_legacy_column_are_kept_and_listed(
    school: School, tmp_path: Path
) -> None:
    """In a VNI column, "Lê Minh Hoàng" (VNI for "Lê Minh Hồng"?) is kept and listed as a doubt."""
    rows = [
        ("Ñaëng Vaên Huøng", "", ""),
        ("Nguyeãn Thò Hoa", "", ""),
        ("Phaïm Quyønh Anh", "", ""),
        ("Lê Minh Hoàng", "", ""),
    ]
    pv = school.preview(_roster(tmp_path / "nghi.xlsx", rows), legacy=LegacyChoice.CONVERT)
    assert [(d.row, d.before, d.after) for d in pv.doubts] == [(5, "Lê Minh Hoàng", "Lê Minh Hồng")]
    assert "giữ nguyên “Lê Minh Hoàng”" in pv.doubts[0].message
    importer.commit(school.db, school.secretary, pv)
    assert {s.full_name for s in school.students()} == {
        "Đặng Văn Hùng", "Nguyễn Thị Hoa", "Phạm Quỳnh Anh", "Lê Minh Hoàng"
    }  # fmt: skip


def test_tcvn3_names_get_their_capitals_back_only_where_converted(
    school: School, tmp_path: Path
) -> None:
    """A TCVN3 name is capitalised after conversion; a Unicode name beside it is left alone."""
    rows = [("§Æng V¨n Hïng", "", ""), ("NguyÔn ThÞ ¸nh", "", ""), ("Y ñu êban", "", "")]
    pv = school.preview(_roster(tmp_path / "abc.xlsx", rows), legacy=LegacyChoice.CONVERT)
    assert [r.value.full_name for r in pv.rows] == ["Đặng Văn Hùng", "Nguyễn Thị Ánh", "Y ñu êban"]


# ---------------------------------------------------------------- the rule itself

_unicode_words = st.text(
    alphabet=st.sampled_from("abcdghiklmnopqrstuvxy" + LATIN1_VIETNAMESE + MINORITY_LETTERS + "'’"),
    min_size=1,
    max_size=8,
)


@given(st.lists(st.lists(_unicode_words, min_size=1, max_size=4).map(" ".join), max_size=30))
def test_text_without_legacy_glyphs_is_never_offered(column: list[str]) -> None:
    """Any column of Vietnamese/minority letters, Latin-1 ones included, is left entirely alone."""
    plan = legacy.plan_column(column)
    assert plan.conversions == () and plan.doubts == ()


@given(st.lists(_unicode_words.filter(lambda w: any(ord(c) > 0xFF for c in w)), max_size=10))
def test_cells_with_unicode_only_letters_are_never_offered(words: list[str]) -> None:
    """A cell with ă, ơ, ư, ĭ… is Unicode, even in a column full of VNI."""
    column = ["Ñaëng Vaên Huøng", "Nguyeãn Thò Hoa", *words]
    offered = {c.row for c in legacy.plan_column(column).conversions}
    assert offered <= {0, 1}


# ---------------------------------------------------------------- the CLI


def _names(db: str) -> set[str]:
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        return {r[0] for r in conn.execute("SELECT full_name FROM student")}


def test_cli_lists_conversions_and_needs_a_flag(db: str, tmp_path: Path) -> None:
    """Without --convert-legacy the CLI lists each cell before → after, exits 1, writes nothing."""
    path = _roster(tmp_path / "vni.xlsx", [("Ñaëng Vaên Huøng", "", ""), ROSTER[0]])
    res = cli("students", "import", str(path), "--db", db)
    assert res.returncode == 1, res.stderr
    assert "Chuyển mã: Trang tính “Toàn trường”, dòng 2, cột “Họ và tên”" in res.stdout
    assert "“Ñaëng Vaên Huøng” → “Đặng Văn Hùng”" in res.stdout
    assert "--convert-legacy" in res.stdout and _names(db) == set()
    data = json.loads(cli("students", "import", str(path), "--db", db, "--json").stdout)
    assert data["written"] is False and data["legacy"] == "ask"
    assert [(c["before"], c["after"]) for c in data["conversions"]] == [
        ("Ñaëng Vaên Huøng", "Đặng Văn Hùng")
    ]
    ok = cli("students", "import", str(path), "--db", db, "--convert-legacy")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert _names(db) == {"Đặng Văn Hùng", "Lê Minh Hoàng"}


def test_cli_keep_legacy_text(db: str, tmp_path: Path) -> None:
    """--keep-legacy-text stores the cells as typed; the two flags cannot be combined."""
    path = _roster(tmp_path / "giu.xlsx", [("Ñaëng Vaên Huøng", "", "")])
    both = cli("students", "import", str(path), "--db", db, "--convert-legacy",
               "--keep-legacy-text")  # fmt: skip
    assert both.returncode != 0 and _names(db) == set()
    res = cli("students", "import", str(path), "--db", db, "--keep-legacy-text")
    assert res.returncode == 0, res.stdout + res.stderr
    assert _names(db) == {"Ñaëng Vaên Huøng"}
