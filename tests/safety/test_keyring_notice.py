"""Who hears that keys fall back to a file: the admin and the IT coordinator only, in plain words."""

from __future__ import annotations

import pytest

from app import secrets
from app.db import Actor
from app.permissions import Role

TOLD = {Role.ADMIN, Role.IT_COORDINATOR}


@pytest.fixture
def file_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """No OS keyring on this computer: keys go to the file fallback."""
    monkeypatch.setenv("TRUONGSO_KEYRING", "file")
    secrets.reset_for_tests()


@pytest.mark.parametrize("role", list(Role))
def test_only_those_who_look_after_the_computer_are_told(file_fallback: None, role: Role) -> None:
    """The admin and the IT coordinator get the notice; every other role gets nothing."""
    notice = secrets.keyring_notice(Actor(f"u_{role.value}", role.value))
    assert bool(notice) is (role in TOLD)


def test_the_notice_is_plain_words_with_what_to_do(file_fallback: None) -> None:
    """No file path, no docs/keyring.md, no "keyring": what happened and what to do."""
    notice = secrets.keyring_notice(Actor("admin", Role.ADMIN))
    assert "Xuất khóa sao lưu" in notice and "Việc cần làm" in notice
    for developer_word in ("docs/", ".md", "keyring", "keyring-fallback.cfg", "/", "\\"):
        assert developer_word not in notice


def test_nobody_is_told_when_the_os_keeps_the_keys() -> None:
    """With a real keyring (here the tests' in-memory one) there is nothing to say."""
    assert secrets.keyring_notice(Actor("admin", Role.ADMIN)) == ""
    assert secrets.keyring_notice(None) == ""
