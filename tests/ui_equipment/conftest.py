"""The Thiết bị page on the seeded THCS school (one account per role): a real SQLite file with
two rooms, a class of students and a small register, built once per session and copied for
each test; offscreen widgets."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app import students as st  # noqa: E402
from app.db import Actor, Database  # noqa: E402
from app.equipment import register, rooms  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from tests.conftest import Seeded  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: E402, F401  (GUI-thread garbage collection)
from tests.ui.helpers import user_info  # noqa: E402
from tests.ui.small_screen import settle  # noqa: E402
from tests.ui_gradebook.conftest import build_template, copy_database  # noqa: E402
from ui.equipment.equipment_widget import EquipmentWidget  # noqa: E402
from ui.pages import PageContext  # noqa: E402

OFFICER = "u_equipment_officer"
TEACHER = "u_teacher"
PRINCIPAL = "u_principal"


@dataclass
class EquipmentUi:
    """The school's database and its accounts by role."""

    db: Database
    actors: dict[str, Actor]


def _build(seeded: Seeded) -> dict[str, Actor]:
    officer, sec = seeded.actor("equipment_officer"), seeded.actor("secretary")
    with seeded.db.uow(actor=sec) as s:
        st.create_class(s, sec, "6A1")
        for i in range(6):
            st.create_student(s, sec, st.StudentInput(
                full_name=f"Nguyễn Văn Học {chr(65 + i)}", date_of_birth=date(2013, 3, i + 1),
                sex="Nam", class_name="6A1"))  # fmt: skip
    with seeded.db.uow(actor=officer) as s:
        rooms.add_room(s, officer, rooms.RoomInput("Phòng Tin 1", "phong_may_tinh", 45,
                                                   "kien_co", "thcs"))  # fmt: skip
        rooms.add_room(s, officer, rooms.RoomInput("Phòng học 6A1", "phong_hoc", 45, "ban_kien_co"))
        register.add_items(s, officer, register.ItemInput(
            "Máy tính để bàn", 3, category="Tin học", room="Phòng Tin 1", is_computer=True,
            value_vnd=Decimal(12_500_000), acquired_on=date(2024, 9, 5)))  # fmt: skip
        register.add_items(s, officer, register.ItemInput(
            "Thước thẳng 1 m", 20, serial=False, category="Toán", room="Phòng học 6A1",
            unit="cái", value_vnd=Decimal(45_000)))  # fmt: skip
        register.add_items(s, officer, register.ItemInput(
            "Máy chiếu đa năng", 1, category="Dùng chung", room="Phòng học 6A1",
            serial_number="PJ-2291", value_vnd=Decimal(18_900_000)))  # fmt: skip
    return dict(seeded.actors)


@pytest.fixture(scope="session")
def _equipment_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Actor]]:
    """Build the school once per session (password hashing is slow)."""
    return build_template(tmp_path_factory, "equipment-ui", _build)


@pytest.fixture
def school(
    _equipment_template: tuple[Path, dict[str, Actor]], tmp_path: Path
) -> Iterator[EquipmentUi]:
    """A fresh copy of the school for one test."""
    template, actors = _equipment_template
    db = copy_database(template, tmp_path / "school.sqlite")
    yield EquipmentUi(db, actors)
    db.dispose()


def open_page(qtbot: QtBot, school: EquipmentUi, username: str) -> EquipmentWidget:
    """The page as ``username`` sees it."""
    page = EquipmentWidget(PageContext(Runtime(school.db), user_info(school.db, username)))
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    settle(qtbot)
    return page
