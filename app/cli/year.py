"""``year``: school years and the new school year (chuyển năm học, decision 030).

``year rollover --from Y --to Y2`` prints the preview (counts per class, every
exception with its reason); ``--apply`` carries it out after a restore point
(``--yes`` skips the question). ``year pending`` lists the students still waiting
for a re-test or summer training, ``year place`` places those whose result has
arrived, ``year switch Y2`` makes Y2 current and locks the year before it.
The same services as the window; ``--json`` prints data.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app import school
from app.cli import Context, add_common
from app.labels import format_date
from app.messages.rollover import ROLLOVER_MSG as M
from app.rollover.apply import Applied, ClassEdit, run_rollover, switch_year
from app.rollover.plan import Action, RolloverPlan, StudentMove, build_plan
from app.rollover.years import next_year

HELP = "năm học: liệt kê, chuyển năm học mới, xếp lớp học sinh chờ kết quả, đổi năm hiện tại"


def _years(args: argparse.Namespace) -> tuple[str, str]:
    """--from (default: the year before the current one for pending/place) and --to."""
    source = args.source
    return source, args.target or next_year(source)


def _newest(ctx: Context) -> str:
    rt = ctx.runtime(create=False)
    with rt.db.read(ctx.actor()) as s:
        years = school.list_years(s)
    return years[0].name if years else ""


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    with rt.db.read(ctx.actor()) as s:
        years = school.list_years(s)
    lines = [M.cli_years_head] + [
        f"{y.name}    {format_date(y.start_date)}  {format_date(y.end_date)}  "
        + (M.cli_current if y.is_current else "")
        for y in years
    ]
    text = "\n".join(line.rstrip() for line in lines)
    ctx.out([y.__dict__ | {"changes": None} for y in years], text)
    return 0


def _move_data(m: StudentMove) -> dict[str, Any]:
    return {
        "student_code": m.student_code,
        "full_name": m.full_name,
        "from_class": m.from_class,
        "action": m.action.value,
        "target": m.target,
        "reason": m.reason,
    }


def plan_data(plan: RolloverPlan) -> dict[str, Any]:
    """The preview as JSON data."""
    return {
        "source": plan.source,
        "target": plan.target,
        "target_exists": plan.target_exists,
        "source_locked": plan.source_locked,
        "counts": {a.value: plan.count(a) for a in Action},
        "classes": [c.__dict__ | {"sources": list(c.sources)} for c in plan.classes],
        "exceptions": [_move_data(m) for m in plan.exceptions],
        "changes_nothing": plan.changes_nothing,
    }


def _counts(plan: RolloverPlan) -> str:
    return M.cli_counts.format(**{a.value: plan.count(a) for a in Action})


def plan_text(plan: RolloverPlan) -> str:
    """The preview as the terminal shows it: classes, counts, every exception with its reason."""
    created = "" if plan.target_exists else M.cli_year_new
    lines = [M.cli_plan_head.format(source=plan.source, target=plan.target, created=created), ""]
    if plan.classes:
        lines.append(M.cli_classes_head)
        for c in plan.classes:
            leader = c.homeroom_name or c.homeroom or "—"
            new = "" if c.exists else f"  ({M.cli_class_new})"
            lines.append(
                f"{c.key:<13} {c.grade:>4}  {leader[:22]:<22}  {c.promoted:>7}  {c.repeating:>5}  "
                f"{c.already:>5}{new}"
            )
        lines.append("")
    lines.append(_counts(plan))
    if plan.exceptions:
        lines += ["", M.cli_exceptions_head.format(n=len(plan.exceptions))]
        lines += [
            f"  {m.student_code}  {m.full_name} ({m.from_class}): {m.reason}"
            for m in plan.exceptions
        ]
    if plan.changes_nothing:
        lines += ["", M.cli_nothing]
    return "\n".join(lines)


def _confirmed(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    try:
        return input(question).strip().lower() in ("có", "co", "c")
    except (EOFError, OSError):  # no terminal to ask on: not confirmed
        return False


def _applied_text(done: Applied) -> str:
    text = M.cli_applied.format(
        source=done.source,
        target=done.target,
        classes=done.classes_created,
        promoted=done.promoted,
        repeated=done.repeated,
        graduated=done.graduated,
        waiting=done.waiting,
    )
    if done.restore_point:
        text += "\n" + M.cli_restore_point.format(path=done.restore_point)
    return text


def _applied_data(done: Applied) -> dict[str, Any]:
    return done.__dict__ | {"changes": None, "restore_point": done.restore_point}


def _edits(args: argparse.Namespace) -> dict[str, ClassEdit]:
    """--rename 7A1=7A2 and --homeroom 7A1=gv.toan (several allowed)."""
    edits: dict[str, ClassEdit] = {}
    for text in args.rename or []:
        key, _, name = text.partition("=")
        edits[key.strip().upper()] = ClassEdit(name=name.strip())
    for text in args.homeroom or []:
        key, _, user = text.partition("=")
        key = key.strip().upper()
        old = edits.get(key, ClassEdit())
        edits[key] = ClassEdit(name=old.name, homeroom=user.strip())
    return edits


def _rollover(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    source, target = _years(args)
    with rt.db.read(actor) as s:
        plan = build_plan(s, actor, source, target)
    if not args.apply:
        ctx.out(plan_data(plan), plan_text(plan) + "\n\n" + M.cli_preview_only)
        return 0
    if not ctx.as_json:
        print(plan_text(plan) + "\n")
    if not _confirmed(args, M.cli_confirm.format(source=plan.source, target=plan.target)):
        print(M.cli_not_confirmed, file=sys.stderr)
        return 1
    done = run_rollover(rt.db, actor, plan.source, plan.target, _edits(args))
    ctx.out(_applied_data(done), _applied_text(done))
    return 0


def _pending(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    source, target = _pending_years(args, ctx)
    with rt.db.read(actor) as s:
        plan = build_plan(s, actor, source, target)
    ready = [m for m in plan.students if m.action in (Action.PROMOTE, Action.REPEAT,
                                                        Action.GRADUATE)]  # fmt: skip
    waiting = list(plan.waiting)
    lines: list[str] = []
    if ready:
        lines.append(M.cli_pending_ready.format(n=len(ready)))
        lines += [f"  {m.student_code}  {m.full_name} ({m.from_class}): {m.reason}" for m in ready]
    if waiting:
        lines.append(M.cli_pending_wait.format(n=len(waiting)))
        lines += [
            f"  {m.student_code}  {m.full_name} ({m.from_class}): {m.reason}" for m in waiting
        ]
    data = {"ready": [_move_data(m) for m in ready], "waiting": [_move_data(m) for m in waiting]}
    ctx.out(data, "\n".join(lines) or M.cli_pending_none)
    return 0


def _pending_years(args: argparse.Namespace, ctx: Context) -> tuple[str, str]:
    """The year rolled over into (default: the newest one) and the year before it."""
    target = args.target or _newest(ctx)
    first, second = school.parse_year(target)
    return f"{first - 1}-{first}", f"{first}-{second}"


def _place(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    source, target = _pending_years(args, ctx)
    done = run_rollover(rt.db, ctx.actor(), source, target, place_only=True)
    ctx.out(_applied_data(done), _applied_text(done))
    return 0


def _switch(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    first, second = school.parse_year(args.year)
    previous = f"{first - 1}-{first}"
    question = M.cli_switch_confirm.format(year=f"{first}-{second}", previous=previous)
    if not _confirmed(args, question):
        print(M.cli_not_confirmed, file=sys.stderr)
        return 1
    with rt.db.uow(actor=actor, reason=M.reason_lock.format(year=previous, target=args.year)) as s:
        _changes, previous, locked = switch_year(s, actor, args.year)
    data = {"current": f"{first}-{second}", "locked_classes": locked, "previous": previous}
    ctx.out(data, M.cli_switched.format(year=data["current"], locked=locked, previous=previous))
    return 0


def register(sub: Any) -> None:
    """Add the ``year`` group."""
    y = sub.add_parser("year", help=HELP)
    ysub = y.add_subparsers(dest="year_command", metavar="LỆNH", required=True)
    p = ysub.add_parser("list", help="các năm học, năm hiện tại")
    add_common(p, json_flag=True)
    p.set_defaults(func=_list)

    p = ysub.add_parser("rollover", help="chuyển năm học: xem trước, --apply để thực hiện")
    add_common(p, json_flag=True)
    p.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="NĂM",
        help="năm học vừa kết thúc, ví dụ 2025-2026",
    )
    p.add_argument(
        "--to", dest="target", metavar="NĂM", help="năm học mới (mặc định: năm ngay sau)"
    )
    p.add_argument(
        "--apply", action="store_true", help="thực hiện (không có: chỉ in bản xem trước)"
    )
    p.add_argument("--yes", action="store_true", help="không hỏi lại trước khi thực hiện")
    p.add_argument(
        "--rename", action="append", metavar="LỚP=TÊN", help="đổi tên lớp đề xuất, ví dụ 7A1=7A2"
    )
    p.add_argument("--homeroom", action="append", metavar="LỚP=TÀI_KHOẢN",
                   help="giáo viên chủ nhiệm của lớp đề xuất, ví dụ 7A1=gv.toan (trống: chưa có)")  # fmt: skip
    p.set_defaults(func=_rollover)

    for name, func, text in (
        ("pending", _pending, "học sinh còn chờ kết quả kiểm tra lại, rèn luyện hè"),
        ("place", _place, "xếp lớp học sinh chờ đã có kết quả (sau điểm khôi phục)"),
    ):
        p = ysub.add_parser(name, help=text)
        add_common(p, json_flag=True)
        p.add_argument(
            "--to", dest="target", metavar="NĂM", help="năm học mới (mặc định: năm hiện tại)"
        )
        p.set_defaults(func=func)

    p = ysub.add_parser("switch", help="đặt năm học hiện tại và khóa sổ năm học trước")
    add_common(p, json_flag=True)
    p.add_argument("year", metavar="NĂM", help="năm học mới, ví dụ 2026-2027")
    p.add_argument("--yes", action="store_true", help="không hỏi lại")
    p.set_defaults(func=_switch)
