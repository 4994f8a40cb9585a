"""``equipment stocktake …`` (kiểm kê) and ``equipment labels`` (issue 11 §4–§5).

``stocktake open`` starts a session of a room or of the whole school with its committee;
``scan`` records labels one by one, each in its own transaction, printing what each was (an
unknown label is a line of text, never a stop); ``tick`` records units without a label;
``status`` and ``list`` say where sessions stand; ``preview`` shows the reconciliation;
``apply --yes`` writes it in one transaction and closes the session; ``record`` prints the
biên bản kiểm kê. ``labels`` writes a sheet of QR-code labels for chosen items.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import Context, add_common
from app.equipment.models import CONDITION_LABELS, Condition
from app.errors import ValidationError
from app.labels import format_datetime
from app.messages.equipment_stocktake import STOCKTAKE_MSG as M

if TYPE_CHECKING:  # the services (and their tables) are imported when a command runs
    from app.equipment import stocktake as stk
    from app.equipment import stocktake_apply as stk_apply

LAYOUT_NAMES = ("3x8", "4x10", "3x7", "2x7")  # app.equipment.labels.LAYOUTS, without ReportLab
SCAN_CONDITIONS = [c for c in CONDITION_LABELS if c != Condition.MISSING]


def _member(text: str) -> stk.Member:
    from app.equipment.stocktake import Member

    name, _, role = text.partition(":")
    if not name.strip():
        raise ValidationError(M.cli_member_bad.format(value=text))
    return Member(name.strip(), role.strip())


def _info_text(i: stk.SessionInfo) -> str:
    return M.cli_status.format(number=i.number, scope=i.scope, status=i.status_label,
                               at=format_datetime(i.opened_at), by=i.opened_by, scans=i.scans,
                               codes=i.codes)  # fmt: skip


def _info_data(i: stk.SessionInfo) -> dict[str, Any]:
    return {**i.__dict__, "committee": [m.__dict__ for m in i.committee]}


def _open(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment import stocktake as stk

    rt, actor = ctx.runtime(create=False), ctx.actor()
    members = [_member(m) for m in args.member or []]
    with rt.db.uow(actor=actor) as s:
        info = stk.open_stocktake(s, actor, room=args.room, committee=members,
                                  place=args.place or "", notes=args.notes or "")  # fmt: skip
    ctx.out(_info_data(info), M.cli_opened.format(number=info.number, scope=info.scope))
    return 0


def _scan(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment import stocktake as stk

    rt, actor = ctx.runtime(create=False), ctx.actor()
    results = []
    for code in args.codes:  # one transaction per read, as the scanner screen does
        with rt.db.uow(actor=actor) as s:
            results.append(stk.record_scan(s, actor, args.number, code, room=args.room,
                                           condition=args.condition, manual=args.manual))  # fmt: skip
    text = "\n".join(("⚠ " if r.alert else "✓ ") + r.message for r in results)
    ctx.out([{**r.__dict__, "outcome": r.outcome.value} for r in results], text)
    return 0


def _status(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment import stocktake as stk

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        info = stk.stocktake_status(s, actor, args.number)
    ctx.out(_info_data(info), _info_text(info))
    return 0


def _list(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment import stocktake as stk

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        rows = stk.list_stocktakes(s, actor)
    ctx.out([_info_data(i) for i in rows], "\n".join(map(_info_text, rows)) or M.cli_no_sessions)
    return 0


def _preview_text(p: stk_apply.Preview) -> str:
    from app.equipment import stocktake_apply as stk_apply

    lines = []
    for c in stk_apply.CATEGORIES:
        group = [x for x in p.lines if x.category == c]
        lines.append(f"{stk_apply.CATEGORY_LABELS[c]}: {len(group)}")
        if c != "found":
            lines += [f"    {x.code}  {x.name}  {x.room or M.no_room}"
                      + (f" → {x.found_in}" if x.found_in and x.found_in != x.room else "")
                      + (f"  {x.condition} → {x.new_condition}" if x.new_condition else "")
                      for x in group]  # fmt: skip
    return "\n".join(lines)


def _preview_data(p: stk_apply.Preview) -> dict[str, Any]:
    from app.equipment import stocktake_apply as stk_apply

    return {"number": p.number, "scope": p.scope, "scans": p.scans,
            "counts": {c: p.count(c) for c in stk_apply.CATEGORIES},
            "lines": [x.__dict__ for x in p.lines]}  # fmt: skip


def _preview(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment import stocktake_apply as stk_apply

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        p = stk_apply.preview(s, actor, args.number)
    ctx.out(_preview_data(p), _preview_text(p))
    return 0


def _apply(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment import stocktake_apply as stk_apply

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        p = stk_apply.preview(s, actor, args.number)
    if not args.yes:
        ctx.out({**_preview_data(p), "applied": False}, _preview_text(p) + "\n" + M.cli_confirm)
        return 0
    with rt.db.uow(actor=actor) as s:
        changed = stk_apply.apply_stocktake(s, actor, p, move_wrong_room=args.move_wrong_room)
    ctx.out({**_preview_data(p), "applied": True, "changed": changed},
            M.cli_applied.format(number=p.number, changed=changed))  # fmt: skip
    return 0


def _record(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment.stocktake_print import write_record

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        path = write_record(s, actor, args.number, Path(args.out))
    ctx.out({"path": str(path)}, M.cli_record.format(number=args.number, path=path))
    return 0


def _labels(args: argparse.Namespace, ctx: Context) -> int:
    from app import school
    from app.equipment.labels import Label, layout_named, write_labels
    from app.equipment.register import get_item, list_items

    rt, actor = ctx.runtime(create=False), ctx.actor()
    layout = layout_named(args.layout)
    with rt.db.read(actor=actor) as s:
        name = school.require_profile(s).name
        if args.codes:
            rows = [get_item(s, actor, c) for c in args.codes]
        else:
            rows = list_items(s, actor, room=args.room or "")
    labels = [Label(r.code, r.name, name, r.room or None) for r in rows]
    pages = write_labels(Path(args.out), labels, layout, start_at=args.start, outline=args.outline)
    ctx.out({"path": args.out, "codes": [x.code for x in labels], "pages": pages},
            M.cli_labels.format(n=len(labels), pages=pages, layout=layout.name, path=args.out))  # fmt: skip
    return 0


def add_commands(sub: Any) -> None:
    """``equipment labels`` and ``equipment stocktake …``."""
    p = sub.add_parser("labels", help="in nhãn mã QR cho thiết bị (tệp PDF, giấy nhãn A4)")
    add_common(p, json_flag=True)
    p.add_argument("--room", help="nhãn cho mọi thiết bị trong phòng này")
    p.add_argument("--codes", nargs="+", metavar="MÃ", help="nhãn cho các mã này")
    p.add_argument("--layout", default="3x8", help=f"khổ giấy nhãn: {', '.join(LAYOUT_NAMES)}")
    p.add_argument("--start", type=int, default=1, help="vị trí nhãn đầu tiên trên tờ (từ 1)")
    p.add_argument("--outline", action="store_true", help="vẽ viền nhãn (in thử trên giấy thường)")
    p.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF ghi ra")
    p.set_defaults(func=_labels)

    st = sub.add_parser("stocktake", help="kiểm kê thiết bị: mở phiên, quét, đối chiếu, biên bản")
    ssub = st.add_subparsers(dest="stocktake_command", metavar="VIỆC", required=True)
    p = ssub.add_parser("open", help="mở phiên kiểm kê một phòng hoặc toàn trường")
    add_common(p, json_flag=True)
    p.add_argument("--room", help="phòng kiểm kê (bỏ trống: toàn trường)")
    p.add_argument("--member", action="append", metavar="HỌ TÊN: CHỨC VỤ",
                   help="thành viên ban kiểm kê (ghi nhiều lần; người đầu là trưởng ban)")  # fmt: skip
    p.add_argument("--place", help="địa điểm ghi trong biên bản")
    p.add_argument("--notes", help="ghi chú")
    p.set_defaults(func=_open)
    for name, manual, text in (("scan", False, "ghi các nhãn vừa quét"),
                               ("tick", True, "đánh dấu thiết bị không có nhãn")):  # fmt: skip
        p = ssub.add_parser(name, help=text)
        add_common(p, json_flag=True)
        p.add_argument("number", type=int, metavar="SỐ", help="số phiên kiểm kê")
        p.add_argument("codes", nargs="+", metavar="MÃ", help="mã thiết bị")
        p.add_argument("--room", help="phòng đang kiểm kê (phiên toàn trường)")
        p.add_argument("--condition", choices=SCAN_CONDITIONS, help="tình trạng ghi nhận")
        p.set_defaults(func=_scan, manual=manual)
    for name, func, text in (("status", _status, "tình hình một phiên kiểm kê"),
                             ("preview", _preview, "xem trước kết quả đối chiếu")):  # fmt: skip
        p = ssub.add_parser(name, help=text)
        add_common(p, json_flag=True)
        p.add_argument("number", type=int, metavar="SỐ", help="số phiên kiểm kê")
        p.set_defaults(func=func)
    p = ssub.add_parser("apply", help="cập nhật sổ thiết bị theo kết quả và kết thúc phiên")
    add_common(p, json_flag=True)
    p.add_argument("number", type=int, metavar="SỐ", help="số phiên kiểm kê")
    p.add_argument("--move-wrong-room", action="store_true",
                   help="chuyển thiết bị tìm thấy ở phòng khác về phòng thực tế")  # fmt: skip
    p.add_argument("--yes", action="store_true", help="xác nhận (không có: chỉ xem trước)")
    p.set_defaults(func=_apply)
    p = ssub.add_parser("record", help="in biên bản kiểm kê (PDF)")
    add_common(p, json_flag=True)
    p.add_argument("number", type=int, metavar="SỐ", help="số phiên kiểm kê")
    p.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF ghi ra")
    p.set_defaults(func=_record)
    p = ssub.add_parser("list", help="các phiên kiểm kê")
    add_common(p, json_flag=True)
    p.set_defaults(func=_list)
