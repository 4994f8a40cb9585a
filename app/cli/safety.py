"""Data-safety commands: backup, backup-list, key export/import, restore (also --check-only).

The same services as Cài đặt → «Sao lưu và khôi phục…» (``app.safety.backup_admin``):
``backup-list`` says whether each backup restores on this PC, ``key export --sheet`` also
writes the printed recovery sheet, ``restore --check-only`` runs every check and replaces
nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app import secrets
from app import settings as app_settings
from app.cli import Context, add_common
from app.db import sqlite_path
from app.errors import StorageError
from app.messages import MSG
from app.messages.safety import SAFETY_MSG
from app.runtime import open_runtime, resolve_url
from app.safety import backup, backup_admin, keys
from app.safety.lock import InstanceLock

ORDER = 20


def _warn_keyring() -> None:
    """Tell the user on stderr when keys go to the file fallback (docs/keyring.md)."""
    status = secrets.ensure_backend()
    if status.warning:
        print(status.warning, file=sys.stderr)


def _info(b: backup.BackupInfo) -> dict[str, Any]:
    return {
        "path": str(b.path),
        "created_at": b.created_at.isoformat(),
        "school_code": b.school_code,
        "size": b.size,
    }


def _backup(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    _warn_keyring()
    info = backup.create_backup(rt.db, ctx.actor(), Path(args.out) if args.out else None)
    ctx.out(_info(info), MSG.backup_done.format(path=info.path))
    return 0


def _backup_list(args: argparse.Namespace, ctx: Context) -> int:
    folder = Path(args.dir) if args.dir else app_settings.load().effective_backup_dir()
    items = backup_admin.list_entries(ctx.actor(), [folder], "")
    lines = [
        f"{b.created_at.astimezone():%d/%m/%Y %H:%M}  {b.school_code:<10} {_mb(b.size):>10}  "
        f"{b.state_label:<22} {b.path}"
        if b.created_at
        else f"{'':16}  {'':<10} {'':>10}  {b.state_label:<22} {b.path}"
        for b in items
    ]
    data = [
        {
            "path": str(b.path),
            "created_at": b.created_at.isoformat() if b.created_at else None,
            "school_code": b.school_code,
            "size": b.size,
            "state": str(b.state),
        }
        for b in items
    ]
    ctx.out(data, "\n".join(lines) or f"Chưa có bản sao lưu nào trong {folder}.")
    return 0


def _mb(size: int) -> str:
    """Size in MB with a decimal comma."""
    return f"{size / 1_048_576:.2f} MB".replace(".", ",")


def _school_for_key(args: argparse.Namespace, ctx: Context) -> str:
    if args.school:
        return str(args.school)
    rt = ctx.runtime(lock=False, create=False)
    if not rt.db.school_code:
        raise StorageError(SAFETY_MSG.backup_school_missing)
    return rt.db.school_code


def _key_export(args: argparse.Namespace, ctx: Context) -> int:
    code = _school_for_key(args, ctx)
    _warn_keyring()
    path = keys.export_key(ctx.actor(), Path(args.out), code)
    fp = keys.key_fingerprint(code)
    sheet = None
    if args.sheet:
        rt = ctx.runtime(lock=False, create=False)
        sheet = backup_admin.write_sheet(ctx.actor(), rt.db, path, Path(args.sheet))
    text = SAFETY_MSG.key_exported.format(path=path)
    if sheet is not None:
        text += " " + SAFETY_MSG.key_sheet_written.format(path=sheet)
    ctx.out(
        {"path": str(path), "school_code": code, "fingerprint": fp, "sheet": str(sheet or "")},
        text,
    )
    return 0


def _key_import(args: argparse.Namespace, ctx: Context) -> int:
    _warn_keyring()
    code = backup_admin.import_key(ctx.actor(), Path(args.file)).school_code
    fp = keys.key_fingerprint(code)
    ctx.out(
        {"school_code": code, "fingerprint": fp},
        SAFETY_MSG.key_saved.format(code=code, fingerprint=fp),
    )
    return 0


def _restore(args: argparse.Namespace, ctx: Context) -> int:
    url = resolve_url(ctx.db_url)
    target = sqlite_path(url)
    if target is None:
        raise StorageError(MSG.restore_pg_unsupported)
    key_file = Path(args.key_file) if args.key_file else None
    if args.check_only:
        checked = backup_admin.check(ctx.actor(), Path(args.file), key_file)
        ctx.out(
            {
                "backup": str(checked.backup),
                "school_code": checked.school_code,
                "created_at": checked.created_at.isoformat(),
                "revision": checked.revision,
                "journal_entries": checked.journal_entries,
            },
            SAFETY_MSG.backup_checked_cli.format(path=checked.backup),
        )
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with InstanceLock(target):
        info = backup.restore_backup(Path(args.file), target, key_file, actor=ctx.actor())
        open_runtime(url, lock=False).close()  # restore point + migration to this build
    ctx.out(
        {
            "backup": str(info.backup),
            "target": str(info.target),
            "school_code": info.school_code,
            "created_at": info.created_at.isoformat(),
            "journal_entries": info.journal_entries,
            "kept": str(info.kept) if info.kept else None,
        },
        MSG.restore_done.format(path=info.backup, kept=info.kept)
        if info.kept
        else SAFETY_MSG.restore_done_new.format(path=info.backup, target=info.target),
    )
    return 0


def register(sub: Any) -> None:
    """Add the data-safety commands."""
    p = sub.add_parser("backup", help="sao lưu CSDL ngay (mã hóa AES-GCM)")
    add_common(p, json_flag=True)
    p.add_argument("--out", metavar="THƯ_MỤC", help="thư mục lưu bản sao lưu (mặc định: cài đặt)")
    p.set_defaults(func=_backup)

    p = sub.add_parser("backup-list", help="liệt kê các bản sao lưu")
    add_common(p, json_flag=True)
    p.add_argument("--dir", metavar="THƯ_MỤC", help="thư mục chứa bản sao lưu")
    p.set_defaults(func=_backup_list)

    k = sub.add_parser("key", help="khóa sao lưu: xuất ra giấy/USB, nhập vào máy mới")
    ks = k.add_subparsers(dest="key_cmd", metavar="<lệnh>")
    p = ks.add_parser("export", help="xuất khóa sao lưu ra tệp văn bản để in/cất giữ")
    add_common(p, json_flag=True)
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp khóa sẽ tạo")
    p.add_argument("--school", metavar="MÃ", help="mã trường (mặc định: của CSDL)")
    p.add_argument("--sheet", metavar="TỆP_PDF", help="ghi thêm phiếu khóa để in (PDF)")
    p.set_defaults(func=_key_export)
    p = ks.add_parser("import", help="nhập khóa sao lưu từ tệp vào máy này")
    add_common(p, json_flag=True)
    p.add_argument("file", metavar="TỆP", help="tệp khóa đã xuất")
    p.set_defaults(func=_key_import)

    p = sub.add_parser("restore", help="khôi phục CSDL từ bản sao lưu (kiểm tra trước khi thay)")
    add_common(p, json_flag=True)
    p.add_argument("file", metavar="TỆP", help="tệp sao lưu .tsbak")
    p.add_argument("--key-file", metavar="TỆP_KHÓA", help="tệp khóa (khi khôi phục trên máy mới)")
    p.add_argument(
        "--check-only", action="store_true", help="chỉ kiểm tra bản sao lưu, không thay dữ liệu"
    )
    p.set_defaults(func=_restore)
