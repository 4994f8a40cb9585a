"""Core commands: init, demo, check, journal, users."""

from __future__ import annotations

import argparse
import getpass
import os
from typing import Any

from app import accounts, checks, demo, journal, school, setup
from app.cli import Context, add_common
from app.errors import ValidationError
from app.permissions import ROLE_LABELS, Role

ORDER = 10


def _password(args: argparse.Namespace, prompt: str = "Mật khẩu: ") -> str:
    """``--password``, else ``TRUONGSO_PASSWORD``, else ask twice on the terminal."""
    if getattr(args, "password", None):
        return str(args.password)
    if os.environ.get("TRUONGSO_PASSWORD"):
        return os.environ["TRUONGSO_PASSWORD"]
    first = getpass.getpass(prompt)
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise ValidationError("Hai lần nhập mật khẩu không khớp.")
    return first


def _init(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    profile = school.SchoolProfile(
        code=args.code,
        name=args.name,
        levels=tuple(x.strip() for x in args.levels.split(",")),
        province=args.province or "",
        commune=args.commune or "",
        authority=args.authority or "",
        principal=args.principal or "",
    )
    req = setup.SetupRequest(profile, args.admin, args.admin_name, _password(args), args.year)
    p = setup.initialize(rt.db, req)
    ctx.out(
        {"school": p.code, "admin": args.admin}, f"Đã khởi tạo {p.name} ({p.code}) tại {rt.db.url}."
    )
    return 0


def _demo(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    summary = demo.create_demo(rt.db, args.password or demo.DEMO_PASSWORD)
    extra = demo.fill_demo(rt.db, args) if hasattr(demo, "fill_demo") else {}
    data: dict[str, Any] = {
        "school": summary.school_code,
        "users": list(summary.users),
        "years": list(summary.years),
        **extra,
    }
    ctx.out(
        data,
        f"Đã tạo trường mẫu {summary.school_code}. Tài khoản: {', '.join(summary.users)}; "
        f"mật khẩu: {summary.password}",
    )
    return 0


def _check(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False)
    results = checks.run_checks(rt.db)
    ctx.out(
        [{"check": r.name, "ok": r.ok, "message": r.message} for r in results],
        "\n".join(("✔ " if r.ok else "✘ ") + r.message for r in results),
    )
    return 0 if all(r.ok for r in results) else 1


def _journal_verify(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False)
    with rt.db.read() as s:
        result = journal.verify(s)
    ctx.out({"ok": result.ok, "count": result.count, "broken_at": result.broken_at}, result.message)
    return 0 if result.ok else 1


def _journal_list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False)
    flt = journal.JournalFilter(entity_type=args.entity or "", username=args.user or "")
    with rt.db.read() as s:
        rows = journal.query(s, flt, limit=args.limit)
    ctx.out(
        [r.__dict__ for r in rows],
        "\n".join(
            f"{r.seq:>6} {r.at:%d/%m/%Y %H:%M} {r.username:<12} {r.op:<7} {r.entity_type} {r.entity_id} "
            f"{r.reason}"
            for r in rows
        ),
    )
    return 0


def _users_add(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    with rt.db.uow(actor=ctx.actor()) as s:
        info = accounts.create_user(
            s, ctx.actor(), args.username, args.name, args.role, _password(args)
        )
    ctx.out({"username": info.username, "role": info.role}, f"Đã tạo tài khoản {info.username}.")
    return 0


def _users_list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False)
    with rt.db.read() as s:
        users = accounts.list_users(s, ctx.actor())
    ctx.out(
        [
            {"username": u.username, "full_name": u.full_name, "role": u.role, "active": u.active}
            for u in users
        ],
        "\n".join(
            f"{u.username:<16} {u.full_name:<28} {u.role_label:<24} {'' if u.active else '(vô hiệu)'}"
            for u in users
        ),
    )
    return 0


def _users_passwd(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    new = _password(args, "Mật khẩu mới: ")
    with rt.db.uow(actor=ctx.actor()) as s:
        accounts.reset_password(s, ctx.actor(), args.username, new)
    ctx.out({"username": args.username}, f"Đã đặt lại mật khẩu cho {args.username}.")
    return 0


def register(sub: Any) -> None:
    """Add the core commands."""
    p = sub.add_parser("init", help="khởi tạo CSDL mới: hồ sơ trường, quản trị viên, năm học")
    add_common(p, json_flag=True)
    p.add_argument("--code", required=True, help="mã trường")
    p.add_argument("--name", required=True, help="tên trường")
    p.add_argument("--levels", required=True, help="cấp học: tieu_hoc,thcs,thpt")
    p.add_argument("--province", help="tỉnh/thành phố")
    p.add_argument("--commune", help="xã/phường")
    p.add_argument("--authority", help="cơ quan quản lý trực tiếp")
    p.add_argument("--principal", help="hiệu trưởng")
    p.add_argument("--admin", default="admin", help="tên đăng nhập quản trị viên")
    p.add_argument("--admin-name", default="Quản trị hệ thống", help="họ tên quản trị viên")
    p.add_argument(
        "--password", help="mật khẩu (hoặc biến TRUONGSO_PASSWORD, hoặc nhập khi được hỏi)"
    )
    p.add_argument(
        "--year",
        default=school.year_for(__import__("datetime").date.today()),
        help="năm học hiện tại",
    )
    p.set_defaults(func=_init)

    p = sub.add_parser("demo", help="tạo trường mẫu với dữ liệu minh họa")
    add_common(p, json_flag=True)
    p.add_argument(
        "--password", help=f"mật khẩu cho mọi tài khoản mẫu (mặc định {demo.DEMO_PASSWORD})"
    )
    p.add_argument("--students", type=int, default=1200, help="số học sinh mẫu (mặc định 1200)")
    p.set_defaults(func=_demo)

    p = sub.add_parser("check", help="kiểm tra toàn vẹn CSDL và nhật ký")
    add_common(p, json_flag=True)
    p.set_defaults(func=_check)

    j = sub.add_parser("journal", help="nhật ký thay đổi").add_subparsers(
        dest="journal_cmd", metavar="<lệnh>"
    )
    p = j.add_parser("verify", help="kiểm tra chuỗi băm của nhật ký")
    add_common(p, json_flag=True)
    p.set_defaults(func=_journal_verify)
    p = j.add_parser("list", help="liệt kê các mục nhật ký mới nhất")
    add_common(p, json_flag=True)
    p.add_argument("--entity", help="loại bản ghi, ví dụ user_account")
    p.add_argument("--user", help="người thực hiện")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=_journal_list)

    u = sub.add_parser("users", help="tài khoản người dùng").add_subparsers(
        dest="users_cmd", metavar="<lệnh>"
    )
    p = u.add_parser("add", help="thêm tài khoản")
    add_common(p, json_flag=True)
    p.add_argument("username")
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument(
        "--role",
        required=True,
        choices=[r.value for r in Role],
        help="vai trò: " + "; ".join(f"{k} = {v}" for k, v in ROLE_LABELS.items()),
    )
    p.add_argument("--password")
    p.set_defaults(func=_users_add)
    p = u.add_parser("list", help="liệt kê tài khoản")
    add_common(p, json_flag=True)
    p.set_defaults(func=_users_list)
    p = u.add_parser("passwd", help="đặt lại mật khẩu của một tài khoản")
    add_common(p, json_flag=True)
    p.add_argument("username")
    p.add_argument("--password")
    p.set_defaults(func=_users_passwd)
