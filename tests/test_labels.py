"""Vietnamese names of entities and fields live in app/: the models declare them, the CLI prints them."""

from __future__ import annotations

from datetime import date

import pytest

from app import cli, labels
from app import models as _models  # noqa: F401  (every model declared)
from app import students as st
from app.db import Base
from app.journal_schema import Tracked
from tests.conftest import Seeded


def _tracked() -> list[type[Tracked]]:
    return [m.class_ for m in Base.registry.mappers if issubclass(m.class_, Tracked)]


def test_every_journalled_table_has_a_vietnamese_name() -> None:
    """A new module's tables must be named on their models, never shown as table names."""
    unnamed = [
        c.__tablename__  # type: ignore[attr-defined]
        for c in _tracked()
        if labels.entity_label(c.__tablename__) == c.__tablename__  # type: ignore[attr-defined]
    ]
    assert _tracked() and unnamed == []
    assert labels.entity_label("student") == "Học sinh"
    assert labels.entity_label("assessment") == "Điểm đánh giá"
    assert labels.entity_label("backup") == "Sao lưu"


def test_a_field_is_named_as_its_own_entity_names_it() -> None:
    """Two modules' ``kind`` columns keep their own names; core fields and unknown ones are stable."""
    assert labels.field_label("kind", "student_event") == "Loại"
    assert labels.field_label("kind", "assessment") == "Loại đánh giá"
    assert labels.field_label("personal_id", "guardian") == "Số định danh cá nhân"
    assert labels.field_label("username") == labels.field_label("username", "student")
    assert labels.field_label("username") == "Tên đăng nhập"
    assert labels.field_label("no_such_column", "student") == "no_such_column"


def test_coded_values_are_shown_by_their_names() -> None:
    """A student event reads "Loại: Chuyển đi", never its code "chuyen_di"; a status and a
    relation by name too; a value no model names stays as it is."""
    from datetime import UTC, datetime

    from app.journal_read import JournalRecord

    event = JournalRecord(
        7, datetime.now(UTC), "giaovu", "student_event", "e1", "insert",
        {"kind": "chuyen_di", "details": "THCS Nga Sơn"}, "",
    )  # fmt: skip
    line = labels.describe_entry(event)
    assert "Loại: Chuyển đi" in line and "chuyen_di" not in line
    assert labels.format_value("status", "dang_hoc", "student") == "Đang học"
    assert labels.format_value("relation", "me") == "Mẹ"
    assert labels.format_value("kind", "TX", "assessment") == "TX"


def test_cli_journal_list_prints_vietnamese_names(
    seeded: Seeded, capsys: pytest.CaptureFixture[str]
) -> None:
    """``journal list`` names entities and operations as the journal viewer does: "Học sinh", not ``student``."""
    sec = seeded.actor("secretary")
    with seeded.db.uow(actor=sec) as s:
        st.create_student(
            s,
            sec,
            st.StudentInput(full_name="Hà Thị Lan", date_of_birth=date(2014, 1, 2), sex="Nữ"),
        )
    url = seeded.db.engine.url.render_as_string(hide_password=False)
    code = cli.main(["journal", "list", "--db", url, "--limit", "5"])
    out = capsys.readouterr().out
    assert code == 0
    lines = [line for line in out.splitlines() if "Học sinh" in line]
    assert lines and all("Thêm mới" in line for line in lines)
    assert " student " not in out and "user_account" not in out
