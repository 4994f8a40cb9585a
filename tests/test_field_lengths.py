"""The schema's text lengths hold on every write (issue 15 §4): a 500-character account name
or school name is refused with the field and limit named, and nothing is written — on SQLite,
which would have stored it, and on PostgreSQL, which failed with an error nobody could read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app import accounts, journal, school
from app.errors import ValidationError
from app.permissions import Role
from tests.conftest import PASSWORD, Seeded


def _journal(seeded: Seeded) -> int:
    with seeded.db.read() as s:
        return journal.verify(s).count


def test_an_over_long_account_name_is_refused_and_nothing_written(seeded: Seeded) -> None:
    admin = seeded.actor("admin")
    before = _journal(seeded)
    with pytest.raises(ValidationError) as err, seeded.db.uow(actor=admin) as s:
        accounts.create_user(s, admin, "gv.dai", "Nguyễn " + "A" * 500, Role.TEACHER, PASSWORD)
    assert err.value.message.startswith("Họ và tên: dài quá 120 ký tự (Nguyễn AAAA")
    with seeded.db.read() as s:
        assert "gv.dai" not in [u.username for u in accounts.list_users(s, admin)]
    assert _journal(seeded) == before


def test_an_over_long_school_name_is_refused_and_the_profile_kept(seeded: Seeded) -> None:
    admin = seeded.actor("admin")
    with seeded.db.read() as s:
        profile = school.get_profile(s)
    assert profile is not None
    with pytest.raises(ValidationError) as err, seeded.db.uow(actor=admin) as s:
        school.update_profile(s, admin, replace(profile, name="Trường " + "B" * 400))
    assert "dài quá" in err.value.message and "Trường BBBB" in err.value.message
    with seeded.db.read() as s:
        kept = school.get_profile(s)
    assert kept is not None and kept.name == profile.name
