"""``students`` and ``classes`` commands: list, search, show, add, transfer, withdraw, graduate.

The ``classes electives`` command lives in ``app.cli.class_electives``, ``classes assignments``
in ``app.cli.assignments``.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from app import students as st
from app.cli import Context, add_common, class_electives
from app.cli.options import day_option
from app.students import events
from app.students.classes import class_info
from app.students.inputs import RELATION_LABELS, SEX_LABELS, STATUS_LABELS
from app.students.models import EVENT_LABELS

ORDER = 30


def _row_dict(r: st.StudentRow) -> dict[str, Any]:
    return {
        "student_code": r.student_code,
        "full_name": r.full_name,
        "date_of_birth": st.format_date(r.date_of_birth),
        "sex": SEX_LABELS.get(r.sex, r.sex),
        "class": r.class_name,
        "status": r.status,
    }


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False)
    flt = st.StudentFilter(
        year=args.year,
        class_name=args.class_name,
        status=args.status,
        search=args.search or "",
        exact=args.exact,
    )
    sort = st.StudentSort(st.SortField(args.sort), args.desc)
    with rt.db.read() as s:
        total = st.count_students(s, ctx.actor(), flt)
        rows = st.list_student_rows(s, ctx.actor(), flt, sort, args.offset, args.limit)
    lines = [
        f"{r.student_code:<16} {r.full_name:<30} {st.format_date(r.date_of_birth):<10} "
        f"{SEX_LABELS.get(r.sex, r.sex):<3} {r.class_name:<6} {STATUS_LABELS.get(r.status, r.status)}"
        for r in rows
    ]
    lines.append(f"— {len(rows)}/{total} học sinh")
    ctx.out({"total": total, "rows": [_row_dict(r) for r in rows]}, "\n".join(lines))
    return 0


def _detail_text(d: st.StudentDetail) -> str:
    lines = [
        f"{d.full_name} — mã {d.student_code}"
        + (f"   Mã HS Bộ GD&ĐT: {d.ministry_code}" if d.ministry_code else ""),
        f"Ngày sinh: {st.format_date(d.date_of_birth)}   Giới tính: {SEX_LABELS.get(d.sex, d.sex)}"
        f"   Dân tộc: {st.ethnicity_name(d.ethnicity_code) if d.ethnicity_code else ''}",
        f"Trạng thái: {STATUS_LABELS.get(d.status, d.status)}   Lớp: {d.current_class}",
        f"Địa chỉ: {', '.join(p for p in (d.address_detail, d.address_commune, d.address_province) if p)}",
    ]
    if d.sensitive_shown:
        lines.append(f"Số định danh: {d.personal_id or ''}   Chiều cao: {d.height_cm or ''} cm")
        if d.lifelong_record_number:
            lines.append(f"Mã số hồ sơ học tập suốt đời: {d.lifelong_record_number}")
        lines.append(f"Cân nặng: {d.weight_kg or ''} kg   BMI: {d.bmi or ''}")
    lines += [
        f"{RELATION_LABELS.get(g.relation, g.relation)}: {g.full_name} {g.phone}"
        for g in d.guardians
    ]
    lines += [
        f"Lớp {e.class_name} ({e.school_year}): từ {st.format_date(e.start_date)}"
        + (f" đến {st.format_date(e.end_date)}" if e.end_date else "")
        for e in d.enrolments
    ]
    lines += [
        f"{st.format_date(e.event_date)} {EVENT_LABELS.get(e.kind, e.kind)} {e.other_school} {e.reason}".rstrip()
        for e in d.events
    ]
    return "\n".join(lines)


def _show(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=args.sensitive)
    session = rt.db.uow(actor=ctx.actor()) if args.sensitive else rt.db.read(ctx.actor())
    with session as s:
        sid = st.student_id_by_code(s, args.code)
        detail = st.get_student_detail(s, ctx.actor(), sid, include_sensitive=args.sensitive)
    data = asdict(detail)
    data["id"] = str(detail.id)
    ctx.out(data, _detail_text(detail))
    return 0


def _add(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    data = st.StudentInput(
        full_name=args.name,
        date_of_birth=day_option(args.dob, "--dob"),
        sex=args.sex,
        personal_id=args.personal_id,
        lifelong_record_number=args.lifelong_number,
        ethnicity=args.ethnicity,
        class_name=args.class_name,
    )
    with rt.db.uow(actor=ctx.actor()) as s:
        saved = st.create_student(s, ctx.actor(), data, year=args.year, reason=args.reason or "")
    warnings = [w.message for w in saved.warnings]
    ctx.out(
        {"student_code": saved.student_code, "warnings": warnings},
        "\n".join([f"Đã thêm học sinh {saved.student_code}.", *warnings]),
    )
    return 0


def _leave(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    on = day_option(args.date, "--date")
    with rt.db.uow(actor=ctx.actor()) as s:
        sid = st.student_id_by_code(s, args.code)
        if args.what == "transfer-out":
            ev = events.transfer_out(
                s, ctx.actor(), sid, on=on, reason=args.reason, to_school=args.to_school or ""
            )
        elif args.what == "withdraw":
            ev = events.withdraw(s, ctx.actor(), sid, on=on, reason=args.reason)
        else:
            ev = events.graduate(s, ctx.actor(), sid, on=on, reason=args.reason or "")
    label = EVENT_LABELS.get(ev.kind, ev.kind)
    ctx.out(
        {"student_code": args.code, "event": ev.kind, "date": st.format_date(ev.event_date)},
        f"Đã ghi {label.lower()} cho học sinh {args.code} ngày {st.format_date(ev.event_date)}.",
    )
    return 0


def _classes_list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False)
    with rt.db.read() as s:
        rows = st.list_classes(s, ctx.actor(), args.year)
    ctx.out(
        [
            {
                "name": c.name,
                "school_year": c.school_year,
                "grade": c.grade,
                "homeroom": c.homeroom_username,
                "students": c.student_count,
            }
            for c in rows
        ],
        "\n".join(
            f"{c.name:<6} {c.school_year} khối {c.grade:<2} {c.student_count:>3} HS  GVCN: {c.homeroom_teacher or '(chưa phân công)'}"
            for c in rows
        ),
    )
    return 0


def _classes_create(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    with rt.db.uow(actor=ctx.actor()) as s:
        info = st.create_class(s, ctx.actor(), args.name, year=args.year, homeroom=args.homeroom)
        info = class_info(s, info.id)
    ctx.out(
        {"name": info.name, "school_year": info.school_year},
        f"Đã tạo lớp {info.name} ({info.school_year}).",
    )
    return 0


def _register_list(group: Any) -> None:
    p = group.add_parser("list", help="liệt kê, lọc và tìm kiếm học sinh")
    add_common(p, json_flag=True)
    p.add_argument("--class", dest="class_name", help="lớp, ví dụ 6A1")
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm hiện tại)")
    p.add_argument("--status", choices=list(STATUS_LABELS), help="trạng thái")
    p.add_argument("--search", help="tìm theo tên, mã, số định danh, SĐT (không dấu cũng được)")
    p.add_argument("--exact", action="store_true", help="tìm đúng dấu")
    p.add_argument("--sort", default="name", choices=[f.value for f in st.SortField])
    p.add_argument("--desc", action="store_true", help="sắp xếp giảm dần")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--limit", type=int, default=100)
    p.set_defaults(func=_list)


def _register_events(group: Any) -> None:
    for what, text in (
        ("transfer-out", "ghi nhận học sinh chuyển đi"),
        ("withdraw", "ghi nhận học sinh thôi học"),
        ("graduate", "ghi nhận học sinh tốt nghiệp"),
    ):
        p = group.add_parser(what, help=text)
        add_common(p, json_flag=True)
        p.add_argument("code", help="mã học sinh")
        p.add_argument("--date", required=True, help="ngày, dạng dd/mm/yyyy")
        p.add_argument("--reason", required=what != "graduate", help="lý do")
        if what == "transfer-out":
            p.add_argument("--to-school", help="trường chuyển đến")
        p.set_defaults(func=_leave, what=what)


def register(sub: Any) -> None:
    """Add the ``students`` and ``classes`` command groups."""
    group = sub.add_parser("students", help="hồ sơ học sinh").add_subparsers(
        dest="students_cmd", metavar="<lệnh>"
    )
    _register_list(group)
    p = group.add_parser("show", help="xem hồ sơ một học sinh")
    add_common(p, json_flag=True)
    p.add_argument("code", help="mã học sinh")
    p.add_argument(
        "--sensitive", action="store_true", help="hiện số định danh, sức khỏe (ghi nhật ký)"
    )
    p.set_defaults(func=_show)
    p = group.add_parser("add", help="thêm một học sinh")
    add_common(p, json_flag=True)
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument("--dob", required=True, help="ngày sinh dd/mm/yyyy")
    p.add_argument("--sex", required=True, help="Nam/Nữ")
    p.add_argument("--personal-id", help="số định danh cá nhân")
    p.add_argument("--lifelong-number", help="mã số hồ sơ học tập suốt đời (12 chữ số)")
    p.add_argument("--ethnicity", help="dân tộc")
    p.add_argument("--class", dest="class_name", help="lớp")
    p.add_argument("--year", help="năm học")
    p.add_argument(
        "--reason", help="lý do (bắt buộc khi giữ số định danh lệch ngày sinh/giới tính)"
    )
    p.set_defaults(func=_add)
    _register_events(group)

    classes = sub.add_parser("classes", help="lớp học").add_subparsers(
        dest="classes_cmd", metavar="<lệnh>"
    )
    p = classes.add_parser("list", help="liệt kê các lớp của một năm học")
    add_common(p, json_flag=True)
    p.add_argument("--year", help="năm học (mặc định: năm hiện tại)")
    p.set_defaults(func=_classes_list)
    p = classes.add_parser("create", help="tạo lớp")
    add_common(p, json_flag=True)
    p.add_argument("name", help="tên lớp, ví dụ 6A1")
    p.add_argument("--year", help="năm học")
    p.add_argument("--homeroom", help="tên đăng nhập giáo viên chủ nhiệm")
    p.set_defaults(func=_classes_create)
    class_electives.register_class_commands(classes)
    from app.cli.assignments import register_class_commands as register_assignments

    register_assignments(classes)

    from app.cli.students_io import register_io

    register_io(group)
