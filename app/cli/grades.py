"""``results`` and ``grades …``: class results, locking, single-cell edits, history, lists.

The file commands (``grades_sheets``), the primary ones (``grades_primary``) and
the re-test ones (``grades_retest``) live in their own modules, which add them to
the same ``grades`` group here (they must not define ``register`` themselves).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cli import Context, add_common, grades_primary, grades_retest, grades_sheets
from app.cli.grades_primary import PRIMARY_KINDS
from app.errors import Conflict, NotFound
from app.gradebook import (
    assignments,
    catalogue,
    export,
    history,
    lists,
    locking,
    missing,
    primary_export,
    results,
)
from app.gradebook.entry import CellEdit, describe_slot, save_scores
from app.gradebook.grid import grade_grid
from app.gradebook.primary import records as primary_records
from app.gradebook.primary import results as primary_results
from app.gradebook.values import Kind, Slot
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.students.access import year_name
from app.students.classes import class_by_name
from app.students.models import ClassGroup, Enrolment
from app.students.store import student_id_by_code

ORDER = 40


def _class(s: Session, args: argparse.Namespace) -> ClassGroup:
    return class_by_name(s, args.class_name, year_name(s, getattr(args, "year", None)))


def _results(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    actor = ctx.actor()
    with rt.db.read(actor) as s:
        group = _class(s, args)
        if primary_records.is_primary(group):
            found = primary_results.primary_summary(s, actor, group.id, args.semester)
            ctx.out(primary_export.summary_json(found), primary_export.summary_text(found))
            return 0
        summary = results.class_summary(s, actor, group.id, group.school_year, args.semester)
    ctx.out(export.summary_json(summary), export.summary_text(summary))
    return 0


def _lock(args: argparse.Namespace, ctx: Context) -> int:
    """Lock a semester; while values are missing, list them and lock only with ``--force``."""
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        group = _class(s, args)
        found = missing.missing_grades(s, actor, group.id, args.semester)
        if found.lines and not args.force:
            print(found.text(), file=sys.stderr)
            raise Conflict(M.cli_lock_missing)
        locking.lock_semester(s, actor, group.id, args.semester, args.reason or "")
        name, year = group.name, group.school_year
    text = M.cli_locked.format(cls=name, semester=args.semester, year=year)
    if found.lines:
        text = found.text() + "\n" + text
    data = {"class": name, "school_year": year, "semester": args.semester, "locked": True}
    ctx.out({**data, "missing": [line.json() for line in found.lines]}, text)
    return 0


def _unlock(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        group = _class(s, args)
        locking.unlock_semester(s, actor, group.id, args.semester, args.reason)
        name, year = group.name, group.school_year
    text = M.cli_unlocked.format(cls=name, semester=args.semester, year=year)
    ctx.out({"class": name, "school_year": year, "semester": args.semester, "locked": False}, text)
    return 0


def _student_class(s: Session, student_id: uuid.UUID, year: str) -> ClassGroup:
    """The class the student is (or was last) enrolled in during ``year``."""
    stmt = (
        select(ClassGroup)
        .join(Enrolment, Enrolment.class_id == ClassGroup.id)
        .where(Enrolment.student_id == student_id, ClassGroup.school_year == year)
        .order_by(Enrolment.end_date.is_not(None), Enrolment.start_date.desc())
    )
    group = s.scalars(stmt).first()
    if group is None:
        raise NotFound(M.cli_student_no_class.format(year=year))
    return group


def _set(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        year = year_name(s, args.year)
        sid = student_id_by_code(s, args.student)
        group = _student_class(s, sid, year)
        if grades_primary.primary_cell(group, args.kind):
            data, text = grades_primary.set_cell(s, actor, group, sid, args)
        else:
            column = Slot(Kind(args.kind), args.index).key
            subject = catalogue.find_subject(s, year, group.grade, args.subject)
            cell = CellEdit(sid, column, args.value)
            saved = save_scores(s, actor, group.id, subject.id, args.semester, [cell], args.reason)
            row = next(
                r
                for r in grade_grid(s, actor, group.id, subject.id, args.semester).rows
                if r.student_id == sid
            )
            what = describe_slot(subject.name, args.semester, column)
            data = {
                "student_code": args.student,
                "class": group.name,
                "cell": what,
                "value": row.cell(column).text,
                "semester_average": row.average_text or None,
                "reasons": list(row.reasons),
                "changed": bool(saved.changes),
            }
            text = M.cli_set.format(what=what, value=data["value"] or "∅", cls=data["class"])
            text += "" if saved.changes else M.cli_unchanged
            text += "\n" + M.cli_average.format(
                value=row.average_text or "–", reasons="; ".join(row.reasons)
            )
    ctx.out(data, text)
    return 0


def _history(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    actor = ctx.actor()
    with rt.db.read(actor) as s:
        entries = history.grade_history(s, actor, student_id_by_code(s, args.student))
    ctx.out(export.history_json(entries), export.history_text(entries))
    return 0


def _lists(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    actor = ctx.actor()
    with rt.db.read(actor) as s:
        year = year_name(s, args.year)
        class_id = _class(s, args).id if args.class_name else None
        found = lists.result_lists(s, actor, year, class_id)
    ctx.out(primary_export.lists_json(found), primary_export.lists_text(found))
    return 0


def _subjects(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    created = 0
    with rt.db.uow(actor=actor) as s:
        year = year_name(s, args.year)
        if args.seed:
            created = catalogue.ensure_catalogue(s, actor, year)
        rows = catalogue.list_subjects(s, year, args.grade)
    data: dict[str, Any] = {
        "school_year": year,
        "created": created,
        "subjects": [
            {
                "grade": r.grade,
                "name": r.name,
                "short_name": r.short_name,
                "periods_per_year": r.periods_per_year,
                "regular_count": r.regular_count,
                "comment_only": r.comment_only,
                "elective": r.elective,
                "active": r.active,
            }
            for r in rows
        ],
    }
    lines = [
        f"{r.grade:>2}  {r.name:<38} {r.periods_per_year:>4} tiết  {r.regular_count} TX  "
        f"{'nhận xét' if r.comment_only else 'điểm số':<8} {'lựa chọn' if r.elective else ''}"
        for r in rows
    ]
    ctx.out(data, "\n".join(lines) or M.catalogue_missing.format(year=year))
    return 0


def _assign(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        group = _class(s, args)
        subject = catalogue.find_subject(s, group.school_year, group.grade, args.subject)
        info = assignments.assign_teacher(s, actor, group.id, subject.id, args.teacher)
    text = M.cli_assigned.format(
        user=info.teacher_username, subject=info.subject_name, cls=info.class_name
    )
    ctx.out(
        {"class": info.class_name, "subject": info.subject_name, "teacher": info.teacher_username},
        text,
    )
    return 0


def _class_options(p: argparse.ArgumentParser, *, required: bool = True) -> None:
    p.add_argument("--class", dest="class_name", required=required, help="tên lớp, ví dụ 6A1")
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)")


def _semester_option(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument(
        "--semester", type=int, choices=(1, 2), required=required, help="học kì 1 hoặc 2"
    )


def register(sub: Any) -> None:
    """Add ``results`` and the ``grades`` group."""
    p = sub.add_parser(
        "results", help="kết quả học tập, rèn luyện của một lớp (học kì hoặc cả năm)"
    )
    add_common(p, json_flag=True)
    _class_options(p)
    _semester_option(p, required=False)
    p.set_defaults(func=_results)

    grades = sub.add_parser(
        "grades", help="sổ điểm: khóa/mở khóa, sửa điểm, lịch sử, danh sách cuối năm"
    )
    gsub = grades.add_subparsers(dest="grades_command", metavar="LỆNH", required=True)
    _register_grades(gsub)
    grades_sheets.register_sheet_commands(gsub)
    grades_primary.register_grade_commands(gsub)
    grades_retest.register_grade_commands(gsub)


def _register_grades(gsub: Any) -> None:
    p = gsub.add_parser("lock", help="khóa sổ điểm học kì của một lớp (Ban giám hiệu)")
    add_common(p, json_flag=True)
    _class_options(p)
    _semester_option(p, required=True)
    p.add_argument("--reason", help="ghi chú khi khóa")
    p.add_argument(
        "--force",
        action="store_true",
        help="vẫn khóa khi còn học sinh thiếu điểm hoặc đánh giá (danh sách vẫn được in ra)",
    )
    p.set_defaults(func=_lock)

    p = gsub.add_parser("unlock", help="mở khóa sổ điểm (phải ghi lý do)")
    add_common(p, json_flag=True)
    _class_options(p)
    _semester_option(p, required=True)
    p.add_argument("--reason", required=True, help="lý do mở khóa")
    p.set_defaults(func=_unlock)

    p = gsub.add_parser("set", help="nhập hoặc sửa một ô điểm của một học sinh")
    add_common(p, json_flag=True)
    p.add_argument("--student", required=True, help="mã học sinh")
    p.add_argument("--subject", required=True, help="tên môn, ví dụ “Toán” hoặc “KHTN”")
    _semester_option(p, required=True)
    p.add_argument(
        "--kind",
        required=True,
        choices=[k.value for k in Kind] + list(PRIMARY_KINDS),
        help="THCS, THPT: TX, GK, CK hoặc DG (nhận xét); tiểu học: MD (mức đạt được), "
        "KT (điểm kiểm tra định kì) hoặc NX (nhận xét)",
    )
    p.add_argument(
        "--index",
        type=int,
        default=1,
        help="THCS, THPT: thứ tự ĐĐGtx (1, 2, …); tiểu học: 1 giữa học kì, 2 cuối học kì "
        "(học kì 2: cuối năm); mặc định 1",
    )
    p.add_argument(
        "--value",
        required=True,
        help="điểm (8,5 hoặc 8.5), Đ/CĐ, lời nhận xét; tiểu học: HTT/HT/CHT, điểm 0–10, "
        "lời nhận xét; chuỗi rỗng để xóa",
    )
    p.add_argument("--reason", help="lý do (bắt buộc khi sổ điểm đã khóa)")
    p.add_argument("--year", help="năm học (mặc định: năm học hiện tại)")
    p.set_defaults(func=_set)

    p = gsub.add_parser("history", help="lịch sử thay đổi điểm của một học sinh")
    add_common(p, json_flag=True)
    p.add_argument("--student", required=True, help="mã học sinh")
    p.set_defaults(func=_history)

    p = gsub.add_parser(
        "lists", help="danh sách lên lớp, rèn luyện hè, kiểm tra lại, ở lại lớp, khen thưởng"
    )
    add_common(p, json_flag=True)
    _class_options(p, required=False)
    p.set_defaults(func=_lists)

    p = gsub.add_parser("subjects", help="danh mục môn học của năm học")
    add_common(p, json_flag=True)
    p.add_argument("--year", help="năm học (mặc định: năm học hiện tại)")
    p.add_argument("--grade", type=int, help="chỉ một khối")
    p.add_argument("--seed", action="store_true", help="tạo danh mục nếu năm học chưa có")
    p.set_defaults(func=_subjects)

    p = gsub.add_parser("assign", help="phân công giáo viên dạy một môn ở một lớp")
    add_common(p, json_flag=True)
    _class_options(p)
    p.add_argument("--subject", required=True, help="tên môn")
    p.add_argument("--teacher", required=True, help="tên đăng nhập của giáo viên")
    p.set_defaults(func=_assign)
