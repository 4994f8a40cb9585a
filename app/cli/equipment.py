"""``equipment``: rooms, the register (sổ quản lý thiết bị), disposal, the minimum lists and
the Informatics computer ratio. The same services as the window; ``--json`` prints data.

Exit codes: 0 done (a dry run too); 1 an expected error, e.g. a refused cell of an imported
list (nothing written) or a disposal without a reason; 2 wrong usage.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.cli import Context, add_common
from app.cli.options import day_option
from app.equipment import bundled, disposal, list_import, lists, ratio, rooms
from app.equipment import register as reg
from app.equipment.models import (
    CONDITION_LABELS,
    CONSTRUCTION_LABELS,
    LEVEL_LABELS,
    ROOM_KIND_LABELS,
    SOURCE_LABELS,
)
from app.excel.encodings import LegacyChoice
from app.journal import iter_changes
from app.labels import field_label, format_date, format_datetime, format_value, op_label
from app.messages.equipment import EQUIPMENT_MSG as M
from app.numbers import thousands

HELP = "thiết bị: phòng học, sổ thiết bị, thanh lý, danh mục tối thiểu, tỉ lệ máy tính"


def _rooms(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    if args.add:
        data = rooms.RoomInput(args.add, args.kind, args.capacity, args.construction,
                               args.level or "", None, args.notes or "")  # fmt: skip
        with rt.db.uow(actor=actor) as s:
            rooms.add_room(s, actor, data)
        ctx.out({"added": args.add}, M.cli_room_added.format(name=args.add))
        return 0
    with rt.db.read(actor=actor) as s:
        rows = rooms.list_rooms(s, actor)
    listed = [r.__dict__ for r in rows]
    text = "\n".join(
        f"{r.name}  {r.kind_label}  {LEVEL_LABELS.get(r.level, 'dùng chung')}  "
        f"{r.capacity} chỗ  {r.construction_label}  {r.items} dòng thiết bị"
        for r in rows
    )
    ctx.out(listed, text or M.cli_no_rooms)
    return 0


def _item_data(r: reg.ItemRow) -> dict[str, Any]:
    return {**r.__dict__, "value_vnd": str(r.value_vnd)}


def _items(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.read(actor=actor) as s:
        rows = reg.list_items(s, actor, room=args.room or "", condition=args.condition or "",
                                   computers_only=args.computers, include_disposed=args.all)  # fmt: skip
    text = "\n".join(
        f"{r.code}  {r.name}  ×{r.quantity} {r.unit}  {r.room or '(kho)'}  {r.condition_label}"
        + (f"  đã thanh lý {format_date(r.disposed_on)}" if r.disposed_on else "")
        + ("  máy tính" + (" hoạt động" if r.working else " không hoạt động")
           + (", có Internet" if r.internet else "") if r.is_computer else "")
        for r in rows
    )  # fmt: skip
    ctx.out([_item_data(r) for r in rows], text or M.cli_no_items)
    return 0


def _add(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    data = reg.ItemInput(
        args.name, args.count, not args.as_quantity, args.category or "", args.room or "",
        args.unit, None, day_option(args.date, "--date") if args.date else None, args.source,
        reg.check_money(args.value or "0"), args.condition, args.computer,
        not args.not_working, args.internet, args.serial_number or "", args.notes or "",
    )  # fmt: skip
    with rt.db.uow(actor=actor) as s:
        added = reg.add_items(s, actor, data)
    shown = ", ".join(added.codes) if len(added.codes) <= 6 else (
        f"{added.codes[0]} … {added.codes[-1]}")  # fmt: skip
    ctx.out({"codes": list(added.codes)}, M.cli_added.format(n=len(added.codes), codes=shown))
    return 0


def _edit(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    edit = reg.ItemEdit(
        name=args.name, category=args.category, room=args.room, quantity=args.quantity,
        condition=args.condition, notes=args.notes, serial_number=args.serial_number,
        value_vnd=reg.check_money(args.value) if args.value is not None else None,
        working=False if args.not_working else True if args.working else None,
        internet=True if args.internet else False if args.no_internet else None,
    )  # fmt: skip
    with rt.db.uow(actor=actor, reason=args.reason) as s:
        reg.edit_item(s, actor, args.code, edit)
    ctx.out({"edited": args.code.upper()}, M.cli_edited.format(code=args.code.upper()))
    return 0


def _history(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.read(actor=actor) as s:
        records = reg.item_history(s, actor, args.code)
    data = [{"seq": r.seq, "at": r.at, "username": r.username, "op": r.op,
             "changes": r.changes, "reason": r.reason} for r in records]  # fmt: skip
    lines = []
    for r in records:
        lines.append(f"{format_datetime(r.at)}  {r.username}  {op_label(r.op)}"
                     + (f"  — {r.reason}" if r.reason else ""))  # fmt: skip
        if r.op == "update":
            lines += [
                f"    {field_label(f, r.entity_type)}: {format_value(f, old, r.entity_type)} → "
                f"{format_value(f, new, r.entity_type)}"
                for _rec, f, old, new in iter_changes([r])
            ]
    ctx.out(data, "\n".join(lines) or M.cli_history_empty.format(code=args.code.upper()))
    return 0


def _dispose(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    day = day_option(args.date, "--date") if args.date else None
    with rt.db.uow(actor=actor) as s:
        disposal.dispose(s, actor, args.code, args.reason or "", on=day)
        item = reg.get_item(s, actor, args.code)
    ctx.out({"disposed": item.code, "on": item.disposed_on},
            M.cli_disposed.format(code=item.code, name=item.name, reason=args.reason))  # fmt: skip
    return 0


def _ratio(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.read(actor=actor) as s:
        rows = ratio.computer_ratios(s, actor)
    data = [{"level": r.level, "students": r.students, "computers": r.computers,
             "students_per_computer": str(r.ratio) if r.ratio is not None else None,
             "limit": str(r.limit), "aim": str(r.aim), "meets": r.meets} for r in rows]  # fmt: skip
    lines = []
    for r in rows:
        figure = f"{_decimal(r.ratio)} học sinh/máy" if r.ratio is not None else r.note
        verdict = "đạt" if r.meets else "chưa đạt"
        limit = f"{r.aim}–{r.limit}" if r.aim != r.limit else f"{r.limit}"
        lines.append(f"{r.level_label}: {thousands(r.students)} học sinh, {r.computers} máy "
                     f"hoạt động — {figure} (tối đa {limit}): {verdict}")  # fmt: skip
    ctx.out(data, "\n".join(lines))
    return 0


def _decimal(value: Decimal) -> str:
    """``2,50`` the Vietnamese way; a whole number without decimals."""
    return (
        f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}".replace(".", ",")
    )


def _lists(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    if args.load_bundled:
        with rt.db.uow(actor=actor) as s:
            bundled.load_bundled(s, actor)
    with rt.db.read(actor=actor) as s:
        found = lists.list_lists(s, actor)
    text = "\n".join(
        f"{x.circular} — {LEVEL_LABELS.get(x.level, x.level)}, phiên bản {x.version}: "
        f"{x.items} thiết bị, {len(x.subjects)} môn. Nguồn: {x.source or '(không ghi)'}"
        for x in found
    )
    ctx.out([x.__dict__ for x in found], text or M.cli_no_lists)
    return 0


def _import_list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    legacy = (LegacyChoice.CONVERT if args.convert_legacy
              else LegacyChoice.KEEP if args.keep_legacy_text else LegacyChoice.ASK)  # fmt: skip
    path = Path(args.file)
    options = {"version": args.version, "source": args.source or "",
               "circular": args.circular or "", "legacy": legacy}  # fmt: skip
    if args.dry_run:
        with rt.db.read(actor=actor) as s:
            pv = list_import.preview_list(s, actor, path, **options)  # type: ignore[arg-type]
    else:
        pv, _changes = list_import.import_list(rt.db, actor, path, **options)  # type: ignore[arg-type]
    refusal = pv.refusal()
    data = {"dry_run": args.dry_run, "plan": pv.plan.as_dict() if pv.plan else None,
            "problems": [p.as_dict() for p in pv.problems], "notices": list(pv.notices)}  # fmt: skip
    lines = list(pv.notices)
    if pv.plan is not None:
        p = pv.plan
        summary = M.cli_import_summary.format(
            circular=p.circular, level=p.level_label, version=p.version, inserted=p.inserted,
            updated=p.updated, unchanged=p.unchanged, removed=p.removed)  # fmt: skip
        lines.append((M.cli_dry_run if args.dry_run else "") + summary)
        if p.kept_in_use:
            lines.append(M.removed_in_use.format(n=len(p.kept_in_use),
                                                 items="; ".join(p.kept_in_use[:5])))  # fmt: skip
    if refusal:
        lines.append(refusal)
    ctx.out(data, "\n".join(lines))
    return 1 if refusal else 0


def _choices(labels: dict[str, str]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in labels.items())


def register_commands(sub: Any) -> None:
    """The subcommands of ``equipment``."""
    p = sub.add_parser("rooms", help="danh sách phòng; --add để thêm phòng")
    add_common(p, json_flag=True)
    p.add_argument("--add", metavar="TÊN", help="thêm phòng có tên này")
    p.add_argument("--kind", default="phong_hoc", choices=list(ROOM_KIND_LABELS),
                   help=f"loại phòng: {_choices(ROOM_KIND_LABELS)}")  # fmt: skip
    p.add_argument("--capacity", type=int, default=0, help="sức chứa (số chỗ ngồi)")
    p.add_argument("--construction", default="kien_co", choices=list(CONSTRUCTION_LABELS),
                   help=f"loại công trình: {_choices(CONSTRUCTION_LABELS)}")  # fmt: skip
    p.add_argument(
        "--level", choices=list(LEVEL_LABELS), help="cấp học dùng phòng (mặc định: dùng chung)"
    )
    p.add_argument("--notes", help="ghi chú")
    p.set_defaults(func=_rooms)

    p = sub.add_parser("items", help="sổ thiết bị (chưa thanh lý; --all: cả đã thanh lý)")
    add_common(p, json_flag=True)
    p.add_argument("--room", help="chỉ thiết bị trong phòng này")
    p.add_argument("--condition", choices=list(CONDITION_LABELS), help="chỉ tình trạng này")
    p.add_argument("--computers", action="store_true", help="chỉ máy tính")
    p.add_argument("--all", action="store_true", help="cả thiết bị đã thanh lý")
    p.set_defaults(func=_items)

    p = sub.add_parser("add", help="ghi thiết bị vào sổ (nhiều chiếc giống nhau một lần)")
    add_common(p, json_flag=True)
    p.add_argument("name", metavar="TÊN", help="tên thiết bị")
    p.add_argument("--count", type=int, default=1, help="số chiếc giống nhau (mặc định 1)")
    p.add_argument("--as-quantity", action="store_true",
                   help="ghi một dòng với số lượng thay vì mỗi chiếc một mã (đồ dùng nhỏ, bộ tranh)")  # fmt: skip
    p.add_argument("--category", help="nhóm thiết bị, ví dụ Toán, Tin học, Thể dục")
    p.add_argument("--room", help="phòng đặt thiết bị")
    p.add_argument("--unit", default="chiếc", help="đơn vị tính (mặc định: chiếc)")
    p.add_argument("--date", help="ngày nhận, dd/mm/yyyy")
    p.add_argument("--source", default="ngan_sach", choices=list(SOURCE_LABELS),
                   help=f"nguồn kinh phí: {_choices(SOURCE_LABELS)}")  # fmt: skip
    p.add_argument("--value", help="nguyên giá một chiếc, đồng (ví dụ 12500000)")
    p.add_argument("--condition", default="tot", choices=list(CONDITION_LABELS),
                   help=f"tình trạng: {_choices(CONDITION_LABELS)}")  # fmt: skip
    p.add_argument("--computer", action="store_true", help="là máy tính (tính tỉ lệ học sinh/máy)")
    p.add_argument("--not-working", action="store_true", help="máy tính không hoạt động")
    p.add_argument("--internet", action="store_true", help="máy tính có kết nối Internet")
    p.add_argument("--serial-number", help="số sê-ri (khi ghi một chiếc)")
    p.add_argument("--notes", help="ghi chú")
    p.set_defaults(func=_add)

    p = sub.add_parser("edit", help="sửa một thiết bị (mỗi thay đổi ghi vào nhật ký)")
    add_common(p, json_flag=True)
    p.add_argument("code", metavar="MÃ", help="mã thiết bị, ví dụ TB-000123")
    p.add_argument("--name", help="tên mới")
    p.add_argument("--category", help="nhóm thiết bị")
    p.add_argument("--room", help="chuyển sang phòng này ('' : về kho)")
    p.add_argument("--quantity", type=int, help="số lượng (dòng ghi theo số lượng)")
    p.add_argument("--condition", choices=list(CONDITION_LABELS), help="tình trạng")
    p.add_argument("--value", help="nguyên giá, đồng")
    p.add_argument("--serial-number", help="số sê-ri")
    p.add_argument("--working", action="store_true", help="máy tính hoạt động")
    p.add_argument("--not-working", action="store_true", help="máy tính không hoạt động")
    p.add_argument("--internet", action="store_true", help="có Internet")
    p.add_argument("--no-internet", action="store_true", help="không có Internet")
    p.add_argument("--notes", help="ghi chú")
    p.add_argument("--reason", help="lý do sửa (ghi vào nhật ký)")
    p.set_defaults(func=_edit)

    p = sub.add_parser("history", help="lịch sử thay đổi của một thiết bị (từ nhật ký)")
    add_common(p, json_flag=True)
    p.add_argument("code", metavar="MÃ", help="mã thiết bị")
    p.set_defaults(func=_history)

    p = sub.add_parser("dispose", help="thanh lý một thiết bị (Ban giám hiệu duyệt, cần lý do)")
    add_common(p, json_flag=True)
    p.add_argument("code", metavar="MÃ", help="mã thiết bị")
    p.add_argument("--reason", required=True, help="lý do thanh lý")
    p.add_argument("--date", help="ngày thanh lý, dd/mm/yyyy (mặc định: hôm nay)")
    p.set_defaults(func=_dispose)

    p = sub.add_parser("ratio", help="tỉ lệ học sinh/máy tính theo cấp học, so với quy định")
    add_common(p, json_flag=True)
    p.set_defaults(func=_ratio)

    p = sub.add_parser("lists", help="các danh mục thiết bị tối thiểu đã có")
    add_common(p, json_flag=True)
    p.add_argument("--load-bundled", action="store_true",
                   help="nạp các danh mục đi kèm phần mềm (resources/equipment)")  # fmt: skip
    p.set_defaults(func=_lists)

    p = sub.add_parser("import-list", help="nhập danh mục thiết bị tối thiểu từ tệp Excel/CSV")
    add_common(p, json_flag=True)
    p.add_argument(
        "file", metavar="TỆP", help=".xlsx, .xls, .ods hoặc .csv (xem docs/equipment.md)"
    )
    p.add_argument("--version", required=True, help="phiên bản danh mục, ví dụ 2021")
    p.add_argument("--source", help="nguồn: văn bản gốc đã chép (số, ngày, nơi lấy)")
    p.add_argument("--circular", help="thông tư, khi tệp không có cột Thông tư (ví dụ 38/2021)")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, chưa ghi gì")
    p.add_argument(
        "--convert-legacy", action="store_true", help="chuyển chữ bảng mã cũ sang Unicode"
    )
    p.add_argument("--keep-legacy-text", action="store_true", help="giữ nguyên chữ bảng mã cũ")
    p.set_defaults(func=_import_list)
    _stocktake_and_labels(sub)


def _stocktake_and_labels(sub: Any) -> None:
    """``labels`` and ``stocktake …`` (issue 11 §4–§5) live in their own module."""
    from app.cli import equipment_disposal, equipment_import, equipment_stocktake

    equipment_stocktake.add_commands(sub)
    equipment_import.add_commands(sub)  # import-items (issue 11 §7)
    equipment_disposal.add_commands(sub)  # dispose-record (issue 11 §2)


def register(sub: Any) -> None:
    """Add the ``equipment`` group."""
    e = sub.add_parser("equipment", help=HELP)
    esub = e.add_subparsers(dest="equipment_command", metavar="LỆNH", required=True)
    register_commands(esub)
    _loans(esub)
    _report(esub)


def _loans(sub: Any) -> None:
    """``loan …`` (mượn/trả, issue 11 §3) lives in its own module."""
    from app.cli import equipment_loans

    equipment_loans.add_commands(sub)


def _report(sub: Any) -> None:
    """``report`` (the compliance report, issue 11 §5) lives in its own module."""
    from app.cli import equipment_report

    equipment_report.add_commands(sub)
