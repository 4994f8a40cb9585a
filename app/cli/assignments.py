"""``classes assignments``: the teaching-assignment grid of a year (phân công giảng dạy).

``show`` prints it; ``set`` changes one cell, ``fill`` a whole row (``--class``) or column
(``--subject``); ``copy-from`` fills the empty cells from the previous year; ``export`` and
``import`` carry it as .xlsx. Teachers are typed as a login or a full name, several
separated by ";", "" for nobody; the column "GVCN" is the homeroom teacher. The same services
as the window; added to the ``classes`` group by ``app.cli.students``.

Exit codes: 0 done (a dry run too); 1 an expected error (a refused cell: nothing written).
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import Any

from app.assignments.copy_year import copy_previous, plan_copy
from app.assignments.grid import (
    HOMEROOM,
    AssignmentGrid,
    CellChange,
    ChangeLine,
    change_lines,
    fill_column,
    fill_row,
    load_grid,
    save_grid,
)
from app.assignments.teachers import resolve, split_teachers
from app.assignments.wording import change_text, column_name, plan_text
from app.cli import Context, add_common
from app.errors import NotFound, ValidationError
from app.labels import nfc
from app.messages.assignments import ASSIGN_MSG as M
from app.students.access import year_name
from app.students.validation import normalise_class_name


def _year(s: Any, year: str | None) -> str:
    return year_name(s, year)


def _column(grid: AssignmentGrid, text: str) -> str:
    wanted = nfc(text).strip().casefold()
    if wanted in (M.homeroom_column.casefold(), M.homeroom_label.casefold()):
        return HOMEROOM
    for s in grid.subjects:
        if wanted in (s.name.casefold(), s.label.casefold()):
            return s.name
    names = ", ".join(s.name for s in grid.subjects)
    raise NotFound(M.subject_unknown.format(text=text, year=grid.year, names=names))


def _teachers(grid: AssignmentGrid, text: str) -> tuple[str, ...]:
    out = []
    for part in split_teachers(text):
        user, why = resolve(part, grid.teachers)
        if user is None:
            raise ValidationError(why[0].upper() + why[1:] + ".")
        out.append(user)
    return tuple(out)


def _class_id(grid: AssignmentGrid, name: str) -> uuid.UUID:
    group = grid.by_name(normalise_class_name(name))
    if group is None:
        raise NotFound(M.class_not_in_year.format(cls=name, year=grid.year).capitalize() + ".")
    return group.id


def _lines_data(lines: tuple[ChangeLine, ...] | list[ChangeLine]) -> list[dict[str, Any]]:
    return [
        {"class": x.class_name, "subject": column_name(x.subject), "old": list(x.old),
         "new": list(x.new), "graded": x.graded}
        for x in lines
    ]  # fmt: skip


def _show(args: argparse.Namespace, ctx: Context) -> int:
    rt, actor = ctx.runtime(lock=False, create=False), ctx.actor()
    with rt.db.read(actor) as s:
        grid = load_grid(s, actor, _year(s, args.year), grade=args.grade)
    filled = sum(1 for c in grid.classes for n in c.subjects if grid.teachers_of(c.id, n))
    lines = [M.cli_heading.format(year=grid.year, classes=len(grid.classes), filled=filled,
                                  cells=grid.cell_count)]  # fmt: skip
    for c in grid.classes:
        lines.append(
            f"{c.name}  {M.homeroom_column}: {grid.cell_text(c.id, HOMEROOM) or M.cli_empty}"
        )
        for col in grid.subjects:
            if col.name in c.subjects:
                lines.append(f"    {col.name}: {grid.cell_text(c.id, col.name) or M.cli_empty}")
    data = {
        "year": grid.year,
        "classes": [
            {"name": c.name, "grade": c.grade, "homeroom": c.homeroom,
             "subjects": {n: list(grid.teachers_of(c.id, n)) for n in c.subjects}}
            for c in grid.classes
        ],
        "teachers": [{"username": t.username, "full_name": t.full_name, "active": t.active}
                     for t in grid.teachers if t.active],
    }  # fmt: skip
    ctx.out(data, "\n".join(lines))
    return 0


def _save(args: argparse.Namespace, ctx: Context, build: Any) -> int:
    """Load the grid, build the changes from it, save them in one unit of work."""
    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.uow(actor=actor, reason=args.reason) as s:
        year = _year(s, args.year)
        grid = load_grid(s, actor, year)
        saved = save_grid(s, actor, year, build(grid))
    text = [M.cli_saved.format(n=len(saved.lines)) if saved.lines else M.cli_nothing]
    ctx.out({"year": year, "changed": _lines_data(saved.lines)},
            "\n".join(text + change_text(saved.lines)))  # fmt: skip
    return 0


def _set(args: argparse.Namespace, ctx: Context) -> int:
    def build(grid: AssignmentGrid) -> list[CellChange]:
        subject = _column(grid, args.subject)
        return [
            CellChange(_class_id(grid, args.class_name), subject, _teachers(grid, args.teacher))
        ]

    return _save(args, ctx, build)


def _fill(args: argparse.Namespace, ctx: Context) -> int:
    if bool(args.class_name) == bool(args.subject):
        raise ValidationError(M.cli_need_target)

    def build(grid: AssignmentGrid) -> list[CellChange]:
        teachers = _teachers(grid, args.teacher)
        if args.class_name:
            return fill_row(grid, _class_id(grid, args.class_name), teachers)
        changes = fill_column(grid, _column(grid, args.subject), teachers)
        if args.grade is None:
            return changes
        return [c for c in changes if grid.by_id(c.class_id).grade == args.grade]

    return _save(args, ctx, build)


def _copy(args: argparse.Namespace, ctx: Context) -> int:
    rt, actor = ctx.runtime(create=False), ctx.actor()
    if args.dry_run:
        with rt.db.read(actor) as s:
            year = _year(s, args.year)
            plan = plan_copy(s, actor, year, same_name=args.same_name)
            lines = change_lines(load_grid(s, actor, year), plan.changes)
    else:
        with rt.db.uow(actor=actor, reason=args.reason) as s:
            plan, saved = copy_previous(s, actor, _year(s, args.year), same_name=args.same_name)
            lines = list(saved.lines)
    text = plan_text(plan)
    text += change_text(lines)
    text.append(M.cli_dry_run if args.dry_run else M.cli_saved.format(n=len(lines)))
    data = {
        "dry_run": args.dry_run, "previous_year": plan.previous_year, "year": plan.year,
        "pairs": [list(p) for p in plan.pairs], "unmatched_previous": list(plan.unmatched_previous),
        "without_source": list(plan.without_source), "kept": plan.kept,
        "inactive": list(plan.inactive), "changed": _lines_data(lines),
    }  # fmt: skip
    ctx.out(data, "\n".join(text))
    return 0


def _export(args: argparse.Namespace, ctx: Context) -> int:
    from app.assignments.excel_export import export_grid

    rt, actor = ctx.runtime(lock=False, create=False), ctx.actor()
    path = Path(args.out)
    with rt.db.read(actor) as s:
        grid = export_grid(s, actor, _year(s, args.year), path)
    text = M.cli_exported.format(classes=len(grid.classes), subjects=len(grid.subjects), path=path)
    ctx.out({"year": grid.year, "file": str(path), "classes": len(grid.classes)}, text)
    return 0


def _import(args: argparse.Namespace, ctx: Context) -> int:
    from app.assignments.excel_import import import_assignments, preview_import
    from app.excel.encodings import LegacyChoice

    rt, actor = ctx.runtime(create=False), ctx.actor()
    path = Path(args.file)
    legacy = LegacyChoice.CONVERT if args.convert_legacy else LegacyChoice.KEEP
    with rt.db.read(actor) as s:
        year = _year(s, args.year)
        pv = preview_import(s, actor, path, year, legacy=legacy)
    refusal, saved = pv.refusal(), None
    if not refusal and not args.dry_run:
        try:
            pv, saved = import_assignments(rt.db, actor, path, year, legacy=legacy)
        except ValidationError as exc:
            refusal = str(exc)
    text = [*pv.notices, M.cli_import_preview.format(file=path.name, rows=pv.classes,
                                                     n=len(pv.lines))]  # fmt: skip
    text += change_text(pv.lines)
    if refusal:
        text.append(refusal)
    elif args.dry_run:
        text.append(M.cli_dry_run)
    else:
        text.append(
            M.cli_saved.format(n=len(saved.lines)) if saved and saved.lines else M.cli_nothing
        )
    data = {
        "dry_run": args.dry_run, "file": path.name, "year": year, "classes": pv.classes,
        "changed": _lines_data(pv.lines), "problems": [p.as_dict() for p in pv.problems],
        "notices": list(pv.notices), "written": bool(saved and saved.lines),
    }  # fmt: skip
    ctx.out(data, "\n".join(text))
    return 1 if refusal else 0


def _options(p: argparse.ArgumentParser, *, reason: bool = False) -> None:
    add_common(p, json_flag=True)
    p.add_argument(
        "--year", metavar="NĂM_HỌC", help="năm học, ví dụ 2025-2026 (mặc định: năm hiện tại)"
    )
    if reason:
        p.add_argument("--reason", help="lý do ghi vào nhật ký thay đổi")


def register_class_commands(classes: Any) -> None:
    """Add ``assignments`` and its commands to the ``classes`` group."""
    group = classes.add_parser(
        "assignments", help="phân công giảng dạy: lớp × môn → giáo viên, giáo viên chủ nhiệm"
    ).add_subparsers(dest="assignments_cmd", metavar="<lệnh>", required=True)
    p = group.add_parser("show", help="xem bảng phân công của một năm học")
    _options(p)
    p.add_argument("--grade", type=int, metavar="KHỐI", help="chỉ các lớp của một khối")
    p.set_defaults(func=_show)
    teacher_help = "giáo viên: tên đăng nhập hoặc họ tên, nhiều người cách nhau bởi “;”, “” để bỏ"
    p = group.add_parser("set", help="phân công một ô: một lớp, một môn (hoặc GVCN)")
    _options(p, reason=True)
    p.add_argument("--class", dest="class_name", metavar="LỚP", required=True, help="ví dụ 6A1")
    p.add_argument("--subject", metavar="MÔN", required=True, help="tên môn, hoặc GVCN")
    p.add_argument("--teacher", metavar="GIÁO_VIÊN", required=True, help=teacher_help)
    p.set_defaults(func=_set)
    p = group.add_parser("fill", help="điền cả hàng (mọi môn của một lớp) hoặc cả cột (một môn)")
    _options(p, reason=True)
    p.add_argument("--class", dest="class_name", metavar="LỚP", help="điền mọi môn của lớp này")
    p.add_argument("--subject", metavar="MÔN", help="điền môn này ở mọi lớp học môn đó")
    p.add_argument("--grade", type=int, metavar="KHỐI", help="với --subject: chỉ các lớp của khối")
    p.add_argument("--teacher", metavar="GIÁO_VIÊN", required=True, help=teacher_help)
    p.set_defaults(func=_fill)
    p = group.add_parser("copy-from", help="chép phân công năm học trước vào các ô còn trống")
    _options(p, reason=True)
    p.add_argument("--same-name", action="store_true",
                   help="ghép lớp cùng tên (mặc định: lớp lên khối, 6A1 → 7A1, rồi lớp cùng tên)")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, chưa ghi gì")
    p.set_defaults(func=_copy)
    p = group.add_parser("export", help="xuất bảng phân công ra tệp Excel (.xlsx)")
    _options(p)
    p.add_argument("--out", metavar="TỆP", required=True, help="tệp .xlsx sẽ ghi")
    p.set_defaults(func=_export)
    p = group.add_parser("import", help="nhập bảng phân công từ tệp Excel (xem trước, rồi ghi)")
    _options(p)
    p.add_argument("file", metavar="TỆP", help=".xlsx, .xls hoặc .ods theo mẫu của lệnh export")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, chưa ghi gì")
    p.add_argument("--convert-legacy", action="store_true",
                   help="chuyển các ô gõ bảng mã cũ (TCVN3, VNI) đã liệt kê")  # fmt: skip
    p.set_defaults(func=_import)
