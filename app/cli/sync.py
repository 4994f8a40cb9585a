"""``python main.py sync …``: the school's side of sync (issue 10): the hub profile, making
packages, handing them over on a USB stick or a folder, taking the receipts back, the queue."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import Context, add_common


def _profile(args: argparse.Namespace, ctx: Context) -> int:
    from app.sync import hub_profile

    profile = hub_profile.read_profile_file(Path(args.file))
    if not args.confirm:
        ctx.out({"name": profile.name, "fingerprint": profile.fingerprint},
                f"Máy chủ: {profile.name}\nDấu vân tay: {profile.fingerprint}\n"
                "So với dấu vân tay cơ quan quản lý gửi, rồi chạy lại với --confirm <dấu vân tay>.")  # fmt: skip
        return 0
    dest = hub_profile.save_profile(profile, args.confirm)
    ctx.out({"file": str(dest)}, f"Đã lưu hồ sơ máy chủ {profile.name} ({dest}).")
    return 0


def _make(args: argparse.Namespace, ctx: Context) -> int:
    from app.sync import school_side

    made = school_side.make_packages(ctx.runtime(create=False).db, ctx.actor())
    ctx.out({"packages": [str(p) for p in made]}, f"Đã lập {len(made)} gói dữ liệu.")
    return 0


def _export(args: argparse.Namespace, ctx: Context) -> int:
    from app.sync import school_side

    db = ctx.runtime(create=False).db
    school_side.make_packages(db, ctx.actor())
    result = school_side.export_to(db, ctx.actor(), Path(args.to))
    lines = [f"Đã chép {len(result.files)} gói vào {result.folder}."]
    lines += [f"  {name}: {why}" for name, why in result.missing]
    ctx.out({"folder": str(result.folder), "files": result.files,
             "missing": [{"file": n, "reason": w} for n, w in result.missing]},
            "\n".join(lines))  # fmt: skip
    return 1 if result.missing else 0


def _receipts(args: argparse.Namespace, ctx: Context) -> int:
    from app.sync import school_side

    taken = school_side.import_receipts(
        ctx.runtime(create=False).db, ctx.actor(), Path(args.source)
    )
    lines = [f"Đã nhận {len(taken.applied)} biên nhận."]
    lines += [f"  Không dùng được {name}: {why}" for name, why in taken.refused]
    data: dict[str, Any] = {"applied": taken.applied,
                            "refused": [{"file": n, "reason": w} for n, w in taken.refused]}  # fmt: skip
    ctx.out(data, "\n".join(lines))
    return 1 if taken.refused else 0


def _status(args: argparse.Namespace, ctx: Context) -> int:
    from sqlalchemy import select

    from app.sync.outbox import STATE_LABELS, OutboxPackage

    with ctx.runtime(create=False).db.read(ctx.actor()) as s:
        rows = s.scalars(select(OutboxPackage).order_by(OutboxPackage.epoch,
                                                        OutboxPackage.first_seq)).all()  # fmt: skip
        data = [{"package": str(r.id), "from": r.first_seq, "to": r.last_seq, "state": r.state,
                 "attempts": r.attempts, "last_error": r.last_error} for r in rows]  # fmt: skip
        text = "\n".join(
            f"{r.first_seq:>7}–{r.last_seq:<7} {STATE_LABELS[r.state]:<12} {r.last_error}"
            for r in rows
        )
    ctx.out(data, text or "Hàng đợi gửi trống.")
    return 0


def _package_id(text: str) -> Any:
    import uuid

    from app.errors import ValidationError
    from app.messages.sync_ui import SYNC_UI_MSG

    try:
        return uuid.UUID(text.strip())
    except ValueError as exc:
        raise ValidationError(SYNC_UI_MSG.package_id_bad.format(text=text)) from exc


def _retry(args: argparse.Namespace, ctx: Context) -> int:
    from app.sync import helpdesk

    done = helpdesk.retry(ctx.runtime(create=False).db, ctx.actor(), _package_id(args.package))
    ctx.out({"package": str(done.package_id), "state": "cho_gui"},
            f"Gói {done.package_id} đã trở lại hàng đợi (Chờ gửi).")  # fmt: skip
    return 0


def _helpdesk(args: argparse.Namespace, ctx: Context) -> int:
    from app.sync import helpdesk

    written = helpdesk.export_for_helpdesk(
        ctx.runtime(create=False).db, ctx.actor(), _package_id(args.package), Path(args.dest)
    )
    ctx.out({"file": str(written.path), "package_file": written.package_file},
            f"Đã ghi {written.path}: gửi tệp này cho bộ phận hỗ trợ.")  # fmt: skip
    return 0


def register(sub: Any) -> None:
    """Add the ``sync`` group."""
    p = sub.add_parser("sync", help="đồng bộ: hồ sơ máy chủ, lập gói, chép ra USB, nhận biên nhận")
    ss = p.add_subparsers(dest="sync_command", metavar="LỆNH", required=True)
    q = ss.add_parser("profile", help="nhập hồ sơ máy chủ (xem dấu vân tay, rồi xác nhận)")
    add_common(q, json_flag=True)
    q.add_argument("file")
    q.add_argument("--confirm", metavar="DẤU_VÂN_TAY", help="dấu vân tay đã đối chiếu")
    q.set_defaults(func=_profile)
    q = ss.add_parser("make", help="lập gói dữ liệu từ các thay đổi chưa gửi")
    add_common(q, json_flag=True)
    q.set_defaults(func=_make)
    q = ss.add_parser("export", help="chép các gói chưa được xác nhận ra USB hoặc thư mục")
    add_common(q, json_flag=True)
    q.add_argument(
        "--to", required=True, help="ổ USB hoặc thư mục (tạo TruongSo/guidi/<mã trường>)"
    )
    q.set_defaults(func=_export)
    q = ss.add_parser("receipts", help="nhận biên nhận từ TruongSo/bienNhan trên USB hoặc thư mục")
    add_common(q, json_flag=True)
    q.add_argument("--from", dest="source", required=True, help="ổ USB hoặc thư mục")
    q.set_defaults(func=_receipts)
    q = ss.add_parser("status", help="hàng đợi gửi: các gói và trạng thái")
    add_common(q, json_flag=True)
    q.set_defaults(func=_status)
    q = ss.add_parser("retry", help="đưa một gói «Cần xử lý» trở lại hàng đợi gửi")
    add_common(q, json_flag=True)
    q.add_argument("package", metavar="MÃ_GÓI", help="mã gói (xem lệnh: sync status)")
    q.set_defaults(func=_retry)
    q = ss.add_parser("helpdesk", help="xuất một gói «Cần xử lý» thành tệp .zip cho bộ phận hỗ trợ")
    add_common(q, json_flag=True)
    q.add_argument("package", metavar="MÃ_GÓI", help="mã gói (xem lệnh: sync status)")
    q.add_argument("dest", metavar="TỆP.zip", help="tệp .zip sẽ ghi")
    q.set_defaults(func=_helpdesk)
