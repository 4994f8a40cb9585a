"""``classes electives``: list a class's elective subjects with the choices and the limit, or set them.

Added to the ``classes`` group by ``app.cli.students`` (no ``register`` here).
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from app.cli import Context, add_common
from app.gradebook import catalogue, electives
from app.gradebook.electives import ClassElectives, ElectivesSaved
from app.gradebook.terms import semester_label
from app.messages.electives import ELECTIVES_MSG as M
from app.students.access import year_name
from app.students.classes import class_by_name


def split_subjects(text: str) -> list[str]:
    """Subject names typed as "Vật lí, Hóa học; Sinh" (commas or semicolons); empty parts dropped."""
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def _data(info: ClassElectives) -> dict[str, Any]:
    return {
        "class": info.class_name,
        "school_year": info.school_year,
        "grade": info.grade,
        "minimum": info.minimum,
        "maximum": info.maximum,
        "provenance": info.provenance,
        "locked_semesters": list(info.locked),
        "chosen": [o.name for o in info.chosen],
        "options": [
            {
                "name": o.name,
                "short_name": o.short_name,
                "group": o.group,
                "chosen": o.chosen,
                "active": o.active,
                "scores": o.scores,
            }
            for o in info.options
        ],
    }


def _text(info: ClassElectives) -> str:
    lines = [M.cli_heading.format(cls=info.class_name, grade=info.grade, year=info.school_year)]
    if not info.options:
        return "\n".join([*lines, M.cli_none.format(grade=info.grade, year=info.school_year)])
    count = len(info.chosen)
    rule = (
        M.cli_rule_exact.format(n=info.maximum, count=count)
        if info.exact
        else M.cli_rule_range.format(low=info.minimum, high=info.maximum, count=count)
    )
    lines.append(rule)
    for group, options in info.grouped():
        lines.append(f"  {group}:")
        for o in options:
            mark = "[x]" if o.chosen else "[ ]"
            scores = f"  ({M.cli_scores.format(n=o.scores)})" if o.scores else ""
            lines.append(f"    {mark} {o.name}{scores}")
    if info.locked:
        semesters = ", ".join(semester_label(n) for n in info.locked)
        lines.append(M.cli_locked.format(semesters=semesters))
    lines.append(M.cli_source.format(provenance=info.provenance))
    return "\n".join(lines)


def _saved_text(saved: ElectivesSaved) -> str:
    chosen = ", ".join(saved.chosen) or M.cli_nothing
    if not saved.changes:
        return M.cli_unchanged.format(cls=saved.class_name, chosen=chosen)
    lines = [M.cli_saved.format(cls=saved.class_name, chosen=chosen)]
    if saved.added:
        lines.append(M.cli_added.format(names=", ".join(saved.added)))
    if saved.removed:
        lines.append(M.cli_removed.format(names=", ".join(saved.removed)))
    if saved.unassigned:
        lines.append(M.cli_unassigned.format(n=saved.unassigned))
    return "\n".join(lines)


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    actor = ctx.actor()
    with rt.db.read(actor) as s:
        group = class_by_name(s, args.class_name, year_name(s, args.year))
        info = electives.class_electives(s, actor, group.id)
    ctx.out(_data(info), _text(info))
    return 0


def _set(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor, reason=args.reason) as s:
        group = class_by_name(s, args.class_name, year_name(s, args.year))
        ids = [
            catalogue.find_subject(s, group.school_year, group.grade, name).id
            for name in split_subjects(args.set)
        ]
        saved = electives.set_electives(s, actor, group.id, ids, args.reason)
        info = electives.class_electives(s, actor, group.id)
    data = _data(info) | {
        "added": list(saved.added),
        "removed": list(saved.removed),
        "unassigned": saved.unassigned,
        "changed": bool(saved.changes),
    }
    ctx.out(data, _saved_text(saved))
    return 0


def _run(args: argparse.Namespace, ctx: Context) -> int:
    return _set(args, ctx) if args.set is not None else _list(args, ctx)


def register_class_commands(classes: Any) -> None:
    """Add ``electives`` to the ``classes`` group."""
    p = classes.add_parser(
        "electives",
        help="môn lựa chọn của một lớp: xem các môn được chọn và giới hạn, hoặc đặt lại",
    )
    add_common(p, json_flag=True)
    p.add_argument(
        "--class", dest="class_name", metavar="LỚP", required=True, help="tên lớp, ví dụ 10A1"
    )
    p.add_argument(
        "--year", metavar="NĂM_HỌC", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)"
    )
    p.add_argument(
        "--set",
        metavar="MÔN,MÔN,…",
        help="đặt môn lựa chọn của lớp, cách nhau bởi dấu phẩy, ví dụ "
        "“Vật lí,Hóa học,Sinh học,Tin học” (tên đầy đủ hoặc viết tắt)",
    )
    p.add_argument("--reason", metavar="LÝ_DO", help="lý do (bắt buộc khi đổi môn lớp đã chọn)")
    p.set_defaults(func=_run)
