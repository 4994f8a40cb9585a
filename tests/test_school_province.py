"""The school's province as people type it, through setup, the profile service and ``main.py init``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app import school, setup
from app.db import Database, sqlite_url
from app.errors import ValidationError
from tests.conftest import PASSWORD, TEST_PROFILE, Seeded
from tests.test_cli import cli, one_line_error


def _init(db: Database, province: str) -> school.SchoolProfile:
    profile = replace(TEST_PROFILE, province=province)
    return setup.initialize(
        db, setup.SetupRequest(profile, "admin", "Quản trị", PASSWORD, "2025-2026")
    )


def test_setup_stores_the_list_name_of_a_typed_province(empty_db: Database) -> None:
    """First-run setup with "TP HCM" stores "Thành phố Hồ Chí Minh" in the database."""
    assert _init(empty_db, "TP HCM").province == "Thành phố Hồ Chí Minh"
    with empty_db.read() as s:
        assert school.require_profile(s).province == "Thành phố Hồ Chí Minh"


def test_setup_with_an_unknown_province_writes_nothing(empty_db: Database) -> None:
    """An old province is refused, offering the one it merged into, and no school is created."""
    with pytest.raises(ValidationError) as err:
        _init(empty_db, "Bình Dương")
    assert "«Bình Dương»" in err.value.message and "Thành phố Hồ Chí Minh" in err.value.message
    with empty_db.read() as s:
        assert school.get_profile(s) is None


def test_editing_the_profile_accepts_the_usual_forms(seeded: Seeded) -> None:
    """Editing the profile with "tỉnh Lâm Đồng" stores "Lâm Đồng"."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        saved = school.update_profile(s, admin, replace(TEST_PROFILE, province="tỉnh Lâm Đồng"))
    assert saved.province == "Lâm Đồng"


def _cli_init(url: str, province: str) -> list[str]:
    return [
        "init", "--db", url, "--code", "THCS0003", "--name", "Trường THCS Lê Lợi",
        "--levels", "thcs", "--province", province, "--password", PASSWORD,
        "--year", "2025-2026",
    ]  # fmt: skip


def test_cli_init_accepts_the_city_as_people_write_it(tmp_path: Path) -> None:
    """``main.py init --province "TP. Hồ Chí Minh"`` succeeds and the profile names the city."""
    url = sqlite_url(tmp_path / "tphcm.sqlite")
    res = cli(*_cli_init(url, "TP. Hồ Chí Minh"))
    assert res.returncode == 0, res.stderr
    db = Database.open(url)
    try:
        with db.read() as s:
            assert school.require_profile(s).province == "Thành phố Hồ Chí Minh"
    finally:
        db.dispose()


def test_cli_init_refuses_an_unknown_province_offering_the_closest(tmp_path: Path) -> None:
    """``init --province "Hà Giang"`` fails in one Vietnamese line naming it and offering Tuyên Quang."""
    line = one_line_error(cli(*_cli_init(sqlite_url(tmp_path / "hg.sqlite"), "Hà Giang")))
    assert "«Hà Giang»" in line and "Có phải Tuyên Quang" in line
