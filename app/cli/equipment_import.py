"""``equipment import-items FILE [--dry-run] [--create-rooms]``: many register lines at once
from a spreadsheet or CSV (issue 11 §7; the layout is in docs/equipment.md).

Exit codes: 0 done (a dry run too); 1 a refused cell (nothing written); 2 wrong usage.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import Context, add_common
from app.messages.equipment_import import IMPORT_MSG as M


def _import_items(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment import register_import as ri
    from app.errors import ValidationError

    rt, actor = ctx.runtime(create=False), ctx.actor()
    path = Path(args.file)
    codes: list[str] = []
    with rt.db.read(actor=actor) as s:
        pv = ri.preview_items(s, actor, path, create_rooms=args.create_rooms)
    refusal = pv.refusal()
    if not refusal and not args.dry_run:
        try:
            pv, codes, _changes = ri.import_items(
                rt.db, actor, path, create_rooms=args.create_rooms
            )
        except ValidationError as exc:
            refusal = str(exc)
    rooms = M.cli_rooms.format(names=", ".join(pv.new_rooms)) if pv.new_rooms else ""
    lines = [*pv.notices, M.cli_preview.format(file=path.name, rows=len(pv.lines), units=pv.units,
                                               items=pv.register_rows, rooms=rooms)]  # fmt: skip
    lines += [
        M.cli_line.format(row=line.row, name=line.data.name, quantity=line.data.count,
                          unit=line.data.unit, room=line.data.room or M.cli_store,
                          how=M.cli_serial if line.data.serial else M.cli_counted)
        for line in pv.lines
    ]  # fmt: skip
    if refusal:
        lines.append(refusal)
    elif args.dry_run:
        lines.append(M.cli_dry_run)
    elif codes:
        lines.append(M.cli_done.format(items=len(codes), first=codes[0], last=codes[-1]))
    data = {
        "dry_run": args.dry_run, "file": path.name, "rows": len(pv.lines), "units": pv.units,
        "register_rows": pv.register_rows, "new_rooms": list(pv.new_rooms), "codes": codes,
        "problems": [p.as_dict() for p in pv.problems], "notices": list(pv.notices),
    }  # fmt: skip
    ctx.out(data, "\n".join(lines))
    return 1 if refusal else 0


def add_commands(sub: Any) -> None:
    """``equipment import-items``."""
    p = sub.add_parser("import-items", help="nhập nhiều thiết bị vào sổ từ tệp Excel/CSV")
    add_common(p, json_flag=True)
    p.add_argument(
        "file", metavar="TỆP", help=".xlsx, .xls, .ods hoặc .csv (xem docs/equipment.md)"
    )
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, chưa ghi gì")
    p.add_argument("--create-rooms", action="store_true",
                   help="tạo phòng chưa có (loại phòng học; sửa loại sau)")  # fmt: skip
    p.set_defaults(func=_import_items)
