"""Student lists for a lazy UI model: count, then pages; filtering, search and sorting in SQL.

Accent-insensitive search is a prefix match on the indexed ``student_search_term``
table (see ``rowmap.search_terms``); the exact toggle matches accented text.
Words typed in another order than the name's ("hoa nguyen") are matched word by
word when the phrase itself matches nobody.
When a search term is common, the page walks the name-order index and stops
after ``limit`` matches; when it is rare, it fetches the few matches by key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from app.db import Actor
from app.permissions import Perm, can
from app.students import access, rowmap, text
from app.students.models import ClassGroup, Enrolment, Student, StudentSearchTerm

# Above this many matching terms, a page is read along the sort index instead of by key.
COMMON_TERM = 3_000
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


def _search_clause(
    session: Session, actor: Actor | None, flt: StudentFilter
) -> tuple[ColumnElement[bool] | None, str]:
    """The search condition and its folded term ('' when the condition is not one term).

    Digits also find a personal ID, but only for an actor who may see personal IDs.
    """
    if not flt.search.strip():
        return None, ""
    if flt.exact and not text.fold(flt.search).replace(" ", "").isdigit():
        needle = text.exact_form(flt.search)
        return Student.search_text.contains(needle, autoescape=True), ""
    term = rowmap.query_term(flt.search)
    if not term:
        return None, ""
    dialect = session.get_bind().dialect.name
    if " " in term and not _term_count(session, term, cap=1):
        return _any_order(session, term, dialect), ""
    if term.isdigit() and can(actor, Perm.VIEW_SENSITIVE):
        return or_(_has_term(term, dialect), _has_term(rowmap.ID_TERM + term, dialect)), ""
    return _has_term(term, dialect), term


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
    if flt.year or flt.class_id or flt.class_name:
        conds.append(exists(enrol))
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
    match, term = _search_clause(session, actor, flt)
    if term and not conds:
        return _term_count(session, term)
    if term:
        dialect = session.get_bind().dialect.name
        ids = select(StudentSearchTerm.student_id).where(_term_range(term, dialect))
        conds.append(Student.id.in_(ids))
    elif match is not None:
        conds.append(match)
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
    match, term = _search_clause(session, actor, flt)
    by_index = True
    if term:
        common = _term_count(session, term, cap=COMMON_TERM) >= COMMON_TERM
        if common:
            conds.append(match)  # type: ignore[arg-type]
        else:
            dialect = session.get_bind().dialect.name
            ids = select(StudentSearchTerm.student_id).where(_term_range(term, dialect))
            conds.append(Student.id.in_(ids))
            by_index = False
    elif match is not None:
        conds.append(match)
        by_index = flt.exact  # word-by-word matches are few: sort them, do not walk the index
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
