"""``grades export-sheet | export-class | import | result-sheet | lists-file``: grade files.

Registered into the ``grades`` group by ``app/cli/grades.py`` through
``register_sheet_commands`` (this module has no top-level ``register``).

Exit codes of ``grades import``: 0 everything valid and written (or valid with
``--dry-run``); 1 some cell refused, a conflict without a choice, or the write
refused (locked semester without principal and reason): nothing written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import Context, add_common
from app.errors import AppError
from app.gradebook import catalogue
from app.gradebook.terms import semester_label
from app.gradesheets import (
    LIST_KEYS,
    Choice,
    SheetPreview,
    choose_all,
    commit_sheet,
    export_class_scores,
    export_sheet,
    lists_pdf,
    lists_xlsx,
    preview_file,
    result_sheet_pdf,
    result_sheet_xlsx,
)
from app.messages import MSG
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.students.access import year_name
from app.students.classes import class_by_name

TEXT_LIMIT = 60
"""Changes listed in the text output (``--json`` lists them all)."""


def _format(args: argparse.Namespace) -> str:
    """``--format``, else the output file's suffix (.pdf → pdf), else xlsx."""
    return args.format or ("pdf" if Path(args.out).suffix.lower() == ".pdf" else "xlsx")


def _export_sheet(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    actor = ctx.actor()
    with rt.db.read(actor) as s:
        group = class_by_name(s, args.class_name, year_name(s, args.year))
        subject = catalogue.find_subject(s, group.school_year, group.grade, args.subject)
        out = export_sheet(s, actor, group.id, subject.id, args.semester, args.out)
    data = {
        "path": str(out.path),
        "class": out.class_name,
        "subject": out.subject_name,
        "semester": out.semester,
        "students": out.students,
        "columns": list(out.columns),
        "fingerprint": out.fingerprint,
    }
    text = M.export_done.format(
        subject=out.subject_name,
        cls=out.class_name,
        semester=semester_label(out.semester),
        n=out.students,
        path=out.path,
    )
    ctx.out(data, text)
    return 0


def _export_class(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    actor = ctx.actor()
    with rt.db.read(actor) as s:
        group = class_by_name(s, args.class_name, year_name(s, args.year))
        out = export_class_scores(s, actor, group.id, args.out, args.semester)
    scope = semester_label(args.semester) if args.semester else "cả năm"
    data = {
        "path": str(out.path),
        "class": out.class_name,
        "school_year": out.school_year,
        "semester": args.semester,
        "subjects": list(out.subjects),
        "students": out.students,
        "cells": out.cells,
    }
    text = M.class_scores_done.format(
        cells=out.cells,
        students=out.students,
        cls=out.class_name,
        scope=scope,
        subjects=len(out.subjects),
        path=out.path,
    )
    ctx.out(data, text)
    return 0


def _preview_lines(pv: SheetPreview) -> list[str]:
    lines = [pv.summary(), *pv.notices]
    lines += [f"  Lỗi: {p.message}" for p in pv.problems]
    shown = pv.plain_changes[:TEXT_LIMIT]
    lines += [f"  Sửa: {c.message}" for c in shown]
    if len(pv.plain_changes) > len(shown):
        lines.append(f"  … và {len(pv.plain_changes) - len(shown)} ô khác (xem --json).")
    lines += [f"  Xung đột: {c.message}" for c in pv.conflicts]
    return lines


def _choices(args: argparse.Namespace, pv: SheetPreview) -> dict[Any, Choice]:
    if args.take_sheet:
        return choose_all(pv, Choice.TAKE_SHEET)
    if args.keep_current:
        return choose_all(pv, Choice.KEEP_CURRENT)
    return {}


def _import(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=not args.dry_run, create=False)
    actor = ctx.actor()
    with rt.db.read(actor) as s:
        pv = preview_file(s, actor, args.file, year=args.year)
    data: dict[str, Any] = pv.as_dict() | {"dry_run": args.dry_run, "written": False}
    lines = _preview_lines(pv)
    code = 0
    if pv.problems:
        lines.append(M.has_errors.format(file=pv.file.name, n=len(pv.problems)))
        code = 1
    elif args.dry_run:
        lines.append(M.dry_run)
    elif pv.conflicts and not (args.take_sheet or args.keep_current):
        lines += [M.not_written, M.conflict_flags]
        data["error"] = M.conflicts_unresolved.format(
            n=len(pv.conflicts), first=pv.conflicts[0].message
        )
        code = 1
    else:
        try:
            result = commit_sheet(rt.db, actor, pv, _choices(args, pv), args.reason)
        except AppError as exc:
            data["error"] = exc.message
            ctx.out(data, "\n".join(lines))
            print(MSG.cli_error.format(message=exc.message), file=sys.stderr)
            return 1
        data["written"], data["result"] = result.written, result.as_dict()
        if result.written:
            lines.append(
                M.import_done.format(
                    file=pv.file.name,
                    inserted=result.inserted,
                    updated=result.updated,
                    deleted=result.deleted,
                    kept=result.kept,
                )
            )
            if result.restore_point:
                lines.append(M.restore_point.format(path=result.restore_point))
        else:
            lines.append(M.import_nothing.format(file=pv.file.name))
    ctx.out(data, "\n".join(lines))
    return code


def _result_sheet(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    actor = ctx.actor()
    fmt = _format(args)
    with rt.db.read(actor) as s:
        group = class_by_name(s, args.class_name, year_name(s, args.year))
        write = result_sheet_pdf if fmt == "pdf" else result_sheet_xlsx
        out = write(s, actor, group.id, args.out, args.semester)
        name, year = group.name, group.school_year
    scope = semester_label(args.semester) if args.semester else "cả năm"
    ctx.out(
        {"path": str(out), "class": name, "school_year": year, "semester": args.semester},
        M.result_done.format(cls=name, scope=scope, path=out),
    )
    return 0


def _lists_file(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    actor = ctx.actor()
    fmt = _format(args)
    with rt.db.read(actor) as s:
        year = year_name(s, args.year)
        class_id = class_by_name(s, args.class_name, year).id if args.class_name else None
        write = lists_pdf if fmt == "pdf" else lists_xlsx
        out = write(s, actor, args.out, year=year, class_id=class_id, only=args.list)
    scope = f"lớp {args.class_name}" if args.class_name else f"toàn trường {year}"
    ctx.out(
        {"path": str(out), "class": args.class_name, "school_year": year, "list": args.list},
        M.lists_done.format(scope=scope, path=out),
    )
    return 0


def _class_year(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument(
        "--class", dest="class_name", metavar="LỚP", required=required, help="tên lớp, ví dụ 6A1"
    )
    p.add_argument(
        "--year", metavar="NĂM_HỌC", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)"
    )


def _out(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("xlsx", "pdf"), help="mặc định: theo đuôi tệp --out")
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp kết quả")


def register_sheet_commands(gsub: Any) -> None:
    """Add the file commands to the ``grades`` group's subparsers."""
    p = gsub.add_parser("export-sheet", help="xuất bảng điểm Excel của một lớp × môn × học kì")
    add_common(p, json_flag=True)
    _class_year(p, required=True)
    p.add_argument(
        "--subject", metavar="MÔN", required=True, help="tên môn, ví dụ “Toán” hoặc “KHTN”"
    )
    p.add_argument("--semester", type=int, choices=(1, 2), required=True, help="học kì 1 hoặc 2")
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp .xlsx sẽ tạo")
    p.set_defaults(func=_export_sheet)

    p = gsub.add_parser(
        "export-class",
        help="xuất mọi ô điểm của một lớp theo định dạng dọc (.xlsx hoặc .csv), nhập lại được",
    )
    add_common(p, json_flag=True)
    _class_year(p, required=True)
    p.add_argument("--semester", type=int, choices=(1, 2), help="học kì; bỏ trống: cả năm")
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp .xlsx hoặc .csv sẽ tạo")
    p.set_defaults(func=_export_class)

    p = gsub.add_parser(
        "import",
        help="nhập bảng điểm giáo viên (.xlsx, .xls, .ods) hoặc tệp định dạng dọc "
        "(.csv, .xlsx, .xls, .ods)",
    )
    add_common(p, json_flag=True)
    p.add_argument("file", metavar="TỆP", help="tệp bảng điểm đã điền, hoặc tệp định dạng dọc")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và xem thay đổi, không ghi")
    choice = p.add_mutually_exclusive_group()
    choice.add_argument(
        "--take-sheet", action="store_true", help="ô xung đột: lấy giá trị trong tệp"
    )
    choice.add_argument(
        "--keep-current", action="store_true", help="ô xung đột: giữ giá trị trong phần mềm"
    )
    p.add_argument("--reason", metavar="LÝ_DO", help="lý do (bắt buộc khi học kì đã khóa sổ)")
    p.add_argument(
        "--year", metavar="NĂM_HỌC", help="năm học của tệp định dạng dọc không có cột school_year"
    )
    p.set_defaults(func=_import)

    p = gsub.add_parser(
        "result-sheet", help="bảng tổng hợp kết quả đánh giá của lớp (.xlsx hoặc PDF)"
    )
    add_common(p, json_flag=True)
    _class_year(p, required=True)
    p.add_argument("--semester", type=int, choices=(1, 2), help="học kì; bỏ trống: cả năm")
    _out(p)
    p.set_defaults(func=_result_sheet)

    p = gsub.add_parser(
        "lists-file", help="danh sách lên lớp, rèn luyện hè, kiểm tra lại, … ra .xlsx hoặc PDF"
    )
    add_common(p, json_flag=True)
    _class_year(p, required=False)
    p.add_argument("--list", choices=LIST_KEYS, help="chỉ một danh sách (mặc định: tất cả)")
    _out(p)
    p.set_defaults(func=_lists_file)
