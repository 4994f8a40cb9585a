"""Primary (TT27) commands of the ``grades`` group: ``rate``, ``nominate``; ``set`` for MD/KT/NX.

``app/cli/grades.py`` adds these through ``register_grade_commands(gsub)`` and
hands ``grades set`` of a primary class to ``set_cell`` (this module defines no
``register`` of its own).
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.cli import Context, add_common
from app.db import Actor
from app.errors import ValidationError
from app.gradebook import catalogue
from app.gradebook.primary.grid import primary_grid
from app.gradebook.primary.records import is_primary
from app.gradebook.primary.values import PKind, PSlot, checkpoint_label, ratings_for
from app.gradebook.primary_entry import PCellEdit, describe_pslot, save_cells
from app.gradebook.primary_ratings import (
    RatingEdit,
    check_checkpoint,
    find_rating,
    nominations,
    rating_sheet,
    save_ratings,
    set_nomination,
)
from app.gradebook.records import roster
from app.messages.primary_entry import PRIMARY_ENTRY_MSG as M
from app.students.access import year_name
from app.students.classes import class_by_name
from app.students.models import ClassGroup
from app.students.store import student_id_by_code

PRIMARY_KINDS = tuple(k.value for k in PKind)
"""``grades set --kind`` values that apply to primary classes."""


def primary_cell(group: ClassGroup, kind: str) -> bool:
    """Whether ``grades set`` goes the TT27 way; a kind of the other level is refused."""
    primary = is_primary(group)
    if primary and kind not in PRIMARY_KINDS:
        raise ValidationError(M.cli_primary_kind.format(cls=group.name))
    if not primary and kind in PRIMARY_KINDS:
        raise ValidationError(M.cli_secondary_kind.format(cls=group.name, kind=kind))
    return primary


def set_cell(
    s: Session, actor: Actor, group: ClassGroup, sid: uuid.UUID, args: argparse.Namespace
) -> tuple[dict[str, Any], str]:
    """Save one MD/KT/NX cell of a primary class; the saved cell as (JSON data, text)."""
    check_checkpoint(args.index)
    subject = catalogue.find_subject(s, group.school_year, group.grade, args.subject)
    column = PSlot(PKind(args.kind), args.index).key
    saved = save_cells(
        s,
        actor,
        group.id,
        subject.id,
        args.semester,
        [PCellEdit(sid, column, args.value)],
        args.reason,
    )
    grid = primary_grid(s, actor, group.id, subject.id, args.semester)
    row = next(r for r in grid.rows if r.student_id == sid)
    label = next((c.label for c in grid.columns if c.key == column), column)
    cell = row.cell(column)
    what = describe_pslot(subject.name, args.semester, column)
    data = {
        "student_code": row.student_code,
        "full_name": row.full_name,
        "class": group.name,
        "subject": subject.name,
        "semester": args.semester,
        "column": column,
        "label": label,
        "cell": what,
        "value": cell.stored,
        "text": cell.text,
        "changed": bool(saved.changes),
    }
    text = M.cli_set.format(
        what=what, student=row.full_name, cls=group.name, value=cell.stored or "∅"
    )
    return data, text + ("" if saved.changes else M.cli_unchanged)


def _rate(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        group = class_by_name(s, args.class_name, year_name(s, args.year))
        sid = student_id_by_code(s, args.student)
        edit = RatingEdit(sid, args.name, args.value)
        saved = save_ratings(
            s, actor, group.id, args.semester, args.checkpoint, [edit], args.reason
        )
        sheet = rating_sheet(s, actor, group.id, args.semester, args.checkpoint)
        line = next(x for x in sheet.lines if x.student_id == sid)
        found = find_rating(ratings_for(group.grade), args.name)
        name = found.name if found else args.name
    when = checkpoint_label(args.semester, args.checkpoint)
    value = line.values.get(name)
    data = {
        "class": sheet.class_name,
        "school_year": sheet.school_year,
        "student_code": line.student_code,
        "full_name": line.full_name,
        "semester": args.semester,
        "checkpoint": args.checkpoint,
        "when": when,
        "name": name,
        "value": value,
        "missing": list(line.missing),
        "changed": bool(saved.changes),
    }
    text = M.cli_rated.format(
        name=name, when=when, student=line.full_name, cls=sheet.class_name, value=value or "∅"
    )
    ctx.out(data, text + ("" if saved.changes else M.cli_unchanged))
    return 0


def _nominate(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    achievement = "" if args.remove else args.achievement
    with rt.db.uow(actor=actor) as s:
        group = class_by_name(s, args.class_name, year_name(s, args.year))
        sid = student_id_by_code(s, args.student)
        changes = set_nomination(s, actor, group.id, sid, achievement, args.reason)
        line = next(x for x in roster(s, group.id, group.school_year) if x.student_id == sid)
        stored = nominations(s, actor, group.id).get(sid)
    data = {
        "class": group.name,
        "student_code": line.student_code,
        "full_name": line.full_name,
        "achievement": stored,
        "changed": bool(changes),
    }
    if stored:
        text = M.cli_nominated.format(student=line.full_name, cls=group.name, achievement=stored)
    else:
        text = M.cli_unnominated.format(student=line.full_name, cls=group.name)
    ctx.out(data, text + ("" if changes else M.cli_unchanged))
    return 0


def _class_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--class", dest="class_name", required=True, help="tên lớp, ví dụ 4A")
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)")
    p.add_argument("--student", required=True, help="mã học sinh")
    p.add_argument("--reason", help="lý do (bắt buộc khi sổ đã khóa)")


def register_grade_commands(gsub: Any) -> None:
    """Add ``grades rate`` and ``grades nominate`` (primary classes, homeroom teacher)."""
    p = gsub.add_parser(
        "rate", help="lớp tiểu học: đánh giá một phẩm chất hoặc năng lực của một học sinh"
    )
    add_common(p, json_flag=True)
    _class_options(p)
    p.add_argument("--semester", type=int, choices=(1, 2), required=True, help="học kì 1 hoặc 2")
    p.add_argument(
        "--checkpoint",
        type=int,
        choices=(1, 2),
        required=True,
        help="1: giữa học kì; 2: cuối học kì (học kì 2: cuối năm)",
    )
    p.add_argument("--name", required=True, help="phẩm chất hoặc năng lực, ví dụ “Chăm chỉ”")
    p.add_argument(
        "--value", required=True, help="Tốt (T), Đạt (Đ) hoặc Cần cố gắng (C); chuỗi rỗng để xóa"
    )
    p.set_defaults(func=_rate)

    p = gsub.add_parser(
        "nominate", help="lớp tiểu học: đề nghị khen thưởng thành tích nổi bật của học sinh"
    )
    add_common(p, json_flag=True)
    _class_options(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--achievement", help="thành tích được tập thể lớp công nhận (≤ 500 ký tự)")
    what.add_argument("--remove", action="store_true", help="bỏ đề nghị khen thưởng")
    p.set_defaults(func=_nominate)
