"""The demo school: a realistic THCS/THPT school to explore the app with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import accounts, school, setup
from app.db import Actor, Database
from app.permissions import Role

DEMO_PASSWORD = "truongso2025"

DEMO_PROFILE = school.SchoolProfile(
    code="79000701",
    name="Trường THCS và THPT Nguyễn Trãi",
    levels=("thcs", "thpt"),
    province="Thanh Hóa",
    commune="Xã Ngọc Lặc",
    authority="Sở Giáo dục và Đào tạo Thanh Hóa",
    principal="Lê Thị Hồng Nhung",
    address="Thôn Minh Sơn, xã Ngọc Lặc, tỉnh Thanh Hóa",
    phone="0237 3871 234",
    email="c23nguyentrai@thanhhoa.edu.vn",
)

DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("hieutruong", "Lê Thị Hồng Nhung", Role.PRINCIPAL),
    ("giaovu", "Phạm Thị Thu Hà", Role.SECRETARY),
    ("cntt", "Nguyễn Đức Thắng", Role.IT_COORDINATOR),
    ("thietbi", "Hoàng Văn Bình", Role.EQUIPMENT_OFFICER),
    ("gv.toan", "Trần Minh Tuấn", Role.TEACHER),
    ("gv.van", "Đỗ Thị Lan Anh", Role.TEACHER),
    ("gv.anh", "Vũ Thị Ngọc Ánh", Role.TEACHER),
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo created, for the CLI and the wizard."""

    school_code: str
    users: tuple[str, ...]
    years: tuple[str, ...]
    password: str


def create_demo(db: Database, admin_password: str = DEMO_PASSWORD) -> DemoSummary:
    """Create the demo school, this year and last, and one user per role, on an empty database."""
    current = school.year_for(date.today())
    first = int(current[:4])
    previous = f"{first - 1}-{first}"
    setup.initialize(
        db,
        setup.SetupRequest(DEMO_PROFILE, "admin", "Quản trị hệ thống", admin_password, current),
    )
    actor = Actor.system("demo")
    with db.uow(actor=actor, reason="Tạo trường mẫu") as s:
        school.add_year(s, actor, previous)
        for username, full_name, role in DEMO_USERS:
            accounts.create_user(s, actor, username, full_name, role, admin_password)
    names = ("admin",) + tuple(u for u, _, _ in DEMO_USERS)
    return DemoSummary(DEMO_PROFILE.code, names, (previous, current), admin_password)
