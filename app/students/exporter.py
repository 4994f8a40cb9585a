"""Student lists out: .xlsx in the import-template layout, the template itself, and NĐ 30 PDFs.

An exported workbook imports back unchanged: same headers, class per row,
IDs and phones as text, dates as real dates. Personal ID numbers are exported
only to accounts allowed to see them (``Perm.VIEW_SENSITIVE``); such an export is
journalled as an access event, so call these inside ``db.uow()``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.db import Actor
from app.errors import NotFound
from app.excel import writer
from app.excel.writer import ColumnSpec, Kind
from app.messages.excel import EXCEL_MSG
from app.permissions import Perm, can, require
from app.reference import ethnic_groups
from app.students import access
from app.students.inputs import FIELD_LABELS, RELATION_LABELS, SEX_LABELS, Status
from app.students.models import ClassGroup, Enrolment, Guardian, Student
from app.students.validation import ethnicity_name, normalise_class_name

TEMPLATE_FIELDS: tuple[str, ...] = (
    "stt",
    "student_code",
    "full_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "personal_id",
    "class_name",
    "place_of_birth",
    "hometown",
    "address",
    "father_name",
    "father_phone",
    "mother_name",
    "mother_phone",
    "guardian_name",
    "guardian_phone",
    "notes",
    "ministry_code",
    "lifelong_record_number",
)
REQUIRED_TEMPLATE_FIELDS = frozenset({"full_name", "date_of_birth", "sex", "class_name"})
_KINDS = {
    "stt": Kind.NUMBER,
    "student_code": Kind.CODE,
    "date_of_birth": Kind.DATE,
    "personal_id": Kind.CODE,
    "class_name": Kind.CODE,
    "father_phone": Kind.CODE,
    "mother_phone": Kind.CODE,
    "guardian_phone": Kind.CODE,
    "ministry_code": Kind.CODE,
    "lifelong_record_number": Kind.CODE,
}
_WIDTHS = {"stt": 6, "full_name": 26, "address": 30, "notes": 24, "personal_id": 17}
TEMPLATE_ROWS = 2000
NO_CLASS = "Chưa xếp lớp"
LIST_SHEET = "DanhMuc"


def header_of(field: str) -> str:
    """Canonical template header of a field ("STT", "Họ và tên"…)."""
    return "STT" if field == "stt" else FIELD_LABELS[field]


def template_columns(extra: Sequence[str] = ()) -> list[ColumnSpec]:
    """The template's columns (required ones marked "(*)"), plus ``extra`` text columns."""
    cols = []
    for f in TEMPLATE_FIELDS:
        required = f in REQUIRED_TEMPLATE_FIELDS
        label = header_of(f) + (" (*)" if required else "")
        cols.append(ColumnSpec(label, _KINDS.get(f, Kind.TEXT), _WIDTHS.get(f, 14), required))
    cols += [ColumnSpec(h, Kind.TEXT, 60) for h in extra]
    return cols


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    students: int
    sheets: int


# ---------------------------------------------------------------- reading the records


