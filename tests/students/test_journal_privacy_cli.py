"""``journal list`` on the command line, one test per role: what each role sees of sensitive fields.

Runs the CLI in-process through its entry function, as tests/students/test_cli.py does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app import cli, journal_view
from app.permissions import Perm, Role
from tests.conftest import PASSWORD
from tests.students.conftest import SchoolWithClasses
from tests.students.journal_privacy import PID, SECRETS, Private, holds, make_private, view_events

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def private(school: SchoolWithClasses) -> Private:
    """A student of 6A1 with a personal ID and health notes, a father with an ID, one update."""
    return make_private(school)


def _url(p: Private) -> str:
    return p.school.db.engine.url.render_as_string(hide_password=False)


def _journal_list(
    capsys: pytest.CaptureFixture[str], p: Private, *extra: str
) -> tuple[int, str, str]:
    code = cli.main(["journal", "list", "--db", _url(p), "--limit", "500", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("role", list(Role))
def test_cli_journal_list_per_role(
    private: Private,
    role: Role,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``journal list --as`` shows each role what the viewer shows it: refused, masked, or revealed on request."""
    monkeypatch.setenv("TRUONGSO_PASSWORD", PASSWORD)
    user = f"u_{role.value}"
    code, out, err = _journal_list(capsys, private, "--as", user, "--json")
    if not holds(role, Perm.VIEW_JOURNAL):
        assert code == 1 and err.startswith("Lỗi: ") and err.count("\n") == 1
        assert "xem nhật ký thay đổi" in err and out == ""
        return
    assert code == 0, err
    assert not any(secret in out for secret in SECRETS)
    assert journal_view.MASKED in out
    code, out, err = _journal_list(capsys, private, "--as", user, "--json", "--show-sensitive")
    if not holds(role, Perm.VIEW_SENSITIVE):
        assert code == 1 and "xem số định danh" in err and out == ""
        return
    assert code == 0, err
    assert all(secret in out for secret in SECRETS)
    viewers = {e.username for e in view_events(private)}
    assert user in viewers


def test_cli_operator_sees_masks_until_asked(
    private: Private, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without ``--as`` the operator ``cli`` gets masks too; ``--show-sensitive`` shows and journals the access."""
    code, out, err = _journal_list(capsys, private, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert not any(secret in out for secret in SECRETS)
    assert any("personal_id" in r["masked"] for r in rows)
    code, out, err = _journal_list(capsys, private, "--show-sensitive")
    assert code == 1 and "--json" in err
    code, out, err = _journal_list(capsys, private, "--json", "--show-sensitive")
    assert code == 0 and PID in out
    assert "cli" in {e.username for e in view_events(private)}


def test_cli_as_needs_the_right_password(
    private: Private, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--as`` with a wrong or missing password prints one line and shows nothing."""
    monkeypatch.setenv("TRUONGSO_PASSWORD", "saimatkhau1")
    code, out, err = _journal_list(capsys, private, "--as", "u_admin", "--json")
    assert code == 1 and out == "" and "mật khẩu không đúng" in err
    monkeypatch.delenv("TRUONGSO_PASSWORD")
    code, out, err = _journal_list(capsys, private, "--as", "u_admin", "--json")
    assert code == 1 and out == "" and "TRUONGSO_PASSWORD" in err


def test_screens_and_commands_read_the_journal_through_the_masks() -> None:
    """No screen or command calls the unmasked journal readers; they all go through app.journal_view."""
    raw = re.compile(r"\bjournal\.(query|history)\(|journal_read|JournalEntry\b")
    files = [*ROOT.glob("ui/**/*.py"), *ROOT.glob("app/cli/*.py")]
    offenders = [str(f.relative_to(ROOT)) for f in files if raw.search(f.read_text("utf-8"))]
    assert files and offenders == []
