"""Student lists for a lazy UI model: count, then pages; filtering, search and sorting in SQL.

Accent-insensitive search is a prefix match on the indexed ``student_search_term``
table (see ``rowmap.search_terms``); the exact toggle matches accented text.
Words typed in another order than the name's ("hoa nguyen") are matched word by
word when the phrase itself matches nobody. A term that looks like a code (letters
and digits, at least one digit) also finds the codes it is part of ("260689" finds
38000001260689), read from the code columns' own indexes; never the personal ID,
whose terms only an actor who may see IDs reaches, and only by their first digits.
When a search term is common, the page walks the name-order index and stops
after ``limit`` matches; when it is rare, it fetches the few matches by key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session

from app.db import Actor
from app.permissions import Perm, can
from app.students import access, rowmap, text
from app.students.code_search import (
    COMMON_TERM,
    code_like,
    code_part_count,
    code_part_ids,
)
from app.students.code_search import is_code_part as is_code_part
from app.students.gaps import gap_clause
from app.students.models import ClassGroup, Enrolment, Student, StudentSearchTerm

_TOP = "\U0010ffff"


class SortField(StrEnum):
    """Columns a student list can be sorted by."""

    NAME = "name"
    CODE = "code"
    DATE_OF_BIRTH = "date_of_birth"
    STATUS = "status"
    CLASS = "class"


@dataclass(frozen=True)
class StudentFilter:
    """What the list shows; empty fields match everything.

    ``year`` limits to students enrolled that year and chooses which year's
    class is shown (default: the current year). ``search`` is accent-insensitive
    unless ``exact``.
    """

    year: str | None = None
    class_id: uuid.UUID | None = None
    class_name: str | None = None
    status: str | None = None
    search: str = ""
    exact: bool = False
    grade: int | None = None
    """Only students in a class of this grade (in ``year``, default the current year)."""
    gap: str = ""
    """Only students still studying whose record lacks this (``app.students.gaps``)."""


@dataclass(frozen=True)
class StudentSort:
    """Sort column and direction; name order (given name first) by default."""

    field: SortField = SortField.NAME
    descending: bool = False


@dataclass(frozen=True)
class StudentRow:
    """One light list row."""

    id: uuid.UUID
    student_code: str
    full_name: str
    date_of_birth: date | None
    sex: str
    class_name: str
    status: str


def _term_range(term: str, dialect: str) -> ColumnElement[bool]:
    col = StudentSearchTerm.term
    if dialect == "sqlite":
        return and_(col >= term, col < term + _TOP)
    return col.like(term + "%")


@dataclass(frozen=True)
class _Search:
    """How the search narrows the list.

    ``term``: one folded term whose index range is the whole match (then ``clause``
    is its EXISTS form); otherwise ``clause`` is the condition, or None without a
    search, and ``few`` says its matches are few enough to sort rather than walk
    the name index.
    """

    clause: ColumnElement[bool] | None = None
    term: str = ""
    few: bool = True


def _search(session: Session, actor: Actor | None, flt: StudentFilter) -> _Search:
    """The search part of the filter.

    Digits also find a personal ID, but only for an actor who may see personal IDs;
    a code-like term also finds the codes it is part of.
    """
    if not flt.search.strip():
        return _Search()
    if flt.exact and not text.fold(flt.search).replace(" ", "").isdigit():
        needle = text.exact_form(flt.search)
        return _Search(_exact_haystack(actor).contains(needle, autoescape=True), few=False)
    term = rowmap.query_term(flt.search)
    if not term:
        return _Search()
    dialect = session.get_bind().dialect.name
    if " " in term and not _term_count(session, term, cap=1):
        return _Search(_any_order(session, term, dialect))
    ranges = [term]
    if term.isdigit() and can(actor, Perm.VIEW_SENSITIVE):
        ranges.append(rowmap.ID_TERM + term)
    code_part = is_code_part(term)
    if not code_part and len(ranges) == 1:
        return _Search(_has_term(term, dialect), term)
    return _several(session, ranges, term if code_part else "", dialect)


def _several(session: Session, ranges: list[str], code_part: str, dialect: str) -> _Search:
    """Students with a term in any of ``ranges`` or a code holding ``code_part``.

    Few matches are fetched by key (their ids, one union); many (a part every code
    shares, "3800" while typing a code) are tested row by row along the name index.
    """
    found = sum(_term_count(session, r, cap=COMMON_TERM) for r in ranges)
    if code_part:
        found += code_part_count(code_part, dialect, session)
    if found >= COMMON_TERM:
        # The code test first: it answers most rows without a look at the terms.
        tests = [code_like(code_part, dialect)] if code_part else []
        tests += [_has_term(r, dialect) for r in ranges]
        return _Search(or_(*tests), few=False)
    parts: list[Select[Any]] = [
        select(StudentSearchTerm.student_id).where(_term_range(r, dialect)) for r in ranges
    ]
    if code_part:
        parts.append(code_part_ids(code_part, dialect))
    return _Search(Student.id.in_(union(*parts)))


def _exact_haystack(actor: Actor | None) -> ColumnElement[str]:
    """What the exact search reads: name, code and personal ID (``search_text``).

    Without the right to see IDs, the text stops before the ID (it is last), so an
    accented query cannot reach into it ("an 38000001260689 0790…").
    """
    if can(actor, Perm.VIEW_SENSITIVE):
        return Student.search_text.expression
    cut = func.length(Student.search_text) - func.length(Student.personal_id) - 1
    return case(
        (func.coalesce(Student.personal_id, "") == "", Student.search_text),
        else_=func.substr(Student.search_text, 1, cut),
    )


def _has_term(term: str, dialect: str) -> ColumnElement[bool]:
    """The student has an index term starting with ``term``."""
    return (
        select(StudentSearchTerm.student_id)
        .where(StudentSearchTerm.student_id == Student.id, _term_range(term, dialect))
        .exists()
    )


def _any_order(session: Session, term: str, dialect: str) -> ColumnElement[bool]:
    """Every word of the query starts some word of the name ("hoa nguyen" finds Nguyễn Thị Hoa).

    Used only when the words in the typed order match nobody: every word-suffix
    of the name is a term, so a word's prefix range finds it wherever it stands.
    The rarest word picks the candidates by key; the others are checked per candidate.
    """
    words = sorted(set(term.split(" ")) - {""})
    rarest = min(words, key=lambda w: _term_count(session, w, cap=COMMON_TERM))
    ids = select(StudentSearchTerm.student_id).where(_term_range(rarest, dialect))
    others = [_has_term(w, dialect) for w in words if w != rarest]
    return and_(Student.id.in_(ids), *others)


def _where(session: Session, actor: Actor | None, flt: StudentFilter) -> list[ColumnElement[bool]]:
    """Every condition of the filter except the search."""
    scope = access.visibility(session, actor)
    conds: list[ColumnElement[bool]] = [] if scope is None else [scope]
    if flt.status:
        conds.append(Student.status == flt.status)
    enrol = select(Enrolment.id).where(Enrolment.student_id == Student.id)
    if flt.year:
        enrol = enrol.where(Enrolment.school_year == access.year_name(session, flt.year))
    if flt.class_id:
        enrol = enrol.where(Enrolment.class_id == flt.class_id)
    elif flt.class_name:
        year = access.year_name(session, flt.year)
        group = select(ClassGroup.id).where(
            ClassGroup.name == flt.class_name.strip().upper(), ClassGroup.school_year == year
        )
        enrol = enrol.where(Enrolment.class_id.in_(group.scalar_subquery()))
    if flt.grade is not None:
        year = access.year_name(session, flt.year)
        grade = select(ClassGroup.id).where(
            ClassGroup.grade == flt.grade, ClassGroup.school_year == year
        )
        enrol = enrol.where(Enrolment.class_id.in_(grade.scalar_subquery()))
    if flt.year or flt.class_id or flt.class_name or flt.grade is not None:
        conds.append(exists(enrol))
    if flt.gap:
        conds.append(gap_clause(flt.gap))
    return conds


def _term_count(session: Session, term: str, cap: int | None = None) -> int:
    dialect = session.get_bind().dialect.name
    inner = select(StudentSearchTerm.student_id).where(_term_range(term, dialect))
    if cap is not None:
        inner = inner.limit(cap)
        return int(session.scalar(select(func.count()).select_from(inner.subquery())) or 0)
    stmt = select(func.count(func.distinct(StudentSearchTerm.student_id))).where(
        _term_range(term, dialect)
    )
    return int(session.scalar(stmt) or 0)


def count_students(session: Session, actor: Actor | None, flt: StudentFilter) -> int:
    """How many students the filter matches (the list model's row count)."""
    conds = _where(session, actor, flt)
    found = _search(session, actor, flt)
    if found.term and not conds:
        return _term_count(session, found.term)
    if found.term:
        dialect = session.get_bind().dialect.name
        ids = select(StudentSearchTerm.student_id).where(_term_range(found.term, dialect))
        conds.append(Student.id.in_(ids))
    elif found.clause is not None:
        conds.append(found.clause)
    return int(session.scalar(select(func.count()).select_from(Student).where(*conds)) or 0)


def _class_name_expr(session: Session, year: str | None) -> Any:
    """The student's latest class in the display year, as a correlated scalar subquery."""
    year = year or access.current_year_name(session)
    return (
        select(ClassGroup.name)
        .join(Enrolment, Enrolment.class_id == ClassGroup.id)
        .where(Enrolment.student_id == Student.id, Enrolment.school_year == year)
        .order_by(Enrolment.start_date.desc())
        .limit(1)
        .scalar_subquery()
    )


def _sort_keys(sort: StudentSort, class_expr: Any, by_index: bool) -> list[Any]:
    """ORDER BY terms: the chosen column, then name order, then id (a total order)."""
    primary = {
        SortField.NAME: Student.sort_key,
        SortField.CODE: Student.student_code,
        SortField.DATE_OF_BIRTH: Student.date_of_birth,
        SortField.STATUS: Student.status,
        SortField.CLASS: class_expr,
    }[sort.field]
    if not by_index and sort.field is SortField.NAME:
        primary = Student.sort_key.op("||")("")  # few rows: sort them, do not walk the index
    keys = (
        [primary, Student.id]
        if sort.field is SortField.NAME
        else [primary, Student.sort_key, Student.id]
    )
    return keys


def list_student_rows(
    session: Session,
    actor: Actor | None,
    flt: StudentFilter,
    sort: StudentSort | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[StudentRow]:
    """One page of the list, filtered and sorted by the database."""
    sort = sort or StudentSort()
    conds = _where(session, actor, flt)
    found = _search(session, actor, flt)
    by_index = True
    if found.term:
        common = _term_count(session, found.term, cap=COMMON_TERM) >= COMMON_TERM
        if common:
            conds.append(found.clause)  # type: ignore[arg-type]
        else:
            dialect = session.get_bind().dialect.name
            ids = select(StudentSearchTerm.student_id).where(_term_range(found.term, dialect))
            conds.append(Student.id.in_(ids))
            by_index = False
    elif found.clause is not None:
        conds.append(found.clause)
        by_index = not found.few  # few matches: sort them, do not walk the index
    class_expr = _class_name_expr(session, flt.year)
    keys = _sort_keys(sort, class_expr, by_index)
    # Pick the page's ids first, then fetch display columns (class) for those rows only.
    page = (
        select(Student.id.label("pid"), *(k.label(f"k{i}") for i, k in enumerate(keys)))
        .where(*conds)
        .order_by(*(k.desc() if sort.descending else k.asc() for k in keys))
        .offset(offset)
        .limit(limit)
        .subquery()
    )
    page_keys = [page.c[f"k{i}"] for i in range(len(keys))]
    stmt = (
        select(
            Student.id,
            Student.student_code,
            Student.full_name,
            Student.date_of_birth,
            Student.sex,
            class_expr.label("class_name"),
            Student.status,
        )
        .join(page, page.c.pid == Student.id)
        .order_by(*(k.desc() if sort.descending else k.asc() for k in page_keys))
    )
    return [
        StudentRow(
            r.id, r.student_code, r.full_name, r.date_of_birth, r.sex, r.class_name or "", r.status
        )
        for r in session.execute(stmt)
    ]


def list_student_ids(
    session: Session, actor: Actor | None, flt: StudentFilter, sort: StudentSort | None = None
) -> list[uuid.UUID]:
    """Every matching id in list order (for exports and bulk actions)."""
    rows = list_student_rows(session, actor, flt, sort, 0, 1_000_000)
    return [r.id for r in rows]
