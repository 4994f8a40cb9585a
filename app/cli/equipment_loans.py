"""``equipment loan …``: lending slips (phiếu mượn) and their printed lists (issue 11 §3).

``new`` opens a draft for a teacher (a teaching slot: --week, --day, --periods; or long-term:
--until), ``add`` puts items on it (codes as a scanner types them, each read on its own; a
code that cannot be added is a line of text, not a stop), ``submit``, ``approve``/``refuse``,
``out``, ``return`` (with the condition of what came back), ``cancel``; ``list``, ``overdue``
and ``book`` print or write the lists (``--out FILE.pdf``). The operator at the command line
acts with full rights (decision 002); the services check the same rules as the window.

Exit codes: 0 done; 1 an expected error (an item booked elsewhere, a scan that added nothing).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli import Context, add_common
from app.cli.options import day_option
from app.equipment import loan_queries as lq
from app.equipment import loans
from app.equipment import loans_print as lp
from app.equipment.loan_models import LOAN_STATUS_LABELS, LoanKind
from app.equipment.models import CONDITION_LABELS
from app.errors import ValidationError
from app.labels import format_date
from app.messages.equipment_loans import EQUIPMENT_LOANS_MSG as M


def _slip_text(r: lq.SlipRow) -> str:
    head = f"Phiếu số {r.number}  {r.status_label}  {r.borrower_name} ({r.borrower})  {r.slot}"
    what = "  ".join(x for x in (r.class_name, r.subject, r.lesson) if x)
    lines = [head] + ([f"    {what}"] if what else [])
    lines += [f"    {x.code}  {x.name}" + (f" × {x.quantity} {x.unit}" if x.quantity != 1 else "")
              + (f"  → {x.return_label}" if x.return_condition else "") for x in r.lines]  # fmt: skip
    if r.refusal_reason:
        lines.append(f"    Lý do từ chối: {r.refusal_reason}")
    return "\n".join(lines)


def _slip_data(r: lq.SlipRow) -> dict[str, Any]:
    return {**r.__dict__, "lines": [x.__dict__ for x in r.lines]}


def _new(args: argparse.Namespace, ctx: Context) -> int:
    rt, actor = ctx.runtime(create=False), ctx.actor()
    long_term = args.until is not None
    data = loans.SlipInput(
        borrower=args.teacher, kind=LoanKind.LONG_TERM if long_term else LoanKind.PERIODS,
        week=args.week, weekday=args.day, periods=args.periods or "",
        start_on=day_option(args.start, "--from") if args.start else None,
        due_on=day_option(args.until, "--until") if long_term else None,
        class_name=args.class_name or "", subject=args.subject or "", lesson=args.lesson or "",
        notes=args.notes or "",
    )  # fmt: skip
    with rt.db.uow(actor=actor) as s:
        number = loans.new_slip(s, actor, data).number
        row = lq.get_slip(s, actor, number)
    ctx.out(_slip_data(row), M.cli_new.format(number=number, slot=row.slot,
                                              borrower=row.borrower_name))  # fmt: skip
    return 0


def _add(args: argparse.Namespace, ctx: Context) -> int:
    rt, actor = ctx.runtime(create=False), ctx.actor()
    if args.quantity is not None:
        if len(args.codes) != 1:
            raise ValidationError(M.cli_one_code)
        with rt.db.uow(actor=actor) as s:
            loans.add_item(s, actor, args.number, args.codes[0], args.quantity)
            row = lq.get_slip(s, actor, args.number)
        ctx.out(_slip_data(row), _slip_text(row))
        return 0
    results = []
    for raw in args.codes:  # one transaction per read, as the scanning screen does
        with rt.db.uow(actor=actor) as s:
            results.append(loans.add_scanned(s, actor, args.number, raw))
    ctx.out([r.__dict__ for r in results],
            "\n".join(("✓ " if r.ok else "⚠ ") + r.message for r in results))  # fmt: skip
    return 0 if all(r.ok for r in results) else 1


def _step(args: argparse.Namespace, ctx: Context) -> int:
    rt, actor = ctx.runtime(create=False), ctx.actor()
    action = args.loan_command
    with rt.db.uow(actor=actor) as s:
        if action == "submit":
            loans.submit(s, actor, args.number)
        elif action == "approve":
            loans.approve(s, actor, args.number)
        elif action == "refuse":
            loans.refuse(s, actor, args.number, args.reason)
        elif action == "cancel":
            loans.cancel(s, actor, args.number)
        elif action == "out":
            loans.hand_out(s, actor, args.number)
        else:
            conditions = dict(_condition(c) for c in args.condition or [])
            loans.take_back(s, actor, args.number, conditions)
        row = lq.get_slip(s, actor, args.number)
    done = {"submit": M.cli_submitted, "approve": M.cli_approved, "refuse": M.cli_refused,
            "cancel": M.cli_cancelled, "out": M.cli_out, "return": M.cli_returned}[action]  # fmt: skip
    ctx.out(_slip_data(row), done.format(number=args.number) + "\n" + _slip_text(row))
    return 0


def _condition(text: str) -> tuple[str, str]:
    code, sep, value = text.partition("=")
    if not sep or not code.strip():
        raise ValidationError(M.cli_condition_bad.format(value=text))
    return code.strip(), value.strip()


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        rows = lq.list_slips(s, actor, status=args.status or "", teacher=args.teacher or "")
    ctx.out([_slip_data(r) for r in rows], "\n".join(map(_slip_text, rows)) or M.cli_no_slips)
    return 0


def _overdue(args: argparse.Namespace, ctx: Context) -> int:
    rt, actor = ctx.runtime(create=False), ctx.actor()
    today = day_option(args.date, "--date") if args.date else date.today()
    with rt.db.read(actor=actor) as s:
        rows = lq.overdue(s, actor, today)
        if args.out:
            lp.write_overdue(s, rows, Path(args.out), today)
    text = "\n".join(f"Phiếu số {r.number}  {r.borrower_name}  hạn {format_date(r.due_on)}, "
                     f"quá {r.days_late(today)} ngày: {r.items_text()}" for r in rows)  # fmt: skip
    text = text or M.overdue_empty
    if args.out:
        text += "\n" + M.cli_written.format(path=args.out, rows=len(rows))
    ctx.out([_slip_data(r) | {"days_late": r.days_late(today)} for r in rows], text)
    return 0


def _book(args: argparse.Namespace, ctx: Context) -> int:
    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        scope, rows = lq.book(s, actor, year=args.year or "", term=args.term,
                              teacher=args.teacher or "", subject=args.subject or "")  # fmt: skip
        lp.write_book(s, scope, rows, Path(args.out))
    ctx.out({"file": args.out, "rows": len(rows), "subtitle": lp.book_subtitle(scope)},
            lp.book_subtitle(scope) + "\n" + M.cli_written.format(path=args.out, rows=len(rows)))  # fmt: skip
    return 0


def _number(p: argparse.ArgumentParser) -> None:
    add_common(p, json_flag=True)
    p.add_argument("number", metavar="SỐ_PHIẾU", type=int, help="số phiếu mượn")


def add_commands(sub: Any) -> None:
    """``equipment loan`` and its subcommands."""
    loan = sub.add_parser("loan", help="mượn/trả thiết bị: phiếu mượn, quá hạn, sổ theo dõi")
    lsub = loan.add_subparsers(dest="loan_command", metavar="LỆNH", required=True)

    p = lsub.add_parser("new", help="lập phiếu mượn (theo tiết: --week --day --periods; "
                        "dài hạn: --until)")  # fmt: skip
    add_common(p, json_flag=True)
    p.add_argument("--teacher", required=True, metavar="TÀI_KHOẢN", help="tài khoản người mượn")
    p.add_argument("--week", type=int, help="tuần học (tính từ ngày khai giảng năm học)")
    p.add_argument("--day", type=int, help="thứ: 2–7, 8 = Chủ nhật")
    p.add_argument("--periods", help="tiết 1–10, ví dụ 1,2 hoặc 3-5")
    p.add_argument(
        "--from", dest="start", help="mượn dài hạn: từ ngày dd/mm/yyyy (mặc định hôm nay)"
    )
    p.add_argument("--until", help="mượn dài hạn: hạn trả dd/mm/yyyy")
    p.add_argument("--class", dest="class_name", help="lớp dạy, ví dụ 6A1")
    p.add_argument("--subject", help="môn, ví dụ Vật lí")
    p.add_argument("--lesson", help="tên bài dạy")
    p.add_argument("--notes", help="ghi chú")
    p.set_defaults(func=_new)

    p = lsub.add_parser("add", help="thêm thiết bị vào phiếu (mã như máy quét đọc)")
    _number(p)
    p.add_argument("codes", metavar="MÃ", nargs="+", help="mã thiết bị, ví dụ TB-000123")
    p.add_argument("--quantity", type=int, help="số lượng (thiết bị ghi theo số lượng)")
    p.set_defaults(func=_add)

    for name, text in [("submit", "gửi phiếu chờ duyệt"), ("approve", "duyệt phiếu"),
                       ("cancel", "hủy phiếu"), ("out", "giao thiết bị cho người mượn")]:  # fmt: skip
        p = lsub.add_parser(name, help=text)
        _number(p)
        p.set_defaults(func=_step)
    p = lsub.add_parser("refuse", help="từ chối phiếu (cần lý do)")
    _number(p)
    p.add_argument("--reason", required=True, help="lý do từ chối")
    p.set_defaults(func=_step)
    p = lsub.add_parser("return", help="nhận trả thiết bị, ghi tình trạng khi trả")
    _number(p)
    p.add_argument("--condition", action="append", metavar="MÃ=TÌNH_TRẠNG",
                   help="tình trạng khi trả của một thiết bị (mặc định: như khi giao): "
                   + ", ".join(f"{k} = {v}" for k, v in CONDITION_LABELS.items()))  # fmt: skip
    p.set_defaults(func=_step)

    p = lsub.add_parser("list", help="danh sách phiếu mượn")
    add_common(p, json_flag=True)
    p.add_argument("--teacher", metavar="TÀI_KHOẢN", help="chỉ phiếu của người này")
    p.add_argument("--status", choices=list(LOAN_STATUS_LABELS), help="chỉ phiếu ở trạng thái này")
    p.set_defaults(func=_list)

    p = lsub.add_parser("overdue", help="thiết bị mượn quá hạn chưa trả (--out: in ra PDF)")
    add_common(p, json_flag=True)
    p.add_argument("--out", metavar="TỆP.pdf", help="ghi danh sách ra tệp PDF")
    p.add_argument("--date", help="tính đến ngày dd/mm/yyyy (mặc định hôm nay)")
    p.set_defaults(func=_overdue)

    p = lsub.add_parser("book", help="in sổ theo dõi sử dụng thiết bị dạy học (PDF)")
    add_common(p, json_flag=True)
    p.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF sẽ ghi")
    p.add_argument("--teacher", metavar="TÀI_KHOẢN", help="chỉ giáo viên này")
    p.add_argument("--subject", help="chỉ môn này")
    p.add_argument("--term", type=int, choices=[1, 2], help="học kì 1 hoặc 2 (mặc định: cả năm)")
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm hiện tại)")
    p.set_defaults(func=_book)
