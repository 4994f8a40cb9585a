"""Student lists: accent-insensitive and exact search, filters, paging and sorting in SQL."""

from __future__ import annotations

from datetime import date

import pytest

from app import students as st
from app.students import queries
from tests.students.conftest import SchoolWithClasses

NAMES = [
    ("Đặng Thị Ánh", "Nữ", "6A1"),
    ("Nguyễn Văn Anh", "Nam", "6A1"),
    ("Trần Văn Bảo", "Nam", "7A1"),
    ("Nguyễn Thị Hoa", "Nữ", "7A1"),
    ("Nguyễn Thị Hồng", "Nữ", "6A1"),
    ("Lê Đức Dũng", "Nam", "7A1"),
]


@pytest.fixture
def listed(school: SchoolWithClasses) -> SchoolWithClasses:
    """The school with six students in two classes, each with a father's phone."""
    sec = school.actor("secretary")
    inputs = [
        st.StudentInput(
            full_name=name, date_of_birth=date(2014, 1, 1 + i), sex=sex, class_name=cls,
            father_name="Phụ Huynh", father_phone=f"09120000{i:02d}",
        )
        for i, (name, sex, cls) in enumerate(NAMES)
    ]  # fmt: skip
    with school.db.uow(actor=sec) as s:
        st.upsert_students(s, sec, inputs, reason="Danh sách đầu năm")
    return school


def names(school: SchoolWithClasses, flt: st.StudentFilter, **kw: object) -> list[str]:
    sec = school.actor("secretary")
    with school.db.read() as s:
        rows = st.list_student_rows(s, sec, flt, **kw)  # type: ignore[arg-type]
        assert st.count_students(s, sec, flt) == len(rows) or "limit" in kw or "offset" in kw
    return [r.full_name for r in rows]


def test_default_order_is_vietnamese_given_name_order(listed: SchoolWithClasses) -> None:
    """Lists sort by given name then family name: Anh < Ánh < Bảo < Dũng < Hoa < Hồng."""
    assert names(listed, st.StudentFilter()) == [
        "Nguyễn Văn Anh", "Đặng Thị Ánh", "Trần Văn Bảo", "Lê Đức Dũng", "Nguyễn Thị Hoa",
        "Nguyễn Thị Hồng",
    ]  # fmt: skip


SEARCHES = [
    ("anh", ["Nguyễn Văn Anh", "Đặng Thị Ánh"]),
    ("ÁNH", ["Nguyễn Văn Anh", "Đặng Thị Ánh"]),
    ("dang thi", ["Đặng Thị Ánh"]),
    ("đặng", ["Đặng Thị Ánh"]),
    ("nguyen thi h", ["Nguyễn Thị Hoa", "Nguyễn Thị Hồng"]),
    ("thi ho", ["Nguyễn Thị Hoa", "Nguyễn Thị Hồng"]),
    ("dung", ["Lê Đức Dũng"]),
    ("0912000003", ["Nguyễn Thị Hoa"]),
    ("0912 0000 02", ["Trần Văn Bảo"]),
    ("thcs000125000", [n for n, _, _ in NAMES]),
    ("xyz", []),
    ("hoa nguyen", ["Nguyễn Thị Hoa"]),
    ("hong thi", ["Nguyễn Thị Hồng"]),
    ("anh dang", ["Đặng Thị Ánh"]),
    ("hoa tran", []),
]


def test_accent_insensitive_search(listed: SchoolWithClasses) -> None:
    """Search ignores accents and case, maps đ to d, and covers names, codes and guardian phones.

    Words in another order than the name's ("hoa nguyen") still find the student.
    """
    for query, expected in SEARCHES:
        flt = st.StudentFilter(search=query)
        found = sorted(names(listed, flt))
        assert found == sorted(expected), query
        with listed.db.read() as s:
            assert st.count_students(s, listed.actor("secretary"), flt) == len(expected), query


def test_exact_search_respects_accents(listed: SchoolWithClasses) -> None:
    """The exact toggle matches accented text only ("ánh" finds Ánh, not Anh)."""
    assert names(listed, st.StudentFilter(search="Ánh", exact=True)) == ["Đặng Thị Ánh"]
    assert names(listed, st.StudentFilter(search="anh", exact=True)) == ["Nguyễn Văn Anh"]
    assert names(listed, st.StudentFilter(search="hồng", exact=True)) == ["Nguyễn Thị Hồng"]
    assert names(listed, st.StudentFilter(search="0912000003", exact=True)) == ["Nguyễn Thị Hoa"]


def test_filters_class_status_and_year(listed: SchoolWithClasses) -> None:
    """Class, status and year filters combine with search."""
    assert len(names(listed, st.StudentFilter(class_name="7a1"))) == 3
    six = st.StudentFilter(class_id=listed.class_6a1.id, search="nguyen")
    assert names(listed, six) == ["Nguyễn Văn Anh", "Nguyễn Thị Hồng"]
    assert len(names(listed, st.StudentFilter(year="2025-2026"))) == 6
    assert names(listed, st.StudentFilter(status=st.Status.GRADUATED)) == []


def test_paging_and_sorting_happen_in_sql(listed: SchoolWithClasses) -> None:
    """Pages are slices of the sorted result; every sort column works both ways."""
    full = names(listed, st.StudentFilter())
    assert names(listed, st.StudentFilter(), offset=2, limit=3) == full[2:5]
    desc = st.StudentSort(st.SortField.NAME, descending=True)
    assert names(listed, st.StudentFilter(), sort=desc) == full[::-1]
    by_dob = names(listed, st.StudentFilter(), sort=st.StudentSort(st.SortField.DATE_OF_BIRTH))
    assert by_dob == [n for n, _, _ in NAMES]
    by_class = names(listed, st.StudentFilter(), sort=st.StudentSort(st.SortField.CLASS))
    assert by_class[:3] == ["Nguyễn Văn Anh", "Đặng Thị Ánh", "Nguyễn Thị Hồng"]
    with listed.db.read() as s:
        rows = st.list_student_rows(
            s, listed.actor("admin"), st.StudentFilter(), st.StudentSort(st.SortField.CODE)
        )
    assert [r.student_code for r in rows] == sorted(r.student_code for r in rows)
    assert {r.class_name for r in rows} == {"6A1", "7A1"}


def test_rare_and_common_search_plans_agree(
    listed: SchoolWithClasses, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index-walk plan (common terms) and the by-key plan (rare terms) return the same page."""
    flt = st.StudentFilter(search="nguyen")
    by_key = names(listed, flt)
    monkeypatch.setattr(queries, "COMMON_TERM", 1)
    assert names(listed, flt) == by_key == ["Nguyễn Văn Anh", "Nguyễn Thị Hoa", "Nguyễn Thị Hồng"]


def test_teacher_sees_only_homeroom_class(listed: SchoolWithClasses) -> None:
    """A teacher's lists, counts and class lists cover only the class they lead."""
    teacher = listed.actor("teacher")
    with listed.db.read() as s:
        rows = st.list_student_rows(s, teacher, st.StudentFilter())
        assert st.count_students(s, teacher, st.StudentFilter(search="nguyen")) == 2
        assert [c.name for c in st.list_classes(s, teacher)] == ["6A1"]
    assert {r.class_name for r in rows} == {"6A1"} and len(rows) == 3
