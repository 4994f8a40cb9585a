"""``students import``, ``students export`` and ``students template``: Excel and PDF in and out.

Exit codes of ``students import``: 0 everything valid (and written unless --dry-run);
1 some rows rejected, or legacy-encoded text found and neither --convert-legacy nor
--keep-legacy-text given: nothing written (or a file-level error); 3 with
--skip-rejected, the valid rows were written and the rejected ones were not.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.cli import Context, add_common
from app.errors import ValidationError
from app.excel.encodings import LegacyChoice
from app.messages.excel import EXCEL_MSG
from app.students import class_list_pdf, exporter, importer

EXIT_PARTIAL = 4
"""Written, but rows were skipped (``--skip-rejected``): listed, and in the rejected-rows file."""


def _problem_lines(pv: importer.ImportPreview) -> list[str]:
    lines = [f"  Lỗi: {p.message}" for p in pv.problems if p.is_error]
    lines += [f"  Cảnh báo: {p.message}" for p in pv.problems if not p.is_error]
    return lines


def _column_lines(pv: importer.ImportPreview) -> list[str]:
    """How each header was read: "Cột C “Mã định danh” → Mã học sinh (Bộ GD&ĐT)"."""
    return [
        f"  Cột {u.letter} “{u.header}” → {u.label} (trang tính “{u.sheet}”)" for u in pv.columns
    ]


def _legacy_lines(pv: importer.ImportPreview) -> list[str]:
    """Every legacy-text cell, before → after, and every cell left alone in doubt."""
    lines = [f"  Chuyển mã: {c.message}" for c in pv.conversions]
    return lines + [f"  Không chuyển: {c.message}" for c in pv.doubts]


def _mapping(items: Sequence[str]) -> dict[str, str]:
    """ "Tiêu đề=trường" pairs from --map (split at the last "=")."""
    out = {}
    for item in items:
        header, sep, field = item.rpartition("=")
        if not sep or not header.strip() or not field.strip():
            raise ValidationError(EXCEL_MSG.map_syntax.format(value=item))
        out[header.strip()] = field.strip()
    return out


def _legacy_choice(args: argparse.Namespace) -> LegacyChoice:
    if args.convert_legacy:
        return LegacyChoice.CONVERT
    if args.keep_legacy_text:
        return LegacyChoice.KEEP
    return LegacyChoice.ASK


def _preview_data(pv: importer.ImportPreview) -> dict[str, Any]:
    return {
        "file": str(pv.file),
        "year": pv.year,
        "counts": pv.counts,
        "notices": list(pv.notices),
        "legacy": pv.legacy.value,
        "columns": [u.as_dict() for u in pv.columns],
        "skipped": [r.as_dict() for r in pv.skipped],
        "sheets": [s.as_dict() for s in pv.sheets],
        "conversions": [c.as_dict() for c in pv.conversions],
        "doubts": [c.as_dict() for c in pv.doubts],
        "errors": [p.as_dict() for p in pv.problems if p.is_error],
        "warnings": [p.as_dict() for p in pv.problems if not p.is_error],
    }


def _import(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=not args.dry_run)
    actor = ctx.actor()
    with rt.db.read(actor) as s:
        pv = importer.preview(
            s, actor, Path(args.file), year=args.year, legacy=_legacy_choice(args),
            sheets=tuple(args.sheet or ()), mapping=_mapping(args.map or ()),
        )  # fmt: skip
    data = _preview_data(pv) | {"dry_run": args.dry_run, "written": False}
    lines = [pv.summary(), *pv.notices, *_column_lines(pv), *_legacy_lines(pv)]
    lines += [f"  Bỏ qua: {r.message}" for r in pv.skipped]
    lines += _problem_lines(pv)
    if args.rejected_out and pv.rejected:
        out = importer.write_rejected(pv, args.rejected_out)
        data["rejected_out"] = str(out)
        lines.append(EXCEL_MSG.rejected_written.format(n=len(pv.rejected), path=out))
    code = 1 if pv.rejected else 0
    if args.dry_run:
        lines.append(EXCEL_MSG.import_dry_run)
    elif pv.needs_legacy_choice:
        lines.append(
            EXCEL_MSG.legacy_choice_needed_cli.format(n=len(pv.conversions), encodings=pv.encodings)
        )
        code = 1
    elif pv.rejected and not args.skip_rejected:
        lines.append(EXCEL_MSG.import_nothing)
    else:
        result = importer.commit(
            rt.db, actor, pv, reason=args.reason or "", skip_rejected=args.skip_rejected
        )
        data |= {
            "written": result.written,
            "result": {
                "insert": result.inserted,
                "update": result.updated,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            },
            "restore_point": str(result.restore_point) if result.restore_point else None,
        }
        done = EXCEL_MSG.import_done.format(
            file=pv.file.name,
            insert=result.inserted,
            update=result.updated,
            unchanged=result.unchanged,
            rejected=result.rejected,
        )
        lines.append(
            done if result.written else EXCEL_MSG.import_no_changes.format(file=pv.file.name)
        )
        code = EXIT_PARTIAL if pv.rejected else 0
    ctx.out(data, "\n".join(lines))
    return code


def _export(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        if args.format == "pdf":
            result = class_list_pdf.export_pdf(
                s, actor, args.out, year=args.year, class_name=args.class_
            )
        else:
            result = exporter.export_xlsx(
                s, actor, args.out, year=args.year, class_name=args.class_,
                sheet_per_class=not args.one_sheet,
            )  # fmt: skip
    ctx.out(
        {"path": str(result.path), "students": result.students, "sheets": result.sheets},
        f"Đã xuất {result.students} học sinh vào {result.path}.",
    )
    return 0


def _template(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False)
    actor = ctx.actor()
    with rt.db.read(actor) as s:
        path = exporter.write_template(s, actor, args.out, year=args.year)
    ctx.out({"path": str(path)}, f"Đã tạo tệp mẫu nhập học sinh: {path}")
    return 0


def register_io(group: Any) -> None:
    """Add the import/export sub-commands to the ``students`` command group."""
    p = group.add_parser(
        "import", help="nhập danh sách học sinh từ tệp Excel (.xlsx, .xls) hoặc .ods"
    )
    add_common(p, json_flag=True)
    p.add_argument("file", help="tệp .xlsx, .xls hoặc .ods (theo mẫu hoặc danh sách có sẵn)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)")
    p.add_argument(
        "--rejected-out", metavar="TỆP", help="ghi các dòng bị từ chối kèm lý do ra .xlsx"
    )
    p.add_argument(
        "--skip-rejected",
        action="store_true",
        help="vẫn nhập các dòng hợp lệ khi có dòng bị từ chối (mã thoát 3)",
    )
    p.add_argument(
        "--reason",
        help="lý do ghi vào nhật ký; bắt buộc để giữ các dòng có số định danh không khớp",
    )
    p.add_argument(
        "--sheet",
        action="append",
        metavar="TÊN",
        help="chỉ đọc trang tính này (lặp lại để chọn nhiều trang); mặc định: mọi trang có bảng",
    )
    p.add_argument(
        "--map",
        action="append",
        metavar="TIÊU_ĐỀ=THÔNG_TIN",
        help='đọc một cột phần mềm chưa biết, ví dụ --map "SĐT ông bà=SĐT người giám hộ" '
        "(lặp lại được)",
    )
    legacy = p.add_mutually_exclusive_group()
    legacy.add_argument(
        "--convert-legacy",
        action="store_true",
        help="chuyển các ô chữ bảng mã cũ (TCVN3, VNI) đã liệt kê sang Unicode",
    )
    legacy.add_argument(
        "--keep-legacy-text",
        action="store_true",
        help="giữ nguyên các ô chữ bảng mã cũ, không chuyển",
    )
    p.set_defaults(func=_import)

    p = group.add_parser("export", help="xuất danh sách học sinh ra Excel hoặc PDF")
    add_common(p, json_flag=True)
    p.add_argument("--class", dest="class_", metavar="LỚP", help="một lớp, ví dụ 6A1")
    p.add_argument("--year", help="năm học (mặc định: năm học hiện tại)")
    p.add_argument("--format", choices=["xlsx", "pdf"], default="xlsx")
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp kết quả")
    p.add_argument("--one-sheet", action="store_true", help="cả trường trên một trang tính")
    p.set_defaults(func=_export)

    p = group.add_parser("template", help="tạo tệp Excel mẫu để nhập học sinh")
    add_common(p, json_flag=True)
    p.add_argument("--out", required=True, metavar="TỆP")
    p.add_argument("--year", help="năm học của danh sách lớp thả xuống")
    p.set_defaults(func=_template)