def _rows(
    session: Session, actor: Actor | None, year: str, class_name: str | None
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Active students grouped by class (grade, then name; Vietnamese name order inside)."""
    enr = (
        select(Enrolment.student_id, ClassGroup.name, ClassGroup.grade)
        .join(ClassGroup, ClassGroup.id == Enrolment.class_id)
        .where(Enrolment.school_year == year, Enrolment.end_date.is_(None))
        .subquery()
    )
    cols = [
        Student.id,
        Student.student_code,
        Student.full_name,
        Student.date_of_birth,
        Student.sex,
        Student.ethnicity_code,
        Student.personal_id,
        Student.place_of_birth,
        Student.hometown,
        Student.address_detail,
        Student.notes,
        Student.ministry_code,
        Student.lifelong_record_number,
    ]
    stmt = (
        select(*cols, enr.c.name.label("class_name"), enr.c.grade)
        .outerjoin(enr, enr.c.student_id == Student.id)
        .where(Student.status == Status.ACTIVE)
    )
    scope = access.visibility(session, actor)
    if scope is not None:
        stmt = stmt.where(scope)
    if class_name:
        stmt = stmt.where(enr.c.name == class_name)
    stmt = stmt.order_by(enr.c.grade.is_(None), enr.c.grade, enr.c.name, Student.sort_key)
    records = [dict(r) for r in session.execute(stmt).mappings()]
    guardians = _guardians(session, [r["id"] for r in records])
    for r in records:
        r["guardians"] = guardians.get(r["id"], {})
    return [(k or "", list(g)) for k, g in groupby(records, key=lambda r: r["class_name"])]


def _guardians(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """First guardian of each relation per student, in chunks."""
    out: dict[uuid.UUID, dict[str, Any]] = {}
    for i in range(0, len(ids), 2000):
        stmt = (
            select(Guardian.student_id, Guardian.relation, Guardian.full_name, Guardian.phone)
            .where(Guardian.student_id.in_(ids[i : i + 2000]))
            .order_by(Guardian.created_at)
        )
        for sid, rel, name, phone in session.execute(stmt):
            out.setdefault(sid, {}).setdefault(rel, (name, phone))
    return out


def _values(n: int, r: dict[str, Any], with_ids: bool) -> list[Any]:
    """One record in template column order."""
    g = r["guardians"]
    father, mother, guardian = (g.get(rel, ("", "")) for rel in RELATION_LABELS)
    return [
        n,
        r["student_code"],
        r["full_name"],
        r["date_of_birth"],
        SEX_LABELS.get(r["sex"], r["sex"]),
        ethnicity_name(r["ethnicity_code"]) if r["ethnicity_code"] else "",
        (r["personal_id"] or "") if with_ids else "",
        r["class_name"] or "",
        r["place_of_birth"],
        r["hometown"],
        r["address_detail"],
        *father,
        *mother,
        *guardian,
        r["notes"],
        r["ministry_code"],
        r["lifelong_record_number"] if with_ids else "",
    ]


def _journal_export(session: Session, what: str, count: int, with_ids: bool) -> None:
    journal.record_event(
        session,
        "student",
        "export",
        what,
        {"count": count, "personal_id": with_ids},
        reason="Xuất danh sách học sinh",
    )


def _scope(session: Session, actor: Actor | None, year: str | None, class_name: str | None):  # type: ignore[no-untyped-def]
    """The checked year and class (``NotFound`` for an unknown class)."""
    require(actor, Perm.VIEW_STUDENTS)
    year_name = access.year_name(session, year)
    if not class_name:
        return year_name, None
    wanted = normalise_class_name(class_name)
    group = session.scalar(
        select(ClassGroup).where(ClassGroup.name == wanted, ClassGroup.school_year == year_name)
    )
    if group is None:
        raise NotFound(EXCEL_MSG.class_not_found.format(name=wanted, year=year_name))
    access.require_class_visible(session, actor, group.id)
    return year_name, wanted


# ---------------------------------------------------------------- Excel


def export_xlsx(
    session: Session,
    actor: Actor | None,
    path: Path | str,
    *,
    year: str | None = None,
    class_name: str | None = None,
    sheet_per_class: bool = True,
) -> ExportResult:
    """Write a class (or the whole school) in the template layout; re-importing changes nothing."""
    year_name, wanted = _scope(session, actor, year, class_name)
    groups = _rows(session, actor, year_name, wanted)
    count = sum(len(g) for _, g in groups)
    if count == 0:
        raise NotFound(EXCEL_MSG.export_no_rows.format(scope=wanted or year_name))
    with_ids = can(actor, Perm.VIEW_SENSITIVE)
    wb = writer.new_workbook()
    columns = template_columns()
    if sheet_per_class:
        for name, records in groups:
            rows = (_values(i, r, with_ids) for i, r in enumerate(records, start=1))
            writer.add_table_sheet(wb, name or NO_CLASS, columns, rows)
    else:
        flat = [r for _, g in groups for r in g]
        rows = (_values(i, r, with_ids) for i, r in enumerate(flat, start=1))
        writer.add_table_sheet(wb, f"Toàn trường {year_name}", columns, rows)
    out = writer.save_workbook(wb, path)
    _journal_export(session, f"Xuất Excel {wanted or 'toàn trường'} {year_name}", count, with_ids)
    return ExportResult(out, count, len(groups) if sheet_per_class else 1)


def write_template(
    session: Session, actor: Actor | None, path: Path | str, *, year: str | None = None
) -> Path:
    """The empty import template with dropdowns for sex, ethnicity and this year's classes."""
    require(actor, Perm.VIEW_STUDENTS)
    year_name = access.year_name(session, year)
    classes = list(
        session.scalars(
            select(ClassGroup.name)
            .where(ClassGroup.school_year == year_name)
            .order_by(ClassGroup.grade, ClassGroup.name)
        )
    )
    wb = writer.new_workbook()
    writer.add_table_sheet(
        wb, "Danh sách học sinh", template_columns(), [], validations=_dropdowns(classes)
    )
    _instructions(wb, year_name)
    _lists(wb, classes)
    return writer.save_workbook(wb, path)


def write_rows(
    path: Path | str, title: str, rows: Sequence[Sequence[Any]], extra: Sequence[str]
) -> Path:
    """A workbook with ``rows`` in template order plus ``extra`` columns (rejected rows file)."""
    wb = writer.new_workbook()
    writer.add_table_sheet(wb, title, template_columns(extra), rows)
    return writer.save_workbook(wb, path)


def _col(field: str) -> int:
    return TEMPLATE_FIELDS.index(field) + 1


def _dropdowns(classes: list[str]) -> list[DataValidation]:
    last = TEMPLATE_ROWS + 1
    n_eth = len(ethnic_groups())
    out = [
        writer.list_validation(f"{LIST_SHEET}!$A$2:$A$3", 2, last, _col("sex")),
        writer.list_validation(f"{LIST_SHEET}!$B$2:$B${n_eth + 1}", 2, last, _col("ethnicity")),
    ]
    if classes:
        ref = f"{LIST_SHEET}!$C$2:$C${len(classes) + 1}"
        out.append(writer.list_validation(ref, 2, last, _col("class_name")))
    return out


def _lists(wb: Any, classes: list[str]) -> None:
    """The hidden sheet the dropdowns read from (the importer skips hidden sheets)."""
    names = [g.name for g in ethnic_groups()]
    sexes = list(SEX_LABELS.values())
    rows = [
        [
            sexes[i] if i < len(sexes) else "",
            names[i] if i < len(names) else "",
            classes[i] if i < len(classes) else "",
        ]
        for i in range(max(len(names), len(classes)))
    ]
    cols = [ColumnSpec("Giới tính"), ColumnSpec("Dân tộc"), ColumnSpec("Lớp", Kind.CODE)]
    writer.add_table_sheet(wb, LIST_SHEET, cols, rows)
    wb[LIST_SHEET].sheet_state = "hidden"


_HELP = (
    "Cách điền mẫu nhập danh sách học sinh (năm học {year})",
    "• Mỗi dòng là một học sinh. Cột có dấu (*) là bắt buộc khi thêm học sinh mới.",
    "• Ngày sinh ghi dạng dd/mm/yyyy, ví dụ 05/09/2013 (hoặc dùng ô kiểu Ngày của Excel).",
    "• Số định danh cá nhân gồm đúng 12 chữ số; ô đã để dạng văn bản nên không mất số 0 ở đầu.",
    "• Giới tính, Dân tộc, Lớp: chọn trong danh sách thả xuống.",
    "• Nếu có Số định danh hoặc Mã học sinh trùng với học sinh đã có, dòng đó sẽ CẬP NHẬT hồ sơ;",
    "  ô để trống không xóa dữ liệu đã có.",
    "• Có thể chia mỗi lớp một trang tính (tên trang là tên lớp) hoặc để cả trường một trang.",
    "• Nhập lại cùng một tệp không làm thay đổi gì.",
)


def _instructions(wb: Any, year: str) -> None:
    ws = wb.create_sheet("Hướng dẫn")
    ws.column_dimensions["A"].width = 110
    for i, line in enumerate(_HELP):
        ws.append([writer.cell(ws, line.format(year=year), bold=i == 0)])


# ---------------------------------------------------------------- PDF
